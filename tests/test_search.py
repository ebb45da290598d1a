"""Full-text search (base.fulltext, used by `<app>.search`), the same on PostgreSQL (search
vectors) and on SQLite (FTS5 indexes): ranked by weight (title above summary above
description), accent-insensitive, stemmed, with prefix matching for type-ahead and
highlighted snippets. The same search serves the API's `?q=` and `/search/`. Every test
here runs on both databases: run the file with and without DATABASE_URL."""

import pytest
from rest_framework.test import APIClient

from base.fulltext import fts5_query, query_words, tsquery
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


def test_ranking_puts_title_before_summary_before_description(practices):
    found = search_practices(Practice.objects.all(), "market")
    assert slugs(found) == ["in-title", "in-summary", "in-description"]
    ranks = [practice.search_rank for practice in found]
    assert ranks == sorted(ranks, reverse=True) and ranks[0] > ranks[-1]


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


def test_vectors_follow_every_change():
    practice = PracticeFactory(slug="p", title="Waste pickers", summary="Recycling.")
    assert slugs(search_practices(Practice.objects.all(), "recycle")) == ["p"]
    practice.summary = "Cooperatives."
    practice.save()
    assert slugs(search_practices(Practice.objects.all(), "recycle")) == []
    Practice.objects.filter(pk=practice.pk).update(title="Street vendors")
    assert slugs(search_practices(Practice.objects.all(), "vendor")) == ["p"]


def test_the_api_orders_a_search_by_rank_unless_asked_otherwise(practices):
    api = APIClient()
    found = api.get("/api/v1/practices/", {"q": "markets"}).json()["results"]
    assert [p["slug"] for p in found] == ["in-title", "in-summary", "in-description"]
    by_title = api.get("/api/v1/practices/", {"q": "markets", "ordering": "title"}).json()
    assert [p["slug"] for p in by_title["results"]] == ["in-summary", "in-description", "in-title"]
    assert api.get("/api/v1/practices/", {"q": "mark"}).json()["count"] == 3


def test_the_api_searches_accent_insensitively_everywhere():
    CityFactory(slug="odienne", name="Odienné", country=country("CI"))
    response = APIClient().get("/api/v1/cities/", {"q": "odienne"})
    assert [city["slug"] for city in response.json()["results"]] == ["odienne"]


def test_the_search_page_ranks_and_shows_highlighted_snippets(client, practices):
    html = client.get("/search/", {"q": "markets"}).content.decode()
    assert html.index("/practices/in-title/") < html.index("/practices/in-summary/")
    assert html.index("/practices/in-summary/") < html.index("/practices/in-description/")
    # The description's passage, the word found marked, its surroundings escaped.
    assert "The council rebuilt the <mark>markets</mark> of the city centre" in html


def test_snippets_are_escaped(client):
    PracticeFactory(
        slug="html", title="Markets", summary='Vendors <script>alert("x")</script> & markets.'
    )
    html = client.get("/search/", {"q": "markets"}).content.decode()
    # ts_headline drops the tags; what is left is escaped, only <mark> is markup.
    assert "<script>alert" not in html
    assert "&amp; <mark>markets</mark>" in html


def test_snippets_mark_the_words_found_whatever_their_accents(client):
    PracticeFactory(slug="odienne", title="Markets", summary="The traders of Odienné organized.")
    html = client.get("/search/", {"q": "odienne"}).content.decode()
    assert "traders of <mark>Odienné</mark> organized" in html


@pytest.mark.sqlite
def test_rows_written_while_migrating_are_indexed_after_it():
    """SQLite: `migrate` drops the triggers before it runs (so that Django can remake
    tables) and puts them back after, rebuilding the indexes."""
    from base.fulltext import drop_sqlite_triggers, install_sqlite_triggers

    drop_sqlite_triggers(sender=None, using="default")
    PracticeFactory(slug="during", title="Waste pickers")
    assert slugs(search_practices(Practice.objects.all(), "waste")) == []
    install_sqlite_triggers(sender=None, using="default")
    assert slugs(search_practices(Practice.objects.all(), "waste")) == ["during"]
    PracticeFactory(slug="after", title="Waste collectors")
    assert set(slugs(search_practices(Practice.objects.all(), "waste"))) == {"during", "after"}


def test_a_query_without_words_looks_for_itself():
    CityFactory(slug="bang", name="Bang!!!")
    CityFactory(slug="other", name="Other")
    assert slugs(search_cities(City.objects.all(), "!!!")) == ["bang"]


def test_deleted_rows_leave_the_index():
    practice = PracticeFactory(slug="p", title="Waste pickers")
    practice.delete()
    assert slugs(search_practices(Practice.objects.all(), "waste")) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # What FTS5 or to_tsquery would read as syntax is only punctuation between words.
        ('market"', ["in-title", "in-summary", "in-description"]),
        ("market*", ["in-title", "in-summary", "in-description"]),
        ("-market", ["in-title", "in-summary", "in-description"]),
        ("^market:*", ["in-title", "in-summary", "in-description"]),
        ("market OR child", []),
        ('markets" OR "child', []),
        ("NEAR(market child)", []),
        ("title:child", []),
    ],
)
def test_quotes_and_operators_in_a_query_are_only_words(practices, query, expected):
    assert slugs(search_practices(Practice.objects.all(), query)) == expected


def test_queries_keep_only_words():
    assert query_words("  informal  trade!! & | :* ") == ["informal", "trade"]
    assert tsquery("") is None
    assert tsquery("&|!") is None
    assert fts5_query("&|!") is None
    assert fts5_query('a"b', "en") == '("a" AND "b"*) OR ("a" AND "b"*)'


def test_the_search_page_query_count_does_not_grow(client, practices):
    def grow():
        for n in range(3):
            PracticeFactory(slug=f"more-{n}", title=f"Markets {n}", summary="Markets.")

    assert_constant_queries(lambda: client.get("/search/", {"q": "markets"}), grow)


def test_update_search_vectors_recomputes_them(practices):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("update_search_vectors", stdout=out)
    assert "practices_practice: 4 rows" in out.getvalue()
    assert slugs(search_practices(Practice.objects.all(), "market"))[0] == "in-title"


def findable(model, search) -> list[str]:
    """The slugs of the rows of `model` that a search for their own title does not find."""
    return [
        obj.slug
        for obj in model.objects.all()
        if obj.pk not in {hit.pk for hit in search(model.objects.all(), obj.title)}
    ]


def test_bulk_created_rows_are_indexed():
    # As the synthetic network generator (devtools) writes them.
    cities = [CityFactory(), CityFactory()]
    Practice.objects.bulk_create(
        [
            PracticeFactory.build(slug=f"bulk-{n}", title=f"Cooperatives {n}", city=city)
            for n, city in enumerate(cities)
        ]
    )
    found = search_practices(Practice.objects.all(), "cooperative")
    assert set(slugs(found)) == {"bulk-0", "bulk-1"}


def test_the_demo_network_is_indexed_whole(demo_network):
    assert findable(Practice, search_practices) == []
    assert findable(Event, search_events) == []
