"""The API's JSON parser: Python's decoder recurses once per nesting level, so a body of
thousands of `[` would end in a RecursionError (a 500). No request of the API nests
deeper than a few levels; a deeper body is refused with a 400."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

# The API's deepest request (an event's participants) nests three levels.
MAX_JSON_DEPTH = 20


def nesting_depth(value) -> int:
    """How deeply lists and objects nest in a decoded JSON value (a scalar is 0)."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in children)
    return deepest


def too_deep() -> ParseError:
    return ParseError(
        _("JSON parse error - nested deeper than %(limit)s levels.") % {"limit": MAX_JSON_DEPTH}
    )


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with a depth limit."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise too_deep() from None
        if nesting_depth(data) > MAX_JSON_DEPTH:
            raise too_deep()
        return data
