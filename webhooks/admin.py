from django.contrib import admin
from django.db import models

from .models import Delivery, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    # The secret is not shown: it was shown once, to the partner.
    list_display = ["url", "owner", "events", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["url", "owner__username", "owner__email"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner"]
    readonly_fields = ["created_at", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The delivery log: read only, written by the deliveries themselves."""

    list_display = [
        "id",
        "event_type",
        "payload_id",
        "subscription",
        "status",
        "attempts",
        "status_code",
        "created_at",
    ]
    list_filter = ["status", "event_type"]
    search_fields = ["=id", "payload_id", "subscription__url"]
    list_select_related = ["subscription"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
