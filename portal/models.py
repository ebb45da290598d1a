"""The site's own pages: About, Contact, Privacy and Accessibility, one row per page and
language, written in Markdown by staff in the admin (every edit kept in its history)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from base.content import Language
from base.markdown import render_markdown


class PageKind(models.TextChoices):
    ABOUT = "about", _("About")
    CONTACT = "contact", _("Contact")
    PRIVACY = "privacy", _("Privacy")
    ACCESSIBILITY = "accessibility", _("Accessibility")


class SitePage(models.Model):
    kind = models.CharField(_("page"), max_length=20, choices=PageKind.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Markdown: ## for a heading, - for a list item, [text](https://...) for a link. "
            "Any HTML is removed."
        ),
    )
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("historical site page"))

    class Meta:
        ordering = ["kind", "language"]
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="sitepage_one_per_language"),
            models.CheckConstraint(
                condition=Q(kind__in=PageKind.values), name="sitepage_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="sitepage_language_valid"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="sitepage_title_not_empty"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.language})"

    def get_absolute_url(self):
        """The page in its own language ("View on site" in the admin)."""
        with translation.override(self.language):
            return reverse(self.kind)

    @property
    def body_html(self) -> str:
        """The text as HTML that is safe to show (Markdown, sanitized by nh3)."""
        return render_markdown(self.body)
