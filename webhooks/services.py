"""Writes on webhooks: partners' subscriptions, and the notifications queued for them."""

from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from base.permissions import can_manage_webhooks

from . import tasks
from .models import Delivery, EventType, Subscription

# Enough for a partner's environments (production, staging, ...); bounds the requests
# one account makes the portal send.
MAX_SUBSCRIPTIONS_PER_OWNER = 10


@transaction.atomic
def create_subscription(*, by, url: str, events: list[str], active: bool = True) -> Subscription:
    """A new subscription of `by` (a partner or a curator), with a fresh secret: the
    caller shows it once."""
    if not can_manage_webhooks(by):
        raise PermissionDenied(_("Only partners and curators subscribe to webhooks."))
    # Locks the owner's row: two concurrent requests cannot both pass the count.
    get_user_model().objects.select_for_update().filter(pk=by.pk).first()
    if Subscription.objects.owned_by(by).count() >= MAX_SUBSCRIPTIONS_PER_OWNER:
        raise ValidationError(
            _("You may have at most %(count)d webhook subscriptions.")
            % {"count": MAX_SUBSCRIPTIONS_PER_OWNER}
        )
    subscription = Subscription(owner=by, url=url, events=events, active=active)
    subscription.full_clean()
    subscription.save()
    return subscription


SUBSCRIPTION_EDITABLE_FIELDS = {"url", "events", "active"}


@transaction.atomic
def update_subscription(*, subscription: Subscription, by, **values) -> Subscription:
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.owner_id != by.pk or not can_manage_webhooks(by):
        raise PermissionDenied(_("Only its owner changes a webhook subscription."))
    unknown = set(values) - SUBSCRIPTION_EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be written.") for name in unknown})
    for name, value in values.items():
        setattr(subscription, name, value)
    subscription.full_clean()
    subscription.save()
    return subscription


@transaction.atomic
def delete_subscription(*, subscription: Subscription, by) -> None:
    if subscription.owner_id != by.pk or not can_manage_webhooks(by):
        raise PermissionDenied(_("Only its owner deletes a webhook subscription."))
    subscription.delete()


def _queue(subscription: Subscription, *, event_type: str, payload_id: str, data: dict):
    delivery = Delivery(subscription=subscription, event_type=event_type, payload_id=payload_id)
    delivery.payload = {
        "id": str(delivery.id),
        "type": event_type,
        "created_at": timezone.now().isoformat(),
        "data": data,
    }
    delivery.full_clean()
    delivery.save()
    # Sent once the change it reports is committed: never news of a rolled-back write.
    transaction.on_commit(partial(tasks.deliver.delay, str(delivery.id)))
    return delivery


@transaction.atomic
def queue_notification(*, event_type: str, payload_id: str, data: dict) -> list[Delivery]:
    """A delivery of the notification to each active subscription to `event_type`,
    recorded with the change that caused it (in its transaction) and sent after."""
    return [
        _queue(subscription, event_type=event_type, payload_id=payload_id, data=data)
        for subscription in Subscription.objects.listening_to(event_type)
    ]


@transaction.atomic
def ping_subscription(*, subscription: Subscription, by) -> Delivery:
    """A test notification to the subscription's URL, whatever the events it follows."""
    if subscription.owner_id != by.pk or not can_manage_webhooks(by):
        raise PermissionDenied(_("Only its owner pings a webhook subscription."))
    return _queue(
        subscription,
        event_type=EventType.PING,
        payload_id="",
        data={"subscription": subscription.pk, "site": settings.SITE_URL},
    )
