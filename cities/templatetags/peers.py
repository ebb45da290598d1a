"""Template tags for the peer matching of cities.peers: `{% city_peers city as peers %}`,
`{% related_practices practice as related %}`, `{% learning_cities practice as cities %}`.

Each match carries `object`, `score`, `reasons` and `summary` (the reasons in short).
Within one request, the network's profiles are read once whatever the number of tags.
"""

from django import template

from cities import peers as matching

register = template.Library()


def _network(context) -> matching.Network:
    request = context.get("request")
    network = getattr(request, "_peers_network", None)
    if network is None:
        network = matching.Network()
        if request is not None:
            request._peers_network = network
    return network


def _shown(matches):
    for match in matches:
        match.summary = matching.summarize(match.reasons)
    return matches


@register.simple_tag(takes_context=True)
def city_peers(context, city, limit=matching.DEFAULT_LIMIT):
    return _shown(matching.city_peers(city, limit=limit, network=_network(context)))


@register.simple_tag(takes_context=True)
def related_practices(context, practice, limit=matching.DEFAULT_LIMIT):
    return _shown(matching.related_practices(practice, limit=limit, network=_network(context)))


@register.simple_tag(takes_context=True)
def learning_cities(context, practice, limit=matching.DEFAULT_LIMIT):
    return _shown(matching.learning_cities(practice, limit=limit, network=_network(context)))
