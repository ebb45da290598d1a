"""The review workflow in a real browser: an official signs in and submits a practice
through the form, a curator signs in and publishes it from the queue, and the public
catalogue shows it."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"
TITLE = "Waste pickers' cooperative in Maputo"


def sign_in(page, base, username, next_url):
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Signed out")).to_be_visible()


def test_official_submits_curator_publishes_public_sees(page, live_server, official, curator):
    base = live_server.url
    sign_in(page, base, "official", "/practices/new/")
    expect(page.get_by_role("heading", name="Submit a good practice")).to_be_visible()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Summary").fill("Informal waste pickers organized into a cooperative.")
    page.get_by_label("What was done", exact=True).fill(
        "**3,000** members <script>alert(1)</script>"
    )
    page.get_by_label("Social dialogue").check()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    sign_out(page)

    # Not yet public.
    page.goto(f"{base}/practices/")
    expect(page.get_by_text(TITLE)).to_have_count(0)

    sign_in(page, base, "curator", "/review/")
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    # The queue lists it; its review page holds the decision and the review card: a
    # score (five labelled choices) and a justification for each criterion.
    page.get_by_role("link", name=TITLE).click()
    item = page.locator("form.review-decision")
    for criterion in ["sustainability", "innovation", "horizontal_cooperation"]:
        item.locator(f"input[name={criterion}][value='4']").check()
        item.locator(f"input[name={criterion}_justification]").fill("Seen at the exchange.")
    item.locator("input[name=evidence_of_results][value='3']").check()
    item.locator("input[name=evidence_of_results_justification]").fill("A members' survey.")
    item.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("published")).not_to_have_count(0)
    expect(page.get_by_text("No practice is waiting for review.")).to_be_visible()
    sign_out(page)

    page.goto(f"{base}/practices/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    assert "<script>alert(1)</script>" not in page.content()
