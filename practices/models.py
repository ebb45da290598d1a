import datetime
import re

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from base.content import (
    ContentTranslation,
    TranslatableContent,
    language_constraint,
    language_field,
    with_reader_language,
)
from base.dates import (
    EARLIEST_DATE,
    DatePrecision,
    date_window_errors,
    format_date,
    months_before,
    period_start_q,
    precision_errors,
    year_window_error,
)

# A practice not verified for this long needs review.
STALE_AFTER_MONTHS = 24


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes-requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


def stale_cutoff(today: datetime.date | None = None) -> datetime.date:
    """The last verification date that is still fresh: 24 months before today."""
    return months_before(today or timezone.localdate(), STALE_AFTER_MONTHS)


def practices_visible_q(user, through: str = "") -> Q:
    """The practices `user` may see (published ones, plus their own and, for curators,
    all), as a condition on the practice reached by `through` ("practice__" from an
    adoption): a join the planner can walk in the list's order, where `IN (the visible
    practices)` made it read every published practice first."""
    from base.permissions import is_curator  # it reads this module's models

    if user is not None and user.is_authenticated:
        if is_curator(user):
            return Q()
        return Q(**{f"{through}status": PracticeStatus.PUBLISHED}) | Q(
            **{f"{through}submitted_by": user}
        )
    return Q(**{f"{through}status": PracticeStatus.PUBLISHED})


class PracticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PracticeStatus.PUBLISHED)

    def visible_to(self, user):
        """What `user` may see: published practices, plus their own and, for curators, all."""
        return self.filter(practices_visible_q(user))

    def stale(self, today: datetime.date | None = None):
        return self.filter(Q(verified_on__lt=stale_cutoff(today)))

    def fresh(self, today: datetime.date | None = None):
        return self.filter(verified_on__gte=stale_cutoff(today))

    def in_reader_language(self, language: str | None = None):
        """Each practice's title and summary in the reader's language (see base.content)."""
        return with_reader_language(self, language)


