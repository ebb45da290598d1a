"""The portal in each language, in a real browser: the home page, a practice page and
the practice form (signed in as an official) show the translated words; the language
switcher keeps the reader on the same page, on a phone too."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from playwright.sync_api import expect

from base.models import Pillar
from tests.factories import PracticeFactory

from .conftest import PHONE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def translated(language: str, message: str) -> str:
    with translation.override(language):
        text = str(translation.gettext(message))
    assert text != message, f"{message!r} is not translated into {language}"
    return text


@pytest.fixture
def practice(db):
    practice = PracticeFactory(slug="market-vendors", title="Market vendors in Maputo")
    practice.pillars.add(Pillar.objects.get(slug="social-dialogue"))
    return practice


def sign_in_as(context, live_server, user):
    """The session of `user`, handed to the browser as its cookie."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_practice_and_form_in_each_language(page, live_server, practice, official, language):
    base = f"{live_server.url}/{language}"

    page.goto(f"{base}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    heading = translated(language, "Cities learning from cities how to create decent work")
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    nav = page.get_by_role("navigation", name=translated(language, "Main"))
    expect(nav.get_by_role("link", name=translated(language, "Good practices"))).to_be_visible()

    page.goto(f"{base}/practices/market-vendors/")
    expect(page.get_by_role("heading", name="Market vendors in Maputo")).to_be_visible()
    expect(page.get_by_text(translated(language, "About this practice"))).to_be_visible()
    # The pillar's name in the reader's language, and the original language marked.
    expect(
        page.get_by_role("link", name=translated(language, "Social dialogue"))
    ).not_to_have_count(0)
    expect(page.locator(".badge-language")).to_be_visible()

    sign_in_as(page.context, live_server, official)
    page.goto(f"{base}/practices/new/")
    form_heading = translated(language, "Submit a good practice")
    expect(page.get_by_role("heading", name=form_heading)).to_be_visible()
    expect(
        page.get_by_role("button", name=translated(language, "Submit for review"))
    ).to_be_visible()
    expect(page.get_by_label(translated(language, "Social dialogue"))).to_be_visible()


def test_the_switcher_keeps_the_page_and_works_on_a_phone(browser, live_server, practice):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{live_server.url}/practices/?q=market")
        switcher = page.get_by_role("navigation", name="Language")
        switcher.get_by_role("link", name="Español").click()
        expect(page).to_have_url(f"{live_server.url}/es/practices/?q=market")
        expect(page.locator("html")).to_have_attribute("lang", "es")
        page.get_by_role("navigation", name=translated("es", "Language")).get_by_role(
            "link", name="English"
        ).click()
        expect(page).to_have_url(f"{live_server.url}/practices/?q=market")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        # The switcher fits the phone's width.
        box = page.locator(".language-switcher").bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    finally:
        context.close()
