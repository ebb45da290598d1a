from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db import models

from .models import Citation, Quote, Source

# Addresses typed without a scheme are read as https, as in the rest of the site.
URLS_AS_HTTPS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "year", "kind"]
    list_filter = ["kind"]
    search_fields = ["title", "publisher", "url"]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = URLS_AS_HTTPS


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["source", "locator", "content_type", "object_id", "supports"]
    list_filter = ["content_type", "source__kind"]
    search_fields = ["quote", "locator", "source__title"]
    list_select_related = ["source", "content_type"]
    formfield_overrides = URLS_AS_HTTPS


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["speaker", "text", "content_type", "object_id"]
    search_fields = ["text", "speaker"]
    list_select_related = ["content_type"]


class CitationInline(GenericTabularInline):
    """The sources of a record, in its own admin page."""

    model = Citation
    extra = 0
    fields = ["position", "source", "locator", "supports", "quote", "url"]
    formfield_overrides = URLS_AS_HTTPS
    autocomplete_fields = ["source"]


class QuoteInline(GenericTabularInline):
    model = Quote
    extra = 0
    fields = ["position", "text", "speaker", "speaker_role", "language", "source", "locator"]
    autocomplete_fields = ["source"]
