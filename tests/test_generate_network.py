"""`manage.py generate_network`: a deterministic synthetic network of realistic shape,
beside the demo network, and the lists and pages over it keep a constant query count."""

from collections import Counter
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from base.api.throttling import RoleRateThrottle
from cities.models import City, Organization, Partnership, Region
from cities.rules import PopulationClass
from devtools.synthetic import (
    SLUG_PREFIX,
    NetworkSize,
    SyntheticDataExists,
    delete_generated_network,
    generate_network,
)
from exchanges.models import Event, Participation, Registration, Roadmap
from exchanges.rules import compute_modality
from practices.models import Adoption, Practice, PracticeStatus, Result
from tests.utils import assert_constant_queries

SMALL = NetworkSize(cities=50, events=100, practices=200)
GENERATED = {"slug__startswith": SLUG_PREFIX}


def snapshot() -> dict[str, list]:
    """The generated network by natural keys (never primary keys, which differ)."""
    return {
        "cities": list(
            City.objects.filter(**GENERATED)
            .order_by("slug")
            .values_list("slug", "name", "country", "population", "latitude", "description")
        ),
        "city sectors": sorted(
            City.sectors.through.objects.filter(city__slug__startswith=SLUG_PREFIX).values_list(
                "city__slug", "sector__slug"
            )
        ),
        "organizations": list(
            Organization.objects.filter(**GENERATED)
            .order_by("slug")
            .values_list("slug", "kind", "country")
        ),
        "events": list(
            Event.objects.filter(**GENERATED)
            .order_by("slug")
            .values_list(
                "slug", "title", "host_city__slug", "start_date", "status", "modality", "summary"
            )
        ),
        "participations": sorted(
            Participation.objects.filter(event__slug__startswith=SLUG_PREFIX).values_list(
                "event__slug", "city__slug", "role", "delegation_size"
            )
        ),
        "event sdgs": sorted(
            Event.sdgs.through.objects.filter(event__slug__startswith=SLUG_PREFIX).values_list(
                "event__slug", "sdg__number"
            )
        ),
        "practices": list(
            Practice.objects.filter(**GENERATED)
            .order_by("slug")
            .values_list(
                "slug", "title", "summary", "status", "city__slug", "published_at", "verified_on"
            )
        ),
        "practice pillars": sorted(
            Practice.pillars.through.objects.filter(
                practice__slug__startswith=SLUG_PREFIX
            ).values_list("practice__slug", "pillar__slug")
        ),
        "results": sorted(
            Result.objects.filter(practice__slug__startswith=SLUG_PREFIX).values_list(
                "practice__slug", "indicator", "value_before", "value_after"
            )
        ),
        "adoptions": sorted(
            Adoption.objects.filter(practice__slug__startswith=SLUG_PREFIX).values_list(
                "practice__slug", "city__slug", "stage", "year"
            )
        ),
        "roadmaps": sorted(
            Roadmap.objects.filter(**GENERATED).values_list("slug", "event__slug", "adopted_on")
        ),
        "registrations": sorted(
            Registration.objects.filter(event__slug__startswith=SLUG_PREFIX).values_list(
                "event__slug", "email", "status"
            )
        ),
    }


@pytest.fixture
def small_network(db):
    return generate_network(size=SMALL, seed=7)


def test_it_writes_the_requested_numbers(small_network):
    assert City.objects.filter(**GENERATED).count() == 50
    assert Event.objects.filter(**GENERATED).count() == 100
    assert Practice.objects.filter(**GENERATED).count() == 200
    assert Organization.objects.filter(**GENERATED).count() == SMALL.organizations
    assert Partnership.objects.filter(**GENERATED).count() == SMALL.partnerships
    assert Roadmap.objects.filter(**GENERATED).count() == SMALL.roadmaps
    assert Adoption.objects.filter(practice__slug__startswith=SLUG_PREFIX).count() > 0
    assert small_network.rows["practices_practice"] == 200
    assert small_network.total_rows > 2000


def test_the_same_seed_gives_the_same_network_and_another_seed_another(small_network):
    first = snapshot()
    delete_generated_network()
    assert not City.objects.filter(**GENERATED).exists()
    generate_network(size=SMALL, seed=7)
    assert snapshot() == first
    delete_generated_network()
    generate_network(size=SMALL, seed=8)
    assert snapshot()["practices"] != first["practices"]


