"""The reader's language: from the URL prefix, then the language cookie, then the
browser's Accept-Language.

Pages live under `/fr/`, `/es/` and `/pt/`, English unprefixed. An unprefixed page
asked for by a browser that prefers another language (and whose reader has not chosen
English) is redirected to that language's URL, so that each URL always shows one
language. `/en/<path>` is the switcher's way back to English: it remembers the choice
in the language cookie (a French browser would otherwise be sent back to `/fr/`) and
redirects to the unprefixed page. Paths outside the pages (the API, the admin) answer
in the negotiated language without any redirect.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import get_script_prefix, is_valid_path
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme


def path_without_language(path: str) -> str:
    """`path` without its language prefix: `/fr/practices/?q=x` gives `/practices/?q=x`."""
    if translation.get_language_from_path(path) is None:
        return path
    # Slashes (and backslashes, which browsers read as slashes) after the prefix would
    # make `/en//evil.example/` the scheme-relative URL `//evil.example/`: a page path
    # never starts with two of them.
    return "/" + path.lstrip("/").partition("/")[2].lstrip("/\\")


def path_in_language(path: str, language: str) -> str:
    """`path` (prefix or not) in `language`: `/fr/practices/` in Spanish is
    `/es/practices/`; English takes the `/en/` switch, which remembers the choice."""
    return f"/{language}{path_without_language(path)}"


def _remember(response: HttpResponseBase, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class LanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> HttpResponseBase | None:
        path = request.path_info
        from_path = translation.get_language_from_path(path)
        if from_path == settings.LANGUAGE_CODE:
            # The switcher's link to English: the unprefixed page, remembered.
            target = get_script_prefix().rstrip("/") + path_without_language(path)
            if request.META.get("QUERY_STRING"):
                target += "?" + request.META["QUERY_STRING"]
            if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
                # Whatever the path holds, this redirect never leaves the site.
                target = get_script_prefix()
            response = HttpResponseRedirect(target)
            _remember(response, from_path)
            return response
        language = from_path or translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        if (
            from_path is None
            and language != settings.LANGUAGE_CODE
            and request.method in ("GET", "HEAD")
            and is_valid_path(f"/{language}{path}", getattr(request, "urlconf", None))
        ):
            script_prefix = get_script_prefix()
            target = request.get_full_path().replace(
                script_prefix, f"{script_prefix}{language}/", 1
            )
            redirect = HttpResponseRedirect(target)
            patch_vary_headers(redirect, ("Accept-Language", "Cookie"))
            return redirect
        return None

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        language = translation.get_language()
        from_path = translation.get_language_from_path(request.path_info)
        if from_path is None:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        elif settings.LANGUAGE_COOKIE_NAME in request.COOKIES and (
            request.COOKIES[settings.LANGUAGE_COOKIE_NAME] != from_path
        ):
            # A reader who once chose a language keeps the one they read in last.
            _remember(response, from_path)
        response.headers.setdefault("Content-Language", language)
        return response
