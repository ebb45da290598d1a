"""One attempt at delivering a notification, recorded in the delivery log."""

import json

from django.db import transaction
from django.utils import timezone

from .http import Answer, UnsafeTarget, post_signed
from .models import Delivery, DeliveryStatus, EventType

ERROR_LENGTH = Delivery._meta.get_field("error").max_length
EXCERPT_LENGTH = Delivery._meta.get_field("response_excerpt").max_length


class RetryableAnswer(OSError):
    """The partner's server answered with an error that may pass (5xx, 429): retried
    like a network error (webhooks.tasks)."""


def should_retry(status_code: int) -> bool:
    """A 5xx or a 429 may pass; any other 4xx (or a 3xx: redirects are not followed)
    will not, so it is not repeated."""
    return status_code >= 500 or status_code == 429


def body_of(delivery: Delivery) -> bytes:
    return json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()


def _record_answer(delivery: Delivery, answer: Answer, now) -> OSError | None:
    delivery.status_code = answer.status_code
    delivery.response_excerpt = answer.excerpt[
        : Delivery._meta.get_field("response_excerpt").max_length
    ]
    if 200 <= answer.status_code < 300:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = now
        delivery.error = ""
        return None
    delivery.error = f"HTTP {answer.status_code}"
    if should_retry(answer.status_code):
        return RetryableAnswer(delivery.error)
    delivery.status = DeliveryStatus.FAILED
    return None


def attempt_delivery(*, delivery_id: str) -> str:
    """POST a pending delivery once and log the outcome; its status after. Raises an
    OSError when the attempt may succeed later (network error, 5xx, 429), for the task
    to retry. A delivered or failed delivery is not sent again."""
    with transaction.atomic():
        # The row stays locked while the request runs: a second worker running the same
        # delivery (a redelivered task) skips it rather than sending it twice.
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("subscription")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return "skipped"
        if delivery.status != DeliveryStatus.PENDING:
            return delivery.status
        subscription = delivery.subscription
        now = timezone.now()
        delivery.attempts += 1
        delivery.last_attempt_at = now
        retry_error = None
        if not subscription.active and delivery.event_type != EventType.PING:
            delivery.status = DeliveryStatus.FAILED
            delivery.error = "The subscription is turned off."
        else:
            try:
                answer = post_signed(
                    url=subscription.url,
                    body=body_of(delivery),
                    secret=subscription.secret,
                    delivery_id=str(delivery.id),
                    event_type=delivery.event_type,
                    timestamp=str(int(now.timestamp())),
                )
            except UnsafeTarget as error:
                delivery.status = DeliveryStatus.FAILED
                delivery.error = str(error)[:ERROR_LENGTH]
            except OSError as error:  # requests' errors: refused, timed out, TLS...
                delivery.error = repr(error)[:ERROR_LENGTH]
                retry_error = error
            else:
                retry_error = _record_answer(delivery, answer, now)
        delivery.full_clean()
        delivery.save()
    if retry_error is not None:
        raise retry_error
    return delivery.status


def give_up(*, delivery_id: str) -> None:
    """Mark a delivery failed for good once its retries are spent."""
    Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.FAILED
    )
