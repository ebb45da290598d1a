"""The city directory (`/cities/`) and the city page (`/cities/<slug>/`)."""

import datetime
import json
import re
from html import unescape as html_unescape

import pytest
from django.urls import reverse

from base.models import SDG
from cities.views import CITIES_PER_PAGE
from exchanges.models import ActionStatus
from tests.factories import (
    ActionFactory,
    AdoptionFactory,
    CityFactory,
    EventFactory,
    OrganizationFactory,
    ParticipationFactory,
    PartnershipFactory,
    PracticeFactory,
    RoadmapFactory,
    country,
)
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db

URL = "/cities/"


def names(response) -> list[str]:
    """The cities listed, in order."""
    return [city.name for city in response.context["page_obj"]]


@pytest.fixture
def network():
    """Five cities, different in every way a visitor filters on."""
    uclg = OrganizationFactory(slug="uclg", name="United Cities and Local Governments")
    anamm = OrganizationFactory(slug="anamm", name="ANAMM")
    maputo = CityFactory(slug="maputo", name="Maputo", population=1_101_170)
    maputo.sectors.add(*_sectors("commerce", "administration"))
    maputo.networks.add(uclg, anamm)
    durban = CityFactory(slug="durban", name="Durban", country=country("ZA"), population=3_900_000)
    durban.sectors.add(*_sectors("tourism", "manufacturing"))
    durban.networks.add(uclg)
    lleida = CityFactory(slug="lleida", name="Lleida", country=country("ES"), population=138_000)
    lleida.sectors.add(*_sectors("agriculture"))
    chefchaouen = CityFactory(
        slug="chefchaouen", name="Chefchaouen", country=country("MA"), population=42_786
    )
    chefchaouen.sectors.add(*_sectors("tourism", "handicrafts"))
    pasto = CityFactory(slug="pasto", name="Pasto", country=country("CO"), population=None)
    return {c.slug: c for c in (maputo, durban, lleida, chefchaouen, pasto)}


def _sectors(*slugs):
    from base.models import Sector

    return list(Sector.objects.filter(slug__in=slugs))


def test_directory_lists_every_city_with_its_country_and_size(client, network):
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Chefchaouen", "Durban", "Lleida", "Maputo", "Pasto"]
    html = response.content.decode()
    assert "South Africa" in html
    assert "Metropolis (over 1,000,000)" in html
    assert "<title>Cities · PeerCities</title>" in html
    assert '<meta name="description" content="The cities of the PeerCities network' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=africa", ["Chefchaouen", "Durban", "Maputo"]),
        ("region=europe-central-asia", ["Lleida"]),
        ("country=ZA", ["Durban"]),
        ("population_class=metropolis", ["Durban", "Maputo"]),
        ("population_class=intermediary", ["Lleida"]),
        ("population_class=small", ["Chefchaouen"]),
        ("sector=tourism", ["Chefchaouen", "Durban"]),
        ("network=uclg", ["Durban", "Maputo"]),
        ("network=anamm", ["Maputo"]),
        ("q=dur", ["Durban"]),
        ("region=africa&sector=tourism", ["Chefchaouen", "Durban"]),
        ("region=africa&sector=tourism&population_class=metropolis", ["Durban"]),
        ("region=americas&sector=tourism", []),
    ],
)
def test_directory_filters(client, network, query, expected):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert names(response) == expected


def test_filter_form_keeps_the_filters_in_the_url_and_shows_them_selected(client, network):
    html = client.get(f"{URL}?region=africa&sector=tourism").content.decode()
    assert '<form class="filters" method="get"' in html
    assert re.search(r'<option value="africa" selected>', html)
    assert re.search(r'<option value="tourism" selected>', html)
    # Only the countries, sectors and networks of the network's cities are offered.
    assert '<option value="ZA">South Africa</option>' in html
    assert '<option value="FR">' not in html


def test_no_city_matches(client, network):
    html = client.get(f"{URL}?country=ES&sector=tourism").content.decode()
    assert "0 cities" in html
    assert "No city matches these filters." in html


