"""The network to measure: a scratch PostgreSQL database, migrated, with the synthetic
network generated into it (`manage.py generate_network`, timed), and a few of its
objects to request."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def database_parts(url: str) -> tuple[str, str]:
    """(the URL of the server's maintenance database, the name of the bench database)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql", "pgsql") or not name:
        sys.exit(f"bench: --database-url must be a PostgreSQL URL with a name, not {url!r}")
    return urlunsplit(parts._replace(path="/postgres")), name


def recreate_database(url: str) -> None:
    import psycopg2

    maintenance, name = database_parts(url)
    connection = psycopg2.connect(maintenance)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def database_exists(url: str) -> bool:
    import psycopg2

    maintenance, name = database_parts(url)
    connection = psycopg2.connect(maintenance)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        found = cursor.fetchone() is not None
    connection.close()
    return found


def drop_database(url: str) -> None:
    import psycopg2

    maintenance, name = database_parts(url)
    connection = psycopg2.connect(maintenance)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


def analyze(url: str) -> None:
    import psycopg2

    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def manage_echoed(*args: str, env: dict[str, str]) -> list[str]:
    """Run a management command, echoing its output; returns its lines."""
    process = subprocess.Popen(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    for line in process.stdout:
        print(line, end="", flush=True)
        lines.append(line.strip())
    if process.wait() != 0:
        raise subprocess.CalledProcessError(process.returncode, args)
    return lines


def create_network(
    url: str, *, cities: int, events: int, practices: int, seed: int, env: dict[str, str]
) -> dict:
    """A fresh database at `url` holding the generated network; returns what was
    generated and how long it took."""
    print(f"== a scratch database: {database_parts(url)[1]}")
    recreate_database(url)
    # The generator is a developer tool: the local settings (DEBUG) have it, as a checkout.
    development = {**env, "DEBUG": "true"}
    manage("migrate", "--noinput", "--verbosity", "0", env=development)
    size = [
        f"--cities={cities}",
        f"--events={events}",
        f"--practices={practices}",
        f"--seed={seed}",
    ]
    started = time.monotonic()
    output = manage_echoed("generate_network", *size, env=development)
    generation = {
        "size": f"{cities} cities, {events} events, {practices} practices",
        "seconds": time.monotonic() - started,
        "rows": next((line.split()[1] for line in output if line.startswith("Generated ")), "?"),
    }
    # Fresh statistics, as autovacuum would gather them soon after a load this size.
    analyze(url)
    return generation


def sample_objects(url: str) -> dict[str, str]:
    """Slugs of a few generated objects to request, the busiest where it matters."""
    import psycopg2

    connection = psycopg2.connect(url)
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.slug FROM cities_city c JOIN exchanges_participation p
               ON p.city_id = c.id WHERE c.slug LIKE 'gen-%%'
               GROUP BY c.slug ORDER BY count(*) DESC, c.slug LIMIT 1"""
        )
        city = cursor.fetchone()[0]
        cursor.execute(
            """SELECT slug FROM practices_practice WHERE slug LIKE 'gen-%%'
               AND status = 'published' ORDER BY slug LIMIT 1 OFFSET 100"""
        )
        practice = cursor.fetchone()[0]
        cursor.execute(
            """SELECT slug FROM exchanges_event WHERE slug LIKE 'gen-%%' AND status = 'held'
               ORDER BY slug LIMIT 1 OFFSET 100"""
        )
        event = cursor.fetchone()[0]
        cursor.execute(
            """SELECT co.code FROM cities_city c JOIN cities_country co ON co.code = c.country_id
               WHERE c.slug LIKE 'gen-%%' GROUP BY co.code ORDER BY count(*) DESC LIMIT 1"""
        )
        country = cursor.fetchone()[0]
    connection.close()
    return {"city": city, "practice": practice, "event": event, "country": country}


def serve_env(env: dict[str, str]) -> dict[str, str]:
    """`env` with the production settings as `make serve` sets them (its SERVE_ENV), for
    a process beside the server (counting.py)."""
    secret = ROOT / ".secret_key"
    defaults = {
        "SECRET_KEY": secret.read_text().strip() if secret.exists() else "bench-only-secret",
        "ALLOWED_HOSTS": "localhost,127.0.0.1,[::1]",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
    }
    return {**defaults, **env, "DJANGO_SETTINGS_MODULE": "config.settings.production"}
