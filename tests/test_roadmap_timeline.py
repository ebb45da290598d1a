"""Roadmap evidence: each action's timeline of status changes and overdue actions, on
the roadmap page and in the API."""

import datetime

import pytest
from django.utils import timezone

from base.models import Role
from cities.models import Membership
from exchanges.models import ActionStatus, ActionUpdate
from exchanges.services import update_action_status
from portal.demo.loader import load_demo_network
from tests.factories import (
    ActionFactory,
    CityFactory,
    EventFactory,
    RoadmapFactory,
    UserFactory,
)
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db

OVERDUE_TEXT = "actions are overdue"


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def roadmap():
    return RoadmapFactory(slug="maputo-roadmap", title="Maputo roadmap")


def api_actions(client, roadmap) -> dict[str, dict]:
    response = client.get(f"/api/v1/roadmaps/{roadmap.slug}/")
    assert response.status_code == 200
    return {action["title"]: action for action in response.json()["actions"]}


@pytest.mark.parametrize(
    ("days", "status", "overdue"),
    [
        (-1, ActionStatus.PLANNED, True),  # due yesterday, not done
        (-1, ActionStatus.IN_PROGRESS, True),
        (0, ActionStatus.PLANNED, False),  # due today: still time
        (1, ActionStatus.PLANNED, False),  # due tomorrow
        (-1, ActionStatus.DONE, False),
        (-1, ActionStatus.DROPPED, False),
    ],
)
def test_overdue_boundaries_on_the_page_and_in_the_api(client, roadmap, days, status, overdue):
    action = ActionFactory(
        roadmap=roadmap, title="Vendors project", due_date=days_from_today(days), status=status
    )
    action.responsible_cities.add(owner_who_can_act())

    html = client.get(roadmap.get_absolute_url()).content.decode()
    action = api_actions(client, roadmap)["Vendors project"]

    assert action["overdue"] is overdue
    assert ("badge-overdue" in html) is overdue
    assert ("1 action is overdue" in html) is overdue


def test_an_action_without_due_date_is_never_overdue(client, roadmap):
    ActionFactory(roadmap=roadmap, title="Cooperate", due_date=None)

    assert api_actions(client, roadmap)["Cooperate"]["overdue"] is False
    assert "badge-overdue" not in client.get(roadmap.get_absolute_url()).content.decode()


def test_the_overdue_summary_counts_the_overdue_actions(client, roadmap):
    owner = owner_who_can_act()
    for title in ("Dakar", "Brazil"):
        ActionFactory(
            roadmap=roadmap, title=title, due_date=days_from_today(-30)
        ).responsible_cities.add(owner)
    ActionFactory(roadmap=roadmap, title="Rabat", due_date=days_from_today(30))

    html = client.get(roadmap.get_absolute_url()).content.decode()

    assert f"2 {OVERDUE_TEXT}" in html
    # Said in words, not by colour alone.
    assert html.count(">Overdue</span>") + html.count("> Overdue</span>") == 3


def owner_who_can_act():
    city = CityFactory()
    verified_official(city)
    return city


def test_history_and_unowned_actions_say_not_recorded(client, roadmap):
    ActionFactory(
        roadmap=roadmap, title="Dakar 2013", due_date=days_from_today(-800)
    ).responsible_cities.add(owner_who_can_act())
    ActionFactory(roadmap=roadmap, title="Nobody's", due_date=days_from_today(-10))
    ActionFactory(roadmap=roadmap, title="Done", due_date=days_from_today(-800), status="done")
    html = client.get(roadmap.get_absolute_url()).content.decode()
    actions = api_actions(client, roadmap)
    assert [actions[t]["follow_up"] for t in ("Dakar 2013", "Nobody's", "Done")] == [
        "not-recorded",
        "not-recorded",
        "closed",
    ]
    assert not any(action["overdue"] for action in actions.values())
    assert "badge-overdue" not in html
    assert html.count(">Not recorded</span>") == 3  # two actions and the summary
    assert "2 actions passed their due date long ago" in html


def verified_official(city, **fields):
    user = UserFactory(groups=[Role.OFFICIAL], **fields)
    Membership.objects.create(user=user, city=city, verified_at=timezone.now())
    return user


