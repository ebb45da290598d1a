import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from base.content import (
    ContentTranslation,
    Language,
    TranslatableContent,
    language_constraint,
    language_field,
    reader_language,
    with_reader_language,
)
from base.dates import (
    DatePrecision,
    date_window_errors,
    format_period,
    months_before,
    on_or_after_earliest_date,
    period_start_q,
    precision_errors,
    sdgs_mapped_later,
)
from cities.models import Membership, Organization

from .reporting import Light, ReportStatus, reporting_light
from .rules import Modality, ModalityDecision, compute_modality, explain_modality


class EventKind(models.TextChoices):
    PEER_LEARNING = "peer-learning", _("Peer learning event")
    STUDY_VISIT = "study-visit", _("Study visit")
    TRAINING = "training", _("Training")
    WORKSHOP = "workshop", _("Workshop")
    FORUM = "forum", _("Forum")
    ROUNDTABLE = "roundtable", _("Roundtable")
    CONGRESS_SESSION = "congress-session", _("Congress session")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for registration")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


# Enough for a city's delegation; an event's organizers may raise, lower or lift it.
DEFAULT_REGISTRATIONS_PER_OFFICIAL = 10


class EventQuerySet(models.QuerySet):
    def peer_learning(self):
        """The exchanges of the network, without the large forums it takes part in."""
        return self.filter(large_forum=False)

    def large_forums(self):
        return self.filter(large_forum=True)

    def without_examples(self):
        """Without the demo's made-up examples: pages and lists show them, marked
        "Example", but no figure of the network counts them."""
        return self.filter(is_example=False)

    def of_record(self):
        """The events the charts and the network draw: no examples, none cancelled."""
        return self.without_examples().exclude(status=EventStatus.CANCELLED)

    def upcoming(self, today=None):
        today = today or timezone.localdate()
        return self.filter(end_date__gte=today).exclude(status=EventStatus.CANCELLED)

    def past(self, today=None):
        today = today or timezone.localdate()
        return self.filter(end_date__lt=today)

    def with_references(self):
        return with_reader_language(self.select_related("host_city__country"))

    def with_delegations(self):
        """With what an event's page and dossier show of it: its participating cities
        (host first), organizers, supporters and tags."""
        return self.with_references().prefetch_related(
            models.Prefetch(
                "participations",
                queryset=Participation.objects.select_related("city__country").order_by(
                    "role", "city__name"
                ),
            ),
            models.Prefetch("organizers", queryset=Organization.objects.select_related("country")),
            models.Prefetch("supporters", queryset=Organization.objects.select_related("country")),
            models.Prefetch(
                "country_participations",
                queryset=CountryParticipation.objects.select_related("country"),
            ),
            models.Prefetch(
                "organization_participations",
                queryset=OrganizationParticipation.objects.select_related("organization__country"),
            ),
            "participations__composition",
            "pillars",
            "sdgs",
            "sectors",
            "stages",
            "formats",
        )

    def with_modality_parties(self):
        """With what the modality rule reads (`exchanges.rules.explain_modality`)."""
        return self.prefetch_related(
            models.Prefetch(
                "participations", queryset=Participation.objects.select_related("city__country")
            ),
            models.Prefetch(
                "country_participations",
                queryset=CountryParticipation.objects.select_related("country"),
            ),
            models.Prefetch(
                "organization_participations",
                queryset=OrganizationParticipation.objects.select_related("organization__country"),
            ),
            models.Prefetch("organizers", queryset=Organization.objects.select_related("country")),
            models.Prefetch("supporters", queryset=Organization.objects.select_related("country")),
        )


