"""A question asked on a page and through the API gets the same answer: each rule that
decides which rows a list gives lives in one selector, used by both (issue #14)."""

import datetime

import pytest
from rest_framework.test import APIClient

from base.models import SDG, Criterion, Pillar, Sector
from tests.factories import (
    ActionFactory,
    ChallengeFactory,
    CityFactory,
    EventFactory,
    OrganizationFactory,
    ParticipationFactory,
    PracticeFactory,
    RoadmapFactory,
    country,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_network():
    maputo = CityFactory(slug="maputo", name="Maputo", population=1_100_000)
    durban = CityFactory(slug="durban", name="Durban", country=country("ZA"), population=600_000)
    lleida = CityFactory(slug="lleida", name="Lleida", country=country("ES"), population=140_000)
    pasto = CityFactory(slug="pasto", name="Pasto", country=country("CO"), population=40_000)
    maputo.sectors.add(Sector.objects.get(slug="commerce"))
    lleida.sectors.add(Sector.objects.get(slug="tourism"))
    uclg = OrganizationFactory(slug="uclg")
    maputo.networks.add(uclg)
    durban.networks.add(uclg)

    maputo_2012 = EventFactory(
        slug="maputo-2012",
        title="Maputo peer learning",
        host_city=maputo,
        modality="triangular",
        start_date=datetime.date(2012, 11, 26),
    )
    maputo_2012.pillars.add(Pillar.objects.get(slug="employment"))
    maputo_2012.sdgs.add(SDG.objects.get(number=8))
    durban_2013 = EventFactory(
        slug="durban-2013",
        title="Durban study visit",
        host_city=durban,
        kind="study-visit",
        start_date=datetime.date(2013, 6, 1),
    )
    ParticipationFactory(event=durban_2013, city=maputo)
    # Runs over the new year: it takes place in 2013 and in 2014.
    lleida_forum = EventFactory(
        slug="lleida-forum",
        title="Lleida forum",
        host_city=lleida,
        kind="forum",
        modality="north-south",
        start_date=datetime.date(2013, 12, 30),
        end_date=datetime.date(2014, 1, 2),
    )
    ParticipationFactory(event=lleida_forum, city=durban)
    EventFactory(slug="pasto-2015", host_city=pasto, start_date=datetime.date(2015, 3, 3))

    markets = PracticeFactory(
        slug="maputo-markets", title="Markets", city=maputo, start_year=2012, end_year=2014
    )
    markets.pillars.add(Pillar.objects.get(slug="employment"))
    markets.sdgs.add(SDG.objects.get(number=8))
    markets.sectors.add(Sector.objects.get(slug="commerce"))
    markets.criteria.add(Criterion.objects.get(slug="sustainability"))
    # No end year: still running.
    PracticeFactory(slug="durban-traders", title="Traders", city=durban, start_year=2013)
    lao = PracticeFactory(
        slug="lao-women", title="Women", city=None, start_year=2009, end_year=2011
    )
    lao.countries.add(country("LA"))
    PracticeFactory(slug="pasto-window", title="Single window", city=pasto)
    PracticeFactory(slug="a-draft", status="draft", published_at=None, verified_on=None)

    sanitation = ChallengeFactory(
        slug="maputo-sanitation",
        title="Market sanitation",
        city=maputo,
        status="looking-for-partners",
    )
    sanitation.pillars.add(Pillar.objects.get(slug="employment"))
    sanitation.sdgs.add(SDG.objects.get(number=8))
    sanitation.sectors.add(Sector.objects.get(slug="commerce"))
    ChallengeFactory(
        slug="durban-youth",
        title="Youth jobs",
        description="Young people leave school without work.",
        city=durban,
        status="partnership-formed",
    )

    maputo_roadmap = RoadmapFactory(
        slug="maputo-roadmap", title="Maputo roadmap", event=maputo_2012
    )
    maputo_roadmap.signatory_cities.add(maputo, durban)
    # Lleida signed nothing there, but is responsible for an action.
    ActionFactory(roadmap=maputo_roadmap).responsible_cities.add(lleida)
    lleida_declaration = RoadmapFactory(
        slug="lleida-declaration", title="Lleida declaration", event=lleida_forum
    )
    lleida_declaration.signatory_cities.add(lleida)


SHARED_FILTERS = [
    # Events: every parameter the exchange list and the API both take.
    *(
        ("/events/", "/api/v1/events/", params)
        for params in [
            {},
            {"q": "lleida"},
            {"city": "maputo"},
            {"city": "durban"},
            {"city": "lleida"},
            {"country": "ZA"},
            {"country": "ES"},
            {"region": "africa"},
            {"region": "europe-central-asia"},
            {"modality": "triangular"},
            {"modality": "north-south"},
            {"kind": "forum"},
            {"kind": "study-visit"},
            {"pillar": "employment"},
            {"sdg": "8"},
            {"year": "2012"},
            {"year": "2013"},
            {"year": "2014"},
            {"year": "2016"},
            {"city": "durban", "year": "2014"},
        ]
    ),
    # Practices: the catalogue's filters.
    *(
        ("/practices/", "/api/v1/practices/", params)
        for params in [
            {},
            {"q": "markets"},
            {"pillar": "employment"},
            {"sdg": "8"},
            {"region": "africa"},
            {"region": "asia-pacific"},
            {"country": "ZA"},
            {"country": "LA"},
            {"sector": "commerce"},
            {"criterion": "sustainability"},
            {"year": "2010"},
            {"year": "2013"},
            {"year": "2020"},
            {"region": "africa", "year": "2014"},
        ]
    ),
    # Roadmaps.
    *(
        ("/roadmaps/", "/api/v1/roadmaps/", params)
        for params in [
            {},
            {"q": "lleida"},
            {"city": "maputo"},
            {"city": "durban"},
            {"city": "lleida"},
        ]
    ),
    # Challenges.
    *(
        ("/challenges/", "/api/v1/challenges/", params)
        for params in [
            {},
            {"q": "market"},
            {"q": "SCHOOL work"},
            {"status": "looking-for-partners"},
            {"status": "partnership-formed"},
            {"city": "durban"},
            {"pillar": "employment"},
            {"sdg": "8"},
            {"sector": "commerce"},
        ]
    ),
    # Cities: the directory's filters.
    *(
        ("/cities/", "/api/v1/cities/", params)
        for params in [
            {},
            {"q": "durban"},
            {"region": "africa"},
            {"country": "ZA"},
            {"population_class": "metropolis"},
            {"population_class": "intermediary"},
            {"sector": "tourism"},
            {"network": "uclg"},
        ]
    ),
]


@pytest.mark.parametrize(
    ("page_url", "api_url", "params"),
    SHARED_FILTERS,
    ids=[f"{page}?{'&'.join(f'{k}={v}' for k, v in p.items())}" for page, _, p in SHARED_FILTERS],
)
def test_a_page_and_the_api_give_the_same_rows(client, small_network, page_url, api_url, params):
    page = client.get(page_url, params)
    assert page.status_code == 200
    filterset = page.context["filterset"]
    assert filterset.is_valid(), filterset.errors  # the page used every parameter
    on_page = {row.slug for row in page.context["page_obj"].paginator.object_list}
    api = APIClient().get(api_url, {**params, "page_size": 100})
    assert api.status_code == 200, api.content
    assert on_page == {row["slug"] for row in api.json()["results"]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # An event takes place in every year it overlaps.
        ({"year": "2014"}, {"lleida-forum"}),
        # A city's events: those it hosts or joins.
        ({"city": "durban"}, {"durban-2013", "lleida-forum"}),
    ],
)
def test_the_decided_event_rules(client, small_network, params, expected):
    page = client.get("/events/", params)
    assert {event.slug for event in page.context["page_obj"]} == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # A practice with no end year is still running.
        ({"year": "2020"}, {"durban-traders"}),
        ({"year": "2011"}, {"lao-women"}),
    ],
)
def test_the_decided_practice_year_rule(client, small_network, params, expected):
    page = client.get("/practices/", params)
    assert {practice.slug for practice in page.context["page_obj"]} == expected


def test_a_roadmap_involves_its_signatories_and_the_cities_responsible_for_an_action(
    client, small_network
):
    page = client.get("/roadmaps/", {"city": "lleida"})
    assert {roadmap.slug for roadmap in page.context["page_obj"]} == {
        "maputo-roadmap",
        "lleida-declaration",
    }
