import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from base.models import Role
from cities.models import Membership
from tests.factories import CityFactory, EventFactory, UserFactory


@pytest.fixture
def other_city(db):
    return CityFactory(slug="durban", name="Durban")


@pytest.fixture
def other_official(db, other_city):
    """An official of city B (Durban)."""
    user = UserFactory(username="durban-official", email="durban@example.org")
    user.groups.add(Group.objects.get(name=Role.OFFICIAL))
    Membership.objects.create(user=user, city=other_city, verified_at=timezone.now())
    return user


@pytest.fixture
def unverified(db, city):
    user = UserFactory(username="unverified", email="unverified@example.org")
    user.groups.add(Group.objects.get(name=Role.OFFICIAL))
    Membership.objects.create(user=user, city=city)
    return user


@pytest.fixture
def open_event(db, city):
    """An event hosted by the official's city, taking registrations."""
    today = timezone.localdate()
    return EventFactory(
        slug="open-event",
        host_city=city,
        status="open",
        capacity=2,
        start_date=today + datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=32),
        registration_deadline=today + datetime.timedelta(days=20),
    )


@pytest.fixture
def durban_event(db, other_city):
    today = timezone.localdate()
    return EventFactory(
        slug="durban-event",
        host_city=other_city,
        status="open",
        capacity=5,
        start_date=today + datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=32),
    )
