"""Security round two, input findings on the API (issue #15): deep JSON, dates out of
any sane window, races on slugs. Each gets a 400 naming what is wrong, never a 500."""

import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.exceptions import ParseError

from base.api.parsers import MAX_JSON_DEPTH, JSONParser, nesting_depth
from base.api.renderers import ical_value
from base.dates import EARLIEST_DATE, date_window_errors, day_after, latest_date
from cities.models import Partnership
from exchanges.models import Action, Event, Roadmap
from practices.models import Adoption, Practice
from tests.api.utils import streamed

# --- deeply nested JSON ------------------------------------------------------------------


def write_endpoints(network) -> list[tuple[str, str]]:
    """(method, URL) of every write operation of the API."""
    action = Action.objects.filter(roadmap=network.maputo_roadmap).first()
    adoption = network.ecotourism.adoptions.first()
    return [
        ("post", "/api/v1/events/"),
        ("put", "/api/v1/events/maputo-2012/"),
        ("patch", "/api/v1/events/maputo-2012/"),
        ("post", "/api/v1/events/barcelona-2030/registrations/"),
        ("post", "/api/v1/practices/"),
        ("put", "/api/v1/practices/maputo-submitted/"),
        ("patch", "/api/v1/practices/maputo-submitted/"),
        ("post", "/api/v1/practices/maputo-submitted/publish/"),
        ("post", "/api/v1/practices/maputo-submitted/request-changes/"),
        ("post", "/api/v1/practices/maputo-submitted/reject/"),
        ("post", "/api/v1/practices/suggest-tags/"),
        ("post", f"/api/v1/roadmaps/maputo-roadmap/actions/{action.pk}/status/"),
        ("post", "/api/v1/adoptions/"),
        ("put", f"/api/v1/adoptions/{adoption.pk}/"),
        ("patch", f"/api/v1/adoptions/{adoption.pk}/"),
    ]


@pytest.mark.parametrize("body", ["[" * 5000, "[" * 5000 + "]" * 5000, '{"a":' * 3000])
def test_a_deeply_nested_body_is_a_400_on_every_write(api, network, curator, body, subtests):
    api.force_authenticate(curator)
    for method, url in write_endpoints(network):
        with subtests.test(method=method, url=url):
            response = getattr(api, method)(url, body, content_type="application/json")
            assert response.status_code == 400, response.content
            assert "JSON parse error" in response.json()["detail"]


def test_a_body_nested_just_past_the_limit_is_refused(api, network, curator):
    api.force_authenticate(curator)
    body = {"text": "markets"}
    for _level in range(MAX_JSON_DEPTH):
        body = {"text": body}
    response = api.post("/api/v1/practices/suggest-tags/", body, format="json")
    assert response.status_code == 400
    assert str(MAX_JSON_DEPTH) in response.json()["detail"]


def parse(text: str):
    return JSONParser().parse(io.BytesIO(text.encode()), "application/json", {})


def test_the_parser_takes_json_up_to_the_limit():
    nested = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert nesting_depth(parse(nested)) == MAX_JSON_DEPTH
    with pytest.raises(ParseError):
        parse("[" + nested + "]")


def test_the_parser_reads_ordinary_bodies_as_before():
    body = {"participants": [{"city": "durban", "role": "peer"}], "sdgs": [8, 11], "q": "x"}
    assert parse(json.dumps(body)) == body
    assert parse("3") == 3
    with pytest.raises(ParseError):
        parse("{not json")


def test_nesting_depth_counts_lists_and_objects():
    assert nesting_depth("text") == 0
    assert nesting_depth([]) == 1
    assert nesting_depth({"a": [1, {"b": []}]}) == 4
    assert nesting_depth([[1], [[2]], 3]) == 3


# --- dates in a sane window ----------------------------------------------------------------

TODAY = timezone.localdate()
LAST_DAY = latest_date(TODAY)
FAR_FUTURE, DAWN_OF_TIME = datetime.date.max, datetime.date.min


def event_body(**dates) -> dict:
    return {
        "title": "An exchange on market traders",
        "kind": "workshop",
        "host_city": "maputo",
        "summary": "Traders meet traders.",
        "start_date": "2024-03-04",
        "end_date": "2024-03-05",
        **{name: day.isoformat() for name, day in dates.items()},
    }


