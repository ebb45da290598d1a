"""`make bench` (bench/run.py and the modules beside it): its command line answers and
refuses a database it must not create, without starting anything."""

import subprocess
import sys
from pathlib import Path

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
    for option in ("--database-url", "--cities", "--phases", "--reuse-db", "--keep-db"):
        assert option in result.stdout


def test_a_database_other_than_postgresql_is_refused_before_anything_runs():
    result = bench("--database-url", "sqlite:///bench.sqlite3")

    assert result.returncode == 1
    assert "--database-url must be a PostgreSQL URL with a name" in result.stderr
