"""Countries, cities, organizations and partnerships."""

import csv
import io
import json

import pytest

from cities.models import Country
from tests.api.utils import keys, results, streamed
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db

AFRICA = {"maputo", "durban", "chefchaouen", "odienne"}
SOUTH = {"maputo", "durban", "belo-horizonte", "chefchaouen", "odienne"}
NORTH = {"barcelona", "lleida", "turin"}

CITY_FILTERS = [
    ({}, SOUTH | NORTH),
    ({"country": "ES"}, {"barcelona", "lleida"}),
    ({"region": "africa"}, AFRICA),
    ({"region": "americas"}, {"belo-horizonte"}),
    ({"region": "asia-pacific"}, set()),
    ({"population_class": "small"}, {"chefchaouen"}),
    ({"population_class": "intermediary"}, {"lleida"}),
    ({"population_class": "large"}, {"turin"}),
    ({"population_class": "metropolis"}, {"maputo", "durban", "belo-horizonte", "barcelona"}),
    ({"sector": "tourism"}, {"durban", "chefchaouen"}),
    ({"network": "uclg"}, {"maputo", "durban", "barcelona"}),
    ({"global_south": "true"}, SOUTH),
    ({"global_south": "false"}, NORTH),
    ({"q": "lleid"}, {"lleida"}),
    ({"q": "ODIENN"}, {"odienne"}),
    ({"region": "europe-central-asia", "population_class": "metropolis"}, {"barcelona"}),
    ({"sector": "manufacturing", "global_south": "false"}, {"turin"}),
]


def test_city_filters(api, network, subtests):
    for params, expected in CITY_FILTERS:
        with subtests.test(params=params):
            assert keys(api.get("/api/v1/cities/", params)) == expected


def test_a_city_row_carries_its_references(api, network):
    (row,) = results(api.get("/api/v1/cities/", {"q": "durban"}))
    assert row == {
        "slug": "durban",
        "name": "Durban",
        "country": {"code": "ZA", "name": "South Africa"},
        "population": 3_400_000,
        "population_year": 2017,
        "population_class": "metropolis",
        "latitude": -25.9653,
        "longitude": 32.5832,
        "sectors": [
            {"slug": "manufacturing", "name": "Manufacturing"},
            {"slug": "tourism", "name": "Tourism"},
        ],
        "networks": [{"slug": "uclg", "name": "UCLG"}],
        "description": "",
        "website": "",
    }


def test_a_city_of_unknown_population_has_no_class(api, network):
    (row,) = results(api.get("/api/v1/cities/", {"q": "odienn"}))
    assert row["population"] is None
    assert row["population_class"] is None


def test_city_detail_by_slug(api, network):
    response = api.get("/api/v1/cities/lleida/")
    assert response.status_code == 200
    assert response.json()["population_class"] == "intermediary"


def test_cities_order_by_population_and_name(api, network):
    ordered = results(
        api.get("/api/v1/cities/", {"global_south": "false", "ordering": "population"})
    )
    assert [row["slug"] for row in ordered] == ["lleida", "turin", "barcelona"]
    ordered = results(api.get("/api/v1/cities/", {"region": "africa", "ordering": "-country,name"}))
    # South Africa, Mozambique, Morocco, Côte d'Ivoire: by country name, descending.
    assert [row["slug"] for row in ordered] == ["durban", "maputo", "chefchaouen", "odienne"]


def test_cities_csv_holds_every_matching_row_not_one_page(api, network):
    CityFactory.create_batch(30, country=Country.objects.get(code="MZ"))
    text = streamed(api.get("/api/v1/cities/", {"format": "csv", "country": "MZ"}))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 31
    maputo = next(row for row in rows if row["slug"] == "maputo")
    assert maputo["country"] == "MZ"
    assert maputo["population_class"] == "metropolis"
    assert maputo["sectors"] == "commerce; services"
    assert maputo["networks"] == "uclg"
    assert list(rows[0]) == [
        "slug",
        "name",
        "country",
        "population",
        "population_year",
        "population_class",
        "latitude",
        "longitude",
        "sectors",
        "networks",
        "description",
        "website",
    ]


