"""The head of every page for machines (templates/includes/meta.html): canonical and
other-language links, OpenGraph, schema.org JSON-LD; and calendar subscription links."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from base.site import site_host
from portal import structured_data

register = template.Library()


@register.simple_tag(takes_context=True)
def page_addresses(context) -> structured_data.PageAddresses | None:
    request = context.get("request")
    if request is None:
        return None
    return structured_data.page_addresses(request.path)


@register.simple_tag
def og_locales() -> dict:
    current = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return {
        "current": structured_data.og_locale(current),
        "alternates": [
            structured_data.og_locale(code) for code, _ in settings.LANGUAGES if code != current
        ],
    }


def _json_ld(builder):
    # Safe: json_ld_text escapes whatever could end the script element.
    return lambda instance: mark_safe(structured_data.json_ld_text(builder(instance)))


register.filter("event_json_ld", _json_ld(structured_data.event_json_ld))
register.filter("city_json_ld", _json_ld(structured_data.city_json_ld))
register.filter("practice_json_ld", _json_ld(structured_data.practice_json_ld))


@register.simple_tag
def webcal_url(path: str) -> str:
    """A `webcal:` link to the calendar at `path` on the public site: calendar
    applications subscribe to it (and fetch it again) rather than import it once."""
    return f"webcal://{site_host()}{path}"


# The event list's filters that name a calendar to subscribe to, shared with the API's.
CALENDAR_FILTERS = ("city", "country", "pillar")


def calendar_filters(filterset) -> dict:
    """The city, country and pillar a valid page filterset chose, as the API takes them."""
    if filterset is None or not filterset.is_valid():
        return {}
    chosen = {name: filterset.form.cleaned_data.get(name) for name in CALENDAR_FILTERS}
    # A city's and a pillar's slug, a country's code: the keys the API looks them up by.
    return {
        name: getattr(value, "slug", None) or value.code for name, value in chosen.items() if value
    }


@register.simple_tag
def events_calendar(filterset=None, **fixed) -> dict:
    """The API's iCalendar of the events chosen by the page's city, country and pillar
    filters, or by `fixed` ones: its `path`, and whether it is `restricted` to some."""
    chosen = {**calendar_filters(filterset), **fixed}
    return {
        "path": reverse("api-v1:event-list") + "?" + urlencode({"format": "ics", **chosen}),
        "restricted": bool(chosen),
    }
