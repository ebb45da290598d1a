from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sources.admin import CitationInline, QuoteInline

from .models import Adoption, Practice, PracticeTranslation, Result, Review, ReviewCard


class PracticeTranslationInline(admin.StackedInline):
    model = PracticeTranslation
    extra = 0


class ResultInline(admin.TabularInline):
    model = Result
    extra = 1


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
    autocomplete_fields = ["city", "countries", "organizations", "events", "submitted_by"]
    filter_horizontal = ["pillars", "sdgs", "sectors", "criteria"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [
        PracticeTranslationInline,
        ResultInline,
        AdoptionInline,
        ReviewInline,
        CitationInline,
        QuoteInline,
    ]


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    list_display = ["practice", "city", "stage", "year", "event"]
    list_filter = ["stage", "year"]
    list_select_related = ["practice", "city", "event"]
    search_fields = ["practice__title", "city__name", "notes"]
    autocomplete_fields = ["practice", "city", "event"]
    inlines = [CitationInline]


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
