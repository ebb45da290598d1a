from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from sources.admin import CitationInline, QuoteInline

from .models import (
    Adoption,
    AdoptionResult,
    AdoptionStageChange,
    Practice,
    PracticePhoto,
    PracticeTargetGroup,
    PracticeTranslation,
    Result,
    Review,
    ReviewCard,
)


class PracticeTranslationInline(admin.StackedInline):
    model = PracticeTranslation
    extra = 0


class ResultInline(admin.TabularInline):
    model = Result
    extra = 1


class TargetGroupInline(admin.TabularInline):
    model = PracticeTargetGroup
    extra = 0


class PhotoInline(admin.TabularInline):
    """Photos are added through the practice form, which checks the file and makes the
    thumbnail (services.save_practice); here their texts are edited, or a photo removed."""

    model = PracticePhoto
    extra = 0
    fields = ["preview", "alt_text", "caption", "credit", "position"]
    readonly_fields = ["preview"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("photo"))
    def preview(self, photo):
        file = photo.thumbnail or photo.image
        return format_html('<img src="{}" alt="{}" width="120">', file.url, photo.alt_text)


class AdoptionInline(admin.TabularInline):
    model = Adoption
    extra = 0
    autocomplete_fields = ["city", "event"]


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    fields = ["created_at", "decision", "by", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Decisions go through the review workflow, which keeps the statuses in step.
        return False


@admin.register(Practice)
class PracticeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "city", "status", "published_at", "verified_on"]
    list_filter = ["status", "language", "pillars", "sdgs", "criteria", "city__country__region"]
    list_select_related = ["city"]
    search_fields = ["title", "slug", "summary", "city__name"]
    autocomplete_fields = [
        "city",
        "other_cities",
        "places",
        "countries",
        "organizations",
        "conventions",
        "events",
        "submitted_by",
    ]
    filter_horizontal = ["pillars", "sdgs", "sectors", "criteria", "stages"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [
        PracticeTranslationInline,
        ResultInline,
        TargetGroupInline,
        PhotoInline,
        AdoptionInline,
        ReviewInline,
        CitationInline,
        QuoteInline,
    ]


class AdoptionStageChangeInline(admin.TabularInline):
    model = AdoptionStageChange
    extra = 0
    autocomplete_fields = ["event", "by"]


class AdoptionResultInline(admin.TabularInline):
    model = AdoptionResult
    extra = 0
    raw_id_fields = ["result"]


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    list_display = ["practice", "city", "stage", "year", "event", "mentor_city"]
    list_filter = ["stage", "year"]
    list_select_related = ["practice", "city", "event", "mentor_city"]
    search_fields = ["practice__title", "city__name", "notes", "changes"]
    autocomplete_fields = ["practice", "city", "event", "mentor_city"]
    inlines = [AdoptionStageChangeInline, AdoptionResultInline, CitationInline]


class ReviewCardInline(admin.StackedInline):
    model = ReviewCard
    extra = 0


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["practice", "decision", "by", "created_at"]
    list_filter = ["decision"]
    list_select_related = ["practice", "by"]
    search_fields = ["practice__title", "comment"]
    readonly_fields = ["practice", "decision", "by", "created_at"]
    inlines = [ReviewCardInline]

    def has_add_permission(self, request):
        return False
