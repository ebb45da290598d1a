"""Follows and digests: people follow a city, a pillar or an exchange and get one email
a day or a week with what happened there, in their language, each item once."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from base.models import Pillar
from cities.models import Membership
from exchanges.services import save_event, update_action_status
from follows.models import Activity, ActivityKind, DigestItem, Follow
from follows.services import notify_followers, send_digest
from follows.tasks import send_digests
from follows.unsubscribe import unsubscribe_path
from practices.models import ReviewDecision
from practices.services import decide_on_practice, submit_practice
from tests.factories import (
    ActionFactory,
    CityFactory,
    EventFactory,
    FollowFactory,
    PracticeFactory,
    UserFactory,
)
from tests.utils import assert_constant_queries, run_commit_callbacks

pytestmark = pytest.mark.django_db

BASE = "https://peercities.example"


@pytest.fixture
def follower(db):
    user = UserFactory(username="ana", first_name="Ana", last_name="Silva")
    Membership.objects.create(user=user, language="pt")
    return user


def publish(practice, curator):
    submit_practice(practice=practice, by=curator)
    decide_on_practice(decision=ReviewDecision.PUBLISHED, practice=practice, by=curator)
    run_commit_callbacks()


def digests(frequency="daily"):
    mail.outbox.clear()
    send_digests(frequency=frequency, base_url=BASE)
    run_commit_callbacks()
    return list(mail.outbox)


def draft(**kwargs):
    return PracticeFactory(status="draft", published_at=None, verified_on=None, **kwargs)


# The model's invariants.


def test_a_follow_names_exactly_one_target(follower, city):
    Follow.objects.create(user=follower, city=city)
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(user=follower)
    event = EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(user=follower, event=event, pillar=Pillar.objects.first())


def test_a_person_follows_a_city_once(follower, city):
    Follow.objects.create(user=follower, city=city)
    Follow.objects.create(user=UserFactory(), city=city)
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(user=follower, city=city)


def test_the_frequency_is_daily_or_weekly(follower, city):
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(user=follower, city=city, frequency="hourly")


def test_an_item_is_carried_once_per_person(follower):
    activity = notify_followers(key="k", kind=ActivityKind.EVENT_CREATED, title="T", path="/")
    DigestItem.objects.create(user=follower, activity=activity)
    DigestItem.objects.create(user=UserFactory(), activity=activity)
    with pytest.raises(IntegrityError), transaction.atomic():
        DigestItem.objects.create(user=follower, activity=activity)


def test_an_activity_links_a_page_of_the_site():
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.create(
            key="x", kind=ActivityKind.EVENT_CREATED, title="T", path="https://evil.example/"
        )


# Digests.


def test_a_practice_published_in_a_followed_city_comes_in_the_followers_language(
    follower, city, curator
):
    FollowFactory(user=follower, city=city)
    practice = draft(city=city, slug="feiras", title="Feiras de Maputo")
    publish(practice, curator)
    [message] = digests()
    assert message.to == [follower.email]
    # Translated at merge: the new strings' Portuguese is not asserted here.
    assert "Olá, Ana Silva," in message.body
    assert "A equipe do PeerCities" in message.body
    assert "Feiras de Maputo" in message.body
    assert f"{BASE}/pt/practices/feiras/" in message.body
    assert f"{BASE}/pt/follows/" in message.body
    assert f"{BASE}/pt{unsubscribe_path(follower, 'daily')}" in message.body
    # Run again (a retry, a second beat): nothing new, no email.
    assert digests() == []


def test_a_pillar_follower_hears_of_practices_tagged_with_it(follower, curator):
    pillar = Pillar.objects.get(slug="social-protection")
    FollowFactory(user=follower, city=None, pillar=pillar)
    tagged, untagged = draft(title="Tagged"), draft(title="Untagged")
    tagged.pillars.add(pillar)
    publish(tagged, curator)
    publish(untagged, curator)
    [message] = digests()
    assert "Tagged" in message.body
    assert "Untagged" not in message.body


def test_other_cities_news_and_older_news_stay_out(follower, city, curator):
    publish(draft(city=city, title="Before following"), curator)
    FollowFactory(user=follower, city=city)
    publish(draft(title="Elsewhere"), curator)
    assert digests() == []


def test_weekly_follows_wait_for_the_weekly_digest(follower, city, curator):
    FollowFactory(user=follower, city=city, frequency="weekly")
    publish(draft(city=city, title="Weekly news"), curator)
    assert digests("daily") == []
    [message] = digests("weekly")
    assert "Weekly news" in message.body


def test_an_exchange_change_reaches_its_followers_but_not_who_made_it(official, city, follower):
    event = EventFactory(
        host_city=city,
        status="planned",
        start_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    FollowFactory(user=follower, city=None, event=event)
    FollowFactory(user=official, city=None, event=event)
    save_event(by=official, event=event, summary="New agenda")
    save_event(by=official, event=event, summary="Newer agenda")
    [message] = digests()
    assert message.to == [follower.email]
    # Two edits the same day: one line.
    assert message.body.count(event.get_absolute_url()) == 1


def test_a_roadmap_action_followed_up_reaches_the_city_followers(official, city, follower):
    action = ActionFactory(title="Municipal forum")
    action.responsible_cities.add(city)
    FollowFactory(user=follower, city=city)
    update_action_status(action=action, status="in-progress", by=official)
    [message] = digests()
    assert "Municipal forum" in message.body
    assert f"/pt/roadmaps/{action.roadmap.slug}/" in message.body


def test_send_digest_twice_sends_once(follower, city):
    FollowFactory(user=follower, city=city)
    notify_followers(
        key="x", kind=ActivityKind.EVENT_CREATED, title="Forum", path="/", cities=[city]
    )
    assert send_digest(user_id=follower.pk, frequency="daily", base_url=BASE) == 1
    assert send_digest(user_id=follower.pk, frequency="daily", base_url=BASE) == 0
    run_commit_callbacks()
    assert len(mail.outbox) == 1


def test_notify_followers_records_a_key_once(city):
    first = notify_followers(
        key="same", kind=ActivityKind.EVENT_CREATED, title="A", path="/", cities=[city]
    )
    again = notify_followers(key="same", kind=ActivityKind.EVENT_CREATED, title="B", path="/")
    assert first.pk == again.pk
    assert Activity.objects.get().title == "A"


def test_notify_followers_keeps_the_default_languages_path(city):
    activity = notify_followers(
        key="fr", kind=ActivityKind.EVENT_CREATED, title="A", path="/fr/cities/maputo/"
    )
    assert activity.path == "/cities/maputo/"


# Unsubscribing.


def test_the_unsubscribe_link_asks_then_stops_the_digest(client, follower, city):
    FollowFactory(user=follower, city=city)
    weekly = FollowFactory(user=follower, city=CityFactory(), frequency="weekly")
    url = unsubscribe_path(follower, "daily")
    response = client.get(url)
    assert response.status_code == 200
    assert "Maputo" in response.content.decode()
    assert Follow.objects.count() == 2  # opening the link changes nothing
    response = client.post(url)
    assert response.status_code == 200
    assert list(Follow.objects.all()) == [weekly]


def test_a_forged_unsubscribe_link_is_a_404(client, follower):
    url = unsubscribe_path(follower, "daily")
    assert client.get(url[:-3] + "xyz/").status_code == 404
    assert client.post("/follows/unsubscribe/1.daily:forged/").status_code == 404


# Pages.


def test_follow_and_unfollow_a_city_from_its_page(client, follower, city):
    client.force_login(follower)
    page = client.get(city.get_absolute_url()).content.decode()
    assert 'Follow<span class="visually-hidden"> Maputo</span>' in page
    response = client.post(
        "/follows/follow/",
        {"kind": "city", "slug": "maputo", "frequency": "daily", "next": city.get_absolute_url()},
    )
    assert response.status_code == 302 and response["Location"] == city.get_absolute_url()
    follow = Follow.objects.get(user=follower, city=city, frequency="daily")
    page = client.get(city.get_absolute_url()).content.decode()
    assert 'Unfollow<span class="visually-hidden"> Maputo</span>' in page
    client.post(f"/follows/{follow.pk}/", {"unfollow": "1"})
    assert not Follow.objects.exists()


def test_follow_an_event_and_a_pillar_from_their_pages(client, follower):
    client.force_login(follower)
    event = EventFactory(slug="maputo-2012")
    assert 'action="/follows/follow/"' in client.get(event.get_absolute_url()).content.decode()
    client.post("/follows/follow/", {"kind": "event", "slug": "maputo-2012", "frequency": "weekly"})
    page = client.get("/practices/?pillar=employment").content.decode()
    assert 'name="slug" value="employment"' in page
    client.post("/follows/follow/", {"kind": "pillar", "slug": "employment", "frequency": "weekly"})
    assert Follow.objects.filter(user=follower).count() == 2


def test_a_visitor_is_asked_to_sign_in(client, city):
    page = client.get(city.get_absolute_url()).content.decode()
    assert "/accounts/login/?next=/cities/maputo/" in page
    response = client.post("/follows/follow/", {"kind": "city", "slug": "maputo"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Follow.objects.exists()


def test_the_follow_form_refuses_bad_input(client, follower):
    client.force_login(follower)
    client.post("/follows/follow/", {"kind": "country", "slug": "maputo"})
    assert (
        client.post(
            "/follows/follow/", {"kind": "city", "slug": "nowhere", "frequency": "daily"}
        ).status_code
        == 404
    )
    assert not Follow.objects.exists()


def test_my_follows_lists_and_changes_them(client, follower, city):
    follow = FollowFactory(user=follower, city=city)
    client.force_login(follower)
    page = client.get("/follows/").content.decode()
    assert "Maputo" in page
    client.post(f"/follows/{follow.pk}/", {f"{follow.pk}-frequency": "weekly"})
    follow.refresh_from_db()
    assert follow.frequency == "weekly"


def test_someone_elses_follow_is_a_404(client, follower, city):
    follow = FollowFactory(city=city)
    client.force_login(follower)
    assert client.post(f"/follows/{follow.pk}/", {"unfollow": "1"}).status_code == 404
    assert Follow.objects.filter(pk=follow.pk).exists()


def test_my_follows_query_count_does_not_grow(client, follower):
    client.force_login(follower)
    FollowFactory(user=follower)

    def grow():
        FollowFactory(user=follower)
        FollowFactory(user=follower, city=None, event=EventFactory())
        FollowFactory(user=follower, city=None, pillar=Pillar.objects.get(slug="employment"))

    assert_constant_queries(lambda: client.get("/follows/"), grow)


# API.


@pytest.fixture
def api(follower):
    client = APIClient()
    client.force_authenticate(follower)
    return client


def test_the_api_lists_only_your_follows(api, follower, city):
    FollowFactory(user=follower, city=city)
    FollowFactory(city=CityFactory())
    data = api.get("/api/v1/follows/").json()
    assert data["count"] == 1
    [row] = data["results"]
    assert row["kind"] == "city" and row["city"]["slug"] == "maputo" and row["frequency"] == "daily"


def test_the_api_follows_changes_and_unfollows(api, follower, city):
    response = api.post(
        "/api/v1/follows/", {"pillar": "employment", "frequency": "daily"}, format="json"
    )
    assert response.status_code == 201, response.json()
    follow_id = response.json()["id"]
    assert response.json()["pillar"]["slug"] == "employment"
    response = api.patch(f"/api/v1/follows/{follow_id}/", {"frequency": "weekly"}, format="json")
    assert response.status_code == 200 and response.json()["frequency"] == "weekly"
    assert api.delete(f"/api/v1/follows/{follow_id}/").status_code == 204
    assert not Follow.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "non_field_errors"),
        ({"city": "maputo", "pillar": "employment"}, "non_field_errors"),
        ({"city": "nowhere"}, "city"),
        ({"city": "maputo", "frequency": "hourly"}, "frequency"),
        ({"city": 7}, "city"),
    ],
)
def test_the_api_refuses_bad_follows(api, city, body, field):
    response = api.post("/api/v1/follows/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_the_api_hides_other_peoples_follows(api, city):
    other = FollowFactory(city=city)
    assert api.get(f"/api/v1/follows/{other.pk}/").status_code == 404
    assert api.delete(f"/api/v1/follows/{other.pk}/").status_code == 404
    assert (
        api.patch(
            f"/api/v1/follows/{other.pk}/", {"frequency": "weekly"}, format="json"
        ).status_code
        == 404
    )


def test_the_api_needs_an_account():
    assert APIClient().get("/api/v1/follows/").status_code == 401


def test_the_api_list_query_count_does_not_grow(api, follower):
    FollowFactory(user=follower)

    def grow():
        FollowFactory(user=follower)
        FollowFactory(user=follower, city=None, event=EventFactory())

    assert_constant_queries(lambda: api.get("/api/v1/follows/"), grow)


def test_my_data_lists_follows_and_deleting_the_account_drops_them(client, follower, city):
    from portal.services import delete_account

    FollowFactory(user=follower, city=city)
    client.force_login(follower)
    data = client.get("/accounts/my-data/download/").json()
    assert data["follows"] == [
        {
            "kind": "city",
            "slug": "maputo",
            "frequency": "daily",
            "since": Follow.objects.get().created_at.isoformat(),
        }
    ]
    delete_account(user=follower)
    assert not Follow.objects.exists()


def test_news_older_than_a_year_is_forgotten(follower, city):
    from follows.tasks import forget_old_activities

    old = notify_followers(
        key="old",
        kind=ActivityKind.EVENT_CREATED,
        title="Old",
        path="/",
        cities=[city],
        occurred_at=timezone.now() - datetime.timedelta(days=366),
    )
    DigestItem.objects.create(user=follower, activity=old)
    recent = notify_followers(key="new", kind=ActivityKind.EVENT_CREATED, title="New", path="/")
    assert forget_old_activities() == 3  # the activity, its city link, its digest item
    assert list(Activity.objects.all()) == [recent]
