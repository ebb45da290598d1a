import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from portal.models import Membership, Role
from tests.factories import CityFactory, UserFactory


@pytest.fixture
def city(db):
    return CityFactory(slug="maputo", name="Maputo")


@pytest.fixture
def official(db, city):
    user = UserFactory(username="official")
    user.groups.add(Group.objects.get(name=Role.OFFICIAL))
    Membership.objects.create(user=user, city=city, verified_at=timezone.now())
    return user


@pytest.fixture
def curator(db):
    user = UserFactory(username="curator")
    user.groups.add(Group.objects.get(name=Role.CURATOR))
    return user


@pytest.fixture
def partner(db):
    user = UserFactory(username="partner")
    user.groups.add(Group.objects.get(name=Role.PARTNER))
    return user
