"""Search `?q=` over countries, cities, organizations and partnerships.

One function per model, so a better search can replace one without touching the API's
filters or views. Cities, events, roadmaps and practices are searched in full text
(base.fulltext: ranked, accent-insensitive, stemmed, on PostgreSQL and SQLite alike).
"""

from django.db.models import Q, QuerySet

from base.fulltext import search


def search_countries(queryset: QuerySet, q: str) -> QuerySet:
    return queryset.filter(Q(name__icontains=q) | Q(code__iexact=q))


def search_cities(queryset: QuerySet, q: str) -> QuerySet:
    """Full text, ranked (see base.fulltext): the name above the description."""
    return search(queryset, q, fields=["name", "description"])


def search_organizations(queryset: QuerySet, q: str) -> QuerySet:
    return queryset.filter(
        Q(name__icontains=q) | Q(acronym__icontains=q) | Q(description__icontains=q)
    )


def search_partnerships(queryset: QuerySet, q: str) -> QuerySet:
    return queryset.filter(Q(name__icontains=q) | Q(description__icontains=q))
