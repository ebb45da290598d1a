"""The Atom feed and the iCalendar exports: valid for feedparser and icalendar, with ids
that do not change with the host name a reader came in by, and calendars to subscribe
to per city, country and pillar."""

import datetime

import feedparser
import icalendar
import pytest
from django.utils import timezone

from base.models import Pillar
from tests.factories import CityFactory, EventFactory, ParticipationFactory, PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://peercities.example.org"
    settings.ALLOWED_HOSTS = ["*"]


def test_the_atom_feed_parses_with_an_author_and_stable_ids(client):
    practice = PracticeFactory(slug="markets")
    bodies = [
        client.get("/practices/feed/", HTTP_HOST=host).content
        for host in ("127.0.0.1:8631", "localhost:8631")
    ]
    first, second = (feedparser.parse(body) for body in bodies)
    # bozo is feedparser's flag for a feed that breaks the format.
    assert not first.bozo
    assert first.feed.author == "PeerCities"
    assert first.feed.id == second.feed.id == "tag:peercities.example.org,2012:practices"
    (entry,) = first.entries
    assert (
        entry.id
        == second.entries[0].id
        == f"tag:peercities.example.org,2012:practice-{practice.pk}"
    )
    assert entry.link == "http://127.0.0.1:8631/practices/markets/"


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200, response.content
    return icalendar.Calendar.from_ical(b"".join(response.streaming_content))


def test_calendar_uids_come_from_the_site_url_not_the_host(client):
    event = EventFactory()
    calendars = [
        parse(client.get("/api/v1/events/?format=ics", HTTP_HOST=host))
        for host in ("127.0.0.1:8631", "localhost:8631")
    ]
    uids = {str(calendar.walk("VEVENT")[0]["UID"]) for calendar in calendars}
    assert uids == {f"event-{event.pk}@peercities.example.org"}


def test_a_changed_event_has_a_higher_sequence_and_its_last_modification(client):
    event = EventFactory()
    (before,) = parse(client.get("/api/v1/events/?format=ics")).walk("VEVENT")
    event.updated_at = timezone.now() + datetime.timedelta(seconds=5)
    type(event).objects.filter(pk=event.pk).update(updated_at=event.updated_at, title="Renamed")
    (after,) = parse(client.get("/api/v1/events/?format=ics")).walk("VEVENT")
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"]) >= 0
    assert after["LAST-MODIFIED"].dt == event.updated_at.replace(microsecond=0)


def test_a_calendar_is_named_after_what_it_is_restricted_to(client):
    maputo = CityFactory(slug="maputo", name="Maputo")
    ParticipationFactory(city=maputo)
    calendar = parse(client.get("/api/v1/events/?format=ics&city=maputo"))
    assert str(calendar["X-WR-CALNAME"]) == "PeerCities: peer learning exchanges · Maputo"
    assert str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"])
    employment = Pillar.objects.get(slug="employment")
    calendar = parse(client.get("/api/v1/events/?format=ics&pillar=employment"))
    assert str(calendar["X-WR-CALNAME"]).endswith(f"· {employment.name}")
    whole = parse(client.get("/api/v1/events/?format=ics"))
    assert str(whole["X-WR-CALNAME"]) == "PeerCities: peer learning exchanges"


def test_a_bad_filter_on_a_calendar_is_refused_as_json(client):
    response = client.get("/api/v1/events/?format=ics&city=nowhere")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
