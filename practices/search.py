"""Search `?q=` over practices, their adoptions, pillars and SDGs.

One function per model, so a better search can replace one without touching the API's
filters or views. Cities, events, roadmaps and practices are searched in full text
(base.fulltext: ranked, accent-insensitive, stemmed, on PostgreSQL and SQLite alike).
"""

from django.db.models import Q, QuerySet

from base.fulltext import search


def search_practices(queryset: QuerySet, q: str) -> QuerySet:
    """Full text, ranked (see base.fulltext): the title above the summary, the text and
    their translations."""
    return search(queryset, q, fields=["title", "summary"])


def search_adoptions(queryset: QuerySet, q: str) -> QuerySet:
    return queryset.filter(
        Q(practice__title__icontains=q) | Q(city__name__icontains=q) | Q(notes__icontains=q)
    )


def search_pillars(queryset: QuerySet, q: str) -> QuerySet:
    return queryset.filter(Q(name__icontains=q) | Q(short_name__icontains=q))


def search_sdgs(queryset: QuerySet, q: str) -> QuerySet:
    return queryset.filter(name__icontains=q)