@pytest.mark.parametrize(
    ("dates", "refused"),
    [
        ({"start_date": FAR_FUTURE, "end_date": FAR_FUTURE}, {"start_date", "end_date"}),
        ({"end_date": FAR_FUTURE}, {"end_date"}),
        ({"start_date": LAST_DAY + datetime.timedelta(days=1)}, {"start_date", "end_date"}),
        ({"start_date": datetime.date(1989, 12, 31)}, {"start_date"}),
        ({"start_date": DAWN_OF_TIME}, {"start_date"}),
        ({"registration_deadline": datetime.date(1985, 1, 1)}, {"registration_deadline"}),
    ],
)
@pytest.mark.parametrize("role", ["official", "curator"])
def test_an_event_dated_out_of_the_window_is_a_400_naming_the_field(
    api, network, request, role, dates, refused
):
    if "start_date" in dates and "end_date" not in dates and dates["start_date"].year > 2024:
        dates["end_date"] = dates["start_date"]
    api.force_authenticate(request.getfixturevalue(role))
    response = api.post("/api/v1/events/", event_body(**dates), format="json")
    assert response.status_code == 400, response.content
    assert set(response.json()) == refused
    assert "Give a date between 1990-01-01 and" in response.json()[sorted(refused)[0]][0]


def test_an_event_at_the_edges_of_the_window_is_created(api, network, curator):
    api.force_authenticate(curator)
    body = event_body(start_date=EARLIEST_DATE, end_date=LAST_DAY)
    assert api.post("/api/v1/events/", body, format="json").status_code == 201


