"""Background tasks of the practices: the stale practices' reminders (daily, celery beat)."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from base.tasks import RecordedTask

from .services import practices_to_remind, remind_submitter


@shared_task(base=RecordedTask, name="practices.tasks.remind_stale_practices")
def remind_stale_practices(*, base_url: str | None = None) -> int:
    """Queue a reminder to the submitter of each stale practice not reminded yet (daily);
    how many were queued. Running it twice queues reminders that find the practice
    already reminded and send nothing."""
    base_url = (base_url or settings.SITE_URL).rstrip("/")
    today = timezone.localdate()
    practice_ids = list(practices_to_remind(today).values_list("pk", flat=True))
    for practice_id in practice_ids:
        send_stale_reminder.delay(practice_id=practice_id, base_url=base_url)
    return len(practice_ids)


@shared_task(base=RecordedTask, name="practices.tasks.send_stale_reminder")
def send_stale_reminder(*, practice_id: int, base_url: str) -> bool:
    """Remind one practice's submitter, once per verification (see `remind_submitter`)."""
    return remind_submitter(practice_id=practice_id, base_url=base_url)
