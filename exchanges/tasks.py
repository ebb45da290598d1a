"""Background tasks of the exchanges: the registrations' anonymization (daily, celery
beat)."""

from celery import shared_task

from base.tasks import RecordedTask

from . import services


@shared_task(base=RecordedTask, name="exchanges.tasks.anonymize_registrations")
def anonymize_registrations() -> int:
    """Anonymize the registrations whose event ended 12 months ago (daily); idempotent:
    registrations already anonymized are left alone."""
    return services.anonymize_registrations()
