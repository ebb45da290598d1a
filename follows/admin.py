from django.contrib import admin

from .models import Activity, Follow, SourceStop


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "city", "pillar", "event", "frequency", "created_at"]
    list_filter = ["frequency"]
    search_fields = ["user__username", "user__email", "city__name", "event__title"]
    list_select_related = ["user", "city", "pillar", "event"]
    raw_id_fields = ["user", "city", "event"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    """What followers heard of: written by the apps' changes, read here."""

    list_display = ["occurred_at", "kind", "title", "path"]
    list_filter = ["kind"]
    search_fields = ["title", "key"]
    date_hierarchy = "occurred_at"
    readonly_fields = ["key", "kind", "title", "path", "occurred_at", "actor"]
    filter_horizontal = ["cities", "pillars", "events"]

    def has_add_permission(self, request):
        return False


@admin.register(SourceStop)
class SourceStopAdmin(admin.ModelAdmin):
    list_display = ["user", "source", "stopped_at"]
    list_filter = ["source"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]
