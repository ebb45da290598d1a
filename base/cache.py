"""Caching of anonymous responses (API lists and details, pages), shared by every host.

Anonymous visitors and API clients all see the same thing for the same URL, language
and `Accept` header, so their responses are kept in the shared cache (Redis in
production) and served from there until the content changes.

Invalidation: every cached response is filed under the current *content version*, a
random token kept in the same shared cache. Any change to a content model (cities,
exchanges, practices: saves, deletions, many-to-many changes) replaces the token, so
every host stops serving what was cached before, at once, without having to find and
delete keys. The old entries expire on their own (`RESPONSE_CACHE_SECONDS`). A random
token, never a counter, so that a version lost from the cache (eviction, restart) can
never come back and revive stale entries.

The token is replaced when a change is made *and* again when its transaction commits:
a host that read the database before the commit may have cached old content under the
first new token, never under the second.

Nothing here lives in process memory: with several hosts behind a load balancer,
what one host changes the others see on their next request. Caching is therefore off
unless the cache is shared (settings: `RESPONSE_CACHE_SECONDS` is 0 without Redis).

Writes that bypass model signals (`QuerySet.update()`, `bulk_create()`) must call
`bump_content_version()` or run inside `content_changes_batched()`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import translation

# The apps whose models anonymous visitors read; a change to any of them invalidates.
# matching: the challenges cities post and the offers of help they get.
CONTENT_APPS = ("base", "cities", "exchanges", "practices", "matching")

VERSION_KEY = "portal:content-version"
RESPONSE_KEY_PREFIX = "portal:response"

# Paths never cached: they depend on who asks, or must reflect the present moment.
UNCACHED_PREFIXES = ("/admin/", "/healthz", "/i18n/", "/accounts/")

# Set while a bulk change runs: one bump at the end instead of one per row.
_batched: ContextVar[bool] = ContextVar("portal_content_changes_batched", default=False)

CACHE_STATUS_HEADER = "X-Cache"


# --- the content version ----------------------------------------------------------------


def content_version() -> str:
    """The current content version, shared by every host."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # Several hosts may race here; add() lets one win and the others read its token.
        cache.add(VERSION_KEY, uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY) or uuid4().hex
    return version


def _replace_version() -> None:
    cache.set(VERSION_KEY, uuid4().hex, timeout=None)


def _commit_bump_pending() -> bool:
    """Whether this transaction already replaces the version when it commits.

    Reads Django's list of on-commit callbacks, from which a rolled-back savepoint
    removes its own; so the answer stays right across savepoints."""
    pending = getattr(connection, "run_on_commit", None) or []
    return any(entry[1] is _replace_version for entry in pending)


def bump_content_version() -> None:
    """Content changed: stop serving every response cached so far, on every host."""
    if _batched.get():
        return
    # At once, so that reads later in this transaction (the same request, a test) do
    # not find what was cached before the change...
    _replace_version()
    # ...and at commit, so that no other host keeps what it cached while the change was
    # not yet visible to it.
    if connection.in_atomic_block and not _commit_bump_pending():
        transaction.on_commit(_replace_version)


@contextmanager
def content_changes_batched() -> Iterator[None]:
    """Many changes at once (a bulk load, a bulk deletion): one bump, at the end."""
    token = _batched.set(True)
    try:
        yield
    finally:
        _batched.reset(token)
        bump_content_version()


def _on_content_saved_or_deleted(sender, **kwargs) -> None:
    if _is_content_model(sender):
        bump_content_version()


def _on_content_m2m_changed(sender, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and _is_content_model(sender):
        bump_content_version()


def _is_content_model(model) -> bool:
    return model._meta.app_label in CONTENT_APPS


def connect_signals() -> None:
    """Bump the content version whenever a content model changes (from AppConfig.ready).

    Connected to every sender and filtered by app label: this bottom layer names the
    content apps without importing them, and each of their models (through tables
    included) is covered as soon as it exists."""
    uid = "base.cache:content"
    post_save.connect(_on_content_saved_or_deleted, dispatch_uid=uid)
    post_delete.connect(_on_content_saved_or_deleted, dispatch_uid=uid)
    m2m_changed.connect(_on_content_m2m_changed, dispatch_uid=uid)


# --- the responses ----------------------------------------------------------------------


def cache_seconds() -> int:
    return int(getattr(settings, "RESPONSE_CACHE_SECONDS", 0) or 0)


def is_cacheable_request(request: HttpRequest) -> bool:
    """A GET from someone the response cannot depend on: no account, no session."""
    if request.method != "GET" or cache_seconds() <= 0:
        return False
    if request.path.startswith(UNCACHED_PREFIXES) or request.path.startswith(
        "/" + settings.STATIC_URL.lstrip("/")
    ):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def is_cacheable_response(request: HttpRequest, response: HttpResponseBase) -> bool:
    """A complete 200 that carries nothing personal (no cookie, no CSRF token)."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # A page with a form holds a CSRF token bound to this visitor's cookie.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


def response_key(request: HttpRequest, version: str) -> str:
    """Everything a response can vary on for an anonymous client, under `version`."""
    parts = (
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        translation.get_language() or "",
        # The language the client asks for (Accept-Language, language cookie), reduced to
        # one the portal speaks: the API answers in it, whatever pages do with their path.
        translation.get_language_from_request(request),
        request.META.get("HTTP_ACCEPT", ""),
    )
    digest = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
    return f"{RESPONSE_KEY_PREFIX}:{version}:{digest}"


def freeze(response: HttpResponse) -> tuple[int, list[tuple[str, str]], bytes]:
    """What is kept of a response: plain data, small to pickle."""
    return response.status_code, list(response.items()), response.content


def thaw(frozen: tuple[int, list[tuple[str, str]], bytes]) -> HttpResponse:
    status, headers, content = frozen
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def api_throttles_allow(request: HttpRequest) -> bool:
    """Whether the API's rate limits let this request through, counting it.

    A response served from the cache never reaches DRF, which would otherwise not
    count it: anonymous clients keep the same budget whether or not they hit the cache.
    """
    from rest_framework.request import Request
    from rest_framework.settings import api_settings

    drf_request = Request(request)  # no authenticators: only anonymous requests get here
    return all(
        throttle().allow_request(drf_request, None)
        for throttle in api_settings.DEFAULT_THROTTLE_CLASSES
    )


class AnonymousResponseCacheMiddleware:
    """Serves anonymous GETs from the shared cache and fills it; `X-Cache` tells which.

    Goes after the authentication, locale and messages middleware: it needs to know who
    asks and in which language, and to see the cookies those set on the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not is_cacheable_request(request):
            return self.get_response(request)
        key = response_key(request, content_version())
        frozen: Any = cache.get(key)
        is_api = request.path.startswith("/api/")
        if frozen is not None and (not is_api or api_throttles_allow(request)):
            response = thaw(frozen)
            response[CACHE_STATUS_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if frozen is None and is_cacheable_response(request, response):
            cache.set(key, freeze(response), timeout=cache_seconds())
            response[CACHE_STATUS_HEADER] = "miss"
        return response
