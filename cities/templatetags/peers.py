"""Template tags for the peer matching of cities.peers: `{% city_peers city as peers %}`,
`{% related_practices practice as related %}`, `{% learning_cities practice as cities %}`.

Each match carries `object`, `score`, `reasons` and `summary` (the reasons in short).
"""

from django import template

from cities import peers as matching

register = template.Library()


def _shown(matches):
    for match in matches:
        match.summary = matching.summarize(match.reasons)
    return matches


@register.simple_tag
def city_peers(city, limit=matching.DEFAULT_LIMIT):
    return _shown(matching.city_peers(city, limit=limit))


@register.simple_tag
def related_practices(practice, limit=matching.DEFAULT_LIMIT):
    return _shown(matching.related_practices(practice, limit=limit))


@register.simple_tag
def learning_cities(practice, limit=matching.DEFAULT_LIMIT):
    return _shown(matching.learning_cities(practice, limit=limit))
