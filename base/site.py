"""The site's public address (`SITE_URL`): what identifiers, links sent out of a request
(mail, dumps, PDFs) and open-data metadata are built from, whichever host name a request
came in by."""

from urllib.parse import urlsplit

from django.conf import settings


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def site_host() -> str:
    """The host (and port) of SITE_URL: the domain of the calendar UIDs and feed ids."""
    return urlsplit(site_url()).netloc


def site_absolute_url(path: str) -> str:
    return site_url() + path