def test_moving_an_existing_event_out_of_the_window_is_a_400(api, network, curator):
    api.force_authenticate(curator)
    body = {"end_date": "9999-12-31"}
    response = api.patch("/api/v1/events/maputo-2012/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["end_date"]


def test_a_roadmap_action_due_out_of_the_window_is_refused(network):
    action = Action.objects.filter(roadmap=network.maputo_roadmap).first()
    for due, error in [(FAR_FUTURE, True), (datetime.date(1989, 1, 1), True), (TODAY, False)]:
        action.due_date = due
        if error:
            with pytest.raises(ValidationError) as refusal:
                action.full_clean()
            assert list(refusal.value.message_dict) == ["due_date"]
        else:
            action.full_clean()
    network.maputo_roadmap.adopted_on = FAR_FUTURE
    with pytest.raises(ValidationError) as refusal:
        network.maputo_roadmap.full_clean()
    assert list(refusal.value.message_dict) == ["adopted_on"]


def test_an_action_status_update_of_a_stored_far_due_date_is_a_400_not_a_500(api, network, curator):
    action = Action.objects.filter(roadmap=network.maputo_roadmap).first()
    Action.objects.filter(pk=action.pk).update(due_date=FAR_FUTURE)
    api.force_authenticate(curator)
    url = f"/api/v1/roadmaps/maputo-roadmap/actions/{action.pk}/status/"
    response = api.post(url, {"status": "done"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["due_date"]


@pytest.mark.parametrize(
    ("year", "event", "refused"),
    [
        (1989, None, "year"),
        (TODAY.year + 1, None, "year"),
        (9999, None, "year"),
        (2012, "barcelona-2030", "event"),
        (2012, "durban-2013", "event"),
    ],
)
def test_an_adoption_out_of_the_window_or_before_its_event_is_a_400(
    api, network, curator, year, event, refused
):
    api.force_authenticate(curator)
    body = {"practice": "maputo-markets", "city": "durban", "stage": "sustained", "year": year}
    if event:
        body["event"] = event
    response = api.post("/api/v1/adoptions/", body, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()) == [refused]


def test_an_adoption_the_year_of_its_event_is_recorded(api, network, curator):
    api.force_authenticate(curator)
    body = {"practice": "maputo-markets", "city": "durban", "stage": "sustained", "year": 2013}
    response = api.post("/api/v1/adoptions/", {**body, "event": "durban-2013"}, format="json")
    assert response.status_code == 201, response.content
    adoption = network.ecotourism.adoptions.get(city=network.lleida)
    url = f"/api/v1/adoptions/{adoption.pk}/"
    response = api.patch(url, {"year": 2012}, format="json")  # learned at lleida-2013
    assert response.status_code == 400
    assert list(response.json()) == ["event"]


# (model, field) of each date the database keeps in the window, with a row to try it on.
def lower_bound_cases(network):
    action = Action.objects.filter(roadmap=network.maputo_roadmap).first()
    adoption = network.ecotourism.adoptions.first()
    early = datetime.date(1989, 12, 31)
    return [
        (Event, network.maputo_2012.pk, {"start_date": EARLIEST_DATE}, {"start_date": early}),
        (
            Event,
            network.maputo_2012.pk,
            {"registration_deadline": EARLIEST_DATE},
            {"registration_deadline": early},
        ),
        (Roadmap, network.maputo_roadmap.pk, {"adopted_on": EARLIEST_DATE}, {"adopted_on": early}),
        (Action, action.pk, {"due_date": EARLIEST_DATE}, {"due_date": early}),
        (Action, action.pk, {"due_date": None}, {"due_date": DAWN_OF_TIME}),
        (Adoption, adoption.pk, {"year": 1990}, {"year": 1989}),
    ]


def test_the_database_keeps_dates_from_1990_on(network, subtests):
    for model, pk, good, bad in lower_bound_cases(network):
        with subtests.test(model=model.__name__, bad=bad):
            with pytest.raises(IntegrityError), transaction.atomic():
                model.objects.filter(pk=pk).update(**bad)
            with transaction.atomic():
                assert model.objects.filter(pk=pk).update(**good) == 1


def test_the_window_moves_with_today():
    assert latest_date(datetime.date(2024, 2, 29)) == datetime.date(2034, 2, 28)
    assert latest_date(datetime.date(2026, 12, 4)) == datetime.date(2036, 12, 4)
    assert date_window_errors({"a": None, "b": EARLIEST_DATE}) == {}
    assert list(date_window_errors({"a": DAWN_OF_TIME, "b": FAR_FUTURE})) == ["a", "b"]


# --- exports read any stored date ----------------------------------------------------------


@pytest.fixture
def extreme_rows(network):
    """Rows stored before the window was enforced: an event ending on the calendar's last
    day, an action due then, a practice published at the last and verified on the first
    moment a date can hold."""
    Event.objects.filter(pk=network.barcelona_2030.pk).update(
        start_date=FAR_FUTURE, end_date=FAR_FUTURE, registration_deadline=FAR_FUTURE
    )
    Event.objects.filter(pk=network.maputo_2012.pk).update(end_date=FAR_FUTURE)
    Action.objects.filter(roadmap=network.maputo_roadmap).update(due_date=FAR_FUTURE)
    last_moment = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    first_moment = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    Practice.objects.filter(pk=network.markets.pk).update(
        published_at=last_moment, verified_on=DAWN_OF_TIME
    )
    Practice.objects.filter(pk=network.ecotourism.pk).update(published_at=first_moment)
    Partnership.objects.filter(pk=network.maputo_belo.pk).update(
        start_date=DAWN_OF_TIME, end_date=FAR_FUTURE
    )
    return network


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/events/?format=ics",
        "/api/v1/events/?format=csv",
        "/api/v1/cities/?format=csv",
        "/api/v1/cities/?format=geojson",
        "/api/v1/practices/?format=csv",
    ],
)
def test_an_export_streams_to_its_end_whatever_the_dates_stored(api, extreme_rows, url):
    text = streamed(api.get(url))
    assert text.rstrip().endswith(("END:VCALENDAR", "]}")) or url.endswith("csv")
    if url.endswith("ics"):
        assert "DTSTART;VALUE=DATE:99991231" in text
        assert "DTEND;VALUE=DATE:99991231" in text
    if "events/?format=csv" in url:
        assert "9999-12-31" in text and len(text.splitlines()) == 1 + Event.objects.count()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/events/",
        "/api/v1/events/barcelona-2030/",
        "/api/v1/roadmaps/maputo-roadmap/",
        "/api/v1/practices/",
        "/api/v1/practices/maputo-markets/",
        "/api/v1/partnerships/",
        "/practices/feed/",
        "/events/",
        "/events/barcelona-2030/",
        "/events/maputo-2012/",
        "/events/maputo-2012/dossier/",
        "/roadmaps/maputo-roadmap/",
        "/practices/maputo-markets/",
        "/",
    ],
)
def test_pages_feeds_and_the_dossier_read_any_stored_date(client, extreme_rows, url):
    response = client.get(url)
    assert response.status_code == 200, url


def test_the_calendar_writes_every_date_with_four_digit_years():
    assert ical_value("DTSTART", DAWN_OF_TIME) == (";VALUE=DATE", "00010101")
    assert ical_value("DTEND", FAR_FUTURE) == (";VALUE=DATE", "99991231")
    first_moment = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    assert ical_value("DTSTAMP", first_moment) == ("", "00010101T000000Z")
    moment = datetime.datetime(2024, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
    assert ical_value("DTSTAMP", moment) == ("", "20240304T050607Z")
    assert day_after(FAR_FUTURE) == FAR_FUTURE
    assert day_after(datetime.date(2024, 2, 28)) == datetime.date(2024, 2, 29)
