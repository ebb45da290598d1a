from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from base.content import (
    ContentTranslation,
    TranslatableContent,
    language_constraint,
    language_field,
    reader_language,
    with_reader_language,
)
from base.dates import date_window_errors, on_or_after_earliest_date, sdgs_mapped_later

from .rules import Modality, compute_modality


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
            "organizers",
            "supporters",
            "pillars",
            "sdgs",
            "sectors",
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
    status = models.CharField(
        _("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    modality = models.CharField(_("modality"), max_length=12, choices=Modality.choices)
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
    HOST = "host", _("Host")
    PEER = "peer", _("Peer")
    LEARNER = "learner", _("Learner")
    RESOURCE = "resource", _("Resource city")


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
    role = models.CharField(_("role"), max_length=10, choices=ParticipationRole.choices)
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


class RegistrantRole(models.TextChoices):
    LOCAL_GOVERNMENT = "local-government", _("Local government")
    WORKERS = "workers", _("Workers' organization")
    EMPLOYERS = "employers", _("Employers' organization")
    INFORMAL_ECONOMY = "informal-economy", _("Informal economy")
    NGO = "ngo", _("Non-governmental organization")
    ACADEMIC = "academic", _("Academic")
    OTHER = "other", _("Other")


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waitlisted")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """Registrations that hold a seat or a place on the waiting list."""
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def of_email(self, email: str):
        return self.filter(email__iexact=email, anonymized_at__isnull=True)


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
            # One person, one seat: whatever the case of their email. A cancelled
            # person may register again; an anonymized one no longer has an email.
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=Q(anonymized_at__isnull=True) & ~Q(status=RegistrationStatus.CANCELLED),
                name="registration_one_per_event_and_email",
                violation_error_message=_("This person is already registered for this event."),
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


class Commitment(models.Model):
    roadmap = models.ForeignKey(
        Roadmap, verbose_name=_("roadmap"), on_delete=models.CASCADE, related_name="commitments"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))
    sub_points = models.JSONField(_("sub-points"), default=list, blank=True)

    class Meta:
        ordering = ["roadmap", "number"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "number"], name="commitment_number_unique_per_roadmap"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="commitment_number_positive"),
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in-progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ActionQuerySet(models.QuerySet):
    def overdue(self, today=None):
        """Actions whose due date has passed without being done (or dropped)."""
        today = today or timezone.localdate()
        return self.filter(due_date__lt=today).exclude(
            status__in=[ActionStatus.DONE, ActionStatus.DROPPED]
        )


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
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = date_window_errors({"due_date": self.due_date})
        if errors:
            raise ValidationError(errors)

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (
            self.due_date is not None
            and self.due_date < today
            and self.status not in {ActionStatus.DONE, ActionStatus.DROPPED}
        )


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
