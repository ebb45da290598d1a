"""Anonymizing registrations erases every copy of a delegate's name: the admin's log
(which names a registration by `str()`) and cached anonymous responses included."""

import datetime

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry

from base import cache as response_cache
from exchanges.services import anonymize_registrations
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)
LONG_AGO = datetime.date(2024, 5, 2)
LAST_MONTH = datetime.date(2026, 10, 20)


def registration(end_date: datetime.date, name: str):
    event = EventFactory(start_date=end_date, end_date=end_date)
    return RegistrationFactory(event=event, name=name, email="amelia@cmm.gov.mz")


def log(user, registration, action_flag=CHANGE) -> LogEntry:
    """What the admin writes when someone edits or deletes a registration."""
    return LogEntry.objects.log_actions(user.pk, [registration], action_flag, single_object=True)


@pytest.fixture
def admin_user():
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


def test_the_admin_log_loses_the_names_of_anonymized_delegates(admin_user):
    due = registration(LONG_AGO, "Amélia Santos")
    recent = registration(LAST_MONTH, "Joaquim Chissano")
    due_entry, recent_entry = log(admin_user, due), log(admin_user, recent)
    assert "Amélia Santos" in due_entry.object_repr

    assert anonymize_registrations(today=TODAY) == 1

    due_entry.refresh_from_db()
    recent_entry.refresh_from_db()
    assert "Amélia" not in due_entry.object_repr
    assert due_entry.object_repr == "Anonymized delegate"
    # The entry still says who did what to which registration.
    assert (due_entry.object_id, due_entry.user, due_entry.action_flag) == (
        str(due.pk),
        admin_user,
        CHANGE,
    )
    # A registration not yet due keeps its name, in the log as in the table.
    assert "Joaquim Chissano" in recent_entry.object_repr


def test_the_admin_pages_no_longer_show_the_name(client, admin_user):
    due = registration(LONG_AGO, "Amélia Santos")
    log(admin_user, due)
    client.force_login(admin_user)
    history = f"/admin/exchanges/registration/{due.pk}/history/"
    assert "Amélia Santos" in client.get("/admin/").content.decode()

    anonymize_registrations(today=TODAY)

    for url in ("/admin/", history):
        response = client.get(url)
        assert response.status_code == 200
        assert "Amélia" not in response.content.decode()


def test_a_deleted_registration_leaves_no_name_in_the_log(admin_user):
    deleted = registration(LAST_MONTH, "Amélia Santos")
    entry = log(admin_user, deleted, DELETION)
    deleted.delete()

    anonymize_registrations(today=TODAY)

    entry.refresh_from_db()
    assert entry.object_repr == "Anonymized delegate"


def test_entries_written_before_the_rule_are_set_right_on_the_next_run(admin_user):
    due = registration(LONG_AGO, "Amélia Santos")
    entry = log(admin_user, due)
    anonymize_registrations(today=TODAY)
    # As the log stood for registrations anonymized before the admin log was covered.
    LogEntry.objects.filter(pk=entry.pk).update(object_repr="Amélia Santos (Maputo 2012)")

    assert anonymize_registrations(today=TODAY) == 0

    entry.refresh_from_db()
    assert entry.object_repr == "Anonymized delegate"


def test_anonymization_invalidates_cached_responses():
    registration(LONG_AGO, "Amélia Santos")
    before = response_cache.content_version()
    anonymize_registrations(today=TODAY)
    assert response_cache.content_version() != before


def test_nothing_to_anonymize_keeps_the_cache():
    registration(LAST_MONTH, "Joaquim Chissano")
    before = response_cache.content_version()
    assert anonymize_registrations(today=TODAY) == 0
    assert response_cache.content_version() == before
