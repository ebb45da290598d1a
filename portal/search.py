"""Search across the network: cities, events, roadmaps and good practices.

What a search matches is decided per model by `<app>.search.search_<models>(queryset, q)`;
this module only gathers them for the `/search/` page.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from base.fulltext import attach_snippets, ranked, with_snippets
from cities.models import City
from cities.search import search_cities
from exchanges.models import Event, Roadmap
from exchanges.search import search_events, search_roadmaps
from practices.models import Practice
from practices.search import search_practices

# How many hits of each kind the search page shows; the rest is one link away.
HITS_PER_SECTION = 5

# The text a hit's snippet comes from, where the words searched for are marked.
SNIPPET_FIELDS = {
    "cities": ["description"],
    "events": ["summary", "objectives", "outcomes"],
    "roadmaps": ["summary"],
    "practices": ["summary", "description"],
}


@dataclass
class SearchSection:
    key: str
    title: str
    count: int
    hits: list
    more_url: str


def search_network(q: str, *, limit: int = HITS_PER_SECTION) -> list[SearchSection]:
    """The cities, events, roadmaps and published practices matching `q`, by kind: each
    with its number of hits, its first `limit` hits and the link to all of them."""
    q = (q or "").strip()
    if not q:
        return []
    cities = search_cities(City.objects.with_references(), q).prefetch_related("sectors")
    events = search_events(Event.objects.with_references(), q)
    roadmaps = search_roadmaps(
        Roadmap.objects.with_progress().select_related("event__host_city__country"), q
    )
    practices = search_practices(
        Practice.objects.published().select_related("city__country"), q
    ).prefetch_related("pillars", "sdgs", "countries", "translations")
    sections = [
        ("cities", _("Cities"), ranked(cities, "name"), "city-list"),
        ("events", _("Exchanges"), ranked(events, "-start_date", "title"), "event-list"),
        ("roadmaps", _("Roadmaps"), ranked(roadmaps, "-adopted_on", "title"), "roadmap-list"),
        (
            "practices",
            _("Good practices"),
            ranked(practices, "-published_at", "title"),
            "practice-list",
        ),
    ]
    return [
        SearchSection(
            key=key,
            title=title,
            count=queryset.count(),
            hits=attach_snippets(
                with_snippets(queryset, q, fields=SNIPPET_FIELDS[key])[:limit],
                q,
                fields=SNIPPET_FIELDS[key],
            ),
            more_url=f"{reverse(url_name)}?{urlencode({'q': q})}",
        )
        for key, title, queryset, url_name in sections
    ]
