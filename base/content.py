"""Content in several languages: practices, events and roadmaps record the language
they are written in, and their title and summary may carry translations.

A reader sees the translation into their language when there is one, otherwise the
original, marked with its language (`localized()`). Lists either annotate each row
with its translation into the reader's language (`with_reader_language()`, a
subquery: events and roadmaps everywhere, related practices) or prefetch
`translations` (the practice lists): never a query per row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import CharField, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    """The languages content is written and translated in: the portal's own."""

    EN = "en", _("English")
    FR = "fr", _("French")
    ES = "es", _("Spanish")
    PT = "pt", _("Portuguese")


def language_field() -> models.CharField:
    return models.CharField(
        _("language"),
        max_length=2,
        choices=Language.choices,
        default=Language.EN,
        help_text=_("The language the title, summary and text are written in."),
    )


def language_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(language__in=Language.values), name=name)


class ContentTranslation(models.Model):
    """A translation of a text's title and summary; `parent` names its foreign key."""

    parent: str

    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        abstract = True
        ordering = ["language"]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")

    def __str__(self):
        return f"{self.get_language_display()}: {self.title}"

    def clean(self):
        super().clean()
        original = getattr(self, f"{self.parent}_id", None) and getattr(self, self.parent)
        if original is None:
            return
        if self.language == original.language:
            raise ValidationError(
                {"language": _("The text is written in this language: edit it instead.")}
            )
        if original.summary and not self.summary:
            raise ValidationError({"summary": _("Translate the summary too.")})


class ContentLanguageFormMixin:
    """A form's `language` field: the writer's language by default for a new text; a
    post that leaves it out keeps the text's own (English for a new one)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["language"]
        field.required = False
        if self.instance.pk is None:
            field.initial = reader_language()

    def clean_language(self):
        return self.cleaned_data.get("language") or self.instance.language


@dataclass(frozen=True)
class LocalizedText:
    """The title and summary a reader sees, and the language they are in."""

    title: str
    summary: str
    language: str
    # Whether this is a translation into the reader's language.
    translated: bool

    @property
    def foreign(self) -> bool:
        """Whether the text is in another language than the reader's (to be marked)."""
        return self.language != (translation.get_language() or "en")[:2]

    @property
    def language_name(self) -> str:
        return Language(self.language).label


def reader_language(language: str | None = None) -> str:
    return (language or translation.get_language() or "en")[:2]


def with_reader_language(queryset: QuerySet, language: str | None = None) -> QuerySet:
    """`queryset` with each row's title and summary in `language` (the active one), where
    a translation gives them; read by `localized()`."""
    language = reader_language(language)
    translations = queryset.model.translations.rel.related_model
    match = translations.objects.filter(
        **{translations.parent: OuterRef("pk"), "language": language}
    )
    return queryset.annotate(
        reader_language=Value(language, output_field=CharField()),
        reader_title=Subquery(match.values("title")[:1]),
        reader_summary=Subquery(match.values("summary")[:1]),
    )


class TranslatableContent:
    """For models with a `language` field and a `translations` relation."""

    def translation_into(self, language: str):
        if getattr(self, "reader_language", None) == language:
            if self.reader_title is None:
                return None
            return self.translations.model(
                language=language, title=self.reader_title, summary=self.reader_summary
            )
        for item in self.translations.all():
            if item.language == language:
                return item
        return None

    def localized(self, language: str | None = None) -> LocalizedText:
        language = reader_language(language)
        if language != self.language:
            item = self.translation_into(language)
            if item is not None:
                return LocalizedText(
                    title=item.title,
                    summary=item.summary,
                    language=language,
                    translated=True,
                )
        return LocalizedText(
            title=self.title, summary=self.summary, language=self.language, translated=False
        )

    @property
    def in_reader_language(self) -> LocalizedText:
        """`localized()` in the active language, for templates."""
        return self.localized()
