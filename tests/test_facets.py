"""The catalogue's facet counts, counted in one pass (`practices.filters.facet_counts`):
each option's count is the number of practices the catalogue lists when that option is
chosen with the other filters in force, as counting each facet on its own gave."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from base.models import SDG, Criterion, Pillar, Sector
from cities.models import Country, Region
from practices.filters import PracticeFilter, facet_counts, practice_facets
from practices.models import Practice
from tests.factories import CityFactory, PracticeFactory

pytestmark = pytest.mark.django_db

FIRST_YEAR = 2005
COUNTRIES = ["ZA", "MZ", "KE", "BR", "AR", "ID", "FR"]


@pytest.fixture
def network():
    """Forty practices tagged at random (seeded): cities in several countries and
    regions, practices with and without a city, with countries of their own that repeat
    or add to their city's, spans of years open and closed, a few not published."""
    rng = random.Random(16)
    countries = list(Country.objects.filter(code__in=COUNTRIES))
    cities = [CityFactory(country=rng.choice(countries)) for _ in range(8)]
    pillars, sdgs = list(Pillar.objects.all()), list(SDG.objects.all())
    sectors, criteria = list(Sector.objects.all()), list(Criterion.objects.all())
    for number in range(40):
        start = rng.choice([None, *range(FIRST_YEAR, FIRST_YEAR + 12)])
        published = rng.random() < 0.85
        practice = PracticeFactory(
            title=f"{rng.choice(['Cooperatives', 'Markets', 'Training'])} {number}",
            city=rng.choice([None, *cities]),
            start_year=start,
            end_year=rng.choice([None, start + rng.randint(0, 4)]) if start else None,
            status="published" if published else "draft",
            published_at=timezone.now() if published else None,
        )
        practice.pillars.add(*rng.sample(pillars, rng.randint(1, 3)))
        practice.sdgs.add(*rng.sample(sdgs, rng.randint(1, 4)))
        practice.sectors.add(*rng.sample(sectors, rng.randint(0, 2)))
        practice.criteria.add(*rng.sample(criteria, rng.randint(0, 3)))
        practice.countries.add(*rng.sample(countries, rng.randint(0, 3)))


def catalogue(params: dict) -> PracticeFilter:
    return PracticeFilter(params, queryset=Practice.objects.published())


def values_of(name: str) -> list[str]:
    """Every value a facet may offer, as in the URL."""
    this_year = timezone.localdate().year
    return {
        "pillar": list(Pillar.objects.values_list("slug", flat=True)),
        "sdg": [str(number) for number in SDG.objects.values_list("number", flat=True)],
        "region": list(Region.values),
        "country": [*COUNTRIES, "CL"],  # the network's countries and one without practices
        "sector": list(Sector.objects.values_list("slug", flat=True)),
        "criterion": list(Criterion.objects.values_list("slug", flat=True)),
        "year": [str(year) for year in range(FIRST_YEAR, this_year + 1)],
    }[name]


def counted_one_facet_at_a_time(params: dict, name: str) -> dict[str, int]:
    """What each value of facet `name` gives: the catalogue filtered by it and the other
    filters in force, counted one value at a time (the definition, not the fast way)."""
    counts = {}
    for value in values_of(name):
        count = catalogue({**params, name: value}).qs.distinct().count()
        if count or params.get(name) == value:
            counts[value] = count
    return counts


FILTERS_IN_FORCE = [
    {},
    {"pillar": "employment"},
    {"pillar": "employment", "region": "africa"},
    {"sdg": "8", "country": "BR", "year": str(FIRST_YEAR + 4)},
    {"region": "americas", "sector": "tourism", "criterion": "innovation"},
    {"q": "cooperatives", "pillar": "social-protection"},
    {"pillar": "employment", "sdg": "1", "region": "africa", "country": "ZA", "year": "2010"},
]


@pytest.mark.parametrize("params", FILTERS_IN_FORCE)
def test_each_count_is_what_choosing_that_value_lists(network, params):
    facets = {facet.name: facet for facet in practice_facets(catalogue(params))}

    for name in ["pillar", "sdg", "region", "country", "sector", "criterion"]:
        shown = {option.value: option.count for option in facets[name].options}
        assert shown == counted_one_facet_at_a_time(params, name), name
    # Years after this one are shown for practices still running only when selected.
    shown = {option.value: option.count for option in facets["year"].options}
    expected = counted_one_facet_at_a_time(params, "year")
    assert {year: count for year, count in shown.items() if year in expected} == expected


@pytest.mark.parametrize("params", FILTERS_IN_FORCE)
def test_every_facet_is_counted_in_one_query(network, params):
    filterset = catalogue(params)
    filterset.active  # noqa: B018 -- validating the filters queries their values
    with CaptureQueriesContext(connection) as queries:
        facet_counts(filterset)

    assert len(queries.captured_queries) == 1


@pytest.mark.parametrize(
    "params",
    [
        {"pillar": "nonsense"},
        {"year": "19999999"},
        {"country": "'; DROP TABLE practices_practice; --"},
        {"q": "'); SELECT pg_sleep(5); --"},
    ],
)
def test_bad_filter_values_are_counted_as_absent_or_searched_as_text(network, params):
    shown = {facet.name: facet for facet in practice_facets(catalogue(params))}
    unfiltered = {facet.name: facet for facet in practice_facets(catalogue({}))}

    if "q" in params:
        assert all(not facet.options for facet in shown.values())
    else:
        assert shown["pillar"].options == unfiltered["pillar"].options
    assert Practice.objects.count() == 40
