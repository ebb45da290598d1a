import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from base.models import Role
from cities.models import Membership
from exchanges.models import DEFAULT_REGISTRATIONS_PER_OFFICIAL, Registration, RegistrationStatus
from exchanges.services import cancel_registration, register_delegate
from tests.factories import CityFactory, EventFactory, RegistrationFactory, UserFactory

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
    # The seat is held for them until they confirm it, or the offer expires.
    assert second.status == RegistrationStatus.PENDING
    assert second.offer_expires_at > timezone.now()
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


# One registration per person and event


@pytest.mark.django_db
def test_the_database_holds_one_live_registration_per_event_and_email():
    event = open_event()
    RegistrationFactory(event=event, email="Ana@Example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, email="ana@example.ORG")
    # Another event, a cancelled registration, an anonymized one: no conflict.
    RegistrationFactory(event=open_event(), email="ana@example.org")
    RegistrationFactory(event=event, email="bea@example.org", status="cancelled")
    RegistrationFactory(event=event, email="bea@example.org")
    RegistrationFactory(event=event, email="caio@example.org", anonymized_at=timezone.now())
    RegistrationFactory(event=event, email="caio@example.org")
    assert Registration.objects.filter(event=event).count() == 5


@pytest.mark.django_db
def test_the_same_person_is_not_registered_twice_whatever_the_case_of_their_email():
    event = open_event(capacity=5)
    register(event, 0)
    with pytest.raises(ValidationError) as error:
        register_delegate(
            event=event,
            name="Delegate 0 again",
            email="DELEGATE0@Maputo.gov.mz",
            role="ngo",
            consent=True,
            today=TODAY,
        )
    assert "email" in error.value.message_dict
    assert event.registrations.count() == 1


@pytest.mark.django_db
def test_a_cancelled_person_may_register_again():
    event = open_event(capacity=5)
    cancel_registration(registration=register(event, 0))
    again = register(event, 0)
    assert again.status == RegistrationStatus.CONFIRMED
    assert event.registrations.filter(email="delegate0@maputo.gov.mz").count() == 2


# Whose delegates an official registers, and how many


@pytest.fixture
def durban_official(db):
    user = UserFactory(username="durban-official", groups=[Role.OFFICIAL])
    Membership.objects.create(
        user=user, city=CityFactory(slug="durban", name="Durban"), verified_at=timezone.now()
    )
    return user


@pytest.mark.django_db
def test_an_official_registers_delegates_of_their_own_city_only(official, city, durban_official):
    event = open_event(capacity=5)
    durban = durban_official.membership.city
    assert register(event, 0, city=city, registered_by=official).city == city
    for other in (durban, None):
        with pytest.raises(ValidationError) as error:
            register(event, 1, city=other, registered_by=official)
        assert "city" in error.value.message_dict
    assert event.registrations.count() == 1


@pytest.mark.django_db
def test_organizers_and_curators_register_delegates_of_any_city(
    official, city, durban_official, curator
):
    hosted = open_event(capacity=5, host_city=city)
    durban = durban_official.membership.city
    assert register(hosted, 0, city=durban, registered_by=official).city == durban
    assert register(hosted, 1, city=None, registered_by=curator).city is None
    assert register(open_event(), 2, city=durban, registered_by=curator).city == durban


@pytest.mark.django_db
def test_an_official_registers_up_to_the_event_s_limit(official, city):
    event = open_event(capacity=10, registrations_per_official=2)
    first = register(event, 0, city=city, registered_by=official)
    register(event, 1, city=city, registered_by=official)
    with pytest.raises(ValidationError, match="the most one official may"):
        register(event, 2, city=city, registered_by=official)
    # A cancelled registration frees its place in the official's quota.
    cancel_registration(registration=first)
    register(event, 2, city=city, registered_by=official)
    assert event.registrations.active().filter(registered_by=official).count() == 2


@pytest.mark.django_db
def test_the_limit_binds_neither_organizers_nor_an_event_without_one(official, city, curator):
    hosted = open_event(capacity=10, registrations_per_official=1, host_city=city)
    for n in range(3):
        register(hosted, n, city=city, registered_by=official)
    for n in range(3, 5):
        register(hosted, n, registered_by=curator)
    unlimited = open_event(capacity=30, registrations_per_official=None)
    for n in range(12):
        register(unlimited, n, city=city, registered_by=official)
    assert unlimited.registrations.count() == 12


@pytest.mark.django_db
def test_an_event_s_limit_is_at_least_one_or_none():
    EventFactory(registrations_per_official=1)
    EventFactory(registrations_per_official=None)
    assert EventFactory().registrations_per_official == DEFAULT_REGISTRATIONS_PER_OFFICIAL
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(registrations_per_official=0)
