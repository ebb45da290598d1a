"""Full-text search in each content language (PostgreSQL): a row's words are stemmed in
the language it is written in, a query in the reader's language and as written."""

import pytest
from django.utils import translation

from practices.models import Practice
from practices.search import search_practices
from tests.factories import EventFactory, PracticeFactory

# Full-text search needs PostgreSQL.
pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]


def found(q: str, language: str) -> set[str]:
    with translation.override(language):
        return set(search_practices(Practice.objects.all(), q).values_list("slug", flat=True))


@pytest.fixture
def practices():
    PracticeFactory(
        slug="recycleurs",
        language="fr",
        title="Les coopératives de recycleurs de Dakar",
        summary="Des coopératives organisent les recycleurs et négocient avec la ville.",
    )
    PracticeFactory(
        slug="mercados",
        language="es",
        title="Mercados municipales de Pasto",
        summary="Los vendedores de los mercados se organizan.",
    )
    PracticeFactory(
        slug="feiras",
        language="pt",
        title="Feiras livres em Belo Horizonte",
        summary="As feirantes organizam-se em associações.",
    )
    PracticeFactory(
        slug="markets",
        language="en",
        title="Working with informal traders in Durban",
        summary="Markets and traders' organizations.",
    )


def test_french_stemming_finds_the_plural_from_the_singular(practices):
    assert found("coopérative", "fr") == {"recycleurs"}
    assert found("cooperative", "fr") == {"recycleurs"}
    assert found("négocier", "fr") == {"recycleurs"}


def test_spanish_and_portuguese_texts_are_stemmed_in_their_language(practices):
    assert found("mercado municipal", "es") == {"mercados"}
    assert found("associação", "pt") == {"feiras"}
    assert found("market", "en") == {"markets"}


def test_words_as_written_are_found_whatever_the_readers_language(practices):
    # An English reader typing the French word, or a proper name.
    assert found("coopératives", "en") == {"recycleurs"}
    assert found("Pasto", "fr") == {"mercados"}
    assert found("feirantes", "es") == {"feiras"}


def test_the_last_word_still_matches_as_a_prefix(practices):
    assert found("recycl", "fr") == {"recycleurs"}
    assert found("merc", "es") == {"mercados"}


def test_a_change_of_language_restems_the_row(practices):
    practice = Practice.objects.get(slug="markets")
    practice.title = "Marchés et commerçants de Durban"
    practice.summary = "Les commerçants informels s'organisent."
    practice.language = "fr"
    practice.save()
    assert found("marché", "fr") == {"markets"}


def test_events_are_stemmed_in_their_language_too():
    from exchanges.models import Event
    from exchanges.search import search_events

    EventFactory(slug="forum", language="fr", title="Forum des villes intermédiaires")
    with translation.override("fr"):
        hits = search_events(Event.objects.all(), "ville intermédiaire")
        assert list(hits.values_list("slug", flat=True)) == ["forum"]
