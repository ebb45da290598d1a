"""The dashboard (/dashboard/ and its JSON), the cooperation network (/network/), the
Atom feed of new practices and the feeds' links in every page; in a constant number of
queries."""

import datetime
import json
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from base.models import SDG, Pillar
from cities.models import PartnershipStatus
from exchanges.models import ActionStatus, EventStatus
from exchanges.rules import Modality
from practices.models import PracticeStatus
from tests.factories import (
    ActionFactory,
    CityFactory,
    EventFactory,
    ParticipationFactory,
    PartnershipFactory,
    PracticeFactory,
    RoadmapFactory,
    country,
)
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def tag(practice, pillars=(), sdgs=()):
    practice.pillars.set(Pillar.objects.filter(slug__in=pillars))
    practice.sdgs.set(SDG.objects.filter(number__in=sdgs))
    return practice


@pytest.fixture
def net():
    maputo = CityFactory(slug="maputo", name="Maputo")
    durban = CityFactory(slug="durban", name="Durban", country=country("ZA"))
    lleida = CityFactory(slug="lleida", name="Lleida", country=country("ES"))
    marikina = CityFactory(slug="marikina", name="Marikina", country=country("PH"))
    e2012 = EventFactory(
        slug="maputo-2012", host_city=maputo, start_date=datetime.date(2012, 11, 26)
    )
    ParticipationFactory(event=e2012, city=durban)
    e2012.pillars.set(Pillar.objects.filter(slug="employment"))
    e2013 = EventFactory(
        slug="lleida-2013",
        host_city=lleida,
        start_date=datetime.date(2013, 6, 10),
        modality=Modality.NORTH_SOUTH,
    )
    ParticipationFactory(event=e2013, city=maputo)
    ParticipationFactory(event=e2013, city=durban)
    e2013.pillars.set(Pillar.objects.filter(slug="social-dialogue"))
    EventFactory(
        slug="cancelled",
        host_city=marikina,
        start_date=datetime.date(2013, 1, 1),
        status=EventStatus.CANCELLED,
    )
    EventFactory(slug="durban-2015", host_city=durban, start_date=datetime.date(2015, 3, 1))
    partnership = PartnershipFactory(slug="maputo-durban", name="Maputo and Durban twinning")
    partnership.cities.set([maputo, durban])
    PartnershipFactory(slug="proposed", status=PartnershipStatus.PROPOSED).cities.set(
        [maputo, marikina]
    )
    tag(PracticeFactory(slug="markets", city=maputo), ["employment", "social-dialogue"], [8, 11])
    tag(PracticeFactory(slug="traders", city=durban), ["employment"], [8])
    regional = tag(PracticeFactory(slug="regional", city=None), ["rights-at-work"], [5])
    regional.countries.set([country("BR"), country("AR")])
    tag(
        PracticeFactory(
            slug="draft",
            city=maputo,
            status=PracticeStatus.DRAFT,
            published_at=None,
            verified_on=None,
        ),
        ["employment"],
        [8],
    )
    roadmap = RoadmapFactory(slug="maputo-roadmap", title="Maputo roadmap", event=e2012)
    ActionFactory(roadmap=roadmap, status=ActionStatus.DONE)
    ActionFactory(roadmap=roadmap, status=ActionStatus.DONE)
    ActionFactory(roadmap=roadmap)
    ActionFactory(roadmap=roadmap, status=ActionStatus.DROPPED)
    RoadmapFactory(slug="empty-roadmap", title="Empty roadmap", event=e2013)
    return {"maputo": maputo, "durban": durban}


def data(client, url="/dashboard/data.json"):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_exchanges_per_year_by_modality(client, net):
    figure = data(client)["exchanges_by_year"]
    # Every year from the first to the last, cancelled exchanges left out.
    assert figure["years"] == [2012, 2013, 2014, 2015]
    counts = {series["key"]: series["counts"] for series in figure["series"]}
    assert counts["south-south"] == [1, 0, 0, 1]
    assert counts["north-south"] == [0, 1, 0, 0]
    assert counts["triangular"] == [0, 0, 0, 0]
    assert [row["total"] for row in figure["rows"]] == [1, 1, 0, 1]