@pytest.fixture
def recorded(roadmap):
    """An action moved twice: by a Maputo official with a name, then by a Durban official
    whose login is an email address and who gave no name."""
    action = ActionFactory(roadmap=roadmap, title="Vendors project")
    maputo = CityFactory(slug="maputo", name="Maputo")
    durban = CityFactory(slug="durban", name="Durban")
    named = verified_official(maputo, username="maputo-off", first_name="Ana", last_name="Machava")
    by_email = verified_official(
        durban, username="officer@durban.gov.za", email="officer@durban.gov.za"
    )
    visit = EventFactory(
        slug="maputo-durban-2013", title="Maputo delegation to Durban", host_city=durban
    )
    update_action_status(
        action=action,
        status=ActionStatus.IN_PROGRESS,
        by=named,
        note="Delegation chosen.",
    )
    update_action_status(
        action=action,
        status=ActionStatus.DONE,
        by=by_email,
        note="First visit held.",
        evidence_url="https://example.org/report.pdf",
        event=visit,
    )
    return action


def test_the_page_shows_each_change_with_who_when_and_evidence(client, roadmap, recorded):
    html = client.get(roadmap.get_absolute_url()).content.decode()

    for text in (
        "by Ana Machava (Maputo)",
        "Delegation chosen.",
        "First visit held.",
        'href="https://example.org/report.pdf"',
        'href="/events/maputo-durban-2013/"',
        "badge-action-in-progress",
    ):
        assert text in html, text
    assert html.index("Delegation chosen.") < html.index("First visit held.")
    # Never the login: the city of a member who gave no name.
    assert "maputo-off" not in html
    assert "officer" not in html
    assert "by Durban<" in html


def test_the_api_carries_each_action_s_updates(client, roadmap, recorded):
    updates = api_actions(client, roadmap)["Vendors project"]["updates"]

    assert [(u["previous_status"], u["status"]) for u in updates] == [
        ("planned", "in-progress"),
        ("in-progress", "done"),
    ]
    first, last = updates
    assert first["by"] == "Ana Machava (Maputo)"
    assert first["event"] is None
    assert first["evidence_url"] == ""
    assert last["by"] == "Durban"
    assert last["note"] == "First visit held."
    assert last["evidence_url"] == "https://example.org/report.pdf"
    assert last["event"]["slug"] == "maputo-durban-2013"
    assert last["event"]["title"] == "Maputo delegation to Durban"
    assert "officer" not in str(updates) and "maputo-off" not in str(updates)
    assert set(first) == {
        "status",
        "previous_status",
        "at",
        "by",
        "note",
        "evidence_url",
        "event",
    }


def test_an_update_whose_author_was_deleted_keeps_its_place(client, roadmap, recorded):
    ActionUpdate.objects.filter(action=recorded).update(by=None)

    updates = api_actions(client, roadmap)["Vendors project"]["updates"]

    assert [u["by"] for u in updates] == [None, None]
    assert "First visit held." in client.get(roadmap.get_absolute_url()).content.decode()


def test_queries_do_not_grow_with_actions_and_updates(client, roadmap, curator):
    # One of each from the start: a prefetch runs only once there is something to fetch.
    first = ActionFactory(roadmap=roadmap, due_date=days_from_today(-3))
    first.responsible_cities.add(CityFactory())
    update_action_status(action=first, status=ActionStatus.DONE, by=curator, event=EventFactory())

    def grow():
        for name in ("Dakar", "Durban", "Rabat"):
            action = ActionFactory(roadmap=roadmap, due_date=days_from_today(-3))
            action.responsible_cities.add(CityFactory(name=name))
            event = EventFactory()
            update_action_status(action=action, status=ActionStatus.IN_PROGRESS, by=curator)
            update_action_status(action=action, status=ActionStatus.DONE, by=curator, event=event)

    def requests():
        client.get(roadmap.get_absolute_url())
        client.get(f"/api/v1/roadmaps/{roadmap.slug}/")
        client.get("/api/v1/roadmaps/")

    assert_constant_queries(requests, grow)


def test_the_demo_roadmap_records_its_follow_up():
    load_demo_network()

    updates = ActionUpdate.objects.filter(action__roadmap__slug="maputo-roadmap-2012")

    assert updates.count() >= 2
    for update in updates.select_related("action", "event"):
        assert update.status == update.action.status
        assert update.event == update.action.carried_out_by
        assert update.note and update.evidence_url
