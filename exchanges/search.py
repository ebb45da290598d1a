"""Search `?q=` over events and roadmaps.

One function per model, so a better search (PostgreSQL full-text) can replace one
without touching the API's filters or views.
"""

from django.db.models import QuerySet

from base.fulltext import search


def search_events(queryset: QuerySet, q: str) -> QuerySet:
    """Full-text on PostgreSQL, ranked (see base.fulltext); title or summary
    containing `q` elsewhere."""
    return search(queryset, q, fields=["title", "summary"])


def search_roadmaps(queryset: QuerySet, q: str) -> QuerySet:
    """Full-text on PostgreSQL, ranked (see base.fulltext); title or summary
    containing `q` elsewhere."""
    return search(queryset, q, fields=["title", "summary"])
