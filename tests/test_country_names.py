"""Country names on the pages and in the filters, in the page's language and its
alphabetical order."""

import re

import pytest
from django.utils import translation

from cities.countries import sort_key, translated_name
from cities.models import Country
from tests.factories import CityFactory, PracticeFactory, country


@pytest.fixture
def cities(db):
    CityFactory(slug="maputo", name="Maputo", country=country("MZ"))
    CityFactory(slug="durban", name="Durban", country=country("ZA"))
    CityFactory(slug="dakar", name="Dakar", country=country("SN"))
    CityFactory(slug="pasto", name="Pasto", country=country("CO"))


def test_a_country_name_prints_in_the_active_language(db):
    mozambique = Country.objects.get(code="MZ")
    with translation.override("pt"):
        assert str(mozambique) == "Moçambique"
        assert f"{mozambique.name}" == "Moçambique"
    with translation.override("en"):
        assert str(mozambique.name) == "Mozambique"
    # What is compared and saved stays the English name.
    assert Country.objects.filter(name=mozambique.name).get() == mozambique


def test_a_name_the_catalogues_do_not_know_shows_as_stored():
    assert translated_name("Atlantis", "fr") == "Atlantis"


def test_the_city_page_names_its_country(client, cities):
    assert "Moçambique" in client.get("/pt/cities/maputo/").content.decode()
    assert "Afrique du Sud" in client.get("/fr/cities/durban/").content.decode()


def test_the_directory_filter_lists_countries_in_the_readers_order(client, cities):
    html = client.get("/fr/cities/").content.decode()
    select = html[html.index('name="country"') :]
    select = select[: select.index("</select>")]
    names = re.findall(r'<option value="[A-Z]{2}"[^>]*>([^<]+)</option>', select)
    assert names == ["Afrique du Sud", "Colombie", "Mozambique", "Sénégal"]
    assert names == sorted(names, key=sort_key)


def test_the_catalogue_facet_names_countries_in_the_readers_language(client, cities):
    PracticeFactory(city=Country.objects.get(code="ZA").cities.get())
    html = client.get("/es/practices/").content.decode()
    assert "Sudáfrica" in html


def test_the_map_points_carry_translated_country_names(client, cities):
    points = client.get("/pt/cities/map-points.json").json()
    assert {point["country"] for point in points} >= {"Moçambique", "África do Sul"}


def test_the_country_select_keeps_the_choice_and_lists_only_countries_with_cities(client, cities):
    html = client.get("/events/?country=SN").content.decode()
    select = html[html.index('name="country"') :]
    select = select[: select.index("</select>")]
    assert '<option value="SN" selected>Senegal</option>' in select
    assert '<option value="ZA">South Africa</option>' in select
    assert select.count("<option") == 5  # "All countries" and the four with a city
    assert 'value="FR"' not in select


def test_the_country_select_escapes_names(client, cities):
    Country.objects.create(code="ZZ", name="<b>Zed</b> & Co", region="africa", global_south=True)
    CityFactory(country=Country.objects.get(code="ZZ"))
    html = client.get("/cities/").content.decode()
    assert "&lt;b&gt;Zed&lt;/b&gt; &amp; Co" in html
    assert "<b>Zed</b>" not in html


def test_with_cities_counts_each_country_once(cities):
    CityFactory(country=country("MZ"))
    assert sorted(Country.objects.with_cities().values_list("code", flat=True)) == [
        "CO",
        "MZ",
        "SN",
        "ZA",
    ]
