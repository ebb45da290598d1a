"""ETags, 304s and Cache-Control on the API's reads (base/http_caching.py)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone
from rest_framework.authtoken.models import Token

from base import http_caching
from base.api.throttling import RoleRateThrottle
from base.models import Role
from tests.api.utils import keys, streamed
from tests.factories import CityFactory

PRACTICES = "/api/v1/practices/"
DRAFTS = {"status": "draft"}


@pytest.fixture
def shared_version(monkeypatch):
    """The content version as every process sees it (Redis in production)."""
    monkeypatch.setattr(http_caching, "content_version_is_shared", lambda: True)


@pytest.fixture
def curator_token(curator):
    return f"Token {Token.objects.create(user=curator).key}"


def revalidate(api, url, response, **params):
    return api.get(url, params, HTTP_IF_NONE_MATCH=response["ETag"])


def vary(response) -> set[str]:
    return {name.strip().lower() for name in response["Vary"].split(",")}


def test_an_anonymous_read_is_public_for_a_while(api, network):
    response = api.get("/api/v1/cities/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    assert {"accept", "accept-language", "authorization", "cookie"} <= vary(response)


def test_an_anonymous_read_carries_a_strong_etag_and_answers_304_without_a_query(
    api, network, shared_version, django_assert_num_queries
):
    first = api.get("/api/v1/cities/")
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"')  # strong: no W/
    with django_assert_num_queries(0):
        again = revalidate(api, "/api/v1/cities/", first)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Cache-Control"] == "public, max-age=60"
    assert "authorization" in vary(again)


def test_a_change_to_the_content_changes_the_etag(api, network, shared_version):
    first = api.get("/api/v1/cities/")
    CityFactory(slug="pasto", name="Pasto")
    again = revalidate(api, "/api/v1/cities/", first)
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "pasto" in keys(again)


def test_the_etag_changes_with_the_day(api, network, shared_version, monkeypatch):
    # What is upcoming, or stale, changes at midnight without any change to the content.
    first = api.get("/api/v1/events/")
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(http_caching.timezone, "now", lambda: tomorrow)
    assert revalidate(api, "/api/v1/events/", first).status_code == 200


def test_each_language_and_format_has_its_own_etag(api, network, shared_version):
    english = api.get("/api/v1/pillars/", HTTP_ACCEPT_LANGUAGE="en")
    french = api.get("/api/v1/pillars/", HTTP_ACCEPT_LANGUAGE="fr")
    assert english["ETag"] != french["ETag"]
    response = api.get(
        "/api/v1/pillars/", HTTP_ACCEPT_LANGUAGE="fr", HTTP_IF_NONE_MATCH=english["ETag"]
    )
    assert response.status_code == 200


def test_details_and_head_requests_answer_304_too(api, network, shared_version):
    detail = api.get("/api/v1/cities/maputo/")
    assert revalidate(api, "/api/v1/cities/maputo/", detail).status_code == 304
    head = api.head("/api/v1/cities/maputo/")
    assert head["ETag"] == detail["ETag"]
    assert api.head("/api/v1/cities/maputo/", HTTP_IF_NONE_MATCH=head["ETag"]).status_code == 304


@pytest.mark.parametrize(
    ("url", "export"),
    [
        ("/api/v1/cities/", "csv"),
        ("/api/v1/cities/", "geojson"),
        ("/api/v1/events/", "ics"),
        ("/api/v1/practices/", "csv"),
    ],
)
def test_exports_carry_an_etag_and_are_not_run_again_for_a_304(
    api, network, shared_version, django_assert_num_queries, url, export
):
    first = api.get(url, {"format": export})
    streamed(first)
    assert first["Cache-Control"] == "public, max-age=60"
    with django_assert_num_queries(0):
        again = revalidate(api, url, first, format=export)
    assert again.status_code == 304
    assert revalidate(api, url, first, format="json").status_code == 200


def test_a_stale_or_malformed_if_none_match_gets_the_full_answer(api, network, shared_version):
    for sent in ('"not-the-etag"', "garbage", 'W/"x", "y"', ""):
        response = api.get("/api/v1/cities/", HTTP_IF_NONE_MATCH=sent)
        assert response.status_code == 200, sent
        assert "maputo" in keys(response)


def test_errors_are_neither_public_nor_tagged(api, network, shared_version):
    missing = api.get("/api/v1/cities/atlantis/")
    assert missing.status_code == 404
    assert "ETag" not in missing
    assert "public" not in missing.get("Cache-Control", "")
    bad = api.get("/api/v1/events/", {"year": "soon"})
    assert bad.status_code == 400
    assert "ETag" not in bad


def test_a_curators_drafts_are_private_and_vary_on_authorization(
    api, network, shared_version, curator_token
):
    # Without `private` and `Vary: Authorization`, a shared cache would hand the drafts
    # to the next anonymous client asking for the same address.
    response = api.get(PRACTICES, DRAFTS, HTTP_AUTHORIZATION=curator_token)
    assert "durban-draft" in keys(response)
    cache_control = {word.strip() for word in response["Cache-Control"].split(",")}
    assert {"private", "no-cache"} <= cache_control
    assert "public" not in cache_control
    assert {"authorization", "cookie"} <= vary(response)
    assert response["ETag"]
    again = api.get(
        PRACTICES, DRAFTS, HTTP_AUTHORIZATION=curator_token, HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304
    assert "private" in again["Cache-Control"]


def test_an_anonymous_client_replaying_a_curators_etag_gets_no_drafts(
    api, network, shared_version, curator_token
):
    curators = api.get(PRACTICES, DRAFTS, HTTP_AUTHORIZATION=curator_token)
    anonymous = revalidate(api, PRACTICES, curators, **DRAFTS)
    assert anonymous.status_code == 200
    assert "durban-draft" not in keys(anonymous)
    assert anonymous["ETag"] != curators["ETag"]


def test_a_token_does_not_revalidate_what_anonymous_clients_got(
    api, network, shared_version, curator_token
):
    anonymous = api.get(PRACTICES, DRAFTS)
    response = api.get(
        PRACTICES, DRAFTS, HTTP_AUTHORIZATION=curator_token, HTTP_IF_NONE_MATCH=anonymous["ETag"]
    )
    assert response.status_code == 200
    assert "durban-draft" in keys(response)


def test_a_signed_in_session_is_private_too(client, network, shared_version, curator):
    client.force_login(curator)
    response = client.get(PRACTICES, DRAFTS)
    assert "private" in response["Cache-Control"]
    assert client.get(PRACTICES, DRAFTS, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_an_accounts_export_changes_etag_when_its_roles_change(
    api, network, shared_version, curator, curator_token
):
    params = {"format": "csv", **DRAFTS}
    first = api.get(PRACTICES, params, HTTP_AUTHORIZATION=curator_token)
    assert "durban-draft" in streamed(first)
    assert "private" in first["Cache-Control"]
    again = api.get(
        PRACTICES, params, HTTP_AUTHORIZATION=curator_token, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 304
    curator.groups.remove(Group.objects.get(name=Role.CURATOR))
    demoted = api.get(
        PRACTICES, params, HTTP_AUTHORIZATION=curator_token, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert demoted.status_code == 200
    assert "durban-draft" not in streamed(demoted)


def test_without_a_shared_version_reads_get_the_digest_of_their_body(api, network):
    first = api.get("/api/v1/cities/")
    assert revalidate(api, "/api/v1/cities/", first).status_code == 304
    CityFactory(slug="pasto", name="Pasto")
    assert revalidate(api, "/api/v1/cities/", first).status_code == 200
    # A streamed export's body is unknown before it is sent: no ETag rather than a wrong one.
    export = api.get("/api/v1/cities/", {"format": "csv"})
    assert "ETag" not in export
    assert export["Cache-Control"] == "public, max-age=60"


def test_responses_from_the_response_cache_answer_304_too(api, network, shared_version, settings):
    settings.RESPONSE_CACHE_SECONDS = 60
    cache.clear()
    first = api.get("/api/v1/cities/")
    hit = api.get("/api/v1/cities/")
    assert (first["X-Cache"], hit["X-Cache"]) == ("miss", "hit")
    assert hit["ETag"] == first["ETag"]
    assert hit["Cache-Control"] == "public, max-age=60"
    assert revalidate(api, "/api/v1/cities/", hit).status_code == 304


def test_304s_count_against_the_rate_limit(api, network, shared_version, monkeypatch):
    monkeypatch.setattr(
        RoleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "3/min", "partner": "3/min"}
    )
    first = api.get("/api/v1/cities/")
    statuses = [revalidate(api, "/api/v1/cities/", first).status_code for _ in range(4)]
    assert statuses == [304, 304, 429, 429]


def test_the_max_age_comes_from_the_settings(api, network, settings):
    settings.API_CACHE_MAX_AGE = 600
    assert api.get("/api/v1/cities/")["Cache-Control"] == "public, max-age=600"


def test_writes_and_pages_are_left_alone(api, client, network):
    assert "ETag" not in api.post("/api/v1/cities/", {}, format="json")
    assert "public" not in client.get("/cities/").get("Cache-Control", "")