def test_cities_cover_every_region_and_population_class(small_network):
    cities = list(City.objects.filter(**GENERATED).select_related("country"))
    assert {city.country.region for city in cities} == set(Region.values)
    assert {city.population_class for city in cities} == set(PopulationClass.values)


def test_events_have_several_participants_and_the_modality_of_the_shared_rule(small_network):
    events = (
        Event.objects.filter(**GENERATED)
        .select_related("host_city__country")
        .prefetch_related(
            "participations__city__country",
            "organizers__country",
            "supporters__country",
            "pillars",
        )
    )
    for event in events:
        others = [p for p in event.participations.all() if p.city_id != event.host_city_id]
        assert len(others) >= 2
        assert event.pillars.all()
        assert event.modality == compute_modality(event)
    assert len({event.modality for event in events}) >= 3


def test_practices_are_richly_tagged_and_mostly_published(small_network):
    practices = Practice.objects.filter(**GENERATED).prefetch_related(
        "pillars", "sdgs", "sectors", "results"
    )
    statuses = Counter(practice.status for practice in practices)
    assert 0.75 < statuses[PracticeStatus.PUBLISHED] / 200 < 0.95
    assert len(statuses) >= 3
    for practice in practices:
        assert practice.pillars.all() and practice.sectors.all()
        assert len(practice.sdgs.all()) >= 1
        assert len(practice.results.all()) >= 2
    assert practices.filter(status=PracticeStatus.PUBLISHED, verified_on__isnull=True).count() == 0
    # Several languages, as in the network: English, French, Spanish, Portuguese.
    titles = " ".join(practice.title for practice in practices)
    assert sum(marker in titles for marker in (" in ", " à ", " en ", " em ")) >= 3


def test_it_refuses_a_second_network_and_replaces_on_request(small_network):
    with pytest.raises(SyntheticDataExists):
        generate_network(size=SMALL, seed=7)
    out = StringIO()
    call_command(
        "generate_network", "--cities=10", "--events=5", "--practices=5", "--replace", stdout=out
    )
    assert "Deleted the network generated earlier" in out.getvalue()
    assert City.objects.filter(**GENERATED).count() == 10
    with pytest.raises(CommandError, match="pass --replace"):
        call_command("generate_network", "--cities=10", "--events=5", "--practices=5")


def test_it_lives_beside_the_demo_network(db):
    call_command("load_demo", stdout=StringIO())
    demo = {
        "cities": City.objects.count(),
        "events": Event.objects.count(),
        "practices": Practice.objects.count(),
    }
    out = StringIO()
    call_command("generate_network", "--cities=5", "--events=5", "--practices=5", stdout=out)
    assert City.objects.count() == demo["cities"] + 5
    assert Event.objects.count() == demo["events"] + 5
    assert Practice.objects.count() == demo["practices"] + 5
    assert "Generated" in out.getvalue()


LISTS_AND_PAGES = [
    "/api/v1/pillars/",
    "/api/v1/sdgs/",
    "/api/v1/cities/",
    "/api/v1/cities/?region=africa&population_class=intermediary",
    "/api/v1/organizations/",
    "/api/v1/partnerships/",
    "/api/v1/events/",
    "/api/v1/events/?region=africa&pillar=employment",
    "/api/v1/roadmaps/",
    "/api/v1/practices/",
    "/api/v1/practices/?pillar=social-protection&sdg=8",
    "/api/v1/adoptions/",
    "/",
    "/cities/",
    "/events/",
    "/roadmaps/",
    "/practices/",
    "/practices/?pillar=employment&region=africa",
]


@pytest.mark.parametrize("url", LISTS_AND_PAGES)
def test_lists_and_pages_keep_a_constant_query_count_over_the_network(client, db, url, monkeypatch):
    monkeypatch.setattr(
        RoleRateThrottle,
        "THROTTLE_RATES",
        {"anon": "100000/min", "user": "100000/min", "partner": "100000/min"},
    )
    # Every list has rows from the start (a roadmap for each 40 events), more after.
    generate_network(size=NetworkSize(cities=10, events=40, practices=12), seed=1)

    def get():
        cache.clear()  # no throttle count, no cached response carried over
        response = client.get(url)
        assert response.status_code == 200

    def grow():
        delete_generated_network()
        generate_network(size=NetworkSize(cities=30, events=120, practices=40), seed=1)

    assert_constant_queries(get, grow)
