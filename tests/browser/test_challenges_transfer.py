"""Challenges and transfer journeys in a real browser: a Maputo official posts a challenge
and sees what matches it, a Durban official answers "we can help"; the Maputo official
moves the city's adoption of Durban's practice along its journey, and the practice's page
tells the story, on a desktop and on a phone."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from base.models import Pillar, Role, Sector
from cities.models import Membership
from practices.services import record_adoption
from tests.browser.conftest import PHONE
from tests.factories import (
    ChallengeFactory,
    CityFactory,
    PracticeFactory,
    ResultFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"
TITLE = "Our market vendors lack sanitation and a voice"


def sign_in(page, base, username, next_url):
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def sign_out_at(page, base):
    """Sign out from a page that may be an error page, from the home page."""
    page.goto(f"{base}/")
    sign_out(page)


@pytest.fixture
def durban(db):
    return CityFactory(slug="durban", name="Durban")


@pytest.fixture
def traders(durban):
    practice = PracticeFactory(
        slug="informal-traders",
        title="Working in partnership with informal traders",
        summary="Market vendors as the lifeblood of the city.",
        city=durban,
    )
    practice.sectors.set([Sector.objects.get(slug="commerce")])
    practice.pillars.set([Pillar.objects.get(slug="social-dialogue")])
    ResultFactory(practice=practice, indicator="Traders organized", value_before=10, value_after=40)
    return practice


@pytest.fixture
def durbanite(durban):
    user = UserFactory(username="durbanite", first_name="Thandi", last_name="Ndlovu")
    user.groups.add(Group.objects.get(name=Role.OFFICIAL))
    Membership.objects.create(user=user, city=durban, verified_at=timezone.now())
    return user


def test_a_city_posts_a_challenge_and_another_offers_help(
    page, browser, live_server, official, traders, durbanite
):
    base = live_server.url
    sign_in(page, base, "official", "/challenges/new/")
    expect(page.get_by_role("heading", name="Post a challenge")).to_be_visible()
    page.get_by_label("The challenge, in a sentence").fill(TITLE)
    page.get_by_label("Description").fill("Stalls, toilets and waste; vendors are not heard.")
    page.get_by_label("Commerce and markets").check()
    page.get_by_label("Social dialogue").check()
    page.get_by_role("button", name="Post the challenge").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    matches = page.locator(
        "section", has=page.get_by_role("heading", name="Good practices that may help")
    )
    expect(matches.get_by_role("link", name=traders.title)).to_be_visible()
    expect(matches.get_by_text("also commerce and markets")).to_be_visible()
    cities = page.locator("section", has=page.get_by_role("heading", name="Cities to ask"))
    expect(cities.get_by_text("Contact: Thandi Ndlovu")).to_be_visible()
    expect(page.get_by_role("button", name="We can help")).to_have_count(0)
    sign_out(page)

    # On a phone, the Durban official answers.
    phone = browser.new_context(viewport=PHONE).new_page()
    sign_in(phone, base, "durbanite", "/challenges/")
    phone.get_by_role("link", name=TITLE).click()
    phone.get_by_label("How the city can help").fill("MILE can train Maputo's food vendors.")
    phone.get_by_role("button", name="We can help").click()
    expect(phone.get_by_text("Durban offered to help.")).to_be_visible()
    offers = phone.locator(".offer-list")
    expect(offers.get_by_text("MILE can train Maputo's food vendors.")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the challenge page scrolls sideways on a phone"
    phone.context.close()


def test_an_official_moves_a_journey_and_the_practice_tells_it(
    page, live_server, official, traders, city, durban
):
    base = live_server.url
    record_adoption(
        practice=traders,
        city=city,
        stage="interested",
        stage_on=datetime.date(2012, 11, 7),
        stage_note="Durban presented it in Maputo.",
        by=official,
    )
    sign_in(page, base, "official", f"/practices/{traders.slug}/")
    page.get_by_role("link", name="Update the adoption by Maputo").click()
    page.locator("select[name=stage]").select_option("studying")
    page.get_by_label("Stage reached on").fill("2013-06-01")
    page.get_by_label("What happened at this stage").fill("A delegation of nine visited Durban.")
    page.get_by_label("Mentor city").select_option(label="Durban")
    page.get_by_label("What was changed from the original").fill("Food vendors, not a hub.")
    page.get_by_label("Traders organized (after)").fill("25")
    page.get_by_role("button", name="Save the adoption").click()

    story = page.locator("section.adoptions")
    expect(story.get_by_role("heading", name="Transfer story")).to_be_visible()
    journey = story.get_by_role("list", name="The journey of Maputo")
    expect(journey.get_by_text("Interested")).to_be_visible()
    expect(journey.get_by_text("A delegation of nine visited Durban.")).to_be_visible()
    expect(story.get_by_text("Mentor city:")).to_be_visible()
    expect(story.get_by_role("table")).to_contain_text("Traders organized")

    # A journey does not go back: the form offers only the stages that may follow.
    page.get_by_role("link", name="Update the adoption by Maputo").click()
    options = page.locator("select[name=stage]").locator("option").all_inner_texts()
    assert "Interested" not in options and "Piloting" in options


def test_a_near_duplicate_is_posted_and_flagged_to_curators_only(
    page, live_server, official, curator
):
    ChallengeFactory(
        city=CityFactory(slug="lilongwe", name="Lilongwe"),
        slug="lilongwe-vendors",
        title="Our market vendors lack sanitation and any voice",
        description="Stalls, toilets and waste; vendors are not heard.",
    )
    base = live_server.url
    sign_in(page, base, "official", "/challenges/new/")
    page.get_by_label("The challenge, in a sentence").fill(TITLE)
    page.get_by_label("Description").fill("Stalls, toilets and waste; vendors are not heard.")
    page.get_by_role("button", name="Post the challenge").click()
    # Posted, not held up; the official is not shown the flag.
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_role("heading", name="Likely duplicates (curators only)")).to_have_count(0)
    challenge_url = page.url
    page.goto(f"{base}/challenges/duplicates/")
    expect(page.get_by_role("heading", name="Likely duplicates")).to_have_count(0)
    sign_out_at(page, base)

    sign_in(page, base, "curator", "/challenges/duplicates/")
    expect(page.get_by_role("heading", name="Likely duplicates", exact=True)).to_be_visible()
    flagged = page.locator("li.item").filter(
        has=page.locator("h2").get_by_role("link", name=TITLE, exact=True)
    )
    expect(
        flagged.locator("ul").get_by_role(
            "link", name="Our market vendors lack sanitation and any voice"
        )
    ).to_be_visible()
    expect(flagged.get_by_text("alike in words").first).to_be_visible()
    page.goto(challenge_url)
    duplicates = page.locator("section", has=page.get_by_role("heading", name="Likely duplicates"))
    expect(
        duplicates.get_by_role("link", name="Our market vendors lack sanitation and any voice")
    ).to_be_visible()
