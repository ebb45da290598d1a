"""Hardening: the deployment checks, the security headers and the Content-Security-Policy,
the login lockout, CSRF on forms, and no secret in the repository."""

import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory

from config.settings.base import tile_origins
from devtools.synthetic import NetworkSize, generate_network
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple"


def production_env(**overrides) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "REDIS_URL"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="peercities.example.org",
        DATABASE_URL="sqlite:////tmp/peercities-check-deploy.sqlite3",
        # Production shares its cache (the rate limits count there); checks never connect.
        REDIS_URL="redis://127.0.0.1:6379/5",
    )
    environment.update(overrides)
    return environment


def test_check_deploy_is_clean_in_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_flags_plain_http_settings():
    """What `make serve` turns off for http on localhost is what a real deployment needs."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(SECURE_SSL_REDIRECT="false", SESSION_COOKIE_SECURE="false"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr and "security.W012" in result.stderr


# --- headers and Content-Security-Policy ---------------------------------------------------


@pytest.fixture
def network(db):
    generate_network(size=NetworkSize(cities=8, events=12, practices=12), seed=3)


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def test_pages_carry_the_security_headers(client, network):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_the_csp_allows_scripts_from_this_site_only(client, network):
    directives = csp_directives(client.get("/"))
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    # Inline style attributes (SDG colours) only; no inline <style> element.
    assert directives["style-src-elem"] == ["'self'"]
    assert directives["style-src-attr"] == ["'unsafe-inline'"]
    assert "https://tile.openstreetmap.org" in directives["img-src"]
    for sources in directives.values():
        assert "'unsafe-eval'" not in sources


def test_the_tile_server_origin_comes_from_its_url():
    assert tile_origins("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == [
        "https://tile.openstreetmap.org"
    ]
    assert tile_origins("https://{s}.tiles.example.org/{z}/{x}/{y}.png") == [
        "https://*.tiles.example.org"
    ]
    assert tile_origins("/tiles/{z}/{x}/{y}.png") == []


class ScriptAndFormParser(HTMLParser):
    """Collects what the CSP would block (inline scripts, event handler attributes) and
    the POST forms with their CSRF token."""

    def __init__(self):
        super().__init__()
        self.inline_scripts = 0
        self.handlers: list[str] = []
        self.post_forms = 0
        self.post_forms_with_token = 0
        self._in_script = False
        self._in_post_form = False
        self._form_has_token = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.handlers += [name for name in attributes if name.startswith("on")]
        if tag == "script":
            data_only = attributes.get("type") in ("application/json", "application/ld+json")
            self._in_script = "src" not in attributes and not data_only
        if tag == "form" and (attributes.get("method") or "").lower() == "post":
            self._in_post_form, self._form_has_token = True, False
            self.post_forms += 1
        if (
            self._in_post_form
            and tag == "input"
            and attributes.get("name") == ("csrfmiddlewaretoken")
        ):
            self._form_has_token = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
        if tag == "form" and self._in_post_form:
            self.post_forms_with_token += self._form_has_token
            self._in_post_form = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts += 1


PAGES = ["/", "/cities/", "/events/", "/roadmaps/", "/practices/", "/search/?q=city"]


def test_no_page_has_an_inline_script_or_an_unprotected_form(client, network, admin_user):
    from cities.models import City
    from exchanges.models import Event
    from practices.models import Practice

    details = [
        City.objects.filter(slug__startswith="gen-").first().get_absolute_url(),
        Event.objects.filter(slug__startswith="gen-").first().get_absolute_url(),
        Practice.objects.published().filter(slug__startswith="gen-").first().get_absolute_url(),
    ]
    anonymous_pages = [*PAGES, *details, "/admin/login/"]
    for url in anonymous_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        parser = ScriptAndFormParser()
        parser.feed(response.content.decode())
        assert parser.inline_scripts == 0, f"{url} has an inline script"
        assert parser.handlers == [], f"{url} has event handler attributes {parser.handlers}"
        assert parser.post_forms == parser.post_forms_with_token, f"{url}: a form lacks CSRF"
    client.force_login(admin_user)
    for url in ["/admin/", "/admin/practices/practice/"]:
        parser = ScriptAndFormParser()
        parser.feed(client.get(url).content.decode())
        assert parser.post_forms == parser.post_forms_with_token, f"{url}: a form lacks CSRF"


def test_a_post_without_its_csrf_token_is_refused(db):
    UserFactory(username="curator", password=PASSWORD)
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "curator", "password": PASSWORD})
    assert response.status_code == 403


# --- login lockout -------------------------------------------------------------------


@pytest.fixture
def lockout(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def admin_login(client, password):
    return client.post("/admin/login/?next=/admin/", {"username": "curator", "password": password})


def test_repeated_failures_lock_the_admin_login(client, db, lockout):
    UserFactory(username="curator", password=PASSWORD, is_staff=True)
    for _ in range(2):
        assert admin_login(client, "wrong").status_code == 200  # the form again
    locked = admin_login(client, "wrong")
    assert locked.status_code == 429
    # Locked out: even the right password does not open a session now.
    assert admin_login(client, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_resets_the_count(client, db, lockout):
    UserFactory(username="curator", password=PASSWORD, is_staff=True)
    admin_login(client, "wrong")
    admin_login(client, "wrong")
    assert admin_login(client, PASSWORD).status_code == 302
    client.logout()
    admin_login(client, "wrong")
    assert admin_login(client, PASSWORD).status_code == 302


def test_the_lockout_covers_every_login_view_through_authenticate(db, lockout):
    """A login form added later (`/accounts/login/`) authenticates through the same
    backends, so the same lockout applies."""
    user = UserFactory(username="curator", password=PASSWORD)

    def attempt(password):
        request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="203.0.113.9")
        return authenticate(request, username="curator", password=password)

    assert attempt(PASSWORD) == user
    for _ in range(3):
        assert attempt("wrong") is None
    assert attempt(PASSWORD) is None


def test_the_lockout_is_per_address_and_username(db, lockout):
    UserFactory(username="curator", password=PASSWORD)

    def attempt(password, address):
        request = RequestFactory().post("/accounts/login/", REMOTE_ADDR=address)
        return authenticate(request, username="curator", password=password)

    for _ in range(3):
        attempt("wrong", "203.0.113.9")
    assert attempt(PASSWORD, "203.0.113.9") is None
    # The same account from another office still signs in.
    assert attempt(PASSWORD, "198.51.100.7") is not None


# --- no secret in the repository -----------------------------------------------------

# The documented development and test keys, and placeholders in examples.
ALLOWED_KEYS = {
    "django-insecure-development-key-never-use-in-production",
    "test-only-secret-key",
    "PASSWORD",
    "password",
}
SECRET_PATTERNS = [
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    re.compile(r"AKIA[0-9A-Z]{16}"),
    re.compile(r"SECRET_KEY\s*[=:]\s*['\"]([^'\"]{12,})['\"]"),
    re.compile(r"postgres(?:ql)?://[^:/\s]+:([^@/\s]{4,})@"),
]


def tracked_files() -> list[Path]:
    result = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.skip("not a git work tree")
    return [ROOT / name for name in result.stdout.splitlines()]


def test_no_secret_is_committed():
    offenders = []
    for path in tracked_files():
        if path.suffix in {".png", ".jpg", ".ico", ".woff", ".woff2", ".pdf"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        for pattern in SECRET_PATTERNS:
            for match in pattern.finditer(text):
                value = match.group(1) if match.groups() else match.group(0)
                if value in ALLOWED_KEYS or value.startswith(("$", "{")):
                    continue  # the documented development keys; values from the environment
                if path.parts[-2:] == ("tests", "test_security.py"):
                    continue  # the patterns themselves
                offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)[:60]}")
    assert offenders == []


def test_the_generated_secret_key_file_is_never_committed():
    result = subprocess.run(
        ["git", "check-ignore", "--quiet", ".secret_key"], cwd=ROOT, check=False
    )
    if result.returncode == 128:
        pytest.skip("not a git work tree")
    assert result.returncode == 0
