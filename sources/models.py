"""Provenance: the documents the network's records come from (`Source`), the passages
of them each record rests on (`Citation`) and what people said (`Quote`).

Citations and quotes attach to records of the apps above (events, practices, roadmaps,
partnerships, adoptions) through a generic foreign key: this app sits just above `base`
and may not name their models, and one table per kind of record would repeat the same
columns five times. `CITABLE` lists the records a citation may attach to; `clean()` and
a test keep to it.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# app_label.model of the records that carry sources; quotes go on events and practices.
CITABLE = (
    "exchanges.event",
    "practices.practice",
    "exchanges.roadmap",
    "cities.partnership",
    "practices.adoption",
)
QUOTABLE = ("exchanges.event", "practices.practice")


class SourceKind(models.TextChoices):
    SEED_DOCUMENT = "seed-document", _("source document")
    LEARNING_REPORT = "learning-report", _("learning report")
    HANDBOOK = "handbook", _("handbook")
    WEB_RECORD = "web-record", _("public web record")


# Kinds that are publications: listed as such on the events and practices citing them.
PUBLICATION_KINDS = (SourceKind.LEARNING_REPORT, SourceKind.HANDBOOK)


class Source(models.Model):
    """A document records are taken from: one of the seed documents, a learning report,
    a handbook, or a public web record (a page that states a fact no seed states)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    seed_file = models.CharField(
        _("seed file"),
        max_length=100,
        blank=True,
        help_text=_("The copy of this document in docs/seeds, when the portal keeps one."),
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1900, year__lte=2100),
                name="source_year_range",
            ),
            # A web record is worth only its address: a reader must be able to check it.
            models.CheckConstraint(
                condition=~Q(kind="web-record") | ~Q(url=""), name="source_web_record_has_url"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="source_title_not_empty"),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    @property
    def is_publication(self) -> bool:
        return self.kind in PUBLICATION_KINDS


def _attached_to(content_type: ContentType | None, allowed: tuple[str, ...]) -> str | None:
    """The error when a citation or quote is attached to a kind of record outside
    `allowed`, else None."""
    if content_type is None:
        return None
    label = f"{content_type.app_label}.{content_type.model}"
    if label not in allowed:
        return _("Only events, practices, roadmaps, partnerships and adoptions carry sources.")
    return None


class Citation(models.Model):
    """A record resting on a passage of a source: where in it (page or section), the
    words quoted, a deep link, and which of the record's fields it supports (blank: the
    record as a whole)."""

    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="citations", verbose_name=_("source")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    locator = models.CharField(
        _("page or section"), max_length=200, blank=True, help_text=_("e.g. p. 39, section 5")
    )
    quote = models.TextField(_("quote"), blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    supports = models.CharField(
        _("supports"),
        max_length=40,
        blank=True,
        help_text=_("The field of the record this passage supports; blank for the whole record."),
    )

    class Meta:
        ordering = ["content_type", "object_id", "position"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "position"], name="citation_position_unique"
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="citation_position_from_1"),
        ]

    def __str__(self):
        return f"{self.source}, {self.locator}" if self.locator else str(self.source)

    @property
    def supports_label(self) -> str:
        """The name of the field the citation supports, as readers know it."""
        if not self.supports:
            return ""
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        try:
            field = model._meta.get_field(self.supports)
        except FieldDoesNotExist:
            return self.supports
        if field.auto_created and not field.concrete:  # a reverse relation: its rows
            return str(field.related_model._meta.verbose_name_plural)
        return str(field.verbose_name)

    def clean(self):
        super().clean()
        content_type = (
            ContentType.objects.get_for_id(self.content_type_id) if self.content_type_id else None
        )
        error = _attached_to(content_type, CITABLE)
        if error:
            raise ValidationError({"content_type": error})
        if self.supports and content_type is not None:
            try:
                content_type.model_class()._meta.get_field(self.supports)
            except FieldDoesNotExist:
                raise ValidationError(
                    {
                        "supports": _("%(name)s is not a field of this record.")
                        % {"name": self.supports}
                    }
                ) from None


class Quote(models.Model):
    """Something a person said at an event or about a practice, with who said it and
    where it is written down."""

    text = models.TextField(_("text"))
    speaker = models.CharField(_("speaker"), max_length=200)
    speaker_role = models.CharField(_("speaker's role"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        verbose_name=_("source"),
    )
    locator = models.CharField(_("page or section"), max_length=200, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    class Meta:
        ordering = ["content_type", "object_id", "position"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "position"], name="quote_position_unique"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="quote_text_not_empty"),
            models.CheckConstraint(condition=~Q(speaker=""), name="quote_speaker_not_empty"),
            models.CheckConstraint(condition=Q(position__gte=1), name="quote_position_from_1"),
        ]

    def __str__(self):
        return f"“{self.text[:60]}” ({self.speaker})"

    def clean(self):
        super().clean()
        content_type = (
            ContentType.objects.get_for_id(self.content_type_id) if self.content_type_id else None
        )
        if content_type is not None and (
            f"{content_type.app_label}.{content_type.model}" not in QUOTABLE
        ):
            raise ValidationError({"content_type": _("Only events and practices carry quotes.")})