@pytest.mark.parametrize(
    "query",
    [
        "region=atlantis",
        "country=XX",
        "country=zz-top",
        "population_class=huge",
        "sector=%00",
        "network=nobody",
        "page=abc",
        "page=999",
        "page=-1",
        "region=africa&region=americas",
    ],
)
def test_bad_filter_values_never_break_the_directory(client, network, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200


def test_a_bad_filter_is_reported_and_ignored(client, network):
    response = client.get(f"{URL}?region=atlantis&sector=tourism")
    html = response.content.decode()
    assert "Some filters were not understood and are ignored" in html
    assert "Region" in html
    assert names(response) == ["Chefchaouen", "Durban"]


def test_directory_paginates_and_keeps_the_filters_in_the_page_links(client):
    for n in range(CITIES_PER_PAGE + 3):
        CityFactory(name=f"Town {n:02d}", population=100_000)
    CityFactory(name="Big town", population=2_000_000)
    first = client.get(f"{URL}?population_class=intermediary")
    assert len(first.context["page_obj"]) == CITIES_PER_PAGE
    html = first.content.decode()
    assert 'href="?population_class=intermediary&amp;page=2"' in html
    second = client.get(f"{URL}?population_class=intermediary&page=2")
    assert names(second) == [f"Town {n:02d}" for n in range(CITIES_PER_PAGE, CITIES_PER_PAGE + 3)]
    html = second.content.decode()
    assert "<title>Cities · page 2 · PeerCities</title>" in html
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2</a>' in html
    assert 'href="?population_class=intermediary&amp;page=1" rel="prev"' in html


def test_directory_map_shows_every_city_filtered(client, network):
    html = client.get(f"{URL}?region=africa&page=1").content.decode()
    url = html_unescape(re.search(r'data-points-url="([^"]+)"', html).group(1))
    assert url == "/cities/map-points.json?region=africa"
    points = client.get(url).json()
    assert sorted(point["name"] for point in points) == ["Chefchaouen", "Durban", "Maputo"]
    assert {"name", "country", "lat", "lng", "url"} <= set(points[0])
    assert next(p for p in points if p["name"] == "Maputo")["url"] == "/cities/maputo/"


def test_directory_query_count_does_not_grow_with_cities(client, network):
    def grow():
        for _ in range(6):
            city = CityFactory()
            city.sectors.add(*_sectors("tourism", "commerce"))

    assert_constant_queries(lambda: client.get(URL), grow)
    assert_constant_queries(lambda: client.get(f"{URL}?sector=tourism&region=africa"), grow)


# The city page


def test_city_page_shows_the_profile(client, network):
    response = client.get(reverse("city-detail", kwargs={"slug": "maputo"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Maputo</h1>" in html
    assert "1,101,170" in html
    assert "Metropolis (over 1,000,000)" in html
    assert "Commerce and markets" in html
    assert 'href="/cities/?network=uclg"' in html
    assert "<title>Maputo, Mozambique · PeerCities</title>" in html


def test_city_page_shows_partnerships_events_practices_and_actions(client, network):
    maputo, durban = network["maputo"], network["durban"]
    partnership = PartnershipFactory(name="Durban and Maputo", status="in-process")
    partnership.cities.add(maputo, durban)
    EventFactory(title="Hygiene, health and markets", host_city=maputo)
    joined = EventFactory(title="Learning visit to Durban", host_city=durban)
    ParticipationFactory(event=joined, city=maputo, role="learner")
    upcoming = EventFactory(
        title="Next exchange",
        host_city=durban,
        start_date=datetime.date.today() + datetime.timedelta(days=40),
        status="open",
    )
    ParticipationFactory(event=upcoming, city=maputo, role="peer")
    EventFactory(title="Unrelated forum", host_city=network["lleida"])
    PracticeFactory(city=maputo, title="Market waste management")
    PracticeFactory(city=maputo, title="A draft", status="draft", published_at=None)
    AdoptionFactory(city=maputo, practice=PracticeFactory(title="Informal traders in Durban"))
    roadmap = RoadmapFactory(title="Maputo roadmap")
    ActionFactory(
        roadmap=roadmap, title="Project with street vendors", status=ActionStatus.DONE
    ).responsible_cities.add(maputo)
    ActionFactory(roadmap=roadmap, title="Someone else's action")

    html = client.get("/cities/maputo/").content.decode()
    assert "Durban and Maputo" in html
    assert "In process" in html
    assert 'href="/cities/durban/"' in html
    for title in ("Hygiene, health and markets", "Learning visit to Durban", "Next exchange"):
        assert title in html
    assert "Unrelated forum" not in html
    assert html.index("Next exchange") < html.index("Learning visit to Durban")
    assert ">Host<" in html and ">Learner<" in html and ">Peer<" in html
    assert "Market waste management" in html
    assert "A draft" not in html
    assert "Informal traders in Durban" in html
    assert "Project with street vendors" in html
    assert "Someone else&#x27;s action" not in html
    assert roadmap.get_absolute_url() in html


def test_city_page_has_a_small_map_of_the_city(client, network):
    html = client.get("/cities/durban/").content.decode()
    points = json.loads(
        re.search(r'id="city-map-points" type="application/json">(.*?)</script>', html).group(1)
    )
    assert points == [
        {
            "name": "Durban",
            "country": "South Africa",
            "lat": -25.9653,
            "lng": 32.5832,
            "url": "/cities/durban/",
        }
    ]
    assert 'class="map map-small"' in html


def test_city_page_of_an_unknown_city_is_404(client):
    response = client.get("/cities/atlantis/")
    assert response.status_code == 404
    assert "We could not find this page" in response.content.decode()


def test_city_page_query_count_does_not_grow_with_rows(client, network):
    maputo = network["maputo"]

    def grow():
        for _ in range(3):
            other = CityFactory()
            partnership = PartnershipFactory()
            partnership.cities.add(maputo, other, CityFactory())
            ParticipationFactory(event=EventFactory(host_city=other), city=maputo)
            EventFactory(host_city=maputo)
            practice = PracticeFactory(city=maputo)
            practice.sdgs.add(SDG.objects.get(number=8))
            AdoptionFactory(city=maputo, event=EventFactory())
            action = ActionFactory(carried_out_by=EventFactory())
            action.responsible_cities.add(maputo)

    grow()
    assert_constant_queries(lambda: client.get("/cities/maputo/"), grow)


def test_a_practice_run_in_several_cities_is_listed_and_counted_by_each(client, network):
    """A practice names its other cities (the VCCI's four Vietnamese branches): each of
    their pages lists and counts it, with the cities it also runs in, as the API does."""
    hanoi = CityFactory(slug="hanoi", name="Hanoi", country=country("VN"))
    da_nang = CityFactory(slug="da-nang", name="Da Nang", country=country("VN"))
    national = PracticeFactory(city=None, title="Small enterprises in Viet Nam")
    national.countries.add(country("VN"))
    national.other_cities.add(da_nang, hanoi)
    led_elsewhere = PracticeFactory(city=da_nang, title="Da Nang's market")
    led_elsewhere.other_cities.add(hanoi)
    PracticeFactory(city=hanoi, title="Hanoi's own")
    draft = PracticeFactory(city=None, title="A draft", status="draft", published_at=None)
    draft.other_cities.add(hanoi)
    PracticeFactory(city=da_nang, title="Da Nang alone")

    response = client.get("/cities/hanoi/")
    listed = [practice.title for practice in response.context["practices"]]
    assert listed == ["Da Nang's market", "Hanoi's own", "Small enterprises in Viet Nam"]
    html = response.content.decode()
    assert "3 good practices" in html
    assert "No published practice yet." not in html
    # Where else each runs: the city that leads it first, never the page's own city.
    elsewhere = {p.title: [c.name for c in p.elsewhere] for p in response.context["practices"]}
    assert elsewhere == {
        "Da Nang's market": ["Da Nang"],
        "Hanoi's own": [],
        "Small enterprises in Viet Nam": ["Da Nang"],
    }
    assert 'Also in <a href="/cities/da-nang/">Da Nang</a>' in html

    api = client.get("/api/v1/practices/", {"city": "hanoi", "ordering": "title"}).json()
    assert [row["title"] for row in api["results"]] == listed
    # Da Nang's page counts the national practice too, and the one it leads.
    html = client.get("/cities/da-nang/").content.decode()
    assert "3 good practices" in html
    assert 'Also in <a href="/cities/hanoi/">Hanoi</a>' in html
    # A city running none says so.
    response = client.get("/cities/lleida/")
    assert response.context["practices"] == []
    html = response.content.decode()
    assert "No published practice yet." in html
    assert not re.search(r"\d+ good practices?<", html)


def test_the_practices_of_a_city_in_several_cities_cost_the_same_queries(client, network):
    maputo = network["maputo"]

    def grow():
        for _ in range(3):
            practice = PracticeFactory(city=None)
            practice.other_cities.add(maputo, CityFactory(), CityFactory())
            practice.countries.add(country("MZ"))
            practice.sdgs.add(SDG.objects.get(number=8))
            PracticeFactory(city=CityFactory()).other_cities.add(maputo)

    grow()
    assert_constant_queries(lambda: client.get("/cities/maputo/"), grow)
    assert_constant_queries(lambda: client.get("/api/v1/practices/", {"city": "maputo"}), grow)
    # grow() ran three times, each adding six practices that run in Maputo, none led by it.
    assert client.get("/api/v1/practices/", {"city": "maputo"}).json()["count"] == 18