def test_cities_csv_honours_the_filters(api, network):
    response = api.get("/api/v1/cities/", {"format": "csv", "sector": "tourism"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="city.csv"'
    rows = list(csv.DictReader(io.StringIO(streamed(response))))
    assert {row["slug"] for row in rows} == {"durban", "chefchaouen"}


def test_cities_geojson_is_a_feature_collection(api, network):
    response = api.get("/api/v1/cities/", {"format": "geojson", "region": "africa"})
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    collection = json.loads(streamed(response))
    assert collection["type"] == "FeatureCollection"
    features = {feature["id"]: feature for feature in collection["features"]}
    assert set(features) == AFRICA
    durban = features["durban"]
    assert durban["type"] == "Feature"
    # GeoJSON puts the longitude first (RFC 7946, 3.1.1).
    assert durban["geometry"] == {"type": "Point", "coordinates": [32.5832, -25.9653]}
    assert durban["properties"]["name"] == "Durban"
    assert durban["properties"]["country"] == {"code": "ZA", "name": "South Africa"}
    assert "latitude" not in durban["properties"]


def test_csv_cells_that_look_like_formulas_stay_text(api, network):
    CityFactory(slug="formula", name='=HYPERLINK("http://example.org")')
    text = streamed(api.get("/api/v1/cities/", {"format": "csv", "q": "hyperlink"}))
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["name"] == '\'=HYPERLINK("http://example.org")'


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "arab-states"}, {"region": "arab-states"}),
        ({"global_south": "false"}, {"global_south": False}),
        ({"global_south": "true", "region": "africa"}, {"global_south": True, "region": "africa"}),
    ],
)
def test_country_filters(api, db, params, expected):
    response = api.get("/api/v1/countries/", {**params, "page_size": 100})
    rows = results(response)
    assert rows
    assert response.json()["count"] == Country.objects.filter(**expected).count()
    for row in rows:
        assert {key: row[key] for key in expected} == expected


def test_country_search_and_detail_by_code(api, db):
    assert keys(api.get("/api/v1/countries/", {"q": "mozamb"}), "code") == {"MZ"}
    response = api.get("/api/v1/countries/MZ/")
    assert response.json() == {
        "code": "MZ",
        "name": "Mozambique",
        "region": "africa",
        "region_name": "Africa",
        "global_south": True,
    }


ORGANIZATION_FILTERS = [
    ({}, {"ilo", "uclg", "anamm", "norway-mfa"}),
    ({"kind": "donor"}, {"norway-mfa"}),
    ({"kind": "local-government-association"}, {"uclg", "anamm"}),
    ({"country": "ES"}, {"uclg"}),
    ({"q": "anamm"}, {"anamm"}),
    ({"kind": "local-government-association", "country": "MZ"}, {"anamm"}),
]


def test_organization_filters(api, network, subtests):
    for params, expected in ORGANIZATION_FILTERS:
        with subtests.test(params=params):
            assert keys(api.get("/api/v1/organizations/", params)) == expected


def test_organization_detail(api, network):
    body = api.get("/api/v1/organizations/ilo/").json()
    assert body["kind"] == "international"
    assert body["country"] is None


PARTNERSHIP_FILTERS = [
    ({}, {"maputo-belo-horizonte", "barcelona-maputo", "durban-southern-africa"}),
    ({"city": "maputo"}, {"maputo-belo-horizonte", "barcelona-maputo"}),
    ({"kind": "twinning"}, {"durban-southern-africa"}),
    ({"status": "active"}, {"barcelona-maputo"}),
    ({"city": "maputo", "status": "in-process"}, {"maputo-belo-horizonte"}),
]


def test_partnership_filters(api, network, subtests):
    for params, expected in PARTNERSHIP_FILTERS:
        with subtests.test(params=params):
            assert keys(api.get("/api/v1/partnerships/", params)) == expected


def test_partnership_detail_lists_cities_and_supporters(api, network):
    body = api.get("/api/v1/partnerships/maputo-belo-horizonte/").json()
    assert {city["slug"] for city in body["cities"]} == {"maputo", "belo-horizonte"}
    assert body["cities"][0]["country"]["code"] in {"MZ", "BR"}
    assert body["supporters"] == [{"slug": "uclg", "name": "UCLG"}]
    assert body["themes"] == ["local economic development"]
    assert body["status"] == "in-process"
