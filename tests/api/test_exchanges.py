"""Events and roadmaps."""

import csv
import datetime
import io
import re

import icalendar
import pytest

from tests.api.utils import keys, results, streamed
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

ALL_EVENTS = {"maputo-2012", "durban-2013", "lleida-2013", "turin-2014", "barcelona-2030"}

EVENT_FILTERS = [
    ({}, ALL_EVENTS),
    # Hosted or joined.
    ({"city": "maputo"}, {"maputo-2012", "durban-2013"}),
    ({"city": "chefchaouen"}, {"lleida-2013"}),
    ({"host": "maputo"}, {"maputo-2012"}),
    ({"country": "ZA"}, {"maputo-2012", "durban-2013"}),
    ({"country": "ES"}, {"lleida-2013", "barcelona-2030"}),
    ({"region": "americas"}, {"maputo-2012"}),
    ({"region": "africa"}, ALL_EVENTS - {"turin-2014"}),
    ({"kind": "forum"}, {"lleida-2013"}),
    ({"status": "held"}, {"maputo-2012", "durban-2013", "lleida-2013"}),
    ({"modality": "north-south"}, {"lleida-2013", "barcelona-2030"}),
    ({"pillar": "employment"}, {"maputo-2012", "durban-2013"}),
    ({"sdg": "11"}, {"maputo-2012", "lleida-2013"}),
    ({"sector": "tourism"}, {"durban-2013"}),
    ({"year": "2013"}, {"durban-2013", "lleida-2013"}),
    # An event that runs over the new year takes place in both years.
    ({"year": "2014"}, {"turin-2014"}),
    ({"year": "2015"}, {"turin-2014"}),
    ({"start_after": "2013-06-15"}, {"lleida-2013", "turin-2014", "barcelona-2030"}),
    ({"start_before": "2013-06-10"}, {"maputo-2012", "durban-2013"}),
    ({"start_after": "2013-01-01", "start_before": "2013-12-31"}, {"durban-2013", "lleida-2013"}),
    ({"q": "intermediary"}, {"lleida-2013"}),
    ({"q": "LEARN FROM EACH OTHER"}, ALL_EVENTS),
    ({"pillar": "employment", "country": "MZ"}, {"maputo-2012", "durban-2013"}),
    ({"modality": "north-south", "status": "open"}, {"barcelona-2030"}),
    ({"city": "durban", "sdg": "8", "year": "2012"}, {"maputo-2012"}),
]


def test_event_filters(api, network, subtests):
    for params, expected in EVENT_FILTERS:
        with subtests.test(params=params):
            assert keys(api.get("/api/v1/events/", params)) == expected


def test_an_event_row_carries_its_references(api, network):
    (row,) = results(api.get("/api/v1/events/", {"kind": "study-visit"}))
    assert row == {
        "slug": "durban-2013",
        "title": "Maputo delegation to Durban",
        "kind": "study-visit",
        "status": "held",
        "large_forum": False,
        "modality": "south-south",
        "modality_reason": (
            "Every city and country taking part is in the Global South (Durban, Maputo), "
            "and no Northern partner funds or supports it."
        ),
        "host_city": {
            "slug": "durban",
            "name": "Durban",
            "country": {"code": "ZA", "name": "South Africa"},
        },
        "start_date": "2013-06-10",
        "end_date": "2013-06-14",
        "date_precision": "day",
        "pillars": [
            {"slug": "employment", "name": "Employment creation and sustainable enterprises"}
        ],
        "sdgs": [{"number": 8, "name": "Decent Work and Economic Growth"}],
        # Held in 2013: its SDGs were mapped after they were adopted (2015).
        "sdgs_mapped_later": True,
        "sectors": [{"slug": "tourism", "name": "Tourism"}],
        "stages": [],
        "formats": [],
        "summary": "Cities meet to learn from each other how to create decent work.",
        "language": "en",
    }


def test_events_are_newest_first_and_can_be_ordered(api, network):
    newest_first = [row["slug"] for row in results(api.get("/api/v1/events/"))]
    assert newest_first == [
        "barcelona-2030",
        "turin-2014",
        "lleida-2013",
        "durban-2013",
        "maputo-2012",
    ]
    by_title = [row["title"] for row in results(api.get("/api/v1/events/", {"ordering": "title"}))]
    assert by_title == sorted(by_title)


def test_event_detail_carries_everything(api, network):
    network.submitted.events.add(network.maputo_2012)
    network.markets.events.add(network.maputo_2012)
    body = api.get("/api/v1/events/maputo-2012/").json()
    assert body["venue"] == "Maputo City Hall"
    assert body["host_city"]["slug"] == "maputo"
    participants = {p["city"]["slug"]: p for p in body["participants"]}
    assert participants["durban"] == {
        "city": {
            "slug": "durban",
            "name": "Durban",
            "country": {"code": "ZA", "name": "South Africa"},
        },
        "role": "peer",
        "delegation_size": 4,
        "composition": [],
    }
    assert participants["belo-horizonte"]["role"] == "resource"
    assert participants["belo-horizonte"]["delegation_size"] == 2
    assert {o["slug"] for o in body["organizers"]} == {"ilo", "uclg"}
    assert body["supporters"] == [{"slug": "norway-mfa", "name": "Norwegian MFA"}]
    assert [p["slug"] for p in body["pillars"]] == ["employment", "social-dialogue"]
    assert [s["number"] for s in body["sdgs"]] == [8, 11]
    assert body["outcomes"] == "A roadmap; a network of practitioners."
    assert body["roadmaps"] == [{"slug": "maputo-roadmap", "title": "Maputo roadmap"}]
    # The related practice still under review is left out for a visitor.
    assert body["practices"] == [
        {"slug": "maputo-markets", "title": "Negotiated markets in Maputo"}
    ]
    for field in ("objectives", "report_url", "capacity", "registration_deadline", "modality"):
        assert field in body


