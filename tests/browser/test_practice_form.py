"""The sectioned practice form in a real browser, in Portuguese: an official of Maputo
writes a practice with a photo and results, the tag suggestions mark the goals her text is
about, she saves a draft, resumes it from "My drafts" and submits it. On the way, every
control of the form is named for screen readers, the SDG tiles work from the keyboard,
and the form fits a phone."""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from practices.models import Practice, PracticeStatus

from .conftest import PHONE, assert_no_horizontal_overflow, photo_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Cooperativas de vendedores nos mercados de Maputo"
ALT = "Vendedoras a separar resíduos no mercado de Xipamanine"

# Each visible control of the page with no accessible name: a label, aria-label or
# aria-labelledby. (The project has no axe-core; this is the check it would fail first.)
UNNAMED_CONTROLS = """() => Array.from(document.querySelectorAll('input, select, textarea, button'))
  .filter(el => el.type !== 'hidden' && el.offsetParent !== null)
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                && !el.getAttribute('aria-labelledby')
                && !(el.tagName === 'BUTTON' && el.textContent.trim()))
  .map(el => el.name || el.id)"""
DUPLICATE_IDS = """() => { const seen = {}, twice = [];
  document.querySelectorAll('[id]').forEach(el => {
    if (seen[el.id]) twice.push(el.id);
    seen[el.id] = 1;
  });
  return twice; }"""


def sign_in_as(context, live_server, user):
    """The session of `user`, handed to the browser as its cookie."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_a_portuguese_official_drafts_resumes_and_submits(page, live_server, official, media):
    base = f"{live_server.url}/pt"
    sign_in_as(page.context, live_server, official)
    page.goto(f"{base}/practices/new/")
    expect(page.locator("html")).to_have_attribute("lang", "pt")
    assert page.evaluate(UNNAMED_CONTROLS) == []
    assert page.evaluate(DUPLICATE_IDS) == []

    page.locator("#id_title").fill(TITLE)
    page.locator("#id_context").fill(
        "Os mercados de Maputo não têm drenagem nem recolha de resíduos; os vendedores "
        "informais trabalham sem proteção social."
    )
    page.locator("#id_description").fill(
        "A cidade apoiou cooperativas de vendedores que recolhem os resíduos e criam "
        "empregos dignos nos mercados."
    )
    # The suggestions come from the text, debounced, and mark the goals where they are ticked.
    expect(page.locator("[data-tag-suggestions] li[data-key='8']")).to_be_visible()
    expect(page.locator("label.sdg-tile[data-sdg='8']")).to_have_attribute("data-suggested", "")

    # An SDG tile is a real checkbox: ticked from the keyboard, named for screen readers.
    tile = page.locator("input[name=sdgs][value='8']")
    tile.focus()
    page.keyboard.press("Space")
    expect(tile).to_be_checked()
    expect(page.get_by_role("checkbox", name=re.compile(r"\b8: Trabalho decente"))).to_be_checked()

    page.locator("#id_results-0-indicator").fill("Vendedoras em cooperativas")
    page.locator("#id_results-0-value_before").fill("120")
    page.locator("#id_results-0-value_after").fill("480")
    page.locator("#id_results-0-sex").select_option("women")
    page.locator("#id_results-1-indicator").fill("Vendedores em cooperativas em 2030")
    page.locator("#id_results-1-kind").select_option("target")
    page.locator("#id_results-1-value_after").fill("3000")
    page.locator("#id_photos-0-image").set_input_files(
        {"name": "mercado.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}
    )
    page.locator("#id_photos-0-alt_text").fill(ALT)
    page.locator("button[name=save]").click()

    # The draft's page: not published, with its photo (by its text) and its results.
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.locator(f'img[alt="{ALT}"]')).to_have_count(1)
    expect(page.get_by_role("row", name="Vendedoras em cooperativas")).to_be_visible()
    practice = Practice.objects.get(title=TITLE)
    assert practice.status == PracticeStatus.DRAFT
    assert practice.photos.get().thumbnail

    # Resumed from "My drafts", on a phone: what was written is there, and fits.
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/practices/drafts/")
    page.locator(f"a[href$='/practices/{practice.slug}/edit/']").first.click()
    expect(page.locator("#id_results-0-indicator")).to_have_value("Vendedoras em cooperativas")
    expect(page.locator("input[name=sdgs][value='8']")).to_be_checked()
    expect(page.locator(f'img.photo-preview[alt="{ALT}"]')).to_have_count(1)
    assert_no_horizontal_overflow(page)
    # A second photo chosen, with the long name a phone's camera gives it: still fits.
    page.locator("#id_photos-1-image").set_input_files(
        {
            "name": f"IMG_20240614_{'0' * 60}_mercado.jpg",
            "mimeType": "image/jpeg",
            "buffer": photo_bytes(),
        }
    )
    assert_no_horizontal_overflow(page)
    page.locator("#id_photos-1-image").set_input_files([])
    assert page.evaluate(UNNAMED_CONTROLS) == []

    # Submitting without a summary is refused, by the field; with one, it goes.
    page.locator("button[name=submit]").click()
    expect(page.locator(".field-error #id_summary")).to_be_visible()
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.DRAFT
    page.locator("#id_summary").fill(
        "Os vendedores informais de Maputo organizam-se em cooperativas que limpam os mercados."
    )
    page.locator("button[name=submit]").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.SUBMITTED
    assert practice.results.count() == 2 and practice.photos.count() == 1