class Event(TranslatableContent, models.Model):
    """A peer learning exchange."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=250)
    language = language_field()
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    host_city = models.ForeignKey(
        "cities.City",
        verbose_name=_("host city"),
        on_delete=models.PROTECT,
        related_name="hosted_events",
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    organizers = models.ManyToManyField(
        "cities.Organization",
        verbose_name=_("organizers"),
        blank=True,
        related_name="organized_events",
    )
    supporters = models.ManyToManyField(
        "cities.Organization",
        verbose_name=_("supporters"),
        blank=True,
        related_name="supported_events",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    date_precision = models.CharField(
        _("dates known to the"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_(
            "When the sources give only the month (or the year), the dates are its first "
            'and last days and the event shows as "June 2013".'
        ),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    modality = models.CharField(_("modality"), max_length=12, choices=Modality.choices)
    large_forum = models.BooleanField(
        _("large forum"),
        default=False,
        help_text=_(
            "A summit or congress of thousands (Africities, the UCLG Congress, the World "
            "Forum on LED), counted and filtered apart from peer learning exchanges."
        ),
    )
    modality_overridden = models.BooleanField(
        _("modality set by a curator"),
        default=False,
        help_text=_("When unset, the modality is computed from the cities and organizations."),
    )
    pillars = models.ManyToManyField(
        "base.Pillar", verbose_name=_("pillars"), blank=True, related_name="events"
    )
    sdgs = models.ManyToManyField(
        "base.SDG", verbose_name=_("SDGs"), blank=True, related_name="events"
    )
    sectors = models.ManyToManyField(
        "base.Sector", verbose_name=_("sectors"), blank=True, related_name="events"
    )
    stages = models.ManyToManyField(
        "base.LearningStage",
        verbose_name=_("learning cycle stages"),
        blank=True,
        related_name="events",
        help_text=_("Where the exchange sits in the ILO's local development approach."),
    )
    formats = models.ManyToManyField(
        "base.LearningFormat",
        verbose_name=_("learning formats"),
        blank=True,
        related_name="events",
    )
    summary = models.TextField(_("summary"))
    objectives = models.TextField(_("objectives"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    report_url = models.URLField(_("report"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    registration_deadline = models.DateField(_("registration deadline"), null=True, blank=True)
    registrations_per_official = models.PositiveSmallIntegerField(
        _("registrations per official"),
        null=True,
        blank=True,
        default=DEFAULT_REGISTRATIONS_PER_OFFICIAL,
        help_text=_(
            "How many delegates one official may have registered at a time (cancelled "
            "registrations do not count); the organizers are not limited. Empty: no limit."
        ),
    )
    is_example = models.BooleanField(
        _("example"),
        default=False,
        help_text=_(
            "An exchange of the demo network made up for newcomers to try registering: "
            "its page says so."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Full-text search on PostgreSQL, kept up to date by a database trigger (see
    # portal/fulltext.py); unused on SQLite.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    objects = EventQuerySet.as_manager()

    # Where the record comes from (sources app): see docs/provenance.md.
    citations = GenericRelation("sources.Citation")
    quotes = GenericRelation("sources.Quote")

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="event_end_not_before_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__isnull=True)
                | Q(registration_deadline__lte=F("end_date")),
                name="event_deadline_not_after_end",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=0),
                name="event_capacity_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(registrations_per_official__isnull=True)
                | Q(registrations_per_official__gte=1),
                name="event_registrations_per_official_positive",
            ),
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_valid"),
            language_constraint("event_language_valid"),
            models.CheckConstraint(
                condition=Q(status__in=EventStatus.values), name="event_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(modality__in=Modality.values), name="event_modality_valid"
            ),
            # The end and the deadline follow from their order with the start.
            models.CheckConstraint(
                condition=on_or_after_earliest_date("start_date"), name="event_start_in_window"
            ),
            models.CheckConstraint(
                condition=on_or_after_earliest_date("registration_deadline", nullable=True),
                name="event_deadline_in_window",
            ),
            models.CheckConstraint(
                condition=period_start_q("start_date", "date_precision"),
                name="event_start_matches_precision",
            ),
        ]
        indexes = [
            # The lists' order (newest first, then title, then pk): a page of events is
            # read off the index, no sort; its leading date also serves date filters.
            models.Index(fields=["-start_date", "title", "id"], name="event_list_order_idx"),
            # Upcoming events and the `year` filter bound the end date.
            models.Index(fields=["end_date"], name="event_end_date_idx"),
            models.Index(fields=["status"]),
            models.Index(fields=["kind"], name="event_kind_idx"),
            models.Index(fields=["modality"], name="event_modality_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("event-detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = date_window_errors(
            {
                "start_date": self.start_date,
                "end_date": self.end_date,
                "registration_deadline": self.registration_deadline,
            }
        )
        # The constraints on the dates, each said by the field it is about.
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors.setdefault("end_date", _("The event ends before it starts."))
        for name, message in precision_errors(
            self.date_precision,
            start=("start_date", self.start_date),
            end=("end_date", self.end_date),
        ).items():
            errors.setdefault(name, message)
        if (
            self.registration_deadline
            and self.end_date
            and self.registration_deadline > self.end_date
        ):
            errors.setdefault(
                "registration_deadline", _("The registration deadline is after the event.")
            )
        if errors:
            raise ValidationError(errors)

    @property
    def dates_display(self) -> str:
        return format_period(self.start_date, self.end_date, self.date_precision)

    @property
    def sdgs_mapped_later(self) -> bool:
        """Held before the SDGs existed: its SDG tags are the curators' later mapping."""
        return sdgs_mapped_later(self.start_date)

    @property
    def has_dossier(self) -> bool:
        """A dossier records what happened: only an event marked as held has one."""
        return self.status == EventStatus.HELD

    @property
    def takes_registrations(self) -> bool:
        return self.capacity is not None and self.status == EventStatus.OPEN

    @property
    def modality_decision(self) -> ModalityDecision:
        """The modality and why (a curator's override or the rule)."""
        return explain_modality(self)

    def refresh_modality(self, *, save: bool = True) -> str:
        """Recompute the default modality unless a curator has set it."""
        if not self.modality_overridden:
            self.modality = compute_modality(self)
            if save:
                type(self).objects.filter(pk=self.pk).update(modality=self.modality)
        return self.modality


