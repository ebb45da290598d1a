"""Deliveries of webhook notifications, one task per (subscription, notification)."""

from celery import shared_task

from base.tasks import RecordedTask

from .delivery import attempt_delivery, give_up


class DeliveryTask(RecordedTask):
    """Retried with RecordedTask's exponential backoff on network errors, 5xx and 429
    (all raised as OSError by attempt_delivery); marked failed in the log once the
    retries are spent, and recorded for staff as every failed task is."""

    abstract = True

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        super().on_failure(exc, task_id, args, kwargs, einfo)
        give_up(delivery_id=kwargs.get("delivery_id") or args[0])


@shared_task(base=DeliveryTask, name="webhooks.tasks.deliver")
def deliver(delivery_id: str) -> str:
    """Send one delivery; idempotent by its id (a delivered one is not sent again)."""
    return attempt_delivery(delivery_id=delivery_id)
