"""`make bench` (bench/run.py and the modules beside it): its command line answers and
refuses a database it must not create, without starting anything."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def bench(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "bench/run.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_help_lists_the_options():
    result = bench("--help")

    assert result.returncode == 0, result.stderr
    for option in (
        "--database-url",
        "--cities",
        "--phases",
        "--reuse-db",
        "--keep-db",
        "--scale",
        "--compare",
    ):
        assert option in result.stdout


def test_a_database_other_than_postgresql_is_refused_before_anything_runs():
    result = bench("--database-url", "sqlite:///bench.sqlite3")

    assert result.returncode == 1
    assert "--database-url must be a PostgreSQL URL with a name" in result.stderr


def test_every_benchmarked_url_has_its_hand_written_limit():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from limits import limit_sql
        from measuring import endpoints
    finally:
        sys.path.remove(str(ROOT / "bench"))
    sample = {"city": "gen-a", "practice": "gen-b", "event": "gen-c", "country": "KW"}

    # The stack's reference reads nothing: it has no SQL to compare with.
    urls = {endpoint.url for endpoint in endpoints(sample) if endpoint.kind != "stack"}

    assert set(limit_sql(sample)) == urls


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the limits are PostgreSQL's SQL")
def test_every_limit_runs_on_the_schema(db):
    # Hand-written SQL names tables and columns the migrations may rename.
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from limits import limit_sql
    finally:
        sys.path.remove(str(ROOT / "bench"))
    sample = {"city": "gen-a", "practice": "gen-b", "event": "gen-c", "country": "KW"}
    with connection.cursor() as cursor:
        for url, sql in limit_sql(sample).items():
            for statement in sql.split("; "):
                try:
                    cursor.execute(statement)
                except Exception as error:
                    pytest.fail(f"the limit of {url} does not run: {error}")
                cursor.fetchall()