class EventTranslation(ContentTranslation):
    parent = "event"

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="translations"
    )

    class Meta(ContentTranslation.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["event", "language"], name="event_translation_one_per_language"
            ),
            language_constraint("event_translation_language_valid"),
        ]


class ParticipationRole(models.TextChoices):
    """What a city, country or organization did at an exchange."""

    HOST = "host", _("Host")
    PEER = "peer", _("Peer")
    LEARNER = "learner", _("Learner")
    RESOURCE = "resource", _("Resource city")
    ORGANIZER = "organizer", _("Organizer")
    DONOR = "donor", _("Donor")
    IMPLEMENTER = "implementer", _("Implementer")
    FACILITATOR = "facilitator", _("Facilitator")
    TRAINER = "trainer", _("Trainer")


class Participation(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participations"
    )
    city = models.ForeignKey(
        "cities.City",
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    role = models.CharField(_("role"), max_length=12, choices=ParticipationRole.choices)
    delegation_size = models.PositiveSmallIntegerField(_("delegation size"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        ordering = ["event", "role", "city__name"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["event", "city"], name="participation_one_per_city"),
            models.CheckConstraint(
                condition=Q(role__in=ParticipationRole.values), name="participation_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(delegation_size__isnull=True) | Q(delegation_size__gte=0),
                name="participation_delegation_non_negative",
            ),
        ]

    def __str__(self):
        return f"{self.city} at {self.event} ({self.get_role_display()})"


class DelegateCategory(models.TextChoices):
    """Who a city's delegation is made of (the Maputo delegation to Durban: local
    government officials and representatives of vendors and carriers of market goods)."""

    OFFICIALS = "officials", _("Local government officials")
    ELECTED = "elected", _("Elected representatives")
    VENDORS = "vendors", _("Market vendors")
    CARRIERS = "carriers", _("Carriers of market goods")
    WORKERS = "workers", _("Workers' representatives")
    EMPLOYERS = "employers", _("Employers' representatives")
    TRAINERS = "trainers", _("Trainers")
    EXPERTS = "experts", _("Experts")
    CIVIL_SOCIETY = "civil-society", _("Civil society")


class DelegationMember(models.Model):
    """A group within a city's delegation; `count` is empty when the sources name the
    group without saying how many came."""

    participation = models.ForeignKey(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="composition",
    )
    category = models.CharField(_("category"), max_length=16, choices=DelegateCategory.choices)
    count = models.PositiveSmallIntegerField(_("how many"), null=True, blank=True)

    class Meta:
        ordering = ["participation", "category"]
        verbose_name = _("delegation group")
        verbose_name_plural = _("delegation composition")
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "category"], name="delegation_member_one_per_category"
            ),
            models.CheckConstraint(
                condition=Q(category__in=DelegateCategory.values),
                name="delegation_member_category_valid",
            ),
            models.CheckConstraint(
                condition=Q(count__isnull=True) | Q(count__gte=1),
                name="delegation_member_count_positive",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()} ({self.count or '?'})"


