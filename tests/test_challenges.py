"""Challenges and partner search: posting one, what matches it and why, offers of help,
the notifications for a digest, likely duplicates (pages, API, constraints)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from base.models import SDG, Pillar, Role, Sector
from base.similarity import trigram_similarity
from cities.models import Membership
from matching.challenge_matches import challenge_matches, likely_duplicates
from matching.models import Challenge, ChallengeNotification, ChallengeOffer
from matching.services import (
    mark_challenge_notifications_digested,
    notify_matching_cities,
    offer_help,
    pending_challenge_notifications,
    save_challenge,
)
from tests.factories import (
    AdoptionFactory,
    ChallengeFactory,
    CityFactory,
    EventFactory,
    PracticeFactory,
    UserFactory,
)
from tests.utils import assert_constant_queries, run_commit_callbacks

pytestmark = pytest.mark.django_db

MARKET_TEXT = "Our market vendors lack sanitation and a voice"


@pytest.fixture
def durban(db):
    return CityFactory(slug="durban", name="Durban")


@pytest.fixture
def tags():
    return {
        "pillars": [Pillar.objects.get(slug="social-dialogue")],
        "sdgs": [SDG.objects.get(number=8)],
        "sectors": [Sector.objects.get(slug="commerce")],
    }


@pytest.fixture
def traders(durban, tags):
    practice = PracticeFactory(
        slug="informal-traders",
        title="Working in partnership with informal traders and market vendors",
        summary="Durban sees market vendors as the lifeblood of the city.",
        city=durban,
    )
    for name, values in tags.items():
        getattr(practice, name).set(values)
    return practice


def official_of(city, username, **names):
    user = UserFactory(username=username, **names)
    user.groups.add(Group.objects.get(name=Role.OFFICIAL))
    Membership.objects.create(user=user, city=city, verified_at=timezone.now())
    return user


@pytest.fixture
def challenge(official, tags):
    return save_challenge(
        by=official, title=MARKET_TEXT, description="Stalls, toilets and waste.", **tags
    )


# One measure, two backends


def test_the_similarity_is_pg_trgm_s_on_both_backends():
    pairs = [
        ("market vendors", "market vendor"),
        ("Odienné", "odienne"),
        ("", "anything"),
        (MARKET_TEXT, "Working with informal traders in Durban"),
    ]
    for first, second in pairs:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT similarity(%s, %s)", [first, second])
            else:
                cursor.execute("SELECT peercities_similarity(%s, %s)", [first, second])
            in_database = cursor.fetchone()[0]
        if first.isascii() and second.isascii():
            assert trigram_similarity(first, second) == pytest.approx(in_database, abs=1e-6)
    assert trigram_similarity("market vendors", "market vendors") == 1
    assert trigram_similarity("", "x") == 0


# Posting and status


def test_an_official_posts_their_city_s_challenge(challenge, city, official):
    assert (challenge.city, challenge.posted_by, challenge.status) == (
        city,
        official,
        "looking-for-partners",
    )
    assert challenge.slug == "our-market-vendors-lack-sanitation-and-a-voice"


def test_who_may_post(partner, official, durban, curator):
    with pytest.raises(PermissionDenied):
        save_challenge(by=partner, title="x", description="y")
    with pytest.raises(ValidationError) as error:
        save_challenge(by=official, title="x", description="y", city=durban)
    assert "own city" in error.value.message_dict["city"][0]
    assert save_challenge(by=curator, title="x", description="y", city=durban).city == durban


def test_the_status_moves_on_and_never_back_from_closed(challenge, official, durban):
    save_challenge(
        by=official, challenge=challenge, status="partnership-formed", partner_cities=[durban]
    )
    save_challenge(by=official, challenge=challenge, status="closed")
    with pytest.raises(ValidationError) as error:
        save_challenge(by=official, challenge=challenge, status="looking-for-partners")
    assert "cannot go from closed" in error.value.message_dict["status"][0]


def test_only_its_city_edits_a_challenge(challenge, durban):
    with pytest.raises(PermissionDenied):
        save_challenge(by=official_of(durban, "durbanite"), challenge=challenge, title="Mine")


def test_a_challenge_status_is_a_known_one_and_it_has_a_title(city):
    ChallengeFactory(city=city, status="closed")
    with pytest.raises(IntegrityError), transaction.atomic():
        ChallengeFactory(city=city, status="forgotten")
    with pytest.raises(IntegrityError), transaction.atomic():
        ChallengeFactory(city=city, title="")


# Matching


def test_a_challenge_matches_practices_cities_contacts_and_exchanges(
    challenge, traders, durban, tags
):
    lleida = CityFactory(slug="lleida", name="Lleida")
    AdoptionFactory(practice=traders, city=lleida, stage="sustained")
    official_of(durban, "thandi", first_name="Thandi", last_name="Ndlovu")
    upcoming = EventFactory(
        title="Markets forum",
        start_date=timezone.localdate() + datetime.timedelta(days=30),
        end_date=timezone.localdate() + datetime.timedelta(days=31),
        status="planned",
    )
    upcoming.sectors.set(tags["sectors"])
    EventFactory(title="Long past").sectors.set(tags["sectors"])
    PracticeFactory(title="Unrelated fisheries")

    found = challenge_matches(challenge, with_contacts=True)
    (match,) = found.practices
    assert match.object == traders
    texts = [reason.text for reason in match.reasons]
    assert "also commerce and markets" in texts
    assert "sustained in 1 of the 1 city that took it up" in texts
    cities = {m.city.slug: m for m in found.cities}
    assert set(cities) == {"durban", "lleida"}
    assert cities["durban"].contacts == ["Thandi Ndlovu"]
    assert "sustained" in cities["lleida"].reasons[0].text
    assert [m.object for m in found.events] == [upcoming]
    assert challenge_matches(challenge).cities[0].contacts == []


def test_officials_of_matching_cities_are_noted_for_their_digest(official, tags, traders, durban):
    durbanite = official_of(durban, "durbanite")
    challenge = save_challenge(by=official, title=MARKET_TEXT, description="x", **tags)
    run_commit_callbacks()  # the task runs eagerly in tests, once committed
    (note,) = pending_challenge_notifications(durbanite)
    assert note.challenge == challenge and "informal traders" in note.reasons
    assert notify_matching_cities(challenge) == 0  # once each
    mark_challenge_notifications_digested([note.pk])
    assert not pending_challenge_notifications(durbanite).exists()
    assert not ChallengeNotification.objects.filter(user=official).exists()


# Offers of help


def test_another_city_offers_to_help_once(challenge, durban):
    durbanite = official_of(durban, "durbanite")
    offer = offer_help(challenge=challenge, by=durbanite, message="MILE can train vendors.")
    assert offer.city == durban
    with pytest.raises(ValidationError) as error:
        offer_help(challenge=challenge, by=durbanite, message="Again")
    assert "already offered" in error.value.message_dict["city"][0]


def test_a_city_does_not_answer_its_own_challenge(challenge, official, curator, city):
    with pytest.raises(PermissionDenied):
        offer_help(challenge=challenge, by=official, message="Us")
    with pytest.raises(ValidationError):
        offer_help(challenge=challenge, by=curator, message="Us", city=city)


def test_an_offer_says_how_once_per_city(challenge, durban):
    ChallengeOffer.objects.create(challenge=challenge, city=durban, message="Training")
    with pytest.raises(IntegrityError), transaction.atomic():
        ChallengeOffer.objects.create(challenge=challenge, city=durban, message="Again")
    with pytest.raises(IntegrityError), transaction.atomic():
        ChallengeOffer.objects.create(challenge=challenge, city=CityFactory(), message="")


# Likely duplicates


def test_curators_see_likely_duplicates_without_blocking_anyone(challenge, official, tags):
    twin = save_challenge(
        by=official,
        title="Our market vendors lack sanitation and voice",
        description="Stalls.",
        **tags,
    )
    ChallengeFactory(title="Youth unemployment in the port", description="Dockers.")
    assert [match.object for match in likely_duplicates(challenge)] == [twin]
    practice = PracticeFactory(title="Forum theatre for entrepreneurs", summary="Theatre.")
    PracticeFactory(title="Forum theatre for young entrepreneurs", summary="Theatre.")
    assert len(likely_duplicates(practice)) == 1


def test_the_duplicates_page_is_for_curators(client, curator, official, challenge, tags):
    save_challenge(by=official, title=MARKET_TEXT + "!", description="Same.", **tags)
    assert client.get("/challenges/duplicates/").status_code == 302
    client.force_login(official)
    assert client.get("/challenges/duplicates/").status_code == 403
    client.force_login(curator)
    page = client.get("/challenges/duplicates/").content.decode()
    assert "alike in words" in page
    detail = client.get(challenge.get_absolute_url()).content.decode()
    assert "Likely duplicates (curators only)" in detail


# Pages


def test_the_list_filters_and_its_queries_do_not_grow(client, city, tags):
    def grow():
        for _ in range(3):
            challenge = ChallengeFactory(city=CityFactory())
            challenge.pillars.set(tags["pillars"])
            challenge.sdgs.set(tags["sdgs"])

    grow()
    ChallengeFactory(city=city, title="Closed one", status="closed")
    page = client.get("/challenges/?status=closed").content.decode()
    assert "Closed one" in page and "Challenge " not in page.split("Closed one")[0][-200:]
    assert "1 challenge" in page
    assert "not understood" in client.get("/challenges/?status=lost").content.decode()
    assert_constant_queries(lambda: client.get("/challenges/"), grow)


def test_an_official_posts_and_edits_on_the_site(client, official, durban):
    assert client.get("/challenges/new/").status_code == 302
    client.force_login(official)
    response = client.post(
        "/challenges/new/",
        {
            "title": MARKET_TEXT,
            "description": "Toilets.",
            "pillars": [Pillar.objects.get(slug="employment").pk],
        },
    )
    challenge = Challenge.objects.get()
    assert response.status_code == 302 and response["Location"] == challenge.get_absolute_url()
    response = client.post(
        f"/challenges/{challenge.slug}/edit/",
        {
            "title": MARKET_TEXT,
            "description": "Toilets.",
            "status": "partnership-formed",
            "partner_cities": [durban.pk],
        },
    )
    assert response.status_code == 302
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert "Partnership formed with" in page and "Durban" in page
    bad = client.post(f"/challenges/{challenge.slug}/edit/", {"title": "", "description": ""})
    assert bad.status_code == 200


def test_we_can_help_on_the_page(client, challenge, durban, official):
    durbanite = official_of(durban, "durbanite")
    client.force_login(official)
    assert "We can help" not in client.get(challenge.get_absolute_url()).content.decode()
    assert client.post(f"/challenges/{challenge.slug}/offers/", {"message": "x"}).status_code == 403
    client.force_login(durbanite)
    assert "We can help" in client.get(challenge.get_absolute_url()).content.decode()
    assert client.post(f"/challenges/{challenge.slug}/offers/", {"message": ""}).status_code == 200
    response = client.post(f"/challenges/{challenge.slug}/offers/", {"message": "MILE trains."})
    assert response.status_code == 302
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert "MILE trains." in page and "We can help" not in page


def test_an_unknown_challenge_is_a_404(client):
    assert client.get("/challenges/nowhere/").status_code == 404


# API


@pytest.fixture
def api(official):
    client = APIClient()
    client.force_authenticate(official)
    return client


def test_the_api_posts_and_reads_a_challenge(api, traders, durban):
    response = api.post(
        "/api/v1/challenges/",
        {"title": MARKET_TEXT, "description": "Toilets.", "sectors": ["commerce"], "sdgs": [8]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["city"]["slug"] == "maputo" and body["status"] == "looking-for-partners"
    slug = body["slug"]
    matches = APIClient().get(f"/api/v1/challenges/{slug}/matches/").json()
    assert matches["practices"][0]["practice"]["slug"] == "informal-traders"
    assert matches["cities"][0]["city"]["slug"] == "durban"
    assert APIClient().get("/api/v1/challenges/?sector=commerce").json()["count"] == 1
    assert APIClient().get("/api/v1/challenges/?status=closed").json()["count"] == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"description": "x"}, "title"),
        ({"title": "x", "description": "y", "status": "closed"}, "status"),
        ({"title": "x", "description": "y", "sdgs": [99]}, "sdgs"),
        ({"title": "x", "description": "y", "city": "durban"}, "city"),
        ({"title": 5, "description": "y"}, "title"),
    ],
)
def test_the_api_names_the_bad_field(api, durban, body, field):
    response = api.post("/api/v1/challenges/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_the_api_refuses_others(challenge, partner, durban, curator):
    url = f"/api/v1/challenges/{challenge.slug}/"
    client = APIClient()
    assert client.post("/api/v1/challenges/", {}, format="json").status_code in (401, 403)
    client.force_authenticate(partner)
    assert client.post("/api/v1/challenges/", {}, format="json").status_code == 403
    client.force_authenticate(official_of(durban, "durbanite"))
    assert client.patch(url, {"title": "Mine"}, format="json").status_code == 403
    assert client.delete(url).status_code == 403
    assert client.get(f"{url}duplicates/").status_code == 403
    assert client.patch("/api/v1/challenges/nowhere/", {}, format="json").status_code == 404
    client.force_authenticate(curator)
    assert client.get(f"{url}duplicates/").status_code == 200
    assert client.patch(url, {"status": "closed"}, format="json").json()["status"] == "closed"


def test_the_api_takes_offers_of_help(challenge, durban, official):
    url = f"/api/v1/challenges/{challenge.slug}/offers/"
    client = APIClient()
    client.force_authenticate(official)
    assert client.post(url, {"message": "Us"}, format="json").status_code == 403
    client.force_authenticate(official_of(durban, "durbanite"))
    assert client.post(url, {"message": ""}, format="json").status_code == 400
    response = client.post(url, {"message": "MILE trains."}, format="json")
    assert response.status_code == 201 and response.json()["city"]["slug"] == "durban"
    again = client.post(url, {"message": "Again"}, format="json")
    assert again.status_code == 400 and "city" in again.json()
    detail = APIClient().get(f"/api/v1/challenges/{challenge.slug}/").json()
    assert detail["offers"][0]["message"] == "MILE trains."


def test_contacts_are_named_to_members_only(challenge, traders, durban, api):
    official_of(durban, "thandi", first_name="Thandi", last_name="Ndlovu")
    url = f"/api/v1/challenges/{challenge.slug}/matches/"
    assert APIClient().get(url).json()["cities"][0]["contacts"] == []
    assert api.get(url).json()["cities"][0]["contacts"] == ["Thandi Ndlovu"]
    assert APIClient().get(f"{url}?limit=0").status_code == 400


def test_the_api_list_queries_do_not_grow(tags):
    def grow():
        for _ in range(3):
            challenge = ChallengeFactory()
            challenge.sectors.set(tags["sectors"])

    grow()
    assert_constant_queries(lambda: APIClient().get("/api/v1/challenges/"), grow)


def test_my_city_lists_the_city_s_challenges_and_those_it_may_help_with(
    client, official, tags, traders, durban
):
    durbanite = official_of(durban, "durbanite")
    save_challenge(by=official, title=MARKET_TEXT, description="x", **tags)
    run_commit_callbacks()
    client.force_login(official)
    assert MARKET_TEXT in client.get("/my-city/").content.decode()
    client.force_login(durbanite)
    page = client.get("/my-city/").content.decode()
    assert "challenges your city may help with" in page
    assert MARKET_TEXT in page


def test_the_duplicates_page_looks_at_the_latest_twenty_in_constant_queries(client, curator):
    def grow():
        for _ in range(3):
            ChallengeFactory(title=MARKET_TEXT, city=CityFactory())
            PracticeFactory(title=MARKET_TEXT, summary="Same.", status="submitted")

    for _ in range(7):
        grow()
    client.force_login(curator)
    assert_constant_queries(lambda: client.get("/challenges/duplicates/"), grow)


def test_the_city_page_lists_its_challenges(client, challenge, city):
    page = client.get(city.get_absolute_url()).content.decode()
    assert "Challenges it seeks partners for" in page and MARKET_TEXT in page
