from django.contrib import admin

from .models import Challenge, ChallengeNotification, ChallengeOffer


class ChallengeOfferInline(admin.TabularInline):
    model = ChallengeOffer
    extra = 0
    autocomplete_fields = ["city", "by"]


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "city", "status", "created_at"]
    list_filter = ["status", "pillars", "sdgs", "city__country__region"]
    list_select_related = ["city"]
    search_fields = ["title", "slug", "description", "city__name"]
    autocomplete_fields = ["city", "partner_cities", "posted_by"]
    filter_horizontal = ["pillars", "sdgs", "sectors"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ChallengeOfferInline]


@admin.register(ChallengeNotification)
class ChallengeNotificationAdmin(admin.ModelAdmin):
    list_display = ["challenge", "user", "city", "created_at", "digested_at"]
    list_filter = ["digested_at"]
    list_select_related = ["challenge", "user", "city"]
    search_fields = ["challenge__title", "user__username", "city__name"]
    raw_id_fields = ["challenge", "user", "city"]
