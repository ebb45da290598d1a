"""The registration journey in a real browser, in French: the host city's official opens
an exchange for registration from its page (seats and a deadline), a participating city's
official registers a delegation of three (the third waits), the organizer cancels a seat
after a confirmation step, the waiting delegate is offered it by email in Portuguese and
confirms it through the signed link, and the organizer's list shows him registered. Each
email in its recipient's language, the delegates' with the .ics invitation; axe finds no
serious violation on the forms, at 1280 and 390 px; each page fits a phone."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from base.models import Role
from cities.models import Membership
from exchanges.models import Event, Registration, RegistrationStatus
from tests.browser.conftest import assert_no_serious_violation, emails_to, look_at, sign_in
from tests.factories import CityFactory, EventFactory, ParticipationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def official(username, city, *, language, first_name):
    user = UserFactory(username=username, first_name=first_name, last_name="Silva")
    user.groups.add(Group.objects.get(name=Role.OFFICIAL))
    Membership.objects.create(user=user, city=city, verified_at=timezone.now(), language=language)
    return user


@pytest.fixture
def exchange(db):
    """A planned exchange hosted by Maputo that Durban joins, not yet open."""
    maputo = CityFactory(slug="maputo", name="Maputo")
    durban = CityFactory(slug="durban", name="Durban")
    today = timezone.localdate()
    event = EventFactory(
        slug="marches-de-rue",
        title="Marchés de rue et travail décent",
        host_city=maputo,
        status="planned",
        start_date=today + datetime.timedelta(days=60),
    )
    ParticipationFactory(event=event, city=maputo, role="host")
    ParticipationFactory(event=event, city=durban, role="peer")
    official("organisatrice", maputo, language="fr", first_name="Aida")
    official("durban", durban, language="pt", first_name="Thandi")
    return event


def test_open_register_wait_cancel_offer_confirm_in_french(page, live_server, exchange, settings):
    settings.SITE_URL = live_server.url  # the links the emails carry
    base = live_server.url
    event_path = f"/fr/events/{exchange.slug}/"

    # The organizer opens registration from the exchange's page.
    sign_in(page, base, "organisatrice", event_path, language="fr")
    expect(page.locator("h1")).to_have_text(exchange.title)
    page.locator(f"a[href='{event_path}open-registration/']").click()
    assert_no_serious_violation(page)
    look_at(page, "registration-1-open")
    deadline = exchange.start_date - datetime.timedelta(days=14)
    page.locator("input[name=capacity]").fill("2")
    page.locator("input[name=registration_deadline]").fill(deadline.isoformat())
    page.locator("input[name=registrations_per_official]").fill("5")
    page.locator("form.open-registration-form button[type=submit]").click()
    expect(page.locator(".badge-status-open")).to_have_text("Inscriptions ouvertes")
    exchange.refresh_from_db()
    assert exchange.status == "open" and exchange.capacity == 2
    assert exchange.registration_deadline == deadline
    look_at(page, "registration-2-event-open")

    # Durban's official registers a delegation of three in one form.
    sign_in(page, base, "durban", event_path, language="fr")
    page.locator(f"a[href='{event_path}register/']").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert_no_serious_violation(page)
    rows = [
        ("Ana Machel", "ana@durban.gov.za", "local-government", "pt", {}),
        ("Bongani Dube", "bongani@durban.gov.za", "workers", "fr", {"accessibility": "Rampe"}),
        ("Caio Nunes", "caio@durban.gov.za", "informal-economy", "pt", {"visa": True}),
    ]
    for index, (name, email, role, language, needs) in enumerate(rows):
        prefix = f"delegates-{index}-"
        page.locator(f"input[name={prefix}name]").fill(name)
        page.locator(f"input[name={prefix}email]").fill(email)
        page.locator(f"select[name={prefix}role]").select_option(role)
        page.locator(f"select[name={prefix}language]").select_option(language)
        if needs.get("visa"):
            page.locator(f"input[name={prefix}needs_visa_letter]").check()
        if needs.get("accessibility"):
            page.locator(f"input[name={prefix}accessibility_needs]").fill(needs["accessibility"])
    page.locator("input[name=consent]").check()
    look_at(page, "registration-3-delegation-form")
    page.locator("form.delegation-form button[type=submit]").click()
    expect(page.locator(".notice-success")).to_contain_text("Caio Nunes")
    look_at(page, "registration-4-delegation-registered")
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {
        "Ana Machel": "confirmed",
        "Bongani Dube": "confirmed",
        "Caio Nunes": "waitlisted",
    }

    # Each delegate hears in their language; the organizer in hers, with the list.
    (to_ana,) = emails_to("ana@durban.gov.za")
    assert to_ana.body.startswith("Olá, Ana Machel,")
    assert f"{base}/pt/events/{exchange.slug}/" in to_ana.body
    assert to_ana.attachments[0][0] == f"{exchange.slug}.ics"
    (to_bongani,) = emails_to("bongani@durban.gov.za")
    assert to_bongani.body.startswith("Bonjour Bongani Dube,")
    (to_caio,) = emails_to("caio@durban.gov.za")
    assert to_caio.body.startswith("Olá, Caio Nunes,") and not to_caio.attachments
    (to_organizer,) = emails_to("organisatrice@example.org")
    assert to_organizer.body.startswith("Bonjour Aida Silva,")
    assert "Caio Nunes" in to_organizer.body
    mail.outbox.clear()

    # The organizer cancels Ana's seat, after a confirmation step.
    sign_in(page, base, "organisatrice", f"{event_path}registrations/", language="fr")
    page.locator("tr", has_text="Ana Machel").get_by_role("link", name="Annuler").click()
    assert_no_serious_violation(page)
    look_at(page, "registration-5-cancel-confirmation")
    assert Registration.objects.get(name="Ana Machel").status == RegistrationStatus.CONFIRMED
    page.locator("main form button[type=submit]").click()
    expect(page.locator("tr", has_text="Ana Machel")).to_contain_text("Annulé")
    caio = Registration.objects.get(name="Caio Nunes")
    assert caio.status == RegistrationStatus.PENDING and caio.offer_expires_at

    # Caio is offered the seat, in Portuguese, with a link to confirm it.
    (offer,) = emails_to("caio@durban.gov.za")
    assert offer.body.startswith("Olá, Caio Nunes,")
    link = re.search(rf"{re.escape(base)}/pt/events/registrations/\S+", offer.body).group(0)
    (moved_up,) = emails_to("organisatrice@example.org")
    assert moved_up.body.startswith("Bonjour Aida Silva,") and "Caio Nunes" in moved_up.body
    assert f"{base}/fr/events/{exchange.slug}/registrations/" in moved_up.body
    mail.outbox.clear()

    page.context.clear_cookies()  # the delegate has no account: the link stands for them
    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", "pt")
    assert_no_serious_violation(page)
    look_at(page, "registration-6-seat-offer")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".notice-success")).to_contain_text("Caio Nunes")
    caio.refresh_from_db()
    assert caio.status == RegistrationStatus.CONFIRMED
    (confirmation,) = emails_to("caio@durban.gov.za")
    assert confirmation.body.startswith("Olá, Caio Nunes,")
    assert confirmation.attachments[0][2] == "text/calendar"
    assert Event.objects.get(pk=exchange.pk).registrations.holding_seats().count() == 2

    # The organizer's list shows him registered, and the cancelled seat as cancelled.
    sign_in(page, base, "organisatrice", f"{event_path}registrations/", language="fr")
    expect(page.locator("tr", has_text="Caio Nunes")).to_contain_text("Confirmée")
    expect(page.locator("tr", has_text="Ana Machel")).to_contain_text("Annulé")
    look_at(page, "registration-7-registrations")