def test_event_detail_shows_a_submitter_their_practice(api, network, official):
    network.submitted.events.add(network.maputo_2012)
    api.force_authenticate(official)
    body = api.get("/api/v1/events/maputo-2012/").json()
    assert [p["slug"] for p in body["practices"]] == ["maputo-submitted"]


def test_unknown_event_is_404(api, network):
    response = api.get("/api/v1/events/no-such-event/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No Event matches the given query."}


def test_events_csv_honours_the_filters(api, network):
    response = api.get("/api/v1/events/", {"format": "csv", "pillar": "employment"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(streamed(response)))}
    assert set(rows) == {"maputo-2012", "durban-2013"}
    maputo = rows["maputo-2012"]
    assert maputo["host_city"] == "maputo"
    assert maputo["pillars"] == "employment; social-dialogue"
    assert maputo["sdgs"] == "8; 11"
    assert maputo["start_date"] == "2012-11-26"


def parse_calendar(response) -> icalendar.Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = b"".join(response.streaming_content)
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"", "every line ends with CRLF"
    assert all(b"\n" not in line and len(line) <= 75 for line in lines)
    # Each unfolded content line starts with a valid property name (RFC 5545, 3.1).
    for line in raw.replace(b"\r\n ", b"").split(b"\r\n")[:-1]:
        assert re.match(rb"[A-Z0-9-]+[;:]", line), line
    return icalendar.Calendar.from_ical(raw)


def test_events_ics_is_a_valid_calendar(api, network):
    response = api.get("/api/v1/events/", {"format": "ics", "status": "held"})
    calendar = parse_calendar(response)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    assert len(events) == 3
    assert len({str(event["UID"]) for event in events.values()}) == 3
    durban = events["Maputo delegation to Durban"]
    assert durban["DTSTART"].dt == datetime.date(2013, 6, 10)
    # All-day events end on the day after their last day.
    assert durban["DTEND"].dt == datetime.date(2013, 6, 15)
    assert durban["DTSTAMP"].dt.tzinfo is not None
    assert durban["STATUS"] == "CONFIRMED"
    assert str(durban["LOCATION"]) == "Durban, South Africa"
    assert str(durban["URL"]).endswith("/events/durban-2013/")
    assert durban["GEO"].latitude == pytest.approx(-25.9653)
    assert durban["LAST-MODIFIED"].dt == network.durban_2013.updated_at.replace(microsecond=0)


def test_ics_escapes_and_folds_long_text(api, network):
    title = "Échange, apprentissage; et travail décent \\ " * 4
    summary = "Première ligne\nSeconde ligne, avec virgule; et point-virgule"
    EventFactory(slug="long", title=title, summary=summary, status="cancelled")
    calendar = parse_calendar(api.get("/api/v1/events/", {"format": "ics", "q": "apprentissage"}))
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == title
    assert str(event["DESCRIPTION"]) == summary
    assert event["STATUS"] == "CANCELLED"


def test_ics_export_holds_every_matching_event(api, network):
    EventFactory.create_batch(120, kind="workshop")
    calendar = parse_calendar(api.get("/api/v1/events/", {"format": "ics", "kind": "workshop"}))
    assert len(calendar.walk("VEVENT")) == 121


ROADMAP_FILTERS = [
    ({}, {"maputo-roadmap", "lleida-roadmap"}),
    ({"event": "maputo-2012"}, {"maputo-roadmap"}),
    # A signatory, a city responsible for an action, and both at once.
    ({"city": "lleida"}, {"lleida-roadmap"}),
    ({"city": "belo-horizonte"}, {"maputo-roadmap"}),
    ({"city": "durban"}, {"maputo-roadmap"}),
    ({"city": "turin"}, set()),
    ({"q": "declaration"}, {"lleida-roadmap"}),
]


def test_roadmap_filters(api, network, subtests):
    for params, expected in ROADMAP_FILTERS:
        with subtests.test(params=params):
            assert keys(api.get("/api/v1/roadmaps/", params)) == expected


def test_a_roadmap_carries_commitments_actions_and_progress(api, network):
    rows = {row["slug"]: row for row in results(api.get("/api/v1/roadmaps/"))}
    maputo = rows["maputo-roadmap"]
    assert maputo["progress"] == pytest.approx(1 / 3)
    assert maputo["event"]["slug"] == "maputo-2012"
    assert {city["slug"] for city in maputo["signatories"]["cities"]} == {"maputo", "durban"}
    assert maputo["signatories"]["organizations"] == [{"slug": "uclg", "name": "UCLG"}]
    assert [c["number"] for c in maputo["commitments"]] == [1, 2]
    assert maputo["commitments"][0]["sub_points"] == ["a", "b"]
    done, going, planned = maputo["actions"]
    assert done["title"] == "Visit Durban"
    assert done["status"] == "done"
    assert done["commitment"] == 1
    assert done["carried_out_by"]["slug"] == "durban-2013"
    assert [c["slug"] for c in done["responsible_cities"]] == ["durban"]
    assert going["responsible_organizations"] == [{"slug": "ilo", "name": "ILO"}]
    assert planned["carried_out_by"] is None
    assert planned["commitment"] is None
    assert rows["lleida-roadmap"]["progress"] is None
    assert api.get("/api/v1/roadmaps/maputo-roadmap/").json() == maputo
