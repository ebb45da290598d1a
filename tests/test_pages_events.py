"""The exchange list (`/events/`) and the exchange page (`/events/<slug>/`)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from base.models import SDG, Pillar
from exchanges.models import Event
from exchanges.selectors import events_involving_countries_q
from exchanges.views import EVENTS_PER_PAGE
from tests.factories import (
    ActionFactory,
    CityFactory,
    CountryParticipationFactory,
    EventFactory,
    OrganizationFactory,
    ParticipationFactory,
    PracticeFactory,
    RegistrationFactory,
    RoadmapFactory,
    country,
)
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db

URL = "/events/"
TODAY = datetime.date.today()


def pillar(slug):
    return Pillar.objects.get(slug=slug)


def sdg(number):
    return SDG.objects.get(number=number)


def titles(response) -> list[str]:
    return [event.title for event in response.context["page_obj"]]


@pytest.fixture
def events():
    maputo = CityFactory(slug="maputo", name="Maputo")
    durban = CityFactory(slug="durban", name="Durban", country=country("ZA"))
    lleida = CityFactory(slug="lleida", name="Lleida", country=country("ES"))
    rabat = CityFactory(slug="rabat", name="Rabat", country=country("MA"))
    maputo_2012 = EventFactory(
        slug="maputo-2012",
        title="Maputo 2012",
        host_city=maputo,
        start_date=datetime.date(2012, 11, 7),
        modality="triangular",
    )
    maputo_2012.pillars.add(pillar("employment"))
    maputo_2012.sdgs.add(sdg(8), sdg(11))
    durban_2013 = EventFactory(
        slug="durban-2013",
        title="Durban 2013",
        host_city=durban,
        kind="study-visit",
        start_date=datetime.date(2013, 6, 1),
    )
    ParticipationFactory(event=durban_2013, city=maputo, role="learner")
    durban_2013.sdgs.add(sdg(8))
    lleida_2013 = EventFactory(
        slug="lleida-2013",
        title="Lleida 2013",
        host_city=lleida,
        kind="forum",
        modality="north-south",
        start_date=datetime.date(2013, 6, 28),
    )
    ParticipationFactory(event=lleida_2013, city=durban, role="peer")
    soon = EventFactory(
        slug="rabat-soon",
        title="Rabat soon",
        host_city=rabat,
        status="open",
        start_date=TODAY + datetime.timedelta(days=20),
    )
    soon.pillars.add(pillar("social-dialogue"))
    later = EventFactory(
        slug="maputo-later",
        title="Maputo later",
        host_city=maputo,
        status="planned",
        start_date=TODAY + datetime.timedelta(days=90),
    )
    EventFactory(
        slug="called-off",
        title="Called off",
        host_city=durban,
        status="cancelled",
        start_date=TODAY + datetime.timedelta(days=10),
    )
    return {"maputo": maputo, "durban": durban, "soon": soon, "later": later}


def test_list_shows_upcoming_first_soonest_first_then_the_past_latest_first(client, events):
    response = client.get(URL)
    assert response.status_code == 200
    assert titles(response) == [
        "Rabat soon",
        "Maputo later",
        "Called off",
        "Lleida 2013",
        "Durban 2013",
        "Maputo 2012",
    ]
    html = response.content.decode()
    upcoming = html.index('<h3 class="group-title">Upcoming</h3>')
    past = html.index('<h3 class="group-title">Past and cancelled</h3>')
    assert upcoming < html.index("Rabat soon") < html.index("Maputo later") < past
    assert past < html.index("Called off")
    assert "<title>Peer learning exchanges · PeerCities</title>" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("when=upcoming", ["Rabat soon", "Maputo later"]),
        ("when=past", ["Called off", "Lleida 2013", "Durban 2013", "Maputo 2012"]),
        # A city's exchanges are those it hosts and those it joins.
        ("city=maputo", ["Maputo later", "Durban 2013", "Maputo 2012"]),
        ("city=durban", ["Called off", "Lleida 2013", "Durban 2013"]),
        ("country=ZA", ["Called off", "Lleida 2013", "Durban 2013"]),
        ("country=ES", ["Lleida 2013"]),
        # Lleida's forum is in Europe, but Durban joined it.
        (
            "region=africa",
            [
                "Rabat soon",
                "Maputo later",
                "Called off",
                "Lleida 2013",
                "Durban 2013",
                "Maputo 2012",
            ],
        ),
        ("region=europe-central-asia", ["Lleida 2013"]),
        ("modality=triangular", ["Maputo 2012"]),
        ("modality=north-south", ["Lleida 2013"]),
        ("kind=study-visit", ["Durban 2013"]),
        ("kind=forum", ["Lleida 2013"]),
        ("pillar=employment", ["Maputo 2012"]),
        ("pillar=social-dialogue", ["Rabat soon"]),
        ("sdg=8", ["Durban 2013", "Maputo 2012"]),
        ("sdg=11", ["Maputo 2012"]),
        ("year=2013", ["Lleida 2013", "Durban 2013"]),
        ("q=lleida", ["Lleida 2013"]),
        ("city=maputo&year=2013", ["Durban 2013"]),
        ("city=maputo&when=upcoming", ["Maputo later"]),
        ("sdg=8&kind=forum", []),
    ],
)
def test_list_filters(client, events, query, expected):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


def test_year_choices_are_the_years_exchanges_started(client, events):
    html = client.get(URL).content.decode()
    assert '<option value="2013">2013</option>' in html
    assert '<option value="2012">2012</option>' in html
    assert '<option value="2011">' not in html


@pytest.mark.parametrize(
    "query",
    [
        "when=tomorrow",
        "city=atlantis",
        "country=XX",
        "region=mars",
        "modality=sideways",
        "kind=party",
        "pillar=unknown",
        "sdg=99",
        "sdg=abc",
        "sdg=8.5",
        "year=1066",
        "year=twenty",
        "page=0",
        "page=last",
        "q=" + "x" * 500,
    ],
)
def test_bad_filter_values_never_break_the_list(client, events, query):
    assert client.get(f"{URL}?{query}").status_code == 200


def test_a_bad_filter_is_reported_and_ignored(client, events):
    response = client.get(f"{URL}?sdg=99&kind=forum")
    assert titles(response) == ["Lleida 2013"]
    html = response.content.decode()
    assert "Some filters were not understood and are ignored" in html
    assert "<strong>SDG</strong>" in html


def test_list_paginates_keeping_the_filters(client):
    host = CityFactory(slug="host")
    for n in range(EVENTS_PER_PAGE + 2):
        EventFactory(
            title=f"Exchange {n:02d}",
            host_city=host,
            start_date=datetime.date(2010, 1, 1) + datetime.timedelta(days=n),
        )
    first = client.get(f"{URL}?city=host")
    assert len(first.context["page_obj"]) == EVENTS_PER_PAGE
    assert 'href="?city=host&amp;page=2"' in first.content.decode()
    second = client.get(f"{URL}?city=host&page=2")
    assert titles(second) == ["Exchange 01", "Exchange 00"]


def test_list_query_count_does_not_grow_with_events(client, events):
    def grow():
        for _ in range(5):
            event = EventFactory(host_city=CityFactory(country=country("BR")))
            ParticipationFactory(event=event)
            event.pillars.add(pillar("employment"))

    assert_constant_queries(lambda: client.get(URL), grow)
    assert_constant_queries(lambda: client.get(f"{URL}?pillar=employment&region=americas"), grow)


# The exchange page


def test_event_page_shows_host_participants_roles_and_delegations(client, events):
    event = EventFactory(
        slug="maputo-learning", title="Maputo learning", host_city=events["maputo"]
    )
    ParticipationFactory(event=event, city=events["durban"], role="resource", delegation_size=4)
    ParticipationFactory(event=event, city=CityFactory(name="Xai-Xai"), role="peer")
    event.organizers.add(OrganizationFactory(name="International Labour Organization"))
    event.supporters.add(OrganizationFactory(name="Cities Alliance"))
    response = client.get(reverse("event-detail", kwargs={"slug": "maputo-learning"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Maputo learning</h1>" in html
    # The host is listed even without a participation of its own.
    assert ">Host<" in html
    assert "Durban" in html and "Resource city" in html and ">4<" in html
    assert "Xai-Xai" in html and ">Peer<" in html
    assert "International Labour Organization" in html
    assert "Cities Alliance" in html
    assert "<title>Maputo learning · PeerCities</title>" in html


def test_event_page_shows_objectives_outcomes_report_roadmap_practices(client, events):
    event = EventFactory(
        slug="with-everything",
        objectives="- Identify areas for cooperation\n- Extract lessons",
        outcomes="The **Maputo roadmap** <script>alert(1)</script>",
        report_url="https://www.ilo.org/report.pdf",
    )
    roadmap = RoadmapFactory(event=event, title="Maputo roadmap")
    ActionFactory(roadmap=roadmap, status="done")
    ActionFactory(roadmap=roadmap)
    carried = ActionFactory(title="Visit to Durban", roadmap=RoadmapFactory(title="Older roadmap"))
    carried.carried_out_by = event
    carried.save()
    PracticeFactory(title="Market waste management").events.add(event)
    PracticeFactory(title="Draft practice", status="draft", published_at=None).events.add(event)
    html = client.get("/events/with-everything/").content.decode()
    assert "<li>Identify areas for cooperation</li>" in html
    assert "<strong>Maputo roadmap</strong>" in html
    assert "<script>alert" not in html
    assert 'href="https://www.ilo.org/report.pdf"' in html
    assert roadmap.get_absolute_url() in html
    assert 'value="50"' in html
    assert "Visit to Durban" in html
    assert "Market waste management" in html
    assert "Draft practice" not in html


def test_event_page_shows_registration_while_open(client, events):
    event = events["soon"]
    event.capacity = 3
    event.registration_deadline = TODAY + datetime.timedelta(days=5)
    event.save()
    RegistrationFactory(event=event, status="confirmed")
    RegistrationFactory(event=event, status="cancelled")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Registration is open until" in html
    assert "2 places left of 3." in html


def test_event_page_says_when_registration_closed(client, events):
    event = events["soon"]
    event.capacity = 1
    event.registration_deadline = TODAY - datetime.timedelta(days=1)
    event.save()
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Registrations closed on" in html


def test_event_page_without_registration_says_nothing_of_it(client, events):
    html = client.get(events["later"].get_absolute_url()).content.decode()
    assert 'id="registration-heading"' not in html


def test_event_page_of_an_unknown_event_is_404(client):
    assert client.get("/events/atlantis-2099/").status_code == 404


def test_event_page_query_count_does_not_grow_with_rows(client, events):
    event = EventFactory(slug="big")
    roadmap = RoadmapFactory(event=event)

    def grow():
        for _ in range(3):
            ParticipationFactory(event=event, city=CityFactory(country=country("BR")))
            event.organizers.add(OrganizationFactory())
            event.supporters.add(OrganizationFactory())
            ActionFactory(roadmap=roadmap)
            RoadmapFactory(event=event)
            ActionFactory(carried_out_by=event)
            practice = PracticeFactory()
            practice.events.add(event)
            practice.sdgs.add(sdg(8))

    grow()
    assert_constant_queries(lambda: client.get("/events/big/"), grow)


def test_year_choices_count_the_year_an_exchange_ends_in_and_are_read_once(client, db):
    # Across New Year: 2009 is a year of the exchange although none starts in it.
    EventFactory(
        start_date=datetime.date(2008, 12, 30), end_date=datetime.date(2009, 1, 2), title="Turn"
    )
    with CaptureQueriesContext(connection) as queries:
        html = client.get(URL).content.decode()
    assert '<option value="2009">2009</option>' in html
    assert '<option value="2008">2008</option>' in html
    # One query for both ends, whatever the number of times the select is rendered.
    year_queries = [q for q in queries if "end_date" in q["sql"] and " UNION " in q["sql"]]
    assert len(year_queries) == 1
    assert not [q for q in queries if "date_trunc" in q["sql"].lower()]


def test_a_country_taking_part_itself_puts_the_exchange_in_its_region(client):
    spain = CityFactory(slug="lleida", name="Lleida", country=country("ES"))
    forum = EventFactory(title="Forum with Mozambique", host_city=spain)
    CountryParticipationFactory(event=forum, country=country("MZ"))
    EventFactory(title="Elsewhere", host_city=CityFactory(country=country("BR")))
    CityFactory(country=country("MZ"))  # the page offers the countries that have a city

    for query in ("region=africa", "country=MZ"):
        assert titles(client.get(f"{URL}?{query}")) == ["Forum with Mozambique"]
        rows = client.get(f"/api/v1/events/?{query}", HTTP_ACCEPT="application/json").json()
        rows = rows["results"]
        assert [row["title"] for row in rows] == ["Forum with Mozambique"]


def test_the_region_filter_is_one_semi_join(client):
    # `IN (hosts UNION participants) OR IN (countries)` kept PostgreSQL from semi-joining: at
    # 200,000 events it scanned the ids again for each event, for minutes.
    sql = str(Event.objects.filter(events_involving_countries_q(region="africa")).query)
    where = sql[sql.index(" WHERE ") :]
    assert where.count(" IN (") == 1
    assert " OR " not in where
