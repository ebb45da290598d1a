"""Two hosts, one database: two gunicorn instances configured as `make serve` (production
settings) on two ports, against one PostgreSQL database and one Redis, as two hosts
behind a load balancer would be.

- A session opened by signing in on one host is valid on the other.
- A practice published through one host is seen through the other at once, although
  the other had the list cached: the cache invalidation reaches every host.
- Each host runs a task queue worker (`make worker`): an email asked for through one
  host is delivered by a worker, and a PDF dossier asked for through one host is
  rendered once by a worker and served by the other from the shared cache.

Needs PostgreSQL (DATABASE_URL) and Redis (TWO_HOSTS_REDIS_URL, by default database 13
of 127.0.0.1:6379, which it empties); skipped otherwise. CI has both. The hosts run the
production settings with their static files hashed, not compressed, into a scratch folder
(tests/two_hosts_settings.py).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest

pytestmark = [pytest.mark.two_hosts, pytest.mark.postgresql]

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REDIS_URL = os.environ.get("TWO_HOSTS_REDIS_URL", "redis://127.0.0.1:6379/13")
PASSWORD = "two-hosts-Pa55-word"
PRACTICE = "two-hosts-street-vendors"
# Publishing takes the curator's review card.
REVIEW_CARD = {
    "sustainability": 4,
    "sustainability_justification": "Funded by the city since 2010.",
    "innovation": 3,
    "innovation_justification": "Adapts a known package.",
    "horizontal_cooperation": 4,
    "horizontal_cooperation_justification": "Shared with two cities.",
    "evidence_of_results": 3,
    "evidence_of_results_justification": "A before and after survey.",
}

CREATE_SUBMITTED_PRACTICE = f"""
from practices.models import Practice, PracticeStatus
Practice.objects.create(
    slug={PRACTICE!r}, title="Street vendors' market", summary="Licences for vendors.",
    status=PracticeStatus.SUBMITTED,
)
"""
HELD_EVENT = "two-hosts-maputo-2012"
CREATE_HELD_EVENT = f"""
import datetime
from cities.models import City, Country
from exchanges.models import Event, EventStatus
city = City.objects.create(
    slug="two-hosts-maputo", name="Maputo", country=Country.objects.get(code="MZ"),
    latitude=-25.97, longitude=32.57,
)
Event.objects.create(
    slug={HELD_EVENT!r}, title="Hygiene, health and markets", host_city=city,
    kind="peer-learning", modality="south-south",
    start_date=datetime.date(2012, 11, 26), end_date=datetime.date(2012, 11, 28),
    status=EventStatus.HELD,
)
"""
PUBLISH_WITH_THE_SERVICE = f"""
from django.contrib.auth import get_user_model
from practices.models import Practice
from practices.services import decide_on_practice
decide_on_practice(
    practice=Practice.objects.get(slug={PRACTICE!r}), decision="published",
    by=get_user_model().objects.get(username="curator"),
)
"""


def redis_answers(url: str) -> bool:
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.flushdb()  # this test's own database
        client.close()
    except Exception:  # any failure: no Redis to share
        return False
    return True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Host:
    """One gunicorn instance as `make serve` starts it, in its own process group."""

    def __init__(self, name: str, environment: dict[str, str], log_folder: Path) -> None:
        self.name = name
        self.port = free_port()
        self.log = open(log_folder / f"host-{name}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
            ],
            cwd=ROOT,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def request(
        self, method: str, path: str, *, headers: dict | None = None, body: str | None = None
    ) -> tuple[int, dict[str, str], str, list[str]]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            content = response.read().decode()
            cookies = response.headers.get_all("Set-Cookie") or []
            return response.status, dict(response.getheaders()), content, cookies
        finally:
            connection.close()

    def wait_until_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"host {self.name} exited: see {self.log.name}"
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"host {self.name} did not become healthy")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()


class Worker:
    """One task queue worker as `make worker` starts it, in its own process group."""

    def __init__(self, name: str, environment: dict[str, str]) -> None:
        self.log = open(f"/tmp/peercities-two-hosts-worker-{name}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(BIN / "celery"),
                "-A",
                "config",
                "worker",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                f"--hostname={name}@%h",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()


def wait_for(condition, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def manage(environment: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def two_hosts(tmp_path_factory):
    database_url = os.environ["DATABASE_URL"]
    scratch = tmp_path_factory.mktemp("two-hosts")
    if not redis_answers(REDIS_URL):
        pytest.skip(f"two hosts need a Redis to share: none answers at {REDIS_URL}")
    import psycopg2

    parts = urlsplit(database_url)
    # A name of its own under each pytest-xdist worker.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"{parts.path.lstrip('/') or 'peercities'}_two_hosts_{worker}"
    maintenance = psycopg2.connect(urlunsplit(parts._replace(path="/postgres", query="")))
    maintenance.autocommit = True
    with maintenance.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')

    # What `make serve` sets, shared by both hosts: one database, one Redis, one key.
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "RESPONSE_CACHE_SECONDS"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="tests.two_hosts_settings",
        TWO_HOSTS_STATIC_ROOT=str(scratch / "static"),
        DATABASE_URL=urlunsplit(parts._replace(path=f"/{name}")),
        REDIS_URL=REDIS_URL,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        API_RATE_ANON="10000/min",
    )
    outbox = Path(tempfile.mkdtemp(prefix="peercities-two-hosts-outbox-"))
    environment.update(
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(outbox),
    )
    hosts: list[Host] = []
    workers: list[Worker] = []
    try:
        manage(environment, "migrate", "--noinput")
        manage(environment, "collectstatic", "--noinput", "--verbosity", "0")
        token = manage(
            environment, "add_member", "curator", "--role=curator", f"--password={PASSWORD}"
        ).split()[-1]
        manage(environment, "shell", "-c", CREATE_SUBMITTED_PRACTICE)
        manage(environment, "shell", "-c", CREATE_HELD_EVENT)
        hosts = [Host("a", environment, scratch), Host("b", environment, scratch)]
        workers = [Worker("a", environment), Worker("b", environment)]
        for host in hosts:
            host.wait_until_healthy()
        yield {
            "a": hosts[0],
            "b": hosts[1],
            "token": token,
            "environment": environment,
            "outbox": outbox,
        }
    finally:
        for process in [*hosts, *workers]:
            process.stop()
        with maintenance.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        maintenance.close()


def cookie_header(set_cookies: list[str]) -> str:
    jar = SimpleCookie()
    for header in set_cookies:
        jar.load(header)
    return "; ".join(f"{key}={morsel.value}" for key, morsel in jar.items())


def test_a_session_opened_on_one_host_is_valid_on_the_other(two_hosts):
    a, b = two_hosts["a"], two_hosts["b"]
    status, _headers, page, cookies = a.request("GET", "/admin/login/")
    assert status == 200
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    status, headers, _body, login_cookies = a.request(
        "POST",
        "/admin/login/?next=/admin/",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie_header(cookies),
        },
        body=urlencode({"csrfmiddlewaretoken": csrf, "username": "curator", "password": PASSWORD}),
    )
    assert status == 302, "the sign-in on host a failed"
    assert headers["Location"] == "/admin/"
    session = cookie_header([c for c in login_cookies if c.startswith("sessionid=")])
    assert session.startswith("sessionid=")

    status, _headers, page, _cookies = b.request("GET", "/admin/", headers={"Cookie": session})
    assert status == 200
    assert "curator" in page
    # Without the cookie, host b sends to the sign-in page: the session did the work.
    assert b.request("GET", "/admin/")[0] == 302


def test_a_practice_published_through_one_host_is_seen_through_the_other_at_once(two_hosts):
    a, b = two_hosts["a"], two_hosts["b"]
    listing = "/api/v1/practices/?ordering=title"

    def listed_on_b() -> tuple[list[str], str]:
        status, headers, body, _cookies = b.request(
            "GET", listing, headers={"Accept": "application/json"}
        )
        assert status == 200
        return [item["slug"] for item in json.loads(body)["results"]], headers.get("X-Cache")

    assert listed_on_b()[0] == []
    assert listed_on_b() == ([], "hit")  # host b serves the list from the shared cache

    status = a.request(
        "POST",
        f"/api/v1/practices/{PRACTICE}/publish/",
        headers={
            "Authorization": f"Token {two_hosts['token']}",
            "Accept": "application/json",
            "Content-Type": "application/json",
        },
        body=json.dumps({"card": REVIEW_CARD}),
    )[0]
    if status in (404, 405):
        # No publishing endpoint in the API yet: publish with host a's configuration.
        manage(two_hosts["environment"], "shell", "-c", PUBLISH_WITH_THE_SERVICE)
    else:
        assert status == 200

    assert listed_on_b() == ([PRACTICE], "miss")
    assert b.request("GET", f"/api/v1/practices/{PRACTICE}/")[0] == 200
    assert a.request("GET", f"/practices/{PRACTICE}/")[0] == 200


def test_an_email_asked_for_through_one_host_is_delivered_by_a_worker(two_hosts):
    a = two_hosts["a"]
    status, _headers, page, cookies = a.request("GET", "/accounts/password_reset/")
    assert status == 200
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    manage(
        two_hosts["environment"],
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; "
        "get_user_model().objects.filter(username='curator').update(email='curator@example.org')",
    )
    status = a.request(
        "POST",
        "/accounts/password_reset/",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie_header(cookies),
        },
        body=urlencode({"csrfmiddlewaretoken": csrf, "email": "curator@example.org"}),
    )[0]
    assert status == 302
    emails = wait_for(
        lambda: list(two_hosts["outbox"].iterdir()), timeout=60, what="a worker to send"
    )
    assert "curator@example.org" in emails[0].read_text()


def test_a_pdf_dossier_is_rendered_by_a_worker_and_served_by_every_host(two_hosts):
    a, b = two_hosts["a"], two_hosts["b"]
    url = f"/events/{HELD_EVENT}/dossier/?format=pdf"
    status, headers, _body, _cookies = a.request("GET", url)
    assert status == 202
    assert headers["Retry-After"] == "5"

    def served_by_b() -> bytes | None:
        # Another query string, another host: the same rendering.
        connection = http.client.HTTPConnection("127.0.0.1", b.port, timeout=20)
        try:
            connection.request("GET", f"{url}&from=b")
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        if response.status == 200:
            assert response.getheader("Content-Type") == "application/pdf"
            return body
        assert response.status == 202
        return None

    assert wait_for(served_by_b, timeout=90, what="a worker to render the PDF").startswith(b"%PDF")
