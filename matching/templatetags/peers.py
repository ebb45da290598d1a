"""Template tags for the peer matching of matching.ranking: `{% city_peers city as peers %}`,
`{% related_practices practice as related %}`, `{% learning_cities practice as cities %}`.

Each match carries `object`, `score`, `reasons` and `summary` (the reasons in short).
"""

from django import template

from matching import explanation, ranking

register = template.Library()


def _shown(matches):
    for match in matches:
        match.summary = explanation.summarize(match.reasons)
    return matches


@register.simple_tag
def city_peers(city, limit=explanation.DEFAULT_LIMIT):
    return _shown(ranking.city_peers(city, limit=limit))


@register.simple_tag
def related_practices(practice, limit=explanation.DEFAULT_LIMIT):
    return _shown(ranking.related_practices(practice, limit=limit))


@register.simple_tag
def learning_cities(practice, limit=explanation.DEFAULT_LIMIT):
    return _shown(ranking.learning_cities(practice, limit=limit))
