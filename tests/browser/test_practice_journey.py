"""The practice journey in a real browser, from no account to a follower's digest: a
Maputo official asks for an account in Portuguese, confirms her address through the link
of the email, a curator verifies her in French from the officials' queue; she signs in,
lands on "My city", submits a practice with a photo and results; the curator publishes it
with the review card; a reader who follows its pillar in French gets the daily digest,
in French, naming it and linking to its French page. Each email greets its recipient by
name in their language; each page is looked at, 1280 and 390 px wide, and fits a phone."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from cities.models import Membership
from follows.models import Follow
from follows.tasks import send_digests
from practices.models import Practice, PracticeStatus
from tests.browser.conftest import emails_to, look_at, photo_bytes, sign_in
from tests.factories import REVIEW_CARD, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "graca.machava@cmm.gov.mz"
NAME = "Graça Machava"
NEW_PASSWORD = "mercados-de-xipamanine-2024"
TITLE = "Cooperativas de vendedores nos mercados de Maputo"
ALT = "Vendedoras a separar resíduos no mercado de Xipamanine"


def link_in(body: str, path: str) -> str:
    return re.search(rf"https?://\S+{re.escape(path)}\S*", body).group(0)


def test_from_an_account_request_to_a_followers_digest(
    page, live_server, city, curator, media, settings
):
    settings.SITE_URL = live_server.url  # the links the emails carry
    base = live_server.url
    Membership.objects.create(user=curator, language="fr")
    reader = UserFactory(username="claire", first_name="Claire", last_name="Dubois")
    Membership.objects.create(user=reader, language="fr")

    # A reader follows the pillar "Social dialogue", from the French catalogue.
    sign_in(page, base, "claire", "/fr/practices/?pillar=social-dialogue", language="fr")
    follow = page.locator("form[action='/fr/follows/follow/']")
    follow.locator("select[name=frequency]").select_option("daily")
    follow.locator("button[type=submit]").click()
    expect(page.locator(".follow-state")).to_be_visible()
    assert Follow.objects.get(user=reader).frequency == "daily"

    # The login page says how to get an account; the official asks for one, in Portuguese.
    page.context.clear_cookies()
    page.goto(f"{base}/pt/accounts/login/")
    look_at(page, "practice-journey-01-login")
    page.locator("a[href='/pt/accounts/request/']").click()
    expect(page.locator("html")).to_have_attribute("lang", "pt")
    page.locator("input[name=full_name]").fill(NAME)
    page.locator("select[name=city]").select_option("maputo")
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("textarea[name=message]").fill(
        "Chefe do Departamento de Mercados e Feiras; a vereadora pode confirmar."
    )
    page.locator("input[name=consent]").check()
    look_at(page, "practice-journey-02-request")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/pt/accounts/request/sent/")
    look_at(page, "practice-journey-03-request-sent")

    # The email, in Portuguese, greets her and holds the link that confirms her address.
    (request_email,) = emails_to(EMAIL)
    assert request_email.body.startswith(f"Olá, {NAME},")
    confirm_link = link_in(request_email.body, "/pt/accounts/request/confirm/")
    assert confirm_link.startswith(f"{base}/pt/")
    mail.outbox.clear()
    page.goto(confirm_link)
    page.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    page.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    look_at(page, "practice-journey-04-choose-password")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/pt/accounts/pending/")
    look_at(page, "practice-journey-05-pending")
    membership = Membership.objects.get(user__email=EMAIL)
    assert membership.city == city and membership.verified_at is None
    assert membership.language == "pt"

    # Until a curator verifies her, she cannot write for her city.
    page.goto(f"{base}/pt/practices/new/")
    expect(page.locator("#id_title")).to_have_count(0)

    # The curator verifies her, in French, from the queue of officials.
    sign_in(page, base, "curator", "/fr/review/officials/", language="fr")
    row = page.locator("tr", has_text=NAME)
    expect(row).to_contain_text("Maputo")
    expect(row).to_contain_text("Chefe do Departamento de Mercados")
    look_at(page, "practice-journey-06-officials-queue")
    row.locator("button[type=submit]").click()
    expect(page.locator("tr", has_text=NAME)).to_have_count(0)
    membership.refresh_from_db()
    assert membership.verified_at is not None and membership.verified_by == curator
    (verified,) = emails_to(EMAIL)
    assert verified.body.startswith(f"Olá, {NAME},")
    assert f"{base}/pt/my-city/" in verified.body
    mail.outbox.clear()

    # Signed in, she lands on her city's page, and writes a practice from there.
    sign_in(page, base, EMAIL, language="pt", password=NEW_PASSWORD)
    expect(page).to_have_url(f"{base}/pt/my-city/")
    expect(page.locator("h1")).to_contain_text("Maputo")
    look_at(page, "practice-journey-07-my-city")
    page.locator("main a[href='/pt/practices/new/']").first.click()
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill(
        "Os vendedores informais de Maputo organizam-se em cooperativas que limpam os mercados."
    )
    page.locator("#id_context").fill(
        "Os mercados de Maputo não têm recolha de resíduos; os vendedores informais "
        "trabalham sem proteção social."
    )
    page.locator("#id_description").fill(
        "A cidade negociou com as associações de vendedores a gestão dos mercados."
    )
    page.locator("input[name=pillars][value='social-dialogue']").check()
    page.locator("input[name=sdgs][value='8']").check()
    page.locator("#id_results-0-indicator").fill("Vendedoras em cooperativas")
    page.locator("#id_results-0-value_before").fill("120")
    page.locator("#id_results-0-value_after").fill("480")
    page.locator("#id_photos-0-image").set_input_files(
        {"name": "mercado.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}
    )
    page.locator("#id_photos-0-alt_text").fill(ALT)
    look_at(page, "practice-journey-08-practice-form")
    page.locator("button[name=submit]").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.locator(".notice-success")).to_have_text("Sua prática foi submetida para revisão.")
    expect(page.locator(f'img[alt="{ALT}"]')).to_have_count(1)
    expect(page.get_by_role("row", name="Vendedoras em cooperativas")).to_be_visible()
    look_at(page, "practice-journey-09-submitted")
    practice = Practice.objects.get(title=TITLE)
    assert practice.status == PracticeStatus.SUBMITTED and practice.city == city
    assert practice.photos.count() == 1 and practice.results.count() == 1

    # The curator opens it from the queue and publishes it with the review card.
    sign_in(page, base, "curator", "/fr/review/", language="fr")
    page.locator(f"a[href='/fr/review/{practice.slug}/']").click()
    card = page.locator("form.review-decision")
    for field, value in REVIEW_CARD.items():
        if field.endswith("_justification"):
            card.locator(f"input[name={field}]").fill(value)
        else:
            card.locator(f"input[name={field}][value='{value}']").check()
    look_at(page, "practice-journey-10-review-card")
    card.locator("button[type=submit]").first.click()
    expect(page.locator(".notice-success").first).to_be_visible()
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED
    (decision,) = emails_to(EMAIL)
    assert decision.body.startswith(f"Olá, {NAME},")
    assert f"{base}/pt/practices/{practice.slug}/" in decision.body
    mail.outbox.clear()

    # The next morning's digest: the reader hears of it in French, by name.
    send_digests(frequency="daily", base_url=base)
    (digest,) = emails_to(reader.email)
    assert digest.body.startswith("Bonjour Claire Dubois,")
    assert TITLE in digest.body
    page.context.clear_cookies()
    page.goto(link_in(digest.body, f"/fr/practices/{practice.slug}/"))
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(f'img[alt="{ALT}"]')).to_have_count(1)
    look_at(page, "practice-journey-11-published")
