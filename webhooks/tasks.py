"""Deliveries of webhook notifications, one task per (subscription, notification)."""

import datetime

from celery import shared_task
from django.utils import timezone

from base.tasks import RecordedTask

from .delivery import attempt_delivery, give_up
from .models import Delivery

# How long the delivery log keeps a delivery: enough for a partner to look into a
# problem, bounded however many notifications are sent.
DELIVERY_LOG_MEMORY = datetime.timedelta(days=90)


class DeliveryTask(RecordedTask):
    """Retried with RecordedTask's exponential backoff on network errors, 5xx and 429
    (all raised as OSError by attempt_delivery); marked failed in the log once the
    retries are spent, and recorded for staff as every failed task is."""

    abstract = True
    # A server that answers a byte at a time would hold the worker for up to the socket
    # timeout per byte: the attempt is stopped (and fails for good) past this.
    soft_time_limit = 30

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        super().on_failure(exc, task_id, args, kwargs, einfo)
        give_up(delivery_id=kwargs.get("delivery_id") or args[0])


@shared_task(base=DeliveryTask, name="webhooks.tasks.deliver")
def deliver(delivery_id: str) -> str:
    """Send one delivery; idempotent by its id (a delivered one is not sent again)."""
    return attempt_delivery(delivery_id=delivery_id)


@shared_task(base=RecordedTask, name="webhooks.tasks.forget_old_deliveries")
def forget_old_deliveries() -> int:
    """Forget the deliveries logged long ago (daily)."""
    deleted, _ = Delivery.objects.filter(
        created_at__lt=timezone.now() - DELIVERY_LOG_MEMORY
    ).delete()
    return deleted
