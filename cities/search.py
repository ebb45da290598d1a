"""Search `?q=` over countries, cities, organizations and partnerships.

One function per model, so a better search (PostgreSQL full-text) can replace one
without touching the API's filters or views.
"""

from django.db.models import Q, QuerySet

from base.fulltext import search


def search_countries(queryset: QuerySet, q: str) -> QuerySet:
    return queryset.filter(Q(name__icontains=q) | Q(code__iexact=q))


def search_cities(queryset: QuerySet, q: str) -> QuerySet:
    """Full-text on PostgreSQL, ranked (see base.fulltext); name or description
    containing `q` elsewhere."""
    return search(queryset, q, fields=["name", "description"])


def search_organizations(queryset: QuerySet, q: str) -> QuerySet:
    return queryset.filter(
        Q(name__icontains=q) | Q(acronym__icontains=q) | Q(description__icontains=q)
    )


def search_partnerships(queryset: QuerySet, q: str) -> QuerySet:
    return queryset.filter(Q(name__icontains=q) | Q(description__icontains=q))
