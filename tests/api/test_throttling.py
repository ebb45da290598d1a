"""Rate limits hold across workers and hosts: one atomic counter per client and window in
the shared cache; refused tokens are counted by address; production will not count in a
per-process cache unless told to."""

import os
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from base.api.throttling import RoleRateThrottle
from base.checks import throttles_use_a_shared_cache

ROOT = Path(__file__).resolve().parent.parent.parent
URL = "/api/v1/pillars/"
# The middle of a one-minute window.
MID_WINDOW = 1_800_000_030.0
REDIS_URL = os.environ.get("THROTTLE_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(MID_WINDOW)
    monkeypatch.setattr(RoleRateThrottle, "timer", staticmethod(clock))
    return clock


@pytest.fixture
def low_rates(monkeypatch):
    monkeypatch.setattr(
        RoleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "4/min", "partner": "6/min"}
    )


# --- atomic counts ----------------------------------------------------------------------


class DistantCache:
    """A cache a few milliseconds away, as Redis is from a worker: requests of several
    workers interleave between reading a count and writing it, as they do under load."""

    LATENCY = 0.02

    def __init__(self, cache) -> None:
        self._cache = cache

    def __getattr__(self, name):
        operation = getattr(self._cache, name)

        def after_a_round_trip(*args, **kwargs):
            time.sleep(self.LATENCY)
            return operation(*args, **kwargs)

        return after_a_round_trip


def redis_cache():
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"throttle-test-{uuid.uuid4().hex}"})
    try:
        cache.get("ping")
    except Exception as error:  # no Redis here: the local cache's test still runs
        pytest.skip(f"no Redis at {REDIS_URL}: {error}")
    return cache


@pytest.fixture(params=["local memory", "redis"])
def shared_cache(request, monkeypatch):
    if request.param == "redis":
        cache = redis_cache()
    else:
        cache = LocMemCache(f"throttle-test-{uuid.uuid4().hex}", {})
    monkeypatch.setattr(RoleRateThrottle, "cache", DistantCache(cache))
    yield cache
    cache.clear()


def anonymous_request(address: str) -> Request:
    request = Request(APIRequestFactory().get(URL, REMOTE_ADDR=address))
    request.user = AnonymousUser()
    return request


def test_concurrent_requests_never_exceed_the_rate(shared_cache, clock, monkeypatch):
    monkeypatch.setattr(
        RoleRateThrottle, "THROTTLE_RATES", {"anon": "5/min", "user": "5/min", "partner": "5/min"}
    )
    workers = 20
    start = threading.Barrier(workers)

    def one_request(_):
        request = anonymous_request("203.0.113.7")
        start.wait()
        return RoleRateThrottle().allow_request(request, None)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        allowed = sum(pool.map(one_request, range(workers)))
    assert allowed == 5


# --- windows and Retry-After ------------------------------------------------------------


def test_retry_after_is_the_time_left_in_the_window_then_the_budget_is_whole(
    api, db, low_rates, clock
):
    clock.now = MID_WINDOW + 20  # 10 seconds before the window ends
    assert [api.get(URL).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert api.get(URL)["Retry-After"] == "10"
    clock.now = MID_WINDOW + 31  # the next window
    assert [api.get(URL).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_each_client_has_its_own_count(api, db, low_rates, clock, partner):
    assert [api.get(URL).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert api.get(URL, REMOTE_ADDR="198.51.100.2").status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=partner).key}")
    assert api.get(URL).status_code == 200


# --- refused tokens ---------------------------------------------------------------------


@pytest.mark.parametrize("header", ["Token wrong-key", "Token", "Token two words"])
def test_refused_tokens_are_rate_limited_by_address(api, db, low_rates, clock, header):
    api.credentials(HTTP_AUTHORIZATION=header)
    responses = [api.get(URL, REMOTE_ADDR="203.0.113.7") for _ in range(5)]
    assert [response.status_code for response in responses] == [401, 401, 401, 429, 429]
    assert int(responses[-1]["Retry-After"]) == 30
    # Another address is not held back...
    assert api.get(URL, REMOTE_ADDR="198.51.100.2").status_code == 401
    # ...but anonymous reads from this one share the spent budget.
    api.credentials()
    assert api.get(URL, REMOTE_ADDR="203.0.113.7").status_code == 429


def test_an_account_is_not_held_back_by_refused_tokens_from_its_address(
    api, db, low_rates, clock, official
):
    api.credentials(HTTP_AUTHORIZATION="Token wrong-key")
    for _ in range(5):
        api.get(URL, REMOTE_ADDR="203.0.113.7")
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=official).key}")
    assert api.get(URL, REMOTE_ADDR="203.0.113.7").status_code == 200


# --- no per-process counts in production -------------------------------------------------

LOCAL_MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_production_refuses_to_count_in_a_per_process_cache(settings):
    settings.DEBUG = False
    settings.CACHES = LOCAL_MEMORY
    errors = throttles_use_a_shared_cache()
    assert [error.id for error in errors] == ["base.E001"]
    assert "ALLOW_LOCAL_THROTTLES" in errors[0].hint


def test_a_per_process_cache_is_allowed_when_said_so_or_in_development(settings):
    settings.CACHES = LOCAL_MEMORY
    settings.DEBUG = True
    assert throttles_use_a_shared_cache() == []
    settings.DEBUG = False
    settings.ALLOW_LOCAL_THROTTLES = True
    assert throttles_use_a_shared_cache() == []


def test_redis_is_a_shared_cache(settings):
    settings.DEBUG = False
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/5",
        }
    }
    assert throttles_use_a_shared_cache() == []


def in_production(tmp_path, *command: str, **environment) -> subprocess.CompletedProcess:
    """`command` with `make serve`'s settings, without Redis."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "REDIS_URL", "ALLOW_LOCAL_THROTTLES"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 50,
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        **environment,
    )
    return subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# What `make serve` runs first, and what each gunicorn worker loads.
@pytest.mark.parametrize(
    "command", [("manage.py", "migrate", "--plan"), ("-c", "import config.wsgi")]
)
def test_production_servers_stop_without_redis_unless_told(tmp_path, command):
    refused = in_production(tmp_path, *command)
    assert refused.returncode != 0
    assert "base.E001" in refused.stderr
    assert in_production(tmp_path, *command, ALLOW_LOCAL_THROTTLES="true").returncode == 0
    assert in_production(tmp_path, *command, REDIS_URL=REDIS_URL).returncode == 0
