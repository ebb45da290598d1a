from django.contrib import admin
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cities.models import Membership

from .models import SitePage


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "city", "organization", "verified_at", "verified_by", "language"]
    list_filter = ["verified_at", "language"]
    list_select_related = ["user", "city", "verified_by"]
    search_fields = ["user__username", "user__email", "city__name"]
    autocomplete_fields = ["user", "city", "organization", "verified_by"]


@admin.register(SitePage)
class SitePageAdmin(SimpleHistoryAdmin):
    """About, Contact, Privacy and Accessibility in each language; "History" lists every
    edit with who made it, and can revert one."""

    list_display = ["kind", "language", "title", "updated_at"]
    list_filter = ["kind", "language"]
    search_fields = ["title", "body"]
    readonly_fields = ["updated_at", "preview"]
    fields = ["kind", "language", "title", "body", "preview", "updated_at"]

    @admin.display(description=_("preview (as shown, after removing any HTML)"))
    def preview(self, page):
        return format_html("<div>{}</div>", mark_safe(page.body_html)) if page.pk else "-"