def test_practices_by_pillar_and_sdg_and_their_matrix(client, net):
    figures = data(client)
    by_pillar = {pillar["key"]: pillar["count"] for pillar in figures["practices_by_pillar"]}
    # Published practices only.
    assert by_pillar == {
        "employment": 2,
        "social-protection": 0,
        "social-dialogue": 1,
        "rights-at-work": 1,
    }
    by_sdg = {sdg["key"]: sdg["count"] for sdg in figures["practices_by_sdg"]}
    assert (by_sdg[8], by_sdg[11], by_sdg[5], by_sdg[1]) == (2, 1, 1, 0)
    assert len(by_sdg) == 17
    matrix = {
        (row["sdg"], cell["pillar"]): cell["count"]
        for row in figures["sdg_pillar_matrix"]
        for cell in row["cells"]
    }
    assert matrix[(8, "employment")] == 2
    assert matrix[(8, "social-dialogue")] == 1
    assert matrix[(11, "employment")] == 1
    assert matrix[(5, "rights-at-work")] == 1
    assert matrix[(5, "employment")] == 0
    assert sum(matrix.values()) == 6
    heat = {
        (row["sdg"], cell["pillar"]): cell["heat"]
        for row in figures["sdg_pillar_matrix"]
        for cell in row["cells"]
    }
    assert heat[(8, "employment")] == 4 and heat[(5, "employment")] == 0


def test_the_matrix_labels_its_goals_in_the_readers_language(client, net):
    rows = data(client, "/fr/dashboard/data.json")["sdg_pillar_matrix"]
    assert rows[7]["tag"] == "ODD 8"
    assert data(client)["sdg_pillar_matrix"][7]["tag"] == "SDG 8"


def test_regions(client, net):
    regions = {region["key"]: region for region in data(client)["regions"]}
    assert regions["africa"]["cities"] == 2
    assert regions["africa"]["events"] == 2
    assert regions["africa"]["practices"] == 2
    # A practice without a city counts in its countries' region, once.
    assert regions["americas"]["practices"] == 1
    assert regions["europe-central-asia"]["events"] == 1
    assert regions["asia-pacific"] == {
        "key": "asia-pacific",
        "label": "Asia and the Pacific",
        "colour": regions["asia-pacific"]["colour"],
        "cities": 1,
        "events": 0,
        "practices": 0,
    }


def test_roadmap_progress(client, net):
    roadmaps = {roadmap["key"]: roadmap for roadmap in data(client)["roadmaps"]}
    assert roadmaps["maputo-roadmap"]["done"] == 2
    assert roadmaps["maputo-roadmap"]["total"] == 4
    assert roadmaps["maputo-roadmap"]["progress"] == 50
    assert roadmaps["empty-roadmap"]["progress"] is None


def test_the_json_speaks_the_pages_language(client, net):
    figures = data(client, "/fr/dashboard/data.json")
    assert figures["labels"]["year"]
    assert data(client)["labels"]["year"] == "Year"


