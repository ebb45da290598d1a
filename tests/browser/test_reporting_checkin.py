"""Commitment reporting and exchanges before and after, in a real browser: an organizer
checks delegates in on a phone and issues their certificates, which a stranger then
verifies; an official reports progress on the roadmap; the organizer drafts and
publishes the learning note, which joins the dossier."""

import datetime

import pytest
from playwright.sync_api import expect

from exchanges.models import AttendanceCertificate, RegistrationStatus
from portal.exchange_documents import certificate_token
from tests.browser.conftest import PHONE
from tests.factories import (
    ActionFactory,
    CityFactory,
    CommitmentFactory,
    EventFactory,
    RegistrationFactory,
    RoadmapFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"


def sign_in(page, base, next_url):
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill("official")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def event(city):
    event = EventFactory(
        host_city=city,
        slug="maputo-markets",
        title="Hygiene, health and markets",
        objectives="Identify areas for cooperation on markets.",
        outcomes="A roadmap on South-South cooperation.",
    )
    for name in ("Ana Machava", "Sipho Dlamini"):
        RegistrationFactory(
            event=event, name=name, status=RegistrationStatus.CONFIRMED, city=CityFactory()
        )
    return event


def test_check_in_on_a_phone_then_certificates_verified(browser, live_server, official, event):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    base = live_server.url
    sign_in(page, base, f"/events/{event.slug}/check-in/")
    expect(page.get_by_role("heading", name="Check-in")).to_be_visible()
    expect(page.get_by_text("0 of 2 confirmed delegates checked in.")).to_be_visible()
    # Each delegate has a QR code, labelled.
    expect(page.get_by_role("img", name="Check-in code of Ana Machava")).to_be_visible()
    # Usable at 390 px: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_label("Find a delegate by name").fill("Ana")
    page.get_by_role("button", name="Find", exact=True).click()
    expect(page.get_by_text("Sipho Dlamini")).to_have_count(0)
    page.get_by_role("button", name="Check in Ana Machava").click()
    expect(page.get_by_text("Ana Machava has checked in.")).to_be_visible()
    expect(page.get_by_text("1 of 2 confirmed delegates checked in.")).to_be_visible()
    page.get_by_role("button", name="Issue attendance certificates").click()
    expect(page.get_by_text("1 certificates issued")).to_be_visible()
    expect(page.get_by_role("link", name="Attendance certificate (PDF)")).to_be_visible()
    certificate = AttendanceCertificate.objects.get()
    context.close()

    stranger = browser.new_context(viewport=PHONE).new_page()
    stranger.goto(f"{base}/certificates/{certificate_token(certificate)}/")
    expect(stranger.get_by_text("Valid certificate")).to_be_visible()
    expect(stranger.get_by_text("Ana Machava attended")).to_be_visible()
    stranger.goto(f"{base}/certificates/{certificate_token(certificate)}x/")
    expect(stranger.get_by_text("Not a valid certificate")).to_be_visible()


def test_an_official_reports_progress_and_the_light_follows(page, live_server, official):
    roadmap = RoadmapFactory(slug="maputo-roadmap", adopted_on=datetime.date.today())
    commitment = CommitmentFactory(roadmap=roadmap, number=2, report_every_months=6)
    action = ActionFactory(
        roadmap=roadmap,
        commitment=commitment,
        title="Training for food vendors",
        report_every_months=6,
    )
    action.responsible_cities.add(official.membership.city)
    base = live_server.url
    sign_in(page, base, f"/roadmaps/{roadmap.slug}/")
    expect(page.get_by_text("No report yet").first).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Training for food vendors")
    row.get_by_text("Report progress").click()
    row.get_by_label("Status").select_option("at-risk")
    row.get_by_label("Progress").fill("The trainer from Durban is not found yet.")
    row.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("Your progress report is recorded.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Training for food vendors")
    expect(row.get_by_text("At risk").first).to_be_visible()
    expect(row.get_by_text("The trainer from Durban is not found yet.")).to_be_visible()


def test_the_organizer_drafts_and_publishes_the_learning_note(page, live_server, official, event):
    base = live_server.url
    sign_in(page, base, f"/events/{event.slug}/learning-note/")
    page.get_by_role("button", name="Draft from the records").click()
    expect(page.get_by_text("A draft was written from the exchange's records.")).to_be_visible()
    expect(page.get_by_role("heading", name="What it set out to do")).to_be_visible()
    text = page.get_by_label("Text")
    text.fill(text.input_value() + "\n\n## What Maputo takes home\n\nWaste sorting at the market.")
    page.get_by_role("button", name="Save and publish").click()
    expect(page.get_by_text("The learning note is published.")).to_be_visible()
    page.goto(f"{base}/events/{event.slug}/dossier/")
    expect(page.get_by_role("heading", name="What Maputo takes home")).to_be_visible()


def test_the_organizer_issues_a_visa_letter_signed_with_name_and_title(
    page, live_server, official, event
):
    official.first_name, official.last_name = "Ana", "Moreira"
    official.save()
    RegistrationFactory(
        event=event,
        name="Caio Nunes",
        status=RegistrationStatus.CONFIRMED,
        needs_visa_letter=True,
        city=CityFactory(),
    )
    base = live_server.url
    sign_in(page, base, f"/events/{event.slug}/check-in/")
    # Only the delegate who asked has a letter to issue.
    expect(page.get_by_role("link", name="Visa invitation letter: to issue")).to_have_count(1)
    page.get_by_role("link", name="Visa invitation letter: to issue").click()
    expect(page.get_by_text("signed with your name, Ana Moreira")).to_be_visible()
    page.get_by_role("button", name="Issue the letter").click()
    # No title: refused, by its field.
    expect(page.locator(".field-error").filter(has_text="Your title")).to_be_visible()
    page.get_by_label("Your title").fill("Director of Markets")
    page.get_by_role("button", name="Issue the letter").click()
    expect(page.get_by_text("The letter is issued")).to_be_visible()
    expect(page.get_by_text("signed by Ana Moreira, Director of Markets")).to_be_visible()
    href = page.get_by_role("link", name="Download the letter (PDF)").get_attribute("href")
    pdf = page.request.get(page.url.split("?")[0] + href)
    # Rendered by its task once the letter was committed (eager in tests).
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    page.goto(f"{base}/events/{event.slug}/check-in/")
    expect(page.get_by_role("link", name="Visa invitation letter (issued)")).to_be_visible()
