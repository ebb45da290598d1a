"""What the pages say to machines: schema.org JSON-LD for search engines and link
previews (an `Event` with its `Place` and organizers, a `City`, a practice as a
`CreativeWork`), and the canonical and other-language addresses of a page.

Addresses are built from SITE_URL, never from the request's host name: a page reached
by an internal address still names its public one.
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation

from base.dates import iso_date
from base.i18n import path_in_language, path_without_language
from base.site import site_absolute_url, site_url
from cities.models import City
from exchanges.models import Event, EventStatus
from practices.models import Practice

SCHEMA_ORG = "https://schema.org"

# How an event's status reads for schema.org (https://schema.org/EventStatusType).
EVENT_STATUS = {
    EventStatus.PLANNED: "https://schema.org/EventScheduled",
    EventStatus.OPEN: "https://schema.org/EventScheduled",
    EventStatus.HELD: "https://schema.org/EventScheduled",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
}


def path_for_language(path: str, language: str) -> str:
    """The page at `path` in `language`: English, the default, has no prefix."""
    if language == settings.LANGUAGE_CODE:
        return path_without_language(path)
    return path_in_language(path, language)


@dataclass(frozen=True)
class PageAddresses:
    canonical: str
    # (hreflang, absolute URL), `x-default` last.
    alternates: list[tuple[str, str]]


def page_addresses(path: str) -> PageAddresses:
    """The canonical URL of the page at `path` (in the active language, without its
    query string) and its versions in every language."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    alternates = [
        (code, site_absolute_url(path_for_language(path, code))) for code, _ in settings.LANGUAGES
    ]
    alternates.append(
        ("x-default", site_absolute_url(path_for_language(path, settings.LANGUAGE_CODE)))
    )
    return PageAddresses(
        canonical=site_absolute_url(path_for_language(path, language[:2])), alternates=alternates
    )


# OpenGraph names a locale with its territory (https://ogp.me/#optional).
OG_LOCALES = {"en": "en_GB", "fr": "fr_FR", "es": "es_ES", "pt": "pt_BR"}


def og_locale(language: str) -> str:
    return OG_LOCALES.get(language[:2], language)


def _geo(place) -> dict:
    return {"@type": "GeoCoordinates", "latitude": place.latitude, "longitude": place.longitude}


def _publisher() -> dict:
    return {"@type": "Organization", "name": "PeerCities", "url": site_url() + "/"}


def city_json_ld(city: City) -> dict:
    data = {
        "@context": SCHEMA_ORG,
        "@type": "City",
        "@id": site_absolute_url(city.get_absolute_url()),
        "name": city.name,
        "url": site_absolute_url(city.get_absolute_url()),
        "geo": _geo(city),
        "containedInPlace": {
            "@type": "Country",
            "name": str(city.country.name),
            "identifier": city.country.code,
        },
    }
    if city.description:
        data["description"] = city.description
    if city.website:
        data["sameAs"] = city.website
    return data


def event_json_ld(event: Event) -> dict:
    text = event.localized()
    city = event.host_city
    organizers = [
        {
            "@type": "Organization",
            "name": organization.name,
            **({"url": organization.website} if organization.website else {}),
        }
        for organization in event.organizers.all()
    ] or [{"@type": "Organization", "name": city.name}]  # the host city organizes it
    return {
        "@context": SCHEMA_ORG,
        "@type": "Event",
        "@id": site_absolute_url(event.get_absolute_url()),
        "name": text.title,
        "description": text.summary,
        "inLanguage": text.language,
        "url": site_absolute_url(event.get_absolute_url()),
        # ISO 8601 as precisely as the date is known: "2013-06" for June 2013.
        "startDate": iso_date(event.start_date, event.date_precision),
        "endDate": iso_date(event.end_date, event.date_precision),
        "eventStatus": EVENT_STATUS[event.status],
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {
            "@type": "Place",
            "name": event.venue or city.name,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": city.name,
                "addressCountry": city.country.code,
            },
            "geo": _geo(city),
        },
        "organizer": organizers,
    }


def practice_json_ld(practice: Practice) -> dict:
    text = practice.localized()
    data = {
        "@context": SCHEMA_ORG,
        "@type": "CreativeWork",
        "@id": site_absolute_url(practice.get_absolute_url()),
        "name": text.title,
        "abstract": text.summary,
        "inLanguage": text.language,
        "url": site_absolute_url(practice.get_absolute_url()),
        "license": settings.DATA_LICENSE_URL,
        "publisher": _publisher(),
        "keywords": [pillar.short_name for pillar in practice.pillars.all()]
        + [f"SDG {sdg.number}" for sdg in practice.sdgs.all()],
    }
    if practice.published_at:
        data["datePublished"] = practice.published_at
    data["dateModified"] = practice.updated_at
    if practice.city:
        data["spatialCoverage"] = {
            "@type": "City",
            "name": practice.city.name,
            "url": site_absolute_url(practice.city.get_absolute_url()),
        }
    return data


# What would close the <script> element or open a comment inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_text(data: dict) -> str:
    """JSON for a `<script type="application/ld+json">`: text in it can never end the
    element (a title `</script><script>...` stays a string)."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
