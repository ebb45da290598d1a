from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import SUBSCRIBABLE_EVENT_TYPES, Delivery, Subscription


class SubscriptionSerializer(serializers.ModelSerializer):
    url = serializers.URLField(
        max_length=500, help_text=_("HTTPS address that receives the notifications.")
    )
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=SUBSCRIBABLE_EVENT_TYPES),
        allow_empty=False,
        max_length=len(SUBSCRIBABLE_EVENT_TYPES),
    )

    class Meta:
        model = Subscription
        fields = ["id", "url", "events", "active", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]


class NewSubscriptionSerializer(SubscriptionSerializer):
    """The answer to a new subscription: the only time its secret is shown."""

    secret = serializers.CharField(
        read_only=True,
        help_text=_("Signs every notification. Shown once: keep it safe."),
    )

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SubscriptionSerializer.Meta.fields, "secret"]


class DeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = Delivery
        fields = [
            "id",
            "event_type",
            "payload_id",
            "status",
            "attempts",
            "status_code",
            "response_excerpt",
            "error",
            "created_at",
            "last_attempt_at",
            "delivered_at",
            "payload",
        ]
        read_only_fields = fields
