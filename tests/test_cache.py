"""Anonymous responses are cached in the shared cache and stop being served as soon as
the content changes (portal/cache.py)."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.utils import timezone

from base import cache as response_cache
from base.api.throttling import RoleRateThrottle
from base.models import Pillar
from practices.models import PracticeStatus
from tests.factories import CityFactory, PracticeFactory

LIST = "/api/v1/practices/"


@pytest.fixture(autouse=True)
def caching_on(settings, monkeypatch):
    settings.RESPONSE_CACHE_SECONDS = 60
    monkeypatch.setattr(
        RoleRateThrottle,
        "THROTTLE_RATES",
        {"anon": "10000/min", "user": "10000/min", "partner": "10000/min"},
    )
    cache.clear()
    yield
    cache.clear()


def published(**kwargs):
    now = timezone.now()
    return PracticeFactory(
        status=PracticeStatus.PUBLISHED, published_at=now, verified_on=now.date(), **kwargs
    )


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["results"]]


def test_an_anonymous_list_is_served_from_the_cache_the_second_time(client, db):
    published(slug="street-vendors")
    first = client.get(LIST)
    second = client.get(LIST)
    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_change_to_the_content_is_seen_at_once(client, db):
    published(slug="street-vendors")
    assert slugs(client.get(LIST)) == ["street-vendors"]
    assert client.get(LIST)["X-Cache"] == "hit"

    published(slug="waste-pickers")
    response = client.get(LIST)
    assert response["X-Cache"] == "miss"
    assert set(slugs(response)) == {"street-vendors", "waste-pickers"}


def test_a_many_to_many_change_is_seen_at_once(client, db):
    practice = published(slug="street-vendors")
    url = f"{LIST}?pillar=social-dialogue"
    assert slugs(client.get(url)) == []
    practice.pillars.add(Pillar.objects.get(slug="social-dialogue"))
    assert slugs(client.get(url)) == ["street-vendors"]


def test_a_deletion_is_seen_at_once(client, db):
    city = CityFactory(slug="odienne", name="Odienné")
    assert client.get(f"/api/v1/cities/{city.slug}/").status_code == 200
    city.delete()
    assert client.get(f"/api/v1/cities/{city.slug}/").status_code == 404


def test_pages_are_cached_too(client, db):
    CityFactory(slug="odienne", name="Odienné")
    assert client.get("/cities/odienne/")["X-Cache"] == "miss"
    assert client.get("/cities/odienne/")["X-Cache"] == "hit"


def test_each_language_and_format_has_its_own_entry(client, db):
    assert client.get("/api/v1/pillars/", HTTP_ACCEPT_LANGUAGE="en")["X-Cache"] == "miss"
    assert client.get("/api/v1/pillars/", HTTP_ACCEPT_LANGUAGE="en-GB")["X-Cache"] == "hit"
    assert client.get("/api/v1/pillars/", HTTP_ACCEPT_LANGUAGE="fr")["X-Cache"] == "miss"
    assert client.get("/fr/cities/")["X-Cache"] == "miss"
    assert client.get("/cities/")["X-Cache"] == "miss"
    # The browsable API, not the JSON cached above; it holds a CSRF token: never kept.
    browsable = client.get("/api/v1/pillars/", HTTP_ACCEPT="text/html")
    assert browsable["Content-Type"].startswith("text/html")
    assert "X-Cache" not in browsable


def test_signed_in_users_and_token_clients_are_never_served_from_the_cache(client, db, curator):
    published(slug="street-vendors")
    client.get(LIST)
    assert client.get(LIST)["X-Cache"] == "hit"

    token_response = client.get(LIST, HTTP_AUTHORIZATION="Token not-a-real-token")
    assert "X-Cache" not in token_response

    client.force_login(curator)
    response = client.get(LIST)
    assert "X-Cache" not in response


def test_nothing_is_cached_when_caching_is_off(client, db, settings):
    settings.RESPONSE_CACHE_SECONDS = 0
    assert "X-Cache" not in client.get(LIST)
    assert "X-Cache" not in client.get(LIST)


def test_a_response_holding_a_csrf_token_or_a_cookie_is_not_kept(db):
    request = RequestFactory().get("/")
    request.session = None
    from django.http import HttpResponse

    assert response_cache.is_cacheable_response(request, HttpResponse("ok"))
    get_token(request)
    assert not response_cache.is_cacheable_response(request, HttpResponse("form"))

    plain = RequestFactory().get("/")
    with_cookie = HttpResponse("ok")
    with_cookie.set_cookie("seen", "1")
    assert not response_cache.is_cacheable_response(plain, with_cookie)
    private = HttpResponse("ok", headers={"Cache-Control": "private"})
    assert not response_cache.is_cacheable_response(plain, private)


def test_the_admin_and_the_health_check_are_never_cached(client, db):
    assert "X-Cache" not in client.get("/healthz")
    assert "X-Cache" not in client.get("/admin/login/")


def test_cached_responses_still_count_against_the_rate_limit(client, db, monkeypatch):
    monkeypatch.setattr(
        RoleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "3/min", "partner": "3/min"}
    )
    statuses = [client.get("/api/v1/pillars/").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_a_change_bumps_the_version_now_and_once_more_at_commit(
    db, django_capture_on_commit_callbacks
):
    before = response_cache.content_version()
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        CityFactory()
        during = response_cache.content_version()
        CityFactory()
    assert during != before
    # However many changes a transaction holds, one more bump when it commits.
    assert len(callbacks) == 1
    callbacks[0]()
    assert response_cache.content_version() != during


def test_a_bulk_change_bumps_the_version_once(db):
    before = response_cache.content_version()
    with response_cache.content_changes_batched():
        CityFactory()
        assert response_cache.content_version() == before
        CityFactory()
    assert response_cache.content_version() != before


def test_a_lost_version_never_revives_old_entries(db):
    first = response_cache.content_version()
    cache.delete(response_cache.VERSION_KEY)  # evicted, or Redis restarted
    assert response_cache.content_version() != first
