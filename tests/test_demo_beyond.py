"""Issue #20's features as the demo shows them, from the sources: Maputo's challenge and
its matches, the Maputo-Durban market vendors' journey, the Maputo roadmap's
commitments as reports and the learning note of the visit to Durban, on the pages and
in the API; and a challenge posted on the demo network reaching a matching city's
official in their digest."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from base.models import Pillar, Role, Sector
from cities.models import City, Membership
from follows.tasks import send_digests
from matching.services import save_challenge
from tests.factories import UserFactory
from tests.utils import run_commit_callbacks

pytestmark = pytest.mark.django_db

CHALLENGE = "maputo-market-vendors-sanitation-and-voice"
PRACTICE = "durban-informal-traders-partnership"


@pytest.fixture
def api():
    return APIClient()


def test_maputos_challenge_found_durban_and_says_why(demo_network, client, api):
    matches = api.get(f"/api/v1/challenges/{CHALLENGE}/matches/").json()
    first = matches["practices"][0]
    assert first["practice"]["slug"] == PRACTICE
    assert "also commerce and markets" in [reason["text"] for reason in first["reasons"]]
    detail = api.get(f"/api/v1/challenges/{CHALLENGE}/").json()
    assert detail["status"] == "partnership-formed"
    assert [city["slug"] for city in detail["partner_cities"]] == ["durban"]
    page = client.get(f"/challenges/{CHALLENGE}/").content.decode()
    assert "Partnership formed with" in page and "its practice “Working in partnership" in page


def test_the_market_vendors_journey_is_told_on_the_page_and_in_the_api(demo_network, client, api):
    [adoption] = api.get(f"/api/v1/adoptions/?practice={PRACTICE}").json()["results"]
    assert adoption["city"]["slug"] == "maputo" and adoption["mentor_city"]["slug"] == "durban"
    assert [(step["stage"], step["reached_on"]) for step in adoption["stage_changes"]] == [
        ("interested", "2012-11-07"),
        ("studying", "2013-06-01"),
        ("adapting", "2013-08-01"),
    ]
    assert all(step["evidence_url"].startswith("http") for step in adoption["stage_changes"])
    practice = api.get(f"/api/v1/practices/{PRACTICE}/").json()
    assert practice["transferability"] == {"started": 1, "sustained": 0, "share": 0.0}
    page = client.get(f"/practices/{PRACTICE}/").content.decode()
    assert "Transfer story" in page and "Mentor city:" in page


def test_the_roadmap_commitments_report_in_the_api_as_on_the_page(demo_network, client, api):
    roadmap = api.get("/api/v1/roadmaps/maputo-roadmap-2012/").json()
    second = next(c for c in roadmap["commitments"] if c["number"] == 2)
    assert second["light"] == "inactive" and len(second["reports"]) == 2
    assert {report["status"] for report in second["reports"]} == {"on-track"}
    page = client.get("/roadmaps/maputo-roadmap-2012/").content.decode()
    assert "Inactive: no report for two periods" in page


def test_the_learning_note_of_the_visit_to_durban_is_published(demo_network, client, api):
    note = api.get("/api/v1/events/maputo-delegation-durban-2013/learning-note/").json()
    assert note["status"] == "published"
    assert note["title"] == "Learning note: Maputo market vendors in Durban"
    event_page = client.get("/events/maputo-delegation-durban-2013/").content.decode()
    assert "Read the learning note" in event_page


def test_a_challenge_posted_on_the_demo_reaches_durbans_official(demo_network):
    durban = City.objects.get(slug="durban")
    thandi = UserFactory(username="thandi")
    thandi.groups.add(Group.objects.get(name=Role.OFFICIAL))
    Membership.objects.create(user=thandi, city=durban, verified_at=timezone.now())
    odienne = UserFactory(username="odienne-official")
    odienne.groups.add(Group.objects.get(name=Role.OFFICIAL))
    Membership.objects.create(
        user=odienne, city=City.objects.get(slug="odienne"), verified_at=timezone.now()
    )
    maputo_official = UserFactory(username="maputo-official")
    maputo_official.groups.add(Group.objects.get(name=Role.OFFICIAL))
    Membership.objects.create(
        user=maputo_official, city=City.objects.get(slug="maputo"), verified_at=timezone.now()
    )
    save_challenge(
        by=maputo_official,
        title="Our market vendors need toilets, drainage and a say in the markets",
        description="Stalls, drainage, toilets and waste in the town markets; vendors and "
        "informal traders are not heard.",
        pillars=[Pillar.objects.get(slug="social-dialogue")],
        sectors=[Sector.objects.get(slug="commerce")],
    )
    run_commit_callbacks()
    mail.outbox.clear()
    send_digests(frequency="weekly", base_url="https://peercities.example")
    run_commit_callbacks()
    recipients = {address for message in mail.outbox for address in message.to}
    assert thandi.email in recipients
    assert odienne.email not in recipients and maputo_official.email not in recipients
    [message] = [m for m in mail.outbox if m.to == [thandi.email]]
    assert "Why Durban (eThekwini): its practice “Working in partnership" in message.body
