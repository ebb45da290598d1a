import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
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
from base.dates import EARLIEST_DATE, months_before, year_window_error

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


class PracticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PracticeStatus.PUBLISHED)

    def visible_to(self, user):
        """What `user` may see: published practices, plus their own and, for curators, all."""
        from base.permissions import is_curator  # it reads this module's models

        if user is not None and user.is_authenticated:
            if is_curator(user):
                return self
            return self.filter(Q(status=PracticeStatus.PUBLISHED) | Q(submitted_by=user))
        return self.published()

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
    summary = models.TextField(_("summary"))
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
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

    @property
    def is_published(self) -> bool:
        return self.status == PracticeStatus.PUBLISHED

    @property
    def stale(self) -> bool:
        return self.verified_on is not None and self.verified_on < stale_cutoff()


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


class Result(models.Model):
    """A measured result of a practice: an indicator before and after."""

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
        ]

    def __str__(self):
        return self.indicator


class AdoptionStage(models.TextChoices):
    EXPLORING = "exploring", _("Exploring")
    ADAPTING = "adapting", _("Adapting")
    ADOPTED = "adopted", _("Adopted")
    ABANDONED = "abandoned", _("Abandoned")


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

    # Where the record comes from (sources app): see docs/provenance.md.
    citations = GenericRelation("sources.Citation")

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
        ]

    def __str__(self):
        return f"{self.practice} in {self.city}"

    def clean(self):
        errors = {}
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
        if errors:
            raise ValidationError(errors)


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

    class Meta:
        verbose_name = _("review card")
        verbose_name_plural = _("review cards")
        constraints = _score_constraints()

    def __str__(self):
        return f"{self.review}: {self.total}/20"

    @property
    def total(self) -> int:
        return sum(getattr(self, criterion) for criterion in SCORE_CRITERIA)
