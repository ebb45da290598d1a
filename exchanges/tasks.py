"""Background tasks of the exchanges: the registrations' anonymization and the reminders
of progress reports due (daily, celery beat)."""

from celery import shared_task
from django.conf import settings

from base.tasks import RecordedTask

from . import services
from .notifications import queue_report_reminders
from .selectors import reports_due_soon


@shared_task(base=RecordedTask, name="exchanges.tasks.anonymize_registrations")
def anonymize_registrations() -> int:
    """Anonymize the registrations whose event ended 12 months ago (daily); idempotent:
    registrations already anonymized are left alone."""
    return services.anonymize_registrations()


@shared_task(base=RecordedTask, name="exchanges.tasks.remind_progress_reports")
def remind_progress_reports(*, base_url: str | None = None) -> int:
    """Remind the officials of the cities that owe a progress report due within a week
    (daily); how many reminders were queued. Idempotent: each reminder's key names the
    item, the period and the person, so a second run's emails find theirs sent."""
    base_url = (base_url or settings.SITE_URL).rstrip("/")
    return sum(queue_report_reminders(due, base_url=base_url) for due in reports_due_soon())
