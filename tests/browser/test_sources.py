"""Provenance in a real browser: a practice's and an event's sources, quotes and
sourced statements on a phone 390 px wide, with long titles and addresses."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect

from sources.models import Quote
from tests.browser.conftest import PHONE
from tests.factories import CitationFactory, EventFactory, PracticeFactory, SourceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LONG_URL = (
    "http://www.ilo.org/wcmsp5/groups/public/---dgreports/---exrel/documents/publication/"
    "wcms_222208.pdf"
)


@pytest.fixture
def sourced():
    handbook = SourceFactory(
        title="City-to-City and South-South and Triangular Cooperation",
        publisher="International Labour Office, Department of Partnerships and Field Support",
        url=LONG_URL,
    )
    practice = PracticeFactory(slug="makassar", description="A bridging course.")
    CitationFactory(
        record=practice,
        source=handbook,
        supports="description",
        locator="section 2, New faces of poverty: Makassar City Dumpsite Scavengers",
        quote="Approximately 1,000 people make their living collecting bottles.",
        url=LONG_URL,
    )
    event = EventFactory(
        slug="maputo-2012",
        start_date=datetime.date(2012, 11, 7),
        end_date=datetime.date(2012, 11, 9),
    )
    CitationFactory(record=event, source=handbook, locator="section 5, note 31")
    Quote.objects.create(
        text="All towns and cities are different, and so are their urban solutions.",
        speaker="Richard Dobson",
        speaker_role="NGO Asiye eTafuleni, during the Maputo workshop",
        source=handbook,
        content_type=ContentType.objects.get_for_model(event),
        object_id=event.pk,
    )


def test_sources_and_quotes_fit_a_phone(browser, live_server, sourced):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(live_server.url + "/practices/makassar/")
    sources = page.get_by_role("region", name="Sources")
    expect(sources).to_contain_text("section 2, New faces of poverty")
    expect(page.get_by_role("region", name="Sourced and reported")).to_contain_text("Sourced")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.goto(live_server.url + "/events/maputo-2012/")
    expect(page.get_by_role("region", name="Quotes")).to_contain_text("Richard Dobson")
    expect(page.get_by_role("region", name="Publications")).to_contain_text("City-to-City")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
