"""The challenges a city could help with reach its officials in their digest: once each,
in their language, with why their city matched and a link to answer "we can help";
officials of cities that do not match hear nothing."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone, translation

from base.models import SDG, Pillar, Role, Sector
from cities.models import Membership
from follows.services import send_digest
from follows.tasks import send_digests
from follows.unsubscribe import unsubscribe_path
from matching.digest import MAX_CHALLENGES_PER_DIGEST
from matching.models import ChallengeNotification, ChallengeStatus
from matching.services import save_challenge
from tests.factories import CityFactory, FollowFactory, PracticeFactory, UserFactory
from tests.utils import assert_constant_queries, run_commit_callbacks

pytestmark = pytest.mark.django_db

BASE = "https://peercities.example"


def official_of(city, username, language="en"):
    user = UserFactory(username=username, first_name=username.title(), last_name="Dube")
    user.groups.add(Group.objects.get(name=Role.OFFICIAL))
    Membership.objects.create(user=user, city=city, verified_at=timezone.now(), language=language)
    return user


@pytest.fixture
def tags():
    return {
        "pillars": [Pillar.objects.get(slug="social-dialogue")],
        "sdgs": [SDG.objects.get(number=8)],
        "sectors": [Sector.objects.get(slug="commerce")],
    }


@pytest.fixture
def durban(db, tags):
    """A city whose published practice matches a market vendors' challenge."""
    city = CityFactory(slug="durban", name="Durban")
    practice = PracticeFactory(
        slug="informal-traders",
        title="Working in partnership with informal traders and market vendors",
        summary="Durban sees market vendors as the lifeblood of the city.",
        city=city,
    )
    for name, values in tags.items():
        getattr(practice, name).set(values)
    return city


def post_challenge(official, tags, **values):
    challenge = save_challenge(
        by=official,
        title=values.pop("title", "Our market vendors lack sanitation and a voice"),
        description="Stalls, toilets and waste.",
        **tags,
        **values,
    )
    run_commit_callbacks()  # the matching task, eager in tests, once committed
    return challenge


def digests(frequency):
    mail.outbox.clear()
    send_digests(frequency=frequency, base_url=BASE)
    run_commit_callbacks()
    return list(mail.outbox)


def test_a_new_challenge_reaches_the_matching_citys_official_once(official, tags, durban):
    thandi = official_of(durban, "thandi")
    challenge = post_challenge(official, tags)
    # Thandi follows nothing: the challenge waits for the weekly digest.
    assert digests("daily") == []
    [message] = digests("weekly")
    assert message.to == [thandi.email]
    assert message.subject == "Your weekly PeerCities digest"
    body = message.body
    assert "A challenge you could help with: " in body
    assert f"{challenge.title} (Maputo)" in body
    assert "Why Durban: its practice “Working in partnership with informal traders" in body
    assert f"{BASE}/challenges/{challenge.slug}/#offers-heading" in body
    # Nothing about followed cities when there is none.
    assert "you follow on PeerCities" not in body
    assert ChallengeNotification.objects.get(user=thandi).digested_at is not None
    # The next runs, either frequency, carry it no more.
    assert digests("weekly") == []
    assert digests("daily") == []


def test_an_official_of_a_city_that_does_not_match_hears_nothing(official, tags, durban):
    elsewhere = official_of(CityFactory(slug="lleida", name="Lleida"), "jordi")
    FollowFactory(user=elsewhere, city=durban, frequency="weekly")
    post_challenge(official, tags)
    assert not ChallengeNotification.objects.filter(user=elsewhere).exists()
    sent = digests("weekly")
    assert elsewhere.email not in [address for message in sent for address in message.to]
    # Nor the official who posted it.
    assert official.email not in [address for message in sent for address in message.to]


def test_it_comes_in_the_officials_language_with_a_link_to_answer(client, official, tags, durban):
    ana = official_of(durban, "ana", language="pt")
    challenge = post_challenge(official, tags)
    [message] = digests("weekly")
    assert message.subject == "Seu resumo semanal da PeerCities"
    assert "Um desafio com que você poderia ajudar: " in message.body
    assert "Por que Durban: sua prática “Working in partnership" in message.body
    [link] = re.findall(r"https://\S+#offers-heading", message.body)
    assert link == f"{BASE}/pt/challenges/{challenge.slug}/#offers-heading"
    # The link opens the challenge with the form to answer "we can help".
    client.force_login(ana)
    page = client.get(link.removeprefix(BASE))
    assert page.status_code == 200
    assert f'action="/pt/challenges/{challenge.slug}/offers/"' in page.content.decode()
    answered = client.post(
        f"/pt/challenges/{challenge.slug}/offers/", {"message": "Come and see our markets."}
    )
    assert answered.status_code == 302
    assert challenge.offers.get().city == durban


def test_it_joins_the_daily_digest_of_an_official_who_follows_something_daily(
    official, tags, durban, city
):
    thandi = official_of(durban, "thandi")
    FollowFactory(user=thandi, city=city, frequency="daily")
    challenge = post_challenge(official, tags)
    [message] = digests("daily")
    assert challenge.title in message.body
    assert digests("weekly") == [] and digests("daily") == []


