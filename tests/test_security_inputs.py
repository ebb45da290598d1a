"""Security round two, input findings (issue #15): what a hostile client sends gets a
refusal, never a redirect off the site, a server error or live markup."""

import html
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils.http import url_has_allowed_host_and_scheme

from tests.factories import PracticeFactory, UserFactory

PASSWORD = "correct horse battery staple"
REDIRECT_CODES = {301, 302, 303, 307, 308}


# --- redirects never leave the site ------------------------------------------------------


def assert_on_site(location: str) -> None:
    parts = urlsplit(location)
    assert parts.netloc in ("", "testserver"), location
    assert url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"}), location
    assert not location.startswith(("//", "/\\", "\\")), location


def follow_on_site(client: Client, response, hops: int = 5):
    """Follow `response`'s redirects, each of which must stay on the site."""
    for _hop in range(hops):
        if response.status_code not in REDIRECT_CODES:
            return response
        location = response["Location"]
        assert_on_site(location)
        response = client.get(location)
    raise AssertionError("too many redirects")


SLASHED_PATHS = [
    "/en//evil.example/",
    "/en//evil.example",
    "/en///evil.example/",
    "/en/\\evil.example/",
    "/en/\\\\evil.example",
    "/en/%5C%5Cevil.example",
    "/en/%2F%2Fevil.example/",
    "/en/%09/evil.example/",
    "/%2F%2Fevil.example",
    "/\\\\evil.example",
    "/fr//evil.example/",
    "/fr/%2F%2Fevil.example/",
    "//evil.example/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", SLASHED_PATHS)
@pytest.mark.parametrize("accept_language", ["en", "fr"])
def test_a_language_prefix_never_redirects_off_the_site(path, accept_language):
    client = Client(HTTP_ACCEPT_LANGUAGE=accept_language)
    follow_on_site(client, client.get(path))


@pytest.mark.django_db
def test_the_english_switch_keeps_its_page_and_query():
    response = Client().get("/en/practices/?q=market")
    assert response.status_code == 302
    assert response["Location"] == "/practices/?q=market"


@pytest.mark.django_db
def test_the_english_switch_of_a_slashed_path_stays_on_the_site():
    response = Client().get("/en//evil.example/")
    assert response.status_code == 302
    assert response["Location"] == "/evil.example/"


LOGIN_NEXTS = [
    "/en//evil.example/",
    "/fr//evil.example/",
    "/en/\\evil.example",
    "/%2F%2Fevil.example",
    "https://evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "http:/evil.example",
]


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", LOGIN_NEXTS)
def test_signing_in_never_sends_the_reader_off_the_site(next_url):
    user = UserFactory(username="reader")
    user.set_password(PASSWORD)
    user.save()
    client = Client()
    response = client.post(
        "/accounts/login/",
        {"username": "reader", "password": PASSWORD, "next": next_url},
    )
    assert response.status_code == 302
    follow_on_site(client, response)


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", LOGIN_NEXTS)
def test_a_signed_in_reader_is_not_sent_off_the_site_by_the_login_page(next_url):
    client = Client()
    client.force_login(UserFactory())
    response = client.get("/accounts/login/", {"next": next_url})
    follow_on_site(client, response)


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", LOGIN_NEXTS)
def test_choosing_a_language_never_sends_the_reader_off_the_site(next_url):
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "fr", "next": next_url})
    follow_on_site(client, response)


# --- the Atom feed sends text as text ----------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.django_db
def test_the_atom_feed_sends_markup_in_a_summary_as_text(client):
    summary = '<script>alert(1)</script><img src=x onerror="alert(2)"> & markets'
    PracticeFactory(slug="hostile", title="<b>Bold</b> title", summary=summary)
    response = client.get("/practices/feed/")
    assert response.status_code == 200
    entry = ET.fromstring(response.content).find(f"{ATOM}entry")
    element = entry.find(f"{ATOM}summary")
    # The reader's view of the summary, as a feed reader renders it.
    if element.get("type") == "html":
        shown = html.unescape(element.text)
        assert "<script" not in element.text and "<img" not in element.text
    else:
        shown = element.text
    assert shown == summary
    title = entry.find(f"{ATOM}title")
    assert title.get("type") in (None, "text")
    assert title.text.startswith("<b>Bold</b> title")
