"""Background tasks of the exchanges: the registrations' anonymization (daily), the
reminders of progress reports due (daily), the expiry of seats offered from the
waiting list (every quarter of an hour, celery beat), and the emails of the registration
journey. Each is safe to run twice: an email's key is its registration's (and offer's),
so a second run sends nothing more."""

from celery import shared_task
from django.conf import settings

from base.tasks import RecordedTask

from . import notifications, services
from .models import Registration, RegistrationStatus
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


@shared_task(base=RecordedTask, name="exchanges.tasks.expire_seat_offers")
def expire_seat_offers() -> int:
    """Give the seats offered and not confirmed in time to the next people waiting."""
    return services.expire_offers()


def _registrations(ids):
    return Registration.objects.filter(pk__in=ids).select_related(
        "event__host_city__country", "city", "registered_by"
    )


@shared_task(base=RecordedTask, name="exchanges.tasks.notify_registered")
def notify_registered(*, registration_ids: list[int]) -> int:
    """Email the delegates just registered and the event's organizers."""
    registrations = list(_registrations(registration_ids).order_by("created_at", "id"))
    notifications.queue_registered_emails(registrations)
    return len(registrations)


@shared_task(base=RecordedTask, name="exchanges.tasks.notify_seat_offered")
def notify_seat_offered(*, registration_id: int) -> bool:
    """Email the delegate offered a seat (while the offer stands) and the organizers."""
    registration = _registrations([registration_id]).first()
    if registration is None or registration.status != RegistrationStatus.PENDING:
        return False
    notifications.queue_offer_emails(registration)
    return True


@shared_task(base=RecordedTask, name="exchanges.tasks.notify_offer_confirmed")
def notify_offer_confirmed(*, registration_id: int) -> bool:
    """Email the delegate who confirmed an offered seat, with the invitation."""
    registration = _registrations([registration_id]).first()
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        return False
    notifications.queue_offer_confirmed_email(registration)
    return True
