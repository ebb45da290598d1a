"""The digests (celery beat: daily every morning, weekly on Mondays), and forgetting old
news."""

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from base.tasks import RecordedTask

from .models import Activity
from .selectors import digest_recipients
from .services import send_digest


@shared_task(base=RecordedTask, name="follows.tasks.send_digests")
def send_digests(*, frequency: str, base_url: str | None = None) -> int:
    """Queue the digest of `frequency` of each person who follows something at it (or,
    weekly, has only items of a digest source waiting); how many were queued. Each
    digest carries only what no digest carried before, so running this twice sends
    nothing more."""
    base_url = (base_url or settings.SITE_URL).rstrip("/")
    user_ids = digest_recipients(frequency)
    for user_id in user_ids:
        send_user_digest.delay(user_id=user_id, frequency=frequency, base_url=base_url)
    return len(user_ids)


@shared_task(base=RecordedTask, name="follows.tasks.send_user_digest")
def send_user_digest(*, user_id: int, frequency: str, base_url: str) -> int:
    return send_digest(user_id=user_id, frequency=frequency, base_url=base_url)


# Far longer than any digest waits: news older than this is no longer news.
ACTIVITY_MEMORY = datetime.timedelta(days=365)


@shared_task(base=RecordedTask, name="follows.tasks.forget_old_activities")
def forget_old_activities() -> int:
    """Delete the activities (and what digests carried of them) older than a year
    (daily); how many."""
    cutoff = timezone.now() - ACTIVITY_MEMORY
    deleted, _detail = Activity.objects.filter(occurred_at__lt=cutoff).delete()
    return deleted
