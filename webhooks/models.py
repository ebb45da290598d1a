"""Partners' webhook subscriptions, and the log of every notification sent to them."""

import secrets
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from base.models import Role


class EventType(models.TextChoices):
    """What a partner may subscribe to (PING is only sent on request, to test a URL)."""

    PRACTICE_PUBLISHED = "practice.published", _("A practice is published")
    EVENT_CREATED = "event.created", _("An event is added")
    EVENT_UPDATED = "event.updated", _("An event is changed")
    EVENT_CANCELLED = "event.cancelled", _("An event is cancelled")
    PING = "ping", _("Ping")


SUBSCRIBABLE_EVENT_TYPES = [choice for choice in EventType.values if choice != EventType.PING]
# Where a developer's own machine may receive notifications over plain HTTP (DEBUG only).
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


def target_url_refusal(url: str) -> str | None:
    """Why `url` cannot receive notifications, or None: HTTPS only, except plain HTTP
    to the developer's own machine while DEBUG is on. (Where the host points is checked
    at each delivery: webhooks.http.)"""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return None
    if parts.scheme == "http" and settings.DEBUG and parts.hostname in LOCAL_HOSTS:
        return None
    return str(_("The target URL must start with https://."))


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class SubscriptionQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)

    def notified(self):
        """Active, and owned by an active account that is still a partner or a curator:
        an account that lost its role stops receiving the network's news."""
        owners = Q(owner__is_superuser=True) | Q(
            owner__groups__name__in=[Role.PARTNER, Role.CURATOR]
        )
        return self.filter(owners, active=True, owner__is_active=True).distinct()

    def listening_to(self, event_type: str) -> list["Subscription"]:
        # Few partners, a handful of subscriptions each: filtered here, whatever the
        # database's support for querying inside JSON.
        return [s for s in self.notified() if event_type in s.events]


class Subscription(models.Model):
    """A partner's URL that receives the notifications of the events it subscribes to,
    signed with a secret only the partner and the portal know."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
    )
    url = models.URLField(_("target URL"), max_length=500)
    events = models.JSONField(_("events"), help_text=_("The event types notified."))
    # Shown to the partner once, when the subscription is made; kept to sign with.
    secret = models.CharField(_("secret"), max_length=100, default=new_secret, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        constraints = [
            models.CheckConstraint(condition=~Q(events=[]), name="webhook_subscription_has_events"),
            models.CheckConstraint(condition=~Q(secret=""), name="webhook_subscription_has_secret"),
        ]

    def __str__(self):
        return self.url

    def clean(self):
        errors = {}
        refusal = target_url_refusal(self.url or "")
        if refusal:
            errors["url"] = refusal
        if (
            not isinstance(self.events, list)
            or not self.events
            or any(event not in SUBSCRIBABLE_EVENT_TYPES for event in self.events)
        ):
            errors["events"] = _("Choose one or more of: %(types)s.") % {
                "types": ", ".join(SUBSCRIBABLE_EVENT_TYPES)
            }
        else:
            self.events = sorted(set(self.events))
        if errors:
            raise ValidationError(errors)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One notification to one subscription, with the outcome of its last attempt. Its
    id, sent as `X-PeerCities-Delivery`, is the same on every attempt: a partner that
    received it once ignores it after; the portal never sends a delivered one again."""

    id = models.UUIDField(_("delivery id"), primary_key=True, default=uuid.uuid4, editable=False)
    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("subscription"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event_type = models.CharField(_("event type"), max_length=40, choices=EventType.choices)
    payload_id = models.CharField(
        _("payload id"), max_length=200, blank=True, help_text=_("The slug of the notified object.")
    )
    # The body, built when the notification is queued: every attempt sends the same.
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    status_code = models.PositiveSmallIntegerField(_("last status code"), null=True, blank=True)
    response_excerpt = models.CharField(_("response excerpt"), max_length=500, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["subscription", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(event_type__in=EventType.values), name="webhook_delivery_known_type"
            ),
            models.CheckConstraint(
                condition=Q(status_code__isnull=True) | Q(status_code__range=(100, 599)),
                name="webhook_delivery_http_status_code",
            ),
            # Delivered means a 2xx answer, at a known time; and only then.
            models.CheckConstraint(
                condition=(
                    Q(
                        status=DeliveryStatus.DELIVERED,
                        delivered_at__isnull=False,
                        # A null code would pass the range test (SQL's unknown).
                        status_code__isnull=False,
                        status_code__range=(200, 299),
                    )
                    | (~Q(status=DeliveryStatus.DELIVERED) & Q(delivered_at__isnull=True))
                ),
                name="webhook_delivery_delivered_with_2xx",
            ),
        ]

    def __str__(self):
        return f"{self.event_type} → {self.subscription_id} ({self.id})"
