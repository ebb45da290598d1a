"""Security round two, input findings (issue #15): what a hostile client sends gets a
refusal, never a redirect off the site, a server error or live markup."""

import datetime
import html
import threading
import time
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils.http import url_has_allowed_host_and_scheme

from base import slugs
from exchanges.models import Event, EventKind
from exchanges.services import save_event
from practices.services import save_practice
from tests.factories import EventFactory, PracticeFactory, UserFactory

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


# --- slugs allocated from a title under concurrent creations -----------------------------


def new_event(by, host_city, title="Market traders' exchange"):
    return save_event(
        by=by,
        title=title,
        kind=EventKind.WORKSHOP,
        host_city=host_city,
        start_date=datetime.date(2024, 3, 4),
        end_date=datetime.date(2024, 3, 5),
        summary="Traders meet traders.",
    )


def new_practice(by, city, title="Market traders' exchange"):
    return save_practice(by=by, title=title, summary="Traders meet traders.", city=city)


@pytest.fixture
def another_request_takes_the_slug(monkeypatch):
    """Another request inserts a row under the slug found free, just after it was found:
    the interleaving of two requests creating the same title at once."""
    taken = []

    def free_slug_then_taken(model, title, *, fallback):
        slug = real_free_slug(model, title, fallback=fallback)
        if not taken:
            taken.append(slug)
            factory = EventFactory if model is Event else PracticeFactory
            factory(slug=slug, title=title)
        return slug

    real_free_slug = slugs.free_slug
    monkeypatch.setattr(slugs, "free_slug", free_slug_then_taken)
    return taken


@pytest.mark.django_db
def test_an_event_whose_slug_is_taken_meanwhile_takes_the_next(
    curator, city, another_request_takes_the_slug
):
    event = new_event(curator, city)
    assert another_request_takes_the_slug == ["market-traders-exchange"]
    assert event.slug == "market-traders-exchange-2"
    assert Event.objects.filter(title="Market traders' exchange").count() == 2


@pytest.mark.django_db
def test_a_practice_whose_slug_is_taken_meanwhile_takes_the_next(
    official, city, another_request_takes_the_slug
):
    practice = new_practice(official, city)
    assert practice.slug == "market-traders-exchange-2"
    assert practice.history.count() == 1


@pytest.mark.django_db
def test_slugs_number_the_same_title(curator, city):
    slugs_made = [new_event(curator, city).slug for _n in range(3)]
    assert slugs_made == [
        "market-traders-exchange",
        "market-traders-exchange-2",
        "market-traders-exchange-3",
    ]
    assert new_event(curator, city, title="¿?").slug == "event"
    assert new_practice(curator, city, title="!!").slug == "practice"


@pytest.mark.django_db
def test_a_conflict_on_another_constraint_is_not_taken_for_a_slug(curator, city, monkeypatch):
    def duplicate_key(*args, **kwargs):
        raise IntegrityError("another constraint")

    monkeypatch.setattr(Event, "save", duplicate_key)
    with pytest.raises(IntegrityError):
        new_event(curator, city)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_connections_creating_the_same_title_both_succeed(curator, city):
    """The first request holds its new row uncommitted while the second inserts the same
    slug: the second waits for the first to commit, then takes the next slug."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL: run with DATABASE_URL=postgres://...")
    first_saved, slugs_made, errors = threading.Event(), [], []

    def first():
        try:
            with transaction.atomic():
                slugs_made.append(new_event(curator, city).slug)
                first_saved.set()
                time.sleep(1)  # the second request reaches its insert meanwhile
        except Exception as error:
            errors.append(error)
        finally:
            first_saved.set()
            connection.close()

    def second():
        try:
            first_saved.wait()
            slugs_made.append(new_event(curator, city).slug)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(slugs_made) == ["market-traders-exchange", "market-traders-exchange-2"]