def test_the_dashboard_page_has_a_table_for_every_chart(client, net):
    response = client.get("/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("data-chart=") == 5
    # Every figure is in a table, for screen readers and browsers without JavaScript.
    # The practices most taken up have their table but no chart: `net` records none.
    assert html.count("<table") == 6
    assert html.count('<details class="chart-data" open>') == 5
    assert 'data-url="/dashboard/data.json"' in html
    assert (
        '<td class="num heat-4"><a href="/practices/?sdg=8&amp;pillar=employment">2</a></td>'
        in html
    )
    # No inline script: the charts come from static files.
    assert "<script>" not in html
    assert 'src="/static/vendor/chart.js/chart.umd.min.js"' in html
    assert 'src="/static/js/dashboard.js"' in html


def test_an_empty_network_has_a_dashboard_too(client):
    assert client.get("/dashboard/").status_code == 200
    figures = data(client)
    assert figures["exchanges_by_year"]["years"] == []
    assert figures["roadmaps"] == []


def graph(client, query=""):
    response = client.get(f"/network/{query}")
    assert response.status_code == 200
    html = response.content.decode()
    if 'id="network-data"' not in html:
        assert "No exchange, partnership or practice taken up links cities" in html
        return {"nodes": [], "edges": []}, html
    start = html.index('<script id="network-data" type="application/json">')
    body = html[start:].split(">", 1)[1].split("</script>", 1)[0]
    return json.loads(body), html


def edges(graph_data):
    return sorted(
        (edge["source_name"], edge["target_name"], edge["kind"], edge["weight"])
        for edge in graph_data["edges"]
    )


def test_the_network_links_cities_by_exchanges_and_partnerships(client, net):
    graph_data, html = graph(client)
    assert edges(graph_data) == [
        ("Durban", "Lleida", "north-south", 1),
        ("Maputo", "Durban", "partnership", 1),
        ("Maputo", "Durban", "south-south", 1),
        ("Maputo", "Lleida", "north-south", 1),
    ]
    nodes = {node["label"]: node for node in graph_data["nodes"]}
    # Marikina's exchange was cancelled and its partnership only proposed.
    assert set(nodes) == {"Maputo", "Durban", "Lleida"}
    assert nodes["Maputo"]["url"] == "/cities/maputo/"
    assert nodes["Maputo"]["region"] == "africa"
    assert nodes["Lleida"]["region"] == "europe-central-asia"
    # Activity: its links, plus its published practices.
    assert nodes["Maputo"]["activity"] == 3 + 1
    # The links are listed for screen readers and without JavaScript.
    assert "Maputo and Durban twinning" in html
    assert html.count('href="/cities/') >= 3
    assert "<script>" not in html


@pytest.mark.parametrize(
    ("query", "expected_kinds"),
    [
        ("?year=2012", {"south-south", "partnership"}),
        ("?year=2013", {"north-south", "partnership"}),
        # Partnerships have no pillar: a pillar shows exchanges only.
        ("?pillar=employment", {"south-south"}),
        ("?pillar=social-dialogue&year=2013", {"north-south"}),
        ("?pillar=social-dialogue&year=2012", set()),
    ],
)
def test_the_network_filters_by_year_and_pillar(client, net, query, expected_kinds):
    graph_data, _html = graph(client, query)
    assert {edge["kind"] for edge in graph_data["edges"]} == expected_kinds


def test_the_network_form_keeps_its_filters_and_reports_bad_ones(client, net):
    _, html = graph(client, "?year=2012&pillar=employment")
    assert '<option value="2012" selected>2012</option>' in html
    assert '<option value="employment" selected>' in html
    graph_data, html = graph(client, "?year=1800&pillar=nope")
    assert "Some filters were not understood and are ignored" in html
    assert len(graph_data["edges"]) == 4


def test_the_feed_of_new_practices(client, net):
    response = client.get("/practices/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    # Published practices only, with their city.
    assert len(entries) == 3
    assert any(title.endswith("(Maputo, Mozambique)") for title in titles)
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert "http://testserver/practices/markets/" in links
    categories = {c.get("term") for c in feed.iter(f"{ATOM}category")}
    assert {"Employment", "SDG 8"} <= categories


def test_the_feed_lists_the_newest_first(client):
    old = PracticeFactory(slug="old", published_at=timezone.now() - datetime.timedelta(days=30))
    new = PracticeFactory(slug="new")
    feed = ET.fromstring(client.get("/practices/feed/").content)
    links = [entry.find(f"{ATOM}link").get("href") for entry in feed.findall(f"{ATOM}entry")]
    assert links == [
        f"http://testserver{new.get_absolute_url()}",
        f"http://testserver{old.get_absolute_url()}",
    ]


@pytest.mark.parametrize("url", ["/", "/practices/", "/events/", "/dashboard/", "/network/"])
def test_every_page_links_the_feeds(client, net, url):
    html = client.get(url).content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/practices/feed/"' in html
    assert '<link rel="alternate" type="text/calendar"' in html
    assert 'href="/api/v1/events/?format=ics"' in html


def test_the_calendar_feed_answers(client, net):
    response = client.get("/api/v1/events/?format=ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")


def grow_network():
    counter = {"n": 0}

    def more():
        counter["n"] += 1
        i = counter["n"]
        host = CityFactory(slug=f"host-{i}", country=country("SN"))
        guest = CityFactory(slug=f"guest-{i}", country=country("FR"))
        event = EventFactory(
            slug=f"event-{i}", host_city=host, start_date=datetime.date(2010 + i, 1, 1)
        )
        event.pillars.set(Pillar.objects.filter(slug="employment"))
        ParticipationFactory(event=event, city=guest)
        PartnershipFactory(slug=f"partnership-{i}").cities.set([host, guest])
        tag(PracticeFactory(slug=f"practice-{i}", city=host), ["employment"], [8, 1])
        roadmap = RoadmapFactory(slug=f"roadmap-{i}", event=event)
        ActionFactory(roadmap=roadmap, status=ActionStatus.DONE)

    return more


@pytest.mark.parametrize(
    "url",
    [
        "/dashboard/",
        "/dashboard/data.json",
        "/network/",
        "/network/?year=2012",
        "/network/?pillar=employment",
        "/practices/feed/",
    ],
)
def test_query_count_does_not_grow_with_the_network(client, net, url):
    assert_constant_queries(lambda: client.get(url), grow_network())
