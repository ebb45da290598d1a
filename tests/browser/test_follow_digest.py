"""Follows and digests in a real browser, in Portuguese: a reader follows Maputo from its
page, a practice is published there, the daily digest runs, and the email is in her
language, lists the practice and links to the Portuguese pages; its unsubscribe link
asks before it stops the digest. A Durban official answers a challenge from the link of
her digest. axe-core finds no serious violation on the curators' review card."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from base.models import Pillar, Role, Sector
from cities.models import Membership
from follows.models import Follow
from follows.tasks import send_digests
from matching.services import save_challenge
from practices.models import PracticeStatus, ReviewDecision
from practices.services import decide_on_practice, submit_practice
from tests.browser.conftest import PHONE, serious_violations, sign_in
from tests.factories import REVIEW_CARD, CityFactory, PracticeFactory, UserFactory
from tests.utils import run_commit_callbacks

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def line_with(body: str, text: str) -> str:
    return next(line.strip() for line in body.splitlines() if text in line)


def test_follow_a_city_and_read_the_digest_in_portuguese(page, live_server, city, curator):
    base = live_server.url
    reader = UserFactory(username="ana", first_name="Ana", last_name="Macuácua")
    Membership.objects.create(user=reader, language="pt")

    sign_in(page, base, "ana", "/pt/cities/maputo/", language="pt")
    expect(page.get_by_role("heading", name="Maputo", level=1)).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "pt"
    follow = page.locator("form[action='/pt/follows/follow/']")
    follow.locator("select[name=frequency]").select_option("daily")
    follow.locator("button[type=submit]").click()
    expect(page.locator(".follow-state")).to_be_visible()
    assert Follow.objects.get(user=reader).frequency == "daily"
    page.screenshot(path="/tmp/follows-city-1280.png", full_page=False)

    # A practice is published in Maputo.
    practice = PracticeFactory(
        city=city,
        slug="feiras-municipais",
        title="Feiras municipais de Maputo",
        status=PracticeStatus.DRAFT,
        published_at=None,
        verified_on=None,
    )
    submit_practice(practice=practice, by=curator)
    decide_on_practice(
        practice=practice, decision=ReviewDecision.PUBLISHED, by=curator, card=REVIEW_CARD
    )

    mail.outbox.clear()
    send_digests(frequency="daily", base_url=base)
    [email] = [message for message in mail.outbox if message.to == [reader.email]]
    assert "Olá, Ana Macuácua," in email.body
    assert "Feiras municipais de Maputo" in email.body
    assert "A equipe do PeerCities" in email.body

    # Its link opens the practice in Portuguese.
    page.goto(line_with(email.body, "/practices/feiras-municipais/"))
    expect(page.get_by_role("heading", name="Feiras municipais de Maputo")).to_be_visible()
    assert page.url.startswith(f"{base}/pt/practices/")

    # The digest ran: running it again sends nothing.
    mail.outbox.clear()
    send_digests(frequency="daily", base_url=base)
    assert mail.outbox == []

    # The unsubscribe link works signed out, asks, then stops the digest.
    page.context.clear_cookies()
    page.goto(line_with(email.body, "/follows/unsubscribe/"))
    expect(page.get_by_text("Maputo")).not_to_have_count(0)
    assert Follow.objects.filter(user=reader).exists()
    page.set_viewport_size(PHONE)
    page.screenshot(path="/tmp/follows-unsubscribe-390.png", full_page=True)
    with page.expect_navigation():
        page.locator("form.unsubscribe-form button[type=submit]").click()
    expect(page.locator("form.unsubscribe-form")).to_have_count(0)
    assert not Follow.objects.filter(user=reader).exists()


def test_the_review_card_form_has_no_serious_axe_violation(page, live_server, curator):
    base = live_server.url
    practice = PracticeFactory(
        slug="vendors",
        title="Street vendors cooperative",
        status=PracticeStatus.SUBMITTED,
        published_at=None,
        verified_on=None,
    )
    sign_in(page, base, "curator", "/pt/review/", language="pt")
    page.locator(f"a[href='/pt/review/{practice.slug}/']").click()
    expect(page.locator("form.review-decision")).to_be_visible()
    # With errors shown too: the refused form is what a curator fixes.
    page.locator("form.review-decision button[type=submit]").first.click()
    expect(page.locator(".error").first).to_be_visible()
    for viewport in ({"width": 1280, "height": 900}, PHONE):
        page.set_viewport_size(viewport)
        assert serious_violations(page) == []
    page.screenshot(path="/tmp/follows-review-390.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path="/tmp/follows-review-1280.png", full_page=True)


def test_a_durban_official_answers_a_challenge_from_the_digest_in_portuguese(
    page, live_server, official
):
    """An official of a matching city follows nothing; Maputo posts a challenge; the
    weekly digest brings it in Portuguese, and its link opens the form to answer."""
    durban = CityFactory(slug="durban", name="Durban")
    traders = PracticeFactory(
        slug="informal-traders", title="Working in partnership with informal traders", city=durban
    )
    traders.pillars.set([Pillar.objects.get(slug="social-dialogue")])
    traders.sectors.set([Sector.objects.get(slug="commerce")])
    thandi = UserFactory(username="thandi", first_name="Thandi", last_name="Ndlovu")
    thandi.groups.add(Group.objects.get(name=Role.OFFICIAL))
    Membership.objects.create(user=thandi, city=durban, verified_at=timezone.now(), language="pt")
    challenge = save_challenge(
        by=official,
        title="Our market vendors lack sanitation and a voice",
        description="Stalls, toilets and waste.",
        pillars=[Pillar.objects.get(slug="social-dialogue")],
        sectors=[Sector.objects.get(slug="commerce")],
    )
    run_commit_callbacks()
    base = live_server.url
    mail.outbox.clear()
    send_digests(frequency="weekly", base_url=base)
    [message] = mail.outbox
    assert message.to == [thandi.email]
    link = line_with(message.body, "#offers-heading").split()[-1]
    assert link == f"{base}/pt/challenges/{challenge.slug}/#offers-heading"

    sign_in(page, base, "thandi", link.removeprefix(base))
    expect(page.get_by_role("heading", name=challenge.title)).to_be_visible()
    form = page.locator("form.offer-form")
    form.locator("textarea[name=message]").fill("Podemos receber uma delegação nos mercados.")
    form.locator("button[type=submit]").click()
    expect(page.locator(".offer-list")).to_contain_text("Podemos receber uma delegação")
    assert challenge.offers.get().city == durban
