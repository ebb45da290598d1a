"""Full-text search in each content language, on PostgreSQL and SQLite alike: a row's
words are stemmed in the language it is written in, its translations' in theirs, a query
in the reader's language and as written."""

import pytest
from django.utils import translation

from exchanges.models import Event, EventTranslation, Roadmap, RoadmapTranslation
from exchanges.search import search_events, search_roadmaps
from practices.models import Practice, PracticeTranslation
from practices.search import search_practices
from tests.factories import EventFactory, PracticeFactory, RoadmapFactory

pytestmark = pytest.mark.django_db


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
    EventFactory(slug="forum", language="fr", title="Forum des villes intermédiaires")
    with translation.override("fr"):
        hits = search_events(Event.objects.all(), "ville intermédiaire")
        assert list(hits.values_list("slug", flat=True)) == ["forum"]


def test_translated_titles_and_summaries_are_searched_in_their_language(practices):
    practice = Practice.objects.get(slug="markets")
    PracticeTranslation.objects.create(
        practice=practice,
        language="fr",
        title="Travailler avec les commerçants informels de Durban",
        summary="Les marchés et les organisations de commerçants.",
    )
    # French stemming of the French translation, whoever reads; an accent left out.
    assert found("marché", "fr") == {"markets"}
    assert found("commercant", "en") == {"markets"}
    # A word of the original and one of the translation: one text.
    assert found("Durban commerçants", "fr") == {"markets"}


def test_a_translation_changed_or_deleted_leaves_the_index(practices):
    practice = Practice.objects.get(slug="markets")
    translated = PracticeTranslation.objects.create(
        practice=practice, language="pt", title="Mercados de Durban", summary="Feirantes."
    )
    assert found("mercado", "pt") == {"markets", "mercados"}
    translated.title = "Comércio informal em Durban"
    translated.save()
    assert found("mercado", "pt") == {"mercados"}
    assert found("comércio", "pt") == {"markets"}
    translated.delete()
    assert found("comércio", "pt") == set()


def test_a_translation_moved_to_another_text_is_searched_with_it(practices):
    practice = Practice.objects.get(slug="markets")
    other = Practice.objects.get(slug="feiras")
    translated = PracticeTranslation.objects.create(
        practice=practice, language="fr", title="Marchés de Durban", summary="Des commerçants."
    )
    PracticeTranslation.objects.filter(pk=translated.pk).update(practice=other)
    assert found("marché", "fr") == {"feiras"}


def test_event_and_roadmap_translations_are_searched():
    event = EventFactory(slug="forum", language="en", title="Forum of intermediary cities")
    EventTranslation.objects.create(
        event=event, language="es", title="Foro de ciudades intermedias", summary=""
    )
    roadmap = RoadmapFactory(slug="roadmap", language="en", title="Roadmap", event=event)
    RoadmapTranslation.objects.create(
        roadmap=roadmap, language="fr", title="Feuille de route", summary=""
    )
    with translation.override("es"):
        assert [e.slug for e in search_events(Event.objects.all(), "ciudad intermedia")] == [
            "forum"
        ]
    with translation.override("fr"):
        assert [r.slug for r in search_roadmaps(Roadmap.objects.all(), "feuilles")] == ["roadmap"]
