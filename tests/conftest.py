import os
import shutil
import subprocess
from pathlib import Path

import pytest
from celery._state import _set_task_join_will_block
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.utils import timezone, translation
from pytest_django.fixtures import validate_django_db
from pytest_django.plugin import blocking_manager_key

from base.api.throttling import RoleRateThrottle
from base.models import Role
from cities.models import Membership
from portal.demo.loader import load_demo_network
from tests.factories import CityFactory, UserFactory

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def pytest_sessionstart(session):
    """Compile the catalogues that changed since `make` last did, as `make` would: the
    tests read the .mo files, and are often run without make. Under pytest-xdist the
    controller does it before it starts the workers, which would write the same files."""
    if shutil.which("msgfmt") is None or os.environ.get("PYTEST_XDIST_WORKER"):
        return
    for po in LOCALE.glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True)


# A test marked for one database runs only on it. The skip is decided at collection, before
# any fixture builds data or a transactional test empties and restores the database.
ONLY_ON = {
    "postgresql": "needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)",
    "sqlite": "the SQLite fallback, not used on PostgreSQL",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        for vendor, reason in ONLY_ON.items():
            if item.get_closest_marker(vendor) and connection.vendor != vendor:
                item.add_marker(pytest.mark.skip(reason=reason))


TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}


def is_transactional(item: pytest.Item) -> bool:
    """As pytest-django decides whether a test runs in a TransactionTestCase."""
    marker = item.get_closest_marker("django_db")
    transaction_, reset_sequences, *_rest = validate_django_db(marker) if marker else (0, 0)
    return bool(transaction_ or reset_sequences or TRANSACTIONAL_FIXTURES & set(item.fixturenames))


def pytest_fixture_post_finalizer(fixturedef, request):
    """A transactional test ends by emptying the database, and Django puts the reference data
    of the migrations (countries, pillars, SDGs, roles) back only at the start of the next
    `serialized_rollback` test. Put it back as soon as pytest-django's database fixture is
    done: under pytest-xdist any test may come next on this worker, and a database kept for
    the next run (--reuse-db) keeps it."""
    if fixturedef.argname != "_django_db_helper" or not is_transactional(request.node):
        return
    with request.config.stash[blocking_manager_key].unblock():
        for alias in connections:
            database = connections[alias]
            if hasattr(database, "_test_serialized_contents"):
                database.creation.deserialize_db_from_string(database._test_serialized_contents)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in English: a test that activates a language (a page under /fr/,
    `translation.activate`) must not change what the next one on the same worker reads."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def generous_rates(monkeypatch):
    """API rates no test reaches unless it means to (the throttling tests set their own),
    and a whole budget for each test: request counts live in the cache, which every test
    on a worker shares, so a module's anonymous requests would otherwise count against the
    next module's."""
    # DRF reads the rates once, into a class attribute.
    monkeypatch.setattr(
        RoleRateThrottle,
        "THROTTLE_RATES",
        {"anon": "10000/min", "user": "10000/min", "partner": "10000/min"},
    )
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def tasks_may_be_joined():
    """Each test starts able to wait for an eager task's result. Celery marks joining as
    blocking with a process-wide flag, set and restored around each eager `delay()`
    (`denied_join_result`); a live server's thread and the test's queueing tasks at the
    same time can restore it in the wrong order and leave it set, and every later
    `.get()` on the worker would then raise "Never call result.get() within a task!"."""
    _set_task_join_will_block(False)
    yield
    _set_task_join_will_block(False)


@pytest.fixture(autouse=True)
def content_types_cached(request):
    """Records' sources and quotes are generic relations: reading them needs their content
    types, which Django keeps in a process-wide cache and queries only once. Fill it before
    each database test, so that a query count measures the rows, not whether an earlier
    test on the same worker happened to read the same content type."""
    if not request.node.get_closest_marker("django_db") and not (
        {"db", "transactional_db"} & set(request.fixturenames)
    ):
        return
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    request.getfixturevalue(
        "db" if "transactional_db" not in request.fixturenames else "transactional_db"
    )
    ContentType.objects.get_for_models(*apps.get_models())


@pytest.fixture(scope="module")
def demo_network(django_db_setup, django_db_blocker):
    """The demo network, loaded once for a test module and rolled back after it: loading it
    takes seconds. Each test's own transaction nests inside (a savepoint), so what a test
    writes is still undone after it. Not for transactional tests (`transaction=True`),
    which empty the database."""
    with django_db_blocker.unblock(), transaction.atomic():
        counts = load_demo_network()
        with django_db_blocker.block():
            yield counts
        transaction.set_rollback(True)


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
