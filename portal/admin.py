from django.contrib import admin

from cities.models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "city", "organization", "verified_at", "verified_by", "language"]
    list_filter = ["verified_at", "language"]
    list_select_related = ["user", "city", "verified_by"]
    search_fields = ["user__username", "user__email", "city__name"]
    autocomplete_fields = ["user", "city", "organization", "verified_by"]