class CountryParticipation(models.Model):
    """A country taking part in an exchange, where the sources name countries rather
    than cities (Lleida, Chiang Mai, Chefchaouen)."""

    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="country_participations",
    )
    country = models.ForeignKey(
        "cities.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="event_participations",
    )
    role = models.CharField(
        _("role"), max_length=12, choices=ParticipationRole.choices, default=ParticipationRole.PEER
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        ordering = ["event", "country__name"]
        verbose_name = _("participating country")
        verbose_name_plural = _("participating countries")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "country"], name="country_participation_one_per_country"
            ),
            models.CheckConstraint(
                condition=Q(role__in=ParticipationRole.values),
                name="country_participation_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.country} at {self.event} ({self.get_role_display()})"


class OrganizationParticipation(models.Model):
    """An organization's role at an exchange beyond organizing or supporting it: the
    trainer, the implementer, the facilitator, the donor."""

    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="organization_participations",
    )
    organization = models.ForeignKey(
        "cities.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="event_participations",
    )
    role = models.CharField(_("role"), max_length=12, choices=ParticipationRole.choices)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        ordering = ["event", "role", "organization__name"]
        verbose_name = _("participating organization")
        verbose_name_plural = _("participating organizations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization", "role"],
                name="organization_participation_one_per_role",
            ),
            models.CheckConstraint(
                condition=Q(role__in=ParticipationRole.values),
                name="organization_participation_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.organization} at {self.event} ({self.get_role_display()})"


class RegistrantRole(models.TextChoices):
    LOCAL_GOVERNMENT = "local-government", _("Local government")
    WORKERS = "workers", _("Workers' organization")
    EMPLOYERS = "employers", _("Employers' organization")
    INFORMAL_ECONOMY = "informal-economy", _("Informal economy")
    NGO = "ngo", _("Non-governmental organization")
    ACADEMIC = "academic", _("Academic")
    OTHER = "other", _("Other")


class RegistrationStatus(models.TextChoices):
    # Holds a seat until the delegate confirms it: a seat offered from the waiting list
    # (with `offer_expires_at`).
    # A registration's status agrees with "registration" (feminine in French, Spanish and
    # Portuguese), an event's "Cancelled" with "event".
    PENDING = "pending", pgettext_lazy("registration status", "Awaiting confirmation")
    CONFIRMED = "confirmed", pgettext_lazy("registration status", "Confirmed")
    WAITLISTED = "waitlisted", pgettext_lazy("registration status", "Waitlisted")
    CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")


SEAT_HOLDING_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """Registrations that hold a seat or a place on the waiting list."""
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def of_email(self, email: str):
        return self.filter(email__iexact=email, anonymized_at__isnull=True)

    def holding_seats(self):
        """Registrations that take a seat of the capacity: confirmed, or offered a seat
        and not confirmed yet."""
        return self.filter(status__in=SEAT_HOLDING_STATUSES)

    def expired_offers(self, now=None):
        """Seats offered from the waiting list whose time to confirm has passed."""
        now = now or timezone.now()
        return self.filter(status=RegistrationStatus.PENDING, offer_expires_at__lt=now)


class Registration(models.Model):
    """A person registered for an event. Holds personal data: see anonymization."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    city = models.ForeignKey(
        "cities.City",
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
    )
    role = models.CharField(_("role"), max_length=20, choices=RegistrantRole.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations_made",
    )
    # What the host needs to know to receive the delegate: personal data, erased with
    # the rest by anonymization.
    needs_visa_letter = models.BooleanField(
        _("needs a visa invitation letter"),
        default=False,
        help_text=_("The host's organizer signs an invitation letter for the visa application."),
    )
    interpretation_needs = models.CharField(
        _("interpretation needs"),
        max_length=200,
        blank=True,
        help_text=_("Languages the delegate needs interpretation into or from."),
    )
    accessibility_needs = models.CharField(
        _("accessibility needs"),
        max_length=300,
        blank=True,
        help_text=_("Access, mobility, dietary or other needs the host should plan for."),
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language.choices,
        default=Language.EN,
        help_text=_("The language of the delegate's emails, certificate and letters."),
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(
        _("offer expires at"),
        null=True,
        blank=True,
        help_text=_(
            "A seat offered from the waiting list: the delegate confirms it before this "
            "moment, or it goes to the next person waiting."
        ),
    )
    consented_at = models.DateTimeField(_("consent given at"))
    anonymized_at = models.DateTimeField(_("anonymized at"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=RegistrantRole.values), name="registration_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values),
                name="registration_status_valid",
            ),
            language_constraint("registration_language_valid"),
            # Only a seat awaiting confirmation has a time limit to confirm it.
            models.CheckConstraint(
                condition=Q(offer_expires_at__isnull=True) | Q(status=RegistrationStatus.PENDING),
                name="registration_offer_only_when_pending",
            ),
            # One person, one seat: whatever the case of their email. A cancelled
            # person may register again; an anonymized one no longer has an email.
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=Q(anonymized_at__isnull=True) & ~Q(status=RegistrationStatus.CANCELLED),
                name="registration_one_per_event_and_email",
                violation_error_message=_("This person is already registered for this event."),
            ),
            # Only a delegate holding a seat checks in.
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status=RegistrationStatus.CONFIRMED),
                name="registration_checked_in_confirmed",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return f"{self.name} ({self.event})"


class RoadmapQuerySet(models.QuerySet):
    def with_progress(self):
        """Annotate `actions_total` and `actions_done`, read by `Roadmap.progress`, and
        the title and summary in the reader's language, and the title of the event it
        was adopted at (`event_reader_title`, None without a translation)."""
        event_title = EventTranslation.objects.filter(
            event=OuterRef("event_id"), language=reader_language()
        ).values("title")[:1]
        # Counted per roadmap by subqueries, not by grouping a join of every roadmap with
        # its actions: a list then counts the actions of the roadmaps on its page only.
        actions = Action.objects.filter(roadmap=OuterRef("pk"))
        return with_reader_language(
            self.annotate(
                actions_total=CountOf(actions.values("pk")),
                actions_done=CountOf(actions.filter(status=ActionStatus.DONE).values("pk")),
                event_reader_title=Subquery(event_title),
            )
        )


class CountOf(Subquery):
    """The number of rows of a queryset (filtered on an OuterRef) as a correlated
    subquery: COUNT(*) is 0, never NULL, when there is none."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = models.IntegerField()


def roadmap_progress(*, done: int, total: int) -> float | None:
    """A roadmap's progress: the share of its actions done, from 0 to 1; None with no action."""
    if total < 0 or done < 0 or done > total:
        raise ValueError(f"cannot have {done} actions done out of {total}")
    if total == 0:
        return None
    return done / total


class Roadmap(TranslatableContent, models.Model):
    """A roadmap adopted at an event, with numbered commitments and planned actions."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=250)
    event = models.ForeignKey(
        Event, verbose_name=_("adopted at"), on_delete=models.PROTECT, related_name="roadmaps"
    )
    adopted_on = models.DateField(_("adopted on"))
    summary = models.TextField(_("summary"), blank=True)
    language = language_field()
    signatory_cities = models.ManyToManyField(
        "cities.City",
        verbose_name=_("signatory cities"),
        blank=True,
        related_name="roadmaps_signed",
    )
    signatory_organizations = models.ManyToManyField(
        "cities.Organization",
        verbose_name=_("signatory organizations"),
        blank=True,
        related_name="roadmaps_signed",
    )
    # Full-text search on PostgreSQL, kept up to date by a database trigger (see
    # portal/fulltext.py); unused on SQLite.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    objects = RoadmapQuerySet.as_manager()

    # Where the record comes from (sources app): see docs/provenance.md.
    citations = GenericRelation("sources.Citation")

    class Meta:
        ordering = ["-adopted_on", "title"]
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")
        indexes = [
            models.Index(fields=["-adopted_on", "title", "id"], name="roadmap_list_order_idx")
        ]
        constraints = [
            language_constraint("roadmap_language_valid"),
            models.CheckConstraint(
                condition=on_or_after_earliest_date("adopted_on"), name="roadmap_adopted_in_window"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("roadmap-detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = date_window_errors({"adopted_on": self.adopted_on})
        if errors:
            raise ValidationError(errors)

    @property
    def progress(self) -> float | None:
        if hasattr(self, "actions_total"):
            return roadmap_progress(done=self.actions_done, total=self.actions_total)
        statuses = [action.status for action in self.actions.all()]
        return roadmap_progress(done=statuses.count(ActionStatus.DONE), total=len(statuses))


class RoadmapTranslation(ContentTranslation):
    parent = "roadmap"

    roadmap = models.ForeignKey(
        Roadmap, verbose_name=_("roadmap"), on_delete=models.CASCADE, related_name="translations"
    )

    class Meta(ContentTranslation.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "language"], name="roadmap_translation_one_per_language"
            ),
            language_constraint("roadmap_translation_language_valid"),
        ]


class ReportingPeriod(models.IntegerChoices):
    """How often the responsible cities report on a commitment or an action."""

    MONTHLY = 1, _("Every month")
    QUARTERLY = 3, _("Every three months")
    HALF_YEARLY = 6, _("Every six months")
    YEARLY = 12, _("Every year")


def reporting_schedule_field() -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        _("report every"),
        choices=ReportingPeriod.choices,
        null=True,
        blank=True,
        help_text=_(
            "How often the responsible cities report progress, counted from the day the "
            "roadmap was adopted. Empty: no reporting."
        ),
    )


def reporting_schedule_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(report_every_months__isnull=True)
        | Q(report_every_months__in=ReportingPeriod.values),
        name=name,
    )


class CommitmentQuerySet(models.QuerySet):
    def with_last_report(self):
        return _with_last_report(self, "commitment")


class Commitment(models.Model):
    roadmap = models.ForeignKey(
        Roadmap, verbose_name=_("roadmap"), on_delete=models.CASCADE, related_name="commitments"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))
    sub_points = models.JSONField(_("sub-points"), default=list, blank=True)
    report_every_months = reporting_schedule_field()

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["roadmap", "number"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "number"], name="commitment_number_unique_per_roadmap"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="commitment_number_positive"),
            reporting_schedule_constraint("commitment_report_every_valid"),
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"

    def reporting_light(self, today: datetime.date | None = None) -> Light | None:
        return _light_of(self, finished=False, today=today)


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in-progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


# How long past its due date an action is still "overdue": someone can still act on it
# and be held to it. Older ones, and those no verified official's city is responsible
# for, say "not recorded" instead (README, "Roadmap evidence").
OVERDUE_MONTHS = 12
CLOSED_ACTION_STATUSES = [ActionStatus.DONE, ActionStatus.DROPPED]


class ActionFollowUp(models.TextChoices):
    """Where an action stands against its due date (`Action.follow_up`)."""

    CLOSED = "closed", _("Done or dropped")
    OPEN = "open", _("Not due yet")
    OVERDUE = "overdue", _("Overdue")
    NOT_RECORDED = "not-recorded", _("Not recorded")


def overdue_since(today: datetime.date) -> datetime.date:
    """The earliest due date still "present" on `today`."""
    return months_before(today, OVERDUE_MONTHS)


def acting_owner():
    """Whether an action (OuterRef "pk") has an owner who can act: a responsible city
    with at least one verified official whose account is active."""
    return Exists(
        Membership.objects.filter(
            city__roadmap_actions=OuterRef("pk"),
            verified_at__isnull=False,
            user__is_active=True,
        )
    )


class ActionQuerySet(models.QuerySet):
    def with_follow_up(self):
        """Annotated with `has_acting_owner`, which `Action.follow_up()` reads instead
        of a query per action."""
        return self.annotate(has_acting_owner=acting_owner())

    def past_due(self, today=None):
        today = today or timezone.localdate()
        return self.filter(due_date__lt=today).exclude(status__in=CLOSED_ACTION_STATUSES)

    def overdue(self, today=None):
        """Due in the present (within OVERDUE_MONTHS before `today`), passed, neither
        done nor dropped, and owned by a city with a verified official who can act."""
        today = today or timezone.localdate()
        return (
            self.past_due(today).filter(due_date__gte=overdue_since(today)).filter(acting_owner())
        )

    def not_recorded(self, today=None):
        """Past due, neither done nor dropped, and not overdue: historical actions, or
        actions nobody on the network can answer for; their outcome was never recorded."""
        today = today or timezone.localdate()
        return self.past_due(today).exclude(pk__in=self.overdue(today).values("pk"))

    def with_last_report(self):
        return _with_last_report(self, "action")


class Action(models.Model):
    """What a roadmap planned, who is responsible, and the event that carried it out."""

    roadmap = models.ForeignKey(
        Roadmap, verbose_name=_("roadmap"), on_delete=models.CASCADE, related_name="actions"
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    responsible_cities = models.ManyToManyField(
        "cities.City",
        verbose_name=_("responsible cities"),
        blank=True,
        related_name="roadmap_actions",
    )
    responsible_organizations = models.ManyToManyField(
        "cities.Organization",
        verbose_name=_("responsible organizations"),
        blank=True,
        related_name="roadmap_actions",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    # A due date known to the month is its last day: the action is overdue once the
    # month is over, not from its second day.
    due_date_precision = models.CharField(
        _("due date known to the"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    carried_out_by = models.ForeignKey(
        Event,
        verbose_name=_("carried out at"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roadmap_actions_carried_out",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    report_every_months = reporting_schedule_field()

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["roadmap", "position", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="action_status_valid"
            ),
            models.CheckConstraint(
                condition=on_or_after_earliest_date("due_date", nullable=True),
                name="action_due_in_window",
            ),
            reporting_schedule_constraint("action_report_every_valid"),
            models.CheckConstraint(
                condition=Q(due_date_precision__in=DatePrecision.values),
                name="action_due_date_precision_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = date_window_errors({"due_date": self.due_date})
        for name, message in precision_errors(
            self.due_date_precision, start=("due_date", None), end=("due_date", self.due_date)
        ).items():
            errors.setdefault(name, message)
        if errors:
            raise ValidationError(errors)

    def reporting_light(self, today: datetime.date | None = None) -> Light | None:
        finished = self.status in {ActionStatus.DONE, ActionStatus.DROPPED}
        return _light_of(self, finished=finished, today=today)

    @property
    def due_display(self) -> str:
        return format_period(self.due_date, None, self.due_date_precision) if self.due_date else ""

    def follow_up(self, today=None) -> str:
        """ActionFollowUp: the rule of `ActionQuerySet.overdue()` and `.not_recorded()`
        for one action (annotated by `with_follow_up()`, else one query)."""
        today = today or timezone.localdate()
        if self.status in CLOSED_ACTION_STATUSES:
            return ActionFollowUp.CLOSED
        if self.due_date is None or self.due_date >= today:
            return ActionFollowUp.OPEN
        if self.due_date >= overdue_since(today) and self._has_acting_owner():
            return ActionFollowUp.OVERDUE
        return ActionFollowUp.NOT_RECORDED

    def _has_acting_owner(self) -> bool:
        if hasattr(self, "has_acting_owner"):
            return self.has_acting_owner
        return Action.objects.filter(pk=self.pk).filter(acting_owner()).exists()

    def is_overdue(self, today=None) -> bool:
        return self.follow_up(today) == ActionFollowUp.OVERDUE

    def is_not_recorded(self, today=None) -> bool:
        return self.follow_up(today) == ActionFollowUp.NOT_RECORDED


class ActionUpdate(models.Model):
    """A change of an action's status, with who made it, when, and its evidence."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="updates"
    )
    previous_status = models.CharField(
        _("previous status"), max_length=12, choices=ActionStatus.choices
    )
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="action_updates",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    evidence_url = models.URLField(_("evidence"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    event = models.ForeignKey(
        Event,
        verbose_name=_("event that carried it out"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_updates",
    )

    class Meta:
        ordering = ["action", "at", "id"]
        verbose_name = _("action update")
        verbose_name_plural = _("action updates")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values)
                & Q(previous_status__in=ActionStatus.values),
                name="action_update_statuses_valid",
            ),
        ]

    def __str__(self):
        return f"{self.action}: {self.previous_status} → {self.status}"


