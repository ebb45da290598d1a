"""Search `?q=` over events and roadmaps.

One function per model, so a better search can replace one without touching the API's
filters or views. Cities, events, roadmaps and practices are searched in full text
(base.fulltext: ranked, accent-insensitive, stemmed, on PostgreSQL and SQLite alike).
"""

from django.db.models import QuerySet

from base.fulltext import search


def search_events(queryset: QuerySet, q: str) -> QuerySet:
    """Full text, ranked (see base.fulltext): the title above the summary above the
    objectives and outcomes, and the translations."""
    return search(queryset, q, fields=["title", "summary"])


def search_roadmaps(queryset: QuerySet, q: str) -> QuerySet:
    """Full text, ranked (see base.fulltext): the title above the summary, and their
    translations."""
    return search(queryset, q, fields=["title", "summary"])
