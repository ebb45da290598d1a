import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from exchanges.models import Registration, RegistrationStatus
from exchanges.services import cancel_registration, register_delegate
from tests.factories import EventFactory

TODAY = datetime.date(2026, 11, 23)


def open_event(**kwargs):
    defaults = {
        "status": "open",
        "capacity": 2,
        "start_date": datetime.date(2027, 3, 10),
        "end_date": datetime.date(2027, 3, 12),
        "registration_deadline": datetime.date(2027, 2, 28),
    }
    return EventFactory(**{**defaults, **kwargs})


def register(event, n, **kwargs):
    return register_delegate(
        event=event,
        name=f"Delegate {n}",
        email=f"delegate{n}@maputo.gov.mz",
        role="local-government",
        consent=True,
        today=kwargs.pop("today", TODAY),
        **kwargs,
    )


@pytest.mark.django_db
def test_confirmed_while_capacity_lasts_then_waitlisted():
    event = open_event(capacity=2)
    statuses = [register(event, n).status for n in range(4)]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert all(r.consented_at is not None for r in Registration.objects.all())


@pytest.mark.django_db
def test_cancelling_a_confirmed_registration_promotes_the_oldest_waitlisted():
    event = open_event(capacity=1)
    first, second, third = (register(event, n) for n in range(3))
    promoted = cancel_registration(registration=first)
    assert promoted == second
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED
    assert third.status == RegistrationStatus.WAITLISTED


@pytest.mark.django_db
def test_cancelling_a_waitlisted_registration_promotes_nobody():
    event = open_event(capacity=1)
    register(event, 0)
    waitlisted = register(event, 1)
    assert cancel_registration(registration=waitlisted) is None
    with pytest.raises(ValidationError, match="already cancelled"):
        cancel_registration(registration=waitlisted)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "accepted"),
    [
        (datetime.date(2027, 2, 27), True),
        (datetime.date(2027, 2, 28), True),
        (datetime.date(2027, 3, 1), False),
    ],
)
def test_no_registration_after_the_deadline(today, accepted):
    event = open_event()
    if accepted:
        assert register(event, 0, today=today).status == RegistrationStatus.CONFIRMED
    else:
        with pytest.raises(ValidationError, match="closed"):
            register(event, 0, today=today)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "cancelled"}, "cancelled"),
        ({"status": "held"}, "does not take registrations"),
        ({"capacity": None}, "does not take registrations"),
    ],
)
def test_refused_for_events_that_take_no_registration(changes, message):
    event = open_event(**changes)
    with pytest.raises(ValidationError, match=message):
        register(event, 0)
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_consent_is_required():
    event = open_event()
    with pytest.raises(ValidationError, match="consent"):
        register_delegate(
            event=event, name="A", email="a@b.org", role="ngo", consent=False, today=TODAY
        )


@pytest.mark.django_db
def test_bad_email_is_refused_naming_the_field():
    event = open_event()
    with pytest.raises(ValidationError) as error:
        register_delegate(
            event=event, name="A", email="not-an-email", role="ngo", consent=True, today=TODAY
        )
    assert "email" in error.value.message_dict


# serialized_rollback: the reference data (countries...) is back even after a browser
# test, whose transactional teardown empties the database.
# Row locks need PostgreSQL.
@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_registrations_never_exceed_capacity():
    event = open_event(capacity=5)
    barrier = threading.Barrier(24)
    errors = []

    def worker(n):
        try:
            barrier.wait()
            register(event, n)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert len(statuses) == 24
    assert statuses.count(RegistrationStatus.CONFIRMED) == 5
    assert statuses.count(RegistrationStatus.WAITLISTED) == 19