def test_a_challenge_that_found_its_partners_before_the_digest_is_no_news(official, tags, durban):
    thandi = official_of(durban, "thandi")
    challenge = post_challenge(official, tags)
    save_challenge(by=official, challenge=challenge, status=ChallengeStatus.FORMED)
    assert digests("weekly") == []
    assert ChallengeNotification.objects.get(user=thandi).digested_at is not None


def test_the_email_key_names_the_challenges_so_a_redelivery_sends_once(official, tags, durban):
    thandi = official_of(durban, "thandi")
    post_challenge(official, tags)
    post_challenge(official, tags, title="Street vendors need a voice in the council")
    assert send_digest(user_id=thandi.pk, frequency="weekly", base_url=BASE) == 2
    assert send_digest(user_id=thandi.pk, frequency="weekly", base_url=BASE) == 0
    run_commit_callbacks()
    [message] = mail.outbox
    assert message.body.count("A challenge you could help with") == 2


def test_the_unsubscribe_link_of_a_digest_of_challenges_stops_them(client, official, tags, durban):
    thandi = official_of(durban, "thandi")
    post_challenge(official, tags)
    [message] = digests("weekly")
    [link] = re.findall(r"https://\S+/follows/unsubscribe/\S+/", message.body)
    path = link.removeprefix(BASE)
    asked = client.get(path)
    assert "the challenges of other cities yours could help with" in asked.content.decode()
    assert client.post(path).status_code == 200
    post_challenge(official, tags, title="Street vendors need a voice in the council")
    assert not ChallengeNotification.objects.filter(user=thandi, digested_at=None).exists()
    assert digests("weekly") == []
    # "My follows" offers them again; then the next challenge comes.
    client.force_login(thandi)
    page = client.get("/follows/").content.decode()
    assert "Receive them again" in page
    assert "digest also brings the challenges" not in page
    assert client.post("/follows/resume/challenges/").status_code == 302
    page = client.get("/follows/").content.decode()
    assert "Receive them again" not in page
    assert "Your weekly digest also brings the challenges of other cities" in page
    post_challenge(official, tags, title="Vendors want shelters at the taxi rank")
    [message] = digests("weekly")
    assert "Vendors want shelters at the taxi rank" in message.body


def test_stopping_the_weekly_digest_leaves_challenges_in_the_daily_one(
    client, official, tags, durban, city
):
    thandi = official_of(durban, "thandi")
    FollowFactory(user=thandi, city=city, frequency="daily")
    FollowFactory(
        user=thandi,
        city=None,
        pillar=Pillar.objects.get(slug="social-dialogue"),
        frequency="weekly",
    )
    assert client.post(unsubscribe_path(thandi, "weekly")).status_code == 200
    assert not thandi.follows.filter(frequency="weekly").exists()
    challenge = post_challenge(official, tags)
    [message] = digests("daily")
    assert challenge.title in message.body


def test_resuming_needs_an_account_and_a_post(client):
    assert client.post("/follows/resume/challenges/").status_code == 302  # to sign in
    assert client.get("/follows/resume/challenges/").status_code in (302, 405)


def test_my_follows_tells_officials_only_which_digest_brings_challenges(client, official, city):
    client.force_login(official)
    FollowFactory(user=official, city=city, frequency="daily")
    page = client.get("/follows/").content.decode()
    assert "Your daily digest also brings the challenges of other cities" in page
    client.force_login(UserFactory(username="visitor"))
    assert "digest also brings" not in client.get("/follows/").content.decode()


def test_reasons_are_noted_in_the_default_language_whatever_the_callers(official, tags, durban):
    thandi = official_of(durban, "thandi")
    with translation.override("pt"):
        post_challenge(official, tags)
    note = ChallengeNotification.objects.get(user=thandi)
    assert note.reasons.startswith("its practice “Working in partnership")


def test_a_digest_lists_ten_challenges_and_keeps_the_rest_for_the_next(official, tags, durban):
    thandi = official_of(durban, "thandi")
    for number in range(MAX_CHALLENGES_PER_DIGEST + 2):
        post_challenge(official, tags, title=f"Market vendors need a voice, case {number}")
    assert send_digest(user_id=thandi.pk, frequency="weekly", base_url=BASE) == 10
    assert send_digest(user_id=thandi.pk, frequency="weekly", base_url=BASE) == 2
    assert send_digest(user_id=thandi.pk, frequency="weekly", base_url=BASE) == 0


def test_the_digest_queries_do_not_grow_with_the_challenges(official, tags, durban):
    thandi = official_of(durban, "thandi")
    post_challenge(official, tags)

    def send_again():
        ChallengeNotification.objects.update(digested_at=None)
        send_digest(user_id=thandi.pk, frequency="weekly", base_url=BASE)

    def grow():
        for number in range(3):
            post_challenge(official, tags, title=f"Market vendors need a voice, case {number}")

    assert_constant_queries(send_again, grow)
