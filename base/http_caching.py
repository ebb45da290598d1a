"""HTTP caching of the API's reads: ETags, 304s and Cache-Control, for clients and the
caches between them and us.

Every GET (and HEAD) under `/api/` that answers 200 carries a strong ETag and a
Cache-Control header, and a client that sends back the ETag in `If-None-Match` gets a
304 with no body while nothing changed:

- An anonymous read is the same for everyone, for as long as the content version
  (`base.cache.content_version()`) stays the same: its ETag is a digest of that version,
  of everything the response cache keys it on (address, language, `Accept`) and of the
  day (what is upcoming or stale changes at midnight). A 304 is therefore answered before
  the view runs, without a query, exports included. It is `public, max-age`: shared
  caches and browsers may keep it for `API_CACHE_MAX_AGE` seconds.
- A read by an account (token or session) depends on who asks (a curator sees drafts):
  `private, no-cache`, so that no shared cache keeps it and the client asks again each
  time, and `Vary: Authorization, Cookie`. Its ETag is a digest of the body, or, for
  an export streamed row by row whose body is not known in advance, of the content
  version and of what decides what the account may see.

A content version kept in one process's memory would let a process answer 304 after
another one (a worker, a management command) changed the content: ETags derived from
the version are only given when the cache is shared (`content_version_is_shared()`);
otherwise reads get a digest of their body and streamed exports no ETag.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag

from .cache import api_throttles_allow, content_version, response_key
from .checks import SHARED_ATOMIC_CACHES

API_PREFIX = "/api/"

# What an API response varies on besides its address: the format, the language, and who
# asks (a token, or a session cookie).
VARY_ON = ("Accept", "Accept-Language", "Authorization", "Cookie")

READ_METHODS = ("GET", "HEAD")


def content_version_is_shared() -> bool:
    """Whether every process that changes content or serves it reads the same version."""
    return settings.CACHES["default"]["BACKEND"] in SHARED_ATOMIC_CACHES


def max_age() -> int:
    return int(getattr(settings, "API_CACHE_MAX_AGE", 0) or 0)


def is_api_read(request: HttpRequest) -> bool:
    return request.method in READ_METHODS and request.path.startswith(API_PREFIX)


def asks_anonymously(request: HttpRequest) -> bool:
    """No token and no signed-in session: the answer is the one everybody gets.

    True before the view runs as after: only a token authenticates inside the view."""
    user = getattr(request, "user", None)
    authenticated = user is not None and user.is_authenticated
    return "HTTP_AUTHORIZATION" not in request.META and not authenticated


def _digest(*parts: str) -> str:
    return quote_etag(hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest())


def version_etag(request: HttpRequest, version: str) -> str:
    """The ETag of an anonymous read under content `version`: it changes with the
    content, the day, and whatever the response cache tells apart."""
    return _digest(response_key(request, version), timezone.now().date().isoformat())


def account_fingerprint(user) -> str:
    """What decides what an account may read, besides the content: who it is and its
    roles. (An official's city is content: changing it changes the version.)"""
    groups = ",".join(sorted(user.groups.values_list("name", flat=True)))
    return f"{user.pk}:{user.is_active}:{user.is_superuser}:{groups}"


def account_version_etag(request: HttpRequest, version: str) -> str:
    return _digest(version_etag(request, version), account_fingerprint(request.user))


def body_etag(response: HttpResponseBase) -> str:
    return quote_etag(hashlib.sha256(response.content).hexdigest())


def carries_nothing_personal(request: HttpRequest, response: HttpResponseBase) -> bool:
    """An anonymous answer that sets no cookie and holds no CSRF token: anyone may keep it."""
    session = getattr(request, "session", None)
    return not (
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (session is not None and session.modified)
    )


def mark_public(response: HttpResponseBase) -> None:
    patch_cache_control(response, public=True, max_age=max_age())


def mark_private(response: HttpResponseBase) -> None:
    patch_cache_control(response, private=True, no_cache=True)


def response_etag(
    request: HttpRequest, response: HttpResponseBase, version: str | None, *, public: bool
) -> str | None:
    """The ETag of a 200 (None when none can be told): from the content version for a
    public answer, from the body when it is known in full, from the version and the
    account for an export that streams."""
    if public and version is not None:
        return version_etag(request, version)
    if not response.streaming:
        return body_etag(response) if request.method == "GET" else None
    if version is None:
        return None
    if request.user.is_authenticated:
        return account_version_etag(request, version)
    return version_etag(request, version)


def not_modified_before_the_view(request: HttpRequest, etag: str) -> HttpResponseBase | None:
    """A 304 for an anonymous client that already holds the current answer, counted by
    the rate limits as any read is."""
    if "HTTP_IF_MATCH" in request.META or "HTTP_IF_UNMODIFIED_SINCE" in request.META:
        return None  # preconditions a 304 cannot answer: the full path decides
    response = get_conditional_response(request, etag=etag)
    if not isinstance(response, HttpResponseNotModified) or not api_throttles_allow(request):
        return None
    response["ETag"] = etag
    mark_public(response)
    patch_vary_headers(response, VARY_ON)
    return response


class HttpCachingMiddleware:
    """ETags, 304s and Cache-Control for the API's reads (see the module's docstring).

    Goes after the authentication and locale middleware (it must know who asks and in
    which language) and before the response cache, whose hits it answers too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not is_api_read(request):
            return self.get_response(request)
        # Read before the view: a body made after a change never carries an older ETag.
        version = content_version() if content_version_is_shared() else None
        if version is not None and asks_anonymously(request):
            not_modified = not_modified_before_the_view(request, version_etag(request, version))
            if not_modified is not None:
                return not_modified
        response = self.get_response(request)
        patch_vary_headers(response, VARY_ON)
        public = asks_anonymously(request) and carries_nothing_personal(request, response)
        if public:
            if response.status_code != 200:
                return response  # errors are left to the heuristics of caches
            mark_public(response)
        else:
            mark_private(response)
        if response.status_code != 200 or response.has_header("ETag"):
            return response
        etag = response_etag(request, response, version, public=public)
        if etag is None:
            return response
        response["ETag"] = etag
        # A streamed export left out for a 304 has not read a row yet: nothing to close
        # (closing it would signal the end of the request before its time).
        return get_conditional_response(request, etag=etag, response=response)
