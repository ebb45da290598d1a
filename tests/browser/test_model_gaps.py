"""An exchange known to the month, with countries, organizations in roles and a
delegation's composition, read on a phone and at 1280 px: its dates read "June 2013",
the modality says why, and nothing is wider than the screen."""

import datetime

import pytest
from playwright.sync_api import expect

from base.models import LearningFormat
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import (
    CityFactory,
    CountryParticipationFactory,
    DelegationMemberFactory,
    EventFactory,
    OrganizationFactory,
    OrganizationParticipationFactory,
    ParticipationFactory,
    country,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def visit(db):
    durban = CityFactory(slug="durban", name="Durban", country=country("ZA"))
    maputo = CityFactory(slug="maputo", name="Maputo", country=country("MZ"))
    event = EventFactory(
        slug="maputo-vendors-in-durban",
        title="Maputo market vendors' learning visit to Durban",
        host_city=durban,
        start_date=datetime.date(2013, 6, 1),
        end_date=datetime.date(2013, 6, 30),
        date_precision="month",
    )
    participation = ParticipationFactory(
        event=event, city=maputo, role="learner", delegation_size=9
    )
    for category in ("officials", "vendors", "carriers"):
        DelegationMemberFactory(participation=participation, category=category)
    CountryParticipationFactory(event=event, country=country("NO"), role="donor")
    OrganizationParticipationFactory(
        event=event,
        organization=OrganizationFactory(
            name="Municipal Institute of Learning", country=country("ZA")
        ),
        role="trainer",
    )
    event.organizers.add(
        OrganizationFactory(name="International Labour Organization", multilateral=True)
    )
    event.formats.set(LearningFormat.objects.filter(slug__in=["field-visit", "peer-to-peer"]))
    event.refresh_modality()
    return event


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_an_exchange_known_to_the_month(browser, live_server, visit, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(live_server.url + visit.get_absolute_url())
    expect(page.locator(".page-head time")).to_have_text("June 2013")
    expect(page.locator(".modality-reason")).to_contain_text(
        "Northern partners fund or support it (Norway)"
    )
    expect(page.get_by_text("Carriers of market goods")).to_be_visible()
    expect(page.get_by_role("heading", name="Participating countries")).to_be_visible()
    expect(page.get_by_text("Municipal Institute of Learning")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"]
    page.goto(live_server.url + "/fr/events/")
    expect(page.locator(".item-event time").first).to_have_text("juin 2013")
    context.close()
