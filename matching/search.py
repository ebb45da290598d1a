"""Search `?q=` over challenges, for the challenge list page and the API alike.

Challenges have no full-text vector yet (they are few, and short): every word must
appear in the title or the description, ignoring case."""

from django.db.models import Q, QuerySet

# Enough words for any real question; a longer one would only make a longer query.
MAX_WORDS = 16


def search_challenges(queryset: QuerySet, q: str) -> QuerySet:
    """Challenges whose title or description holds every word of `q`."""
    for word in q.split()[:MAX_WORDS]:
        queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return queryset