class Practice(TranslatableContent, models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=250)
    # Blank only in a draft (practice_summary_unless_draft): a draft keeps what its
    # writer has so far.
    summary = models.TextField(_("summary"), blank=True)
    context = models.TextField(
        _("problem and context"),
        blank=True,
        help_text=_("The problem the practice answers and the local setting. Markdown."),
    )
    description = models.TextField(_("what was done"), blank=True, help_text=_("Markdown."))
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    challenges = models.TextField(_("challenges"), blank=True)
    budget = models.DecimalField(
        _("budget"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    budget_currency = models.CharField(
        _("budget currency"),
        max_length=3,
        blank=True,
        help_text=_("The ISO 4217 code, such as USD, EUR, MZN, BRL."),
    )
    beneficiaries = models.PositiveIntegerField(
        _("beneficiaries"),
        null=True,
        blank=True,
        help_text=_("How many people the practice reached."),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    language = language_field()
    city = models.ForeignKey(
        "cities.City",
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practices",
    )
    countries = models.ManyToManyField(
        "cities.Country", verbose_name=_("countries"), blank=True, related_name="practices"
    )
    organizations = models.ManyToManyField(
        "cities.Organization",
        verbose_name=_("implementing partners"),
        blank=True,
        related_name="practices",
    )
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    pillars = models.ManyToManyField(
        "base.Pillar", verbose_name=_("pillars"), blank=True, related_name="practices"
    )
    sdgs = models.ManyToManyField(
        "base.SDG", verbose_name=_("SDGs"), blank=True, related_name="practices"
    )
    sectors = models.ManyToManyField(
        "base.Sector", verbose_name=_("sectors"), blank=True, related_name="practices"
    )
    other_cities = models.ManyToManyField(
        "cities.City",
        verbose_name=_("other cities"),
        blank=True,
        related_name="practices_also_in",
        help_text=_(
            "Other cities where the practice runs (the four Vietnamese cities, the "
            "Brazilian municipal programmes); the city above leads it."
        ),
    )
    places = models.ManyToManyField(
        "cities.Place",
        verbose_name=_("provinces, districts and areas"),
        blank=True,
        related_name="practices",
    )
    conventions = models.ManyToManyField(
        "base.Convention",
        verbose_name=_("ILO conventions"),
        blank=True,
        related_name="practices",
        help_text=_("The ILO conventions the practice helps apply."),
    )
    stages = models.ManyToManyField(
        "base.LearningStage",
        verbose_name=_("learning cycle stages"),
        blank=True,
        related_name="practices",
    )
    criteria = models.ManyToManyField(
        "base.Criterion", verbose_name=_("criteria met"), blank=True, related_name="practices"
    )
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    events = models.ManyToManyField(
        "exchanges.Event", verbose_name=_("related events"), blank=True, related_name="practices"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PracticeStatus.choices, default=PracticeStatus.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_practices",
    )
    reviewer_comment = models.TextField(_("reviewer comment"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    stale_reminder_sent_on = models.DateField(
        _("stale reminder sent on"),
        null=True,
        blank=True,
        help_text=_("Cleared at each verification, so the submitter is reminded once."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Full-text search on PostgreSQL, kept up to date by a database trigger (see
    # portal/fulltext.py); unused on SQLite.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    history = HistoricalRecords(
        m2m_fields=[pillars, sdgs, sectors, criteria, countries, organizations],
        excluded_fields=["search_vector"],
    )

    objects = PracticeQuerySet.as_manager()

    # Where the record comes from (sources app): see docs/provenance.md.
    citations = GenericRelation("sources.Citation")
    quotes = GenericRelation("sources.Quote")

    class Meta:
        ordering = ["-published_at", "title"]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PracticeStatus.values), name="practice_status_valid"
            ),
            language_constraint("practice_language_valid"),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | (Q(start_year__gte=1900) & Q(start_year__lte=2100)),
                name="practice_start_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="practice_end_year_not_before_start",
            ),
            models.CheckConstraint(
                condition=~Q(status=PracticeStatus.PUBLISHED)
                | (Q(published_at__isnull=False) & Q(verified_on__isnull=False)),
                name="practice_published_has_dates",
            ),
            models.CheckConstraint(
                condition=Q(status=PracticeStatus.DRAFT) | ~Q(summary=""),
                name="practice_summary_unless_draft",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="practice_budget_not_negative",
            ),
            # An amount means nothing without its currency, and a currency nothing alone.
            models.CheckConstraint(
                condition=(Q(budget__isnull=True) & Q(budget_currency=""))
                | (Q(budget__isnull=False) & Q(budget_currency__regex=r"^[A-Z]{3}$")),
                name="practice_budget_has_currency",
            ),
        ]
        indexes = [
            # Anonymous clients read published practices, newest first (then title, pk):
            # a page is read off this index without a sort, and the ids of published
            # practices (counts by pillar and SDG) without touching the table.
            models.Index(
                fields=["status", "-published_at", "title", "id"], name="practice_list_order_idx"
            ),
            # The other orderings of a status's practices; verified_on is also `stale`.
            models.Index(fields=["status", "title"], name="practice_title_idx"),
            models.Index(fields=["status", "verified_on"], name="practice_verified_idx"),
            models.Index(fields=["status", "start_year"], name="practice_start_year_idx"),
            models.Index(fields=["status", "end_year"], name="practice_end_year_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("practice-detail", kwargs={"slug": self.slug})

    def clean(self):
        # The constraint practice_end_year_not_before_start, said by the field it is about.
        if (
            self.start_year is not None
            and self.end_year is not None
            and self.end_year < self.start_year
        ):
            raise ValidationError({"end_year": _("The end year comes before the start year.")})
        # The constraint practice_budget_has_currency, by the field to fill in.
        if self.budget is not None and not self.budget_currency:
            raise ValidationError({"budget_currency": _("Give the budget's currency.")})
        if self.budget is None and self.budget_currency:
            raise ValidationError({"budget": _("Give the amount in this currency.")})
        if self.budget_currency and not re.fullmatch(r"[A-Z]{3}", self.budget_currency):
            raise ValidationError(
                {"budget_currency": _("Give the currency's three-letter code, such as USD.")}
            )
        if self.status != PracticeStatus.DRAFT and not self.summary.strip():
            raise ValidationError({"summary": _("Summarize the practice before submitting it.")})

    def result_columns(self) -> dict[str, bool]:
        """Which optional columns the results table needs: whom the figures count, their
        year. Reads the (prefetched) results."""
        results = list(self.results.all())
        return {
            "breakdown": any(result.breakdown for result in results),
            "year": any(result.year is not None for result in results),
        }

    @property
    def is_published(self) -> bool:
        return self.status == PracticeStatus.PUBLISHED

    @property
    def stale(self) -> bool:
        return self.verified_on is not None and self.verified_on < stale_cutoff()


class PracticeTags(models.Model):
    """What the catalogue's facets count of a practice, in one narrow row: its tags as
    sorted, comma-separated keys (from its many-to-many tables), its city's country and
    its span of years. Derived, and kept in step by practices.tag_lists; the facets group
    the practices by these values in one pass instead of joining every tag table
    (practices.filters.facet_counts). Every practice has one."""

    practice = models.OneToOneField(
        Practice, on_delete=models.CASCADE, primary_key=True, related_name="tag_lists"
    )
    pillars = models.TextField(blank=True, default="")
    sdgs = models.TextField(blank=True, default="")
    sectors = models.TextField(blank=True, default="")
    criteria = models.TextField(blank=True, default="")
    # The practice's own countries (codes); its city's beside them.
    countries = models.TextField(blank=True, default="")
    home_country = models.ForeignKey(
        "cities.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    first_year = models.PositiveSmallIntegerField(null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(null=True, blank=True)

    def __str__(self):
        return str(self.practice_id)


class PracticeTranslation(ContentTranslation):
    parent = "practice"

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="translations"
    )

    class Meta(ContentTranslation.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "language"], name="practice_translation_one_per_language"
            ),
            language_constraint("practice_translation_language_valid"),
        ]


class ResultKind(models.TextChoices):
    OUTCOME = "outcome", _("Outcome")
    TARGET = "target", _("Target")


class Sex(models.TextChoices):
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")


# The oldest age a breakdown may name.
MAX_AGE = 120


class Result(models.Model):
    """A result of a practice: an indicator before and after, either measured (an
    outcome) or aimed at (a target), for everyone or for one sex and age band."""

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="results"
    )
    indicator = models.CharField(_("indicator"), max_length=250)
    value_before = models.DecimalField(
        _("value before"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    value_after = models.DecimalField(
        _("value after"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=ResultKind.choices,
        default=ResultKind.OUTCOME,
        help_text=_("An outcome was measured; a target is what the practice aims at."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, help_text=_("When it was measured or is due.")
    )
    sex = models.CharField(
        _("sex"),
        max_length=10,
        choices=Sex.choices,
        blank=True,
        help_text=_("Leave empty when the figure counts everyone."),
    )
    age_min = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("to age"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["practice", "position", "id"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.CheckConstraint(
                condition=Q(value_before__isnull=False) | Q(value_after__isnull=False),
                name="result_has_a_value",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ResultKind.values), name="result_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(sex="") | Q(sex__in=Sex.values), name="result_sex_valid"
            ),
            models.CheckConstraint(
                condition=Q(age_max__isnull=True) | Q(age_max__lte=MAX_AGE),
                name="result_age_plausible",
            ),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_max__gte=models.F("age_min")),
                name="result_age_band_in_order",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | (Q(year__gte=1900) & Q(year__lte=2100)),
                name="result_year_plausible",
            ),
        ]

    def __str__(self):
        return self.indicator

    def clean(self):
        if self.value_before is None and self.value_after is None:
            raise ValidationError({"value_after": _("Give the value before, after, or both.")})
        if self.age_max is not None and self.age_max > MAX_AGE:
            raise ValidationError(
                {"age_max": _("Give an age of %(max)s or less.") % {"max": MAX_AGE}}
            )
        if self.age_min is not None and self.age_max is not None and self.age_max < self.age_min:
            raise ValidationError({"age_max": _("The age band ends before it starts.")})

    @property
    def breakdown(self) -> str:
        """Whom the figure counts: "women", "15 to 24" (with a dash), "women aged 15 to 24",
        or "" for everyone."""
        if self.age_min is not None and self.age_max is not None:
            ages = f"{self.age_min}\N{EN DASH}{self.age_max}"
        elif self.age_min is not None:
            ages = f"{self.age_min}+"
        elif self.age_max is not None:
            ages = f"≤ {self.age_max}"
        else:
            ages = ""
        if self.sex and ages:
            return _("%(sex)s aged %(ages)s") % {"sex": self.get_sex_display(), "ages": ages}
        if self.sex:
            return str(self.get_sex_display())
        if ages:
            return _("aged %(ages)s") % {"ages": ages}
        return ""


class TargetGroup(models.TextChoices):
    YOUTH = "youth", _("Youth")
    WOMEN = "women", _("Women")
    CHILDREN = "children", _("Children")
    INFORMAL_WORKERS = "informal-workers", _("Informal workers")
    MIGRANTS = "migrants", _("Migrants")


class PracticeTargetGroup(models.Model):
    """A group of people a practice is for (a row per group, so that both databases
    check the value and lists filter by it with an index)."""

    practice = models.ForeignKey(
        Practice,
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="target_groups",
    )
    group = models.CharField(_("target group"), max_length=20, choices=TargetGroup.choices)

    class Meta:
        ordering = ["practice", "group"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "group"], name="practice_target_group_once"
            ),
            models.CheckConstraint(
                condition=Q(group__in=TargetGroup.values), name="practice_target_group_valid"
            ),
        ]

    def __str__(self):
        return self.get_group_display()


def photo_path(photo, filename: str) -> str:
    # Under the practice's id: a new title (and slug) leaves stored names valid.
    return f"practices/{photo.practice_id}/photos/{filename}"


def thumbnail_path(photo, filename: str) -> str:
    return f"practices/{photo.practice_id}/thumbnails/{filename}"


class PracticePhoto(models.Model):
    """A photo of a practice, with the text that stands for it (required), its caption and
    credit. Stored through Django's storage API (STORAGES["default"]), so several hosts
    share it; the thumbnail is made when it is saved (practices/photos.py)."""

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to=photo_path, max_length=300)
    thumbnail = models.ImageField(
        _("thumbnail"), upload_to=thumbnail_path, max_length=300, blank=True, editable=False
    )
    alt_text = models.CharField(
        _("text alternative"),
        max_length=250,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["practice", "position", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="practice_photo_has_alt_text"),
        ]

    def __str__(self):
        return self.alt_text


class AdoptionStage(models.TextChoices):
    """The stages of a transfer journey, in their order; abandoned ends one early."""

    INTERESTED = "interested", _("Interested")
    STUDYING = "studying", _("Studying")
    ADAPTING = "adapting", _("Adapting")
    PILOTING = "piloting", _("Piloting")
    SUSTAINED = "sustained", _("Sustained")
    ABANDONED = "abandoned", _("Abandoned")


# The stages before transfer journeys (2026-12), still accepted on input: "exploring"
# meant looking into it, "adopted" in place for good.
LEGACY_ADOPTION_STAGES = {"exploring": AdoptionStage.STUDYING, "adopted": AdoptionStage.SUSTAINED}


class AdoptionQuerySet(models.QuerySet):
    def of_practices_visible_to(self, user):
        """Adoptions of the practices `user` may see (`Practice.objects.visible_to`)."""
        return self.filter(practices_visible_q(user, through="practice__"))


class Adoption(models.Model):
    """A practice taken up by a city: what peer learning led to."""

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="adoptions"
    )
    city = models.ForeignKey(
        "cities.City", verbose_name=_("city"), on_delete=models.CASCADE, related_name="adoptions"
    )
    stage = models.CharField(_("stage"), max_length=16, choices=AdoptionStage.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    # When the sources date the adoption more precisely than its year: "March 2014" is
    # 1 March 2014 with precision `month`. The year stays the adoption's year.
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    date_precision = models.CharField(
        _("date known to the"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    event = models.ForeignKey(
        "exchanges.Event",
        verbose_name=_("event where the city learned it"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adoptions",
    )
    notes = models.TextField(_("notes"), blank=True)
    evidence_url = models.URLField(_("evidence"), max_length=500, blank=True)
    mentor_city = models.ForeignKey(
        "cities.City",
        verbose_name=_("mentor city"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentored_adoptions",
        help_text=_("The city that coached the transfer, often the practice's own."),
    )
    changes = models.TextField(
        _("what was changed from the original"),
        blank=True,
        help_text=_("How the practice was adapted to the city: who, where, what differs."),
    )

    # Where the record comes from (sources app): see docs/provenance.md.
    citations = GenericRelation("sources.Citation")

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        ordering = ["practice", "city"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        indexes = [
            models.Index(fields=["stage"], name="adoption_stage_idx"),
            models.Index(fields=["year"], name="adoption_year_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["practice", "city"], name="adoption_one_per_city"),
            models.CheckConstraint(
                condition=Q(stage__in=AdoptionStage.values), name="adoption_stage_valid"
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True)
                | (Q(year__gte=EARLIEST_DATE.year) & Q(year__lte=2100)),
                name="adoption_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(adopted_on__isnull=True)
                | (Q(year__isnull=False) & Q(adopted_on__year=F("year"))),
                name="adoption_date_in_its_year",
            ),
            models.CheckConstraint(
                condition=Q(adopted_on__isnull=True)
                | period_start_q("adopted_on", "date_precision"),
                name="adoption_date_matches_precision",
            ),
            models.CheckConstraint(
                condition=~Q(mentor_city=models.F("city")), name="adoption_mentor_not_itself"
            ),
        ]

    def __str__(self):
        return f"{self.practice} in {self.city}"

    @property
    def date_display(self) -> str:
        """The adoption's date as precisely as it is known, else its year."""
        if self.adopted_on is not None:
            return format_date(self.adopted_on, self.date_precision)
        return str(self.year) if self.year is not None else ""

    def clean(self):
        errors = {}
        if self.adopted_on is not None:
            # One fact, stored twice for the year filters: the year follows the date.
            if self.year is None:
                self.year = self.adopted_on.year
            elif self.year != self.adopted_on.year:
                errors["adopted_on"] = _("The date is not in the adoption's year (%(year)s).") % {
                    "year": self.year
                }
            errors.update(
                precision_errors(
                    self.date_precision,
                    start=("adopted_on", self.adopted_on),
                    end=("adopted_on", None),
                )
            )
        year_error = year_window_error(self.year)
        if year_error:
            errors["year"] = year_error
        elif self.year is not None and self.event is not None:
            held = self.event.start_date.year
            if held > self.year:
                # A city cannot have learned a practice at an exchange held afterwards.
                errors["event"] = _(
                    "This exchange was held in %(held)s, after the adoption in %(year)s."
                ) % {"held": held, "year": self.year}
        if self.mentor_city_id is not None and self.mentor_city_id == self.city_id:
            errors["mentor_city"] = _("A city does not mentor itself.")
        if errors:
            raise ValidationError(errors)


class AdoptionStageChange(models.Model):
    """One step of a transfer journey: the stage an adoption reached, when, on what
    evidence, and why when it was abandoned. The adoption's `stage` is its latest step;
    which steps may follow which is `practices.transfer.allowed_next_stages`."""

    adoption = models.ForeignKey(
        Adoption,
        verbose_name=_("adoption"),
        on_delete=models.CASCADE,
        related_name="stage_changes",
    )
    stage = models.CharField(_("stage"), max_length=16, choices=AdoptionStage.choices)
    previous_stage = models.CharField(
        _("previous stage"), max_length=16, choices=AdoptionStage.choices, blank=True
    )
    reached_on = models.DateField(_("reached on"))
    # "June 2013" when the sources give no day: 1 June 2013 with precision `month`.
    reached_on_precision = models.CharField(
        _("date known to the"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    note = models.TextField(
        _("note"), blank=True, help_text=_("What happened; required to say why it was abandoned.")
    )
    evidence_url = models.URLField(_("evidence"), max_length=500, blank=True)
    event = models.ForeignKey(
        "exchanges.Event",
        verbose_name=_("exchange"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adoption_stage_changes",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adoption_stage_changes",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["adoption", "reached_on", "recorded_at", "id"]
        verbose_name = _("adoption stage change")
        verbose_name_plural = _("adoption stage changes")
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=AdoptionStage.values), name="adoption_change_stage_valid"
            ),
            models.CheckConstraint(
                condition=Q(previous_stage="") | Q(previous_stage__in=AdoptionStage.values),
                name="adoption_change_previous_valid",
            ),
            models.CheckConstraint(
                condition=~Q(stage=models.F("previous_stage")),
                name="adoption_change_moves",
            ),
            models.CheckConstraint(
                condition=~Q(stage=AdoptionStage.ABANDONED) | ~Q(note=""),
                name="adoption_change_abandoned_says_why",
            ),
            models.CheckConstraint(
                condition=Q(reached_on__gte=EARLIEST_DATE),
                name="adoption_change_on_after_earliest",
            ),
            models.CheckConstraint(
                condition=period_start_q("reached_on", "reached_on_precision"),
                name="adoption_change_on_matches_precision",
            ),
        ]

    def __str__(self):
        return f"{self.adoption}: {self.get_stage_display()} ({self.reached_on})"

    @property
    def reached_on_display(self) -> str:
        return format_date(self.reached_on, self.reached_on_precision)

    def clean(self):
        errors = date_window_errors({"reached_on": self.reached_on})
        if self.reached_on:
            errors.update(
                precision_errors(
                    self.reached_on_precision,
                    start=("reached_on", self.reached_on),
                    end=("reached_on", None),
                )
            )
        if self.stage == AdoptionStage.ABANDONED and not self.note.strip():
            errors["note"] = _("Say why it was abandoned.")
        if errors:
            raise ValidationError(errors)


class AdoptionResult(models.Model):
    """A result the adopting city measured, on one of the original practice's indicators
    (its Result), so the two read side by side."""

    adoption = models.ForeignKey(
        Adoption, verbose_name=_("adoption"), on_delete=models.CASCADE, related_name="results"
    )
    result = models.ForeignKey(
        Result,
        verbose_name=_("indicator of the original"),
        on_delete=models.CASCADE,
        related_name="adoption_results",
    )
    value_before = models.DecimalField(
        _("value before"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    value_after = models.DecimalField(
        _("value after"), max_digits=16, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["adoption", "result__position", "result_id"]
        verbose_name = _("adoption result")
        verbose_name_plural = _("adoption results")
        constraints = [
            models.UniqueConstraint(
                fields=["adoption", "result"], name="adoption_result_one_per_indicator"
            ),
            models.CheckConstraint(
                condition=Q(value_before__isnull=False) | Q(value_after__isnull=False),
                name="adoption_result_has_a_value",
            ),
        ]

    def __str__(self):
        return f"{self.adoption}: {self.result}"

    def clean(self):
        if (
            self.result_id is not None
            and self.adoption_id is not None
            and self.result.practice_id != self.adoption.practice_id
        ):
            raise ValidationError(
                {"result": _("Use an indicator of the practice the city took up.")}
            )


class ReviewDecision(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted for review")
    PUBLISHED = "published", _("Published")
    CHANGES_REQUESTED = "changes-requested", _("Changes requested")
    REJECTED = "rejected", _("Rejected")


DECISIONS_NEEDING_A_COMMENT = [ReviewDecision.CHANGES_REQUESTED, ReviewDecision.REJECTED]


class Review(models.Model):
    """One step of a practice's review history: who decided what, when, and why."""

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="reviews"
    )
    decision = models.CharField(_("decision"), max_length=20, choices=ReviewDecision.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="practice_reviews",
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["practice", "created_at", "id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=ReviewDecision.values), name="review_decision_valid"
            ),
            models.CheckConstraint(
                condition=~Q(decision__in=DECISIONS_NEEDING_A_COMMENT) | ~Q(comment=""),
                name="review_comment_when_sent_back_or_rejected",
            ),
        ]

    def __str__(self):
        return f"{self.practice}: {self.get_decision_display()}"


SCORE_CRITERIA = ["sustainability", "innovation", "horizontal_cooperation", "evidence_of_results"]


def _score_constraints():
    constraints = []
    for criterion in SCORE_CRITERIA:
        constraints.append(
            models.CheckConstraint(
                condition=Q(**{f"{criterion}__gte": 1}) & Q(**{f"{criterion}__lte": 5}),
                name=f"review_card_{criterion}_1_to_5",
            )
        )
        constraints.append(
            models.CheckConstraint(
                condition=~Q(**{f"{criterion}_justification": ""}),
                name=f"review_card_{criterion}_justified",
            )
        )
    return constraints


class ReviewCard(models.Model):
    """A curator's scores of a practice, 1 to 5 on each criterion, each justified."""

    review = models.OneToOneField(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="card"
    )
    sustainability = models.PositiveSmallIntegerField(_("sustainability"))
    sustainability_justification = models.CharField(_("why"), max_length=500)
    innovation = models.PositiveSmallIntegerField(_("innovation"))
    innovation_justification = models.CharField(_("why"), max_length=500)
    horizontal_cooperation = models.PositiveSmallIntegerField(_("horizontal cooperation"))
    horizontal_cooperation_justification = models.CharField(_("why"), max_length=500)
    evidence_of_results = models.PositiveSmallIntegerField(_("evidence of results"))
    evidence_of_results_justification = models.CharField(_("why"), max_length=500)
    # The curator's organisation when they scored it (their membership's): kept as it
    # was, whatever the curator's membership says later.
    organization = models.ForeignKey(
        "cities.Organization",
        verbose_name=_("reviewing organization"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_cards",
    )

    class Meta:
        verbose_name = _("review card")
        verbose_name_plural = _("review cards")
        constraints = _score_constraints()

    def __str__(self):
        return f"{self.review}: {self.total}/20"

    @property
    def total(self) -> int:
        return sum(getattr(self, criterion) for criterion in SCORE_CRITERIA)


@receiver(post_delete, sender=PracticePhoto)
def delete_photo_files(sender, instance, **kwargs):
    """A deleted photo (alone or with its practice) leaves the storage once the deletion
    is committed: a rolled-back deletion keeps its files."""
    storage = instance.image.storage
    names = [name for name in (instance.image.name, instance.thumbnail.name) if name]
    if names:
        transaction.on_commit(lambda: [storage.delete(name) for name in names])
