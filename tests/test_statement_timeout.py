"""A web process's queries stop before gunicorn kills it (config/wsgi.py sets
DB_STATEMENT_TIMEOUT_MS); workers and commands have no limit. A killed worker's query
would otherwise run on in PostgreSQL, slowing every other request."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

SHOW_TIMEOUT = """
import {module}
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SHOW statement_timeout")
    print(cursor.fetchone()[0])
"""


def statement_timeout(module: str, **environ: str) -> str:
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DB_STATEMENT_TIMEOUT_MS", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", DATABASE_URL=url, **environ)
    result = subprocess.run(
        [sys.executable, "-c", SHOW_TIMEOUT.format(module=module)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's setting"),
]


def test_the_web_processes_stop_a_query_after_25_seconds():
    assert statement_timeout("config.wsgi") == "25s"


def test_the_environment_sets_it_or_lifts_it():
    assert statement_timeout("config.wsgi", DB_STATEMENT_TIMEOUT_MS="1500") == "1500ms"
    assert statement_timeout("config.wsgi", DB_STATEMENT_TIMEOUT_MS="0") == "0"


def test_workers_and_commands_are_not_limited():
    # What celery and manage.py do: set Django up without the WSGI module.
    assert statement_timeout("django; django.setup()") == "0"
