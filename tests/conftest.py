import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from base.models import Role
from cities.models import Membership
from tests.factories import CityFactory, UserFactory

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def pytest_sessionstart(session):
    """Compile the catalogues that changed since `make` last did, as `make` would: the
    tests read the .mo files, and are often run without make."""
    if shutil.which("msgfmt") is None:
        return
    for po in LOCALE.glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True)


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
