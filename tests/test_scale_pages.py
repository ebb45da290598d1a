"""What keeps the pages light at scale: the catalogue's place and year facets counted
once per practice by grouped counts, the exchange list's city filter as a text box (by
slug or name) instead of a select of every city, and the maps' cities loaded from
`/cities/map-points.json` instead of carried by each page."""

import datetime

import pytest

from tests.factories import (
    CityFactory,
    EventFactory,
    ParticipationFactory,
    PracticeFactory,
    country,
)
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db

THIS_YEAR = datetime.date.today().year


def facet(response, name) -> dict[str, int]:
    facets = {f.name: f for f in response.context["facets"]}
    return {option.value: option.count for option in facets[name].options}


# The catalogue's place and year facets


@pytest.fixture
def places():
    maputo = CityFactory(slug="maputo", name="Maputo", country=country("MZ"))
    # Its city's country among its countries, and a second one in the same region.
    both = PracticeFactory(slug="both", city=maputo, start_year=2010, end_year=2012)
    both.countries.set([country("MZ"), country("ZA")])
    # No city: its countries only, two regions.
    regional = PracticeFactory(slug="regional", city=None, start_year=2012, end_year=None)
    regional.countries.set([country("BR"), country("ZA")])
    PracticeFactory(slug="plain", city=maputo, start_year=None, end_year=None)
    return {"maputo": maputo}


def test_a_practice_counts_once_per_place(client, places):
    response = client.get("/practices/")
    assert facet(response, "country") == {"BR": 1, "MZ": 2, "ZA": 2}
    assert facet(response, "region") == {"africa": 3, "americas": 1}


def test_a_practice_counts_in_every_year_it_runs(client, places):
    response = client.get("/practices/")
    # 2012: the one running 2010-2012 and the one of 2012 without an end year, which is
    # still running: it counts in every year up to this one.
    since_2013 = {str(year): 1 for year in range(2013, THIS_YEAR + 1)}
    assert facet(response, "year") == {**since_2013, "2012": 2, "2011": 1, "2010": 1}
    americas = facet(client.get("/practices/?region=americas"), "year")
    assert americas == {**since_2013, "2012": 1}


def test_a_selected_year_without_practices_is_still_shown(client, places):
    response = client.get("/practices/?year=1999&country=BR")
    since_2012 = {str(year): 1 for year in range(2012, THIS_YEAR + 1)}
    assert facet(response, "year") == {**since_2012, "1999": 0}


def test_place_filters_find_practices_through_their_city_or_countries(client, places):
    def slugs(query):
        return sorted(p.slug for p in client.get(f"/practices/?{query}").context["page_obj"])

    assert slugs("country=ZA") == ["both", "regional"]
    assert slugs("country=MZ") == ["both", "plain"]
    assert slugs("region=americas") == ["regional"]


def test_catalogue_query_count_does_not_grow_with_places(client, places):
    def grow():
        for code in ("KE", "GH", "SN", "FR"):
            practice = PracticeFactory(city=CityFactory(country=country(code)), start_year=2001)
            practice.countries.set([country("ES"), country(code)])

    assert_constant_queries(lambda: client.get("/practices/"), grow)
    assert_constant_queries(lambda: client.get("/practices/?region=africa&year=2001"), grow)


# The exchange list's city filter


@pytest.fixture
def exchanges():
    maputo = CityFactory(slug="maputo", name="Maputo")
    durban = CityFactory(slug="durban", name="Durban", country=country("ZA"))
    hosted = EventFactory(title="Hosted by Maputo", host_city=maputo)
    joined = EventFactory(title="Joined by Maputo", host_city=durban)
    ParticipationFactory(event=joined, city=maputo)
    EventFactory(title="Durban alone", host_city=durban)
    return {"hosted": hosted, "joined": joined}


def event_titles(response) -> list[str]:
    return sorted(event.title for event in response.context["page_obj"])


@pytest.mark.parametrize("value", ["maputo", "Maputo", " maputo "])
def test_the_city_filter_takes_a_slug_or_a_name(client, exchanges, value):
    response = client.get("/events/", {"city": value})
    assert response.status_code == 200
    assert event_titles(response) == ["Hosted by Maputo", "Joined by Maputo"]


def test_the_city_filter_is_a_text_box_not_a_list_of_every_city(client, exchanges):
    html = client.get("/events/?city=maputo").content.decode()
    assert '<select name="city"' not in html
    assert 'name="city" value="maputo"' in html
    assert 'data-city-suggestions="/api/v1/cities/"' in html
    assert "/static/js/city-suggestions.js" in html


def test_an_unknown_city_is_reported_and_ignored(client, exchanges):
    response = client.get("/events/?city=atlantis")
    assert response.status_code == 200
    assert len(event_titles(response)) == 3
    assert "Some filters were not understood" in response.content.decode()


# The maps' cities


def test_the_map_points_are_every_city_or_the_directorys_filtered_ones(client, places):
    CityFactory(slug="curitiba", name="Curitiba", country=country("BR"))
    points = client.get("/cities/map-points.json").json()
    assert [point["name"] for point in points] == ["Curitiba", "Maputo"]
    assert points[1] == {
        "name": "Maputo",
        "country": "Mozambique",
        "lat": float(places["maputo"].latitude),
        "lng": float(places["maputo"].longitude),
        "url": "/cities/maputo/",
    }
    africa = client.get("/cities/map-points.json?region=africa").json()
    assert [point["name"] for point in africa] == ["Maputo"]
    # The French pages link to the French city pages.
    assert client.get("/fr/cities/map-points.json").json()[1]["url"] == "/fr/cities/maputo/"


def test_the_map_points_are_revalidated_until_the_network_changes(client, places):
    first = client.get("/cities/map-points.json")
    assert "max-age=300" in first["Cache-Control"] and "public" in first["Cache-Control"]
    etag = first["ETag"]
    assert client.get("/cities/map-points.json", HTTP_IF_NONE_MATCH=etag).status_code == 304
    CityFactory(slug="lleida", name="Lleida", country=country("ES"))
    again = client.get("/cities/map-points.json", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert "Lleida" in [point["name"] for point in again.json()]


def test_the_map_points_answer_only_reads(client, places):
    assert client.post("/cities/map-points.json").status_code == 405


def test_the_map_points_query_count_does_not_grow(client, places):
    assert_constant_queries(
        lambda: client.get("/cities/map-points.json"),
        lambda: [CityFactory() for _ in range(5)],
    )


def test_home_and_directory_do_not_carry_every_city(client, places):
    for url in ("/", "/cities/"):
        html = client.get(url).content.decode()
        assert "data-points-url=" in html
        assert 'type="application/json"' not in html
