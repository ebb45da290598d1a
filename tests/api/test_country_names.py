"""Country names in the Accept-Language language, from pycountry's ISO 3166 catalogues:
in the countries' API and in the cities' nested references."""

import pytest
from rest_framework.test import APIClient

from tests.factories import CityFactory, country

SOUTH_AFRICA = {
    "en": "South Africa",
    "fr": "Afrique du Sud",
    "es": "Sudáfrica",
    "pt": "África do Sul",
}


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.django_db
def test_a_country_in_each_language(api, subtests):
    for language, name in SOUTH_AFRICA.items():
        with subtests.test(language=language):
            response = api.get("/api/v1/countries/ZA/", HTTP_ACCEPT_LANGUAGE=language)
            assert response["Content-Language"] == language
            assert response.json()["name"] == name


@pytest.mark.django_db
def test_a_city_names_its_country_in_the_readers_language(api):
    CityFactory(slug="maputo", name="Maputo", country=country("MZ"))
    body = api.get("/api/v1/cities/maputo/", HTTP_ACCEPT_LANGUAGE="pt").json()
    assert body["country"]["name"] == "Moçambique"
    body = api.get("/api/v1/cities/?country=MZ", HTTP_ACCEPT_LANGUAGE="pt").json()
    assert body["results"][0]["country"]["name"] == "Moçambique"


@pytest.mark.django_db
def test_english_is_the_stored_name(api):
    assert api.get("/api/v1/countries/CD/").json()["name"] == "Democratic Republic of the Congo"
    assert api.get("/api/v1/countries/CD/", HTTP_ACCEPT_LANGUAGE="fr").json()["name"] == (
        "République démocratique du Congo"
    )


@pytest.mark.django_db
def test_inverted_catalogue_forms_read_in_order(api):
    """The catalogues write some names inverted, for sorted lists: shown in reading order."""
    names = {
        ("RU", "fr"): "Fédération de Russie",
        ("PS", "es"): "Estado de Palestina",
        ("FM", "pt"): "Estados Federados da Micronésia",
        ("SB", "fr"): "Îles Salomon",
    }
    for (code, language), name in names.items():
        body = api.get(f"/api/v1/countries/{code}/", HTTP_ACCEPT_LANGUAGE=language).json()
        assert body["name"] == name


@pytest.mark.django_db
def test_portuguese_follows_the_brazilian_norm(api):
    assert api.get("/api/v1/countries/VN/", HTTP_ACCEPT_LANGUAGE="pt").json()["name"] == "Vietnã"


@pytest.mark.django_db
def test_filtering_and_ordering_keep_the_english_names(api):
    """Lookups use codes and the stored name: a translation never leaks into a query."""
    CityFactory(slug="durban", name="Durban", country=country("ZA"))
    body = api.get("/api/v1/countries/?region=africa&page_size=100", HTTP_ACCEPT_LANGUAGE="fr")
    assert {row["code"] for row in body.json()["results"]} >= {"ZA", "MZ"}
    body = api.get("/api/v1/cities/?ordering=country", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert body["results"][0]["country"]["name"] == "Afrique du Sud"