def _with_last_report(queryset, target: str):
    """`queryset` (of commitments or actions) with the status and period of each one's
    latest report (`last_report_status`, `last_report_period`), read by
    `reporting_light()`: two subqueries, never a query per row."""
    latest = ProgressReport.objects.filter(**{target: OuterRef("pk")}).order_by(
        "-period_ends_on", "-reported_at"
    )
    return queryset.annotate(
        last_report_status=Subquery(latest.values("status")[:1]),
        last_report_period=Subquery(latest.values("period_ends_on")[:1]),
    )


def _light_of(item, *, finished: bool, today: datetime.date | None) -> Light | None:
    """The light of a commitment or an action (see exchanges.reporting)."""
    if item.report_every_months is None or finished:
        return None
    if hasattr(item, "last_report_status"):
        status, period = item.last_report_status, item.last_report_period
    else:
        latest = item.reports.order_by("-period_ends_on", "-reported_at").first()
        status, period = (latest.status, latest.period_ends_on) if latest else (None, None)
    return reporting_light(
        every_months=item.report_every_months,
        start=item.roadmap.adopted_on,
        last_status=status,
        last_period=period,
        today=today or timezone.localdate(),
    )


class ProgressReport(models.Model):
    """A responsible city's report on its progress with a commitment or an action, for
    one period of its reporting schedule, with its evidence."""

    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
    )
    action = models.ForeignKey(
        Action,
        verbose_name=_("action"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
    )
    city = models.ForeignKey(
        "cities.City",
        verbose_name=_("reporting city"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_reports",
    )
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices)
    summary = models.TextField(_("progress"), max_length=5000)
    evidence_url = models.URLField(_("evidence"), max_length=500, blank=True)
    period_ends_on = models.DateField(
        _("period ending on"), help_text=_("The due date this report answers.")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_reports",
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)

    class Meta:
        ordering = ["-period_ends_on", "-reported_at"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            # About a commitment or an action, never both nor neither.
            models.CheckConstraint(
                condition=Q(commitment__isnull=True, action__isnull=False)
                | Q(commitment__isnull=False, action__isnull=True),
                name="progress_report_one_target",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="progress_report_status_valid"
            ),
            models.CheckConstraint(
                condition=on_or_after_earliest_date("period_ends_on"),
                name="progress_report_period_in_window",
            ),
            # One report per period and city; a second one corrects nothing silently.
            models.UniqueConstraint(
                fields=["commitment", "city", "period_ends_on"],
                condition=Q(commitment__isnull=False),
                name="progress_report_one_per_commitment_period",
                nulls_distinct=False,
                violation_error_message=_("This city has already reported for this period."),
            ),
            models.UniqueConstraint(
                fields=["action", "city", "period_ends_on"],
                condition=Q(action__isnull=False),
                name="progress_report_one_per_action_period",
                nulls_distinct=False,
                violation_error_message=_("This city has already reported for this period."),
            ),
        ]

    def __str__(self):
        return f"{self.commitment or self.action} ({self.period_ends_on}): {self.status}"

    def clean(self):
        if (self.commitment_id is None) == (self.action_id is None):
            raise ValidationError(_("A report is about one commitment or one action."))


class AttendanceCertificate(models.Model):
    """A certificate of attendance for a checked-in delegate, as a PDF in the delegate's
    language. Personal data: deleted with its registration's anonymization."""

    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="certificate",
    )
    language = language_field()
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    # Rendered by a task; empty until then.
    pdf = models.BinaryField(_("PDF"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("attendance certificate")
        verbose_name_plural = _("attendance certificates")
        constraints = [language_constraint("certificate_language_valid")]

    def __str__(self):
        return f"{self.registration}"


class VisaLetter(models.Model):
    """A visa invitation letter for a delegate who asked for one, signed by an organizer
    of the host city. Personal data: deleted with its registration's anonymization."""

    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="visa_letter",
    )
    signer_name = models.CharField(_("signed by"), max_length=200)
    signer_title = models.CharField(_("signer's title"), max_length=200)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visa_letters_issued",
    )
    language = language_field()
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("visa invitation letter")
        verbose_name_plural = _("visa invitation letters")
        constraints = [
            language_constraint("visa_letter_language_valid"),
            models.CheckConstraint(
                condition=~Q(signer_name="") & ~Q(signer_title=""),
                name="visa_letter_signed",
            ),
        ]

    def __str__(self):
        return f"{self.registration}"


class LearningNoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class LearningNote(models.Model):
    """What an exchange taught, drafted from its records and edited by its organizers:
    the learning reports of the network, which join the event's dossier once published."""

    event = models.OneToOneField(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="learning_note"
    )
    title = models.CharField(_("title"), max_length=250)
    body = models.TextField(_("text"), max_length=50000, help_text=_("Markdown."))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=LearningNoteStatus.choices,
        default=LearningNoteStatus.DRAFT,
    )
    drafted_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("learning note")
        verbose_name_plural = _("learning notes")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=LearningNoteStatus.values), name="learning_note_status_valid"
            ),
            # Published exactly when it has a publication date.
            models.CheckConstraint(
                condition=Q(status=LearningNoteStatus.PUBLISHED, published_at__isnull=False)
                | Q(status=LearningNoteStatus.DRAFT, published_at__isnull=True),
                name="learning_note_published_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == LearningNoteStatus.PUBLISHED
