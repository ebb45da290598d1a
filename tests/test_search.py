"""Full-text search (base.fulltext, used by `<app>.search`): on PostgreSQL, ranked by
weighted vectors (title above summary above description), accent-insensitive, stemmed,
with prefix matching for type-ahead and highlighted snippets; on SQLite, the simple
`icontains` fallback. The same search serves the API's `?q=` and `/search/`."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from base.fulltext import query_words, tsquery
from cities.models import City
from cities.search import search_cities
from exchanges.models import Event, Roadmap
from exchanges.search import search_events, search_roadmaps
from practices.models import Practice
from practices.search import search_practices
from tests.factories import (
    CityFactory,
    EventFactory,
    PracticeFactory,
    RoadmapFactory,
    country,
)
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db

# Full-text search needs PostgreSQL; elsewhere the search falls back to icontains.
on_postgresql = pytest.mark.postgresql
on_sqlite = pytest.mark.sqlite


def slugs(queryset):
    return [obj.slug for obj in queryset]


@pytest.fixture
def practices():
    """Three practices about markets: in the title, the summary, the description."""
    return [
        PracticeFactory(
            slug="in-description",
            title="Hygiene and waste management",
            summary="Cleaning facilities for traders.",
            description="The council rebuilt the markets of the city centre.",
        ),
        PracticeFactory(
            slug="in-title",
            title="Markets for informal vendors",
            summary="Vendors organized.",
            description="",
        ),
        PracticeFactory(
            slug="in-summary",
            title="Business skills",
            summary="Training for the vendors of two markets.",
            description="",
        ),
        PracticeFactory(slug="unrelated", title="Child labour", summary="Schools for children."),
    ]


@on_postgresql
def test_ranking_puts_title_before_summary_before_description(practices):
    found = search_practices(Practice.objects.all(), "market")
    assert slugs(found) == ["in-title", "in-summary", "in-description"]
    ranks = [practice.search_rank for practice in found]
    assert ranks == sorted(ranks, reverse=True) and ranks[0] > ranks[-1]


@on_postgresql
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Accents do not matter, either way.
        ("odienne", ["odienne"]),
        ("Odienné", ["odienne"]),
        ("ODIENNE", ["odienne"]),
        ("Sao Paulo", ["sao-paulo"]),
        ("são paulo", ["sao-paulo"]),
        # English stemming: one form finds the others.
        ("markets", ["odienne"]),
        ("market", ["odienne"]),
        ("intermediary cities", ["odienne"]),
        ("city", ["odienne"]),
        # Prefix matching on the last word, for type-ahead.
        ("odi", ["odienne"]),
        ("São Pa", ["sao-paulo"]),
        ("metropol", ["sao-paulo"]),
        # Every word must match.
        ("odienne metropolis", []),
        # Nothing to search for.
        ("!!!", []),
    ],
)
def test_accents_stemming_and_prefixes(query, expected):
    CityFactory(
        slug="odienne",
        name="Odienné",
        country=country("CI"),
        description="An intermediary city of the north, whose markets draw traders.",
    )
    CityFactory(
        slug="sao-paulo",
        name="São Paulo",
        country=country("BR"),
        description="The largest metropolis of Brazil.",
    )
    assert slugs(search_cities(City.objects.all(), query)) == expected


@on_postgresql
def test_events_and_roadmaps_search_their_title_summary_and_outcomes():
    maputo = CityFactory(slug="maputo", name="Maputo")
    held = EventFactory(
        slug="maputo-2012",
        title="Peer learning event in Maputo",
        summary="Hygiene and health in markets.",
        outcomes="A roadmap on South-South cooperation was adopted.",
        host_city=maputo,
    )
    EventFactory(slug="other", title="Forum", summary="Intermediary cities.", host_city=maputo)
    RoadmapFactory(slug="roadmap", title="Maputo roadmap", summary="Seven commitments.", event=held)
    assert slugs(search_events(Event.objects.all(), "cooperation")) == ["maputo-2012"]
    assert slugs(search_events(Event.objects.all(), "hygiène")) == ["maputo-2012"]
    assert slugs(search_roadmaps(Roadmap.objects.all(), "commitment")) == ["roadmap"]


@on_postgresql
def test_vectors_follow_every_change():
    practice = PracticeFactory(slug="p", title="Waste pickers", summary="Recycling.")
    assert slugs(search_practices(Practice.objects.all(), "recycle")) == ["p"]
    practice.summary = "Cooperatives."
    practice.save()
    assert slugs(search_practices(Practice.objects.all(), "recycle")) == []
    Practice.objects.filter(pk=practice.pk).update(title="Street vendors")
    assert slugs(search_practices(Practice.objects.all(), "vendor")) == ["p"]


@on_postgresql
def test_the_api_orders_a_search_by_rank_unless_asked_otherwise(practices):
    api = APIClient()
    found = api.get("/api/v1/practices/", {"q": "markets"}).json()["results"]
    assert [p["slug"] for p in found] == ["in-title", "in-summary", "in-description"]
    by_title = api.get("/api/v1/practices/", {"q": "markets", "ordering": "title"}).json()
    assert [p["slug"] for p in by_title["results"]] == ["in-summary", "in-description", "in-title"]
    assert api.get("/api/v1/practices/", {"q": "mark"}).json()["count"] == 3


@on_postgresql
def test_the_api_searches_accent_insensitively_everywhere():
    CityFactory(slug="odienne", name="Odienné", country=country("CI"))
    response = APIClient().get("/api/v1/cities/", {"q": "odienne"})
    assert [city["slug"] for city in response.json()["results"]] == ["odienne"]


@on_postgresql
def test_the_search_page_ranks_and_shows_highlighted_snippets(client, practices):
    html = client.get("/search/", {"q": "markets"}).content.decode()
    assert html.index("/practices/in-title/") < html.index("/practices/in-summary/")
    assert html.index("/practices/in-summary/") < html.index("/practices/in-description/")
    # The description's passage, the word found marked, its surroundings escaped.
    assert "The council rebuilt the <mark>markets</mark> of the city centre" in html


@on_postgresql
def test_snippets_are_escaped(client):
    PracticeFactory(
        slug="html", title="Markets", summary='Vendors <script>alert("x")</script> & markets.'
    )
    html = client.get("/search/", {"q": "markets"}).content.decode()
    # ts_headline drops the tags; what is left is escaped, only <mark> is markup.
    assert "<script>alert" not in html
    assert "&amp; <mark>markets</mark>" in html


@on_sqlite
def test_the_sqlite_fallback_finds_words_in_the_title_or_summary(client, practices):
    assert set(slugs(search_practices(Practice.objects.all(), "market"))) == {
        "in-title",
        "in-summary",
    }
    html = client.get("/search/", {"q": "vendors"}).content.decode()
    assert "<mark>vendors</mark>" in html or "<mark>Vendors</mark>" in html


def test_queries_keep_only_words():
    assert query_words("  informal  trade!! & | :* ") == ["informal", "trade"]
    assert tsquery("") is None
    assert tsquery("&|!") is None


def test_the_search_page_query_count_does_not_grow(client, practices):
    def grow():
        for n in range(3):
            PracticeFactory(slug=f"more-{n}", title=f"Markets {n}", summary="Markets.")

    assert_constant_queries(lambda: client.get("/search/", {"q": "markets"}), grow)


def test_update_search_vectors_recomputes_them_or_says_why_not(practices):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("update_search_vectors", stdout=out)
    if connection.vendor == "postgresql":
        assert "practices_practice: 4 rows" in out.getvalue()
        assert slugs(search_practices(Practice.objects.all(), "market"))[0] == "in-title"
    else:
        assert "icontains" in out.getvalue()
