"""`make backup` / `make restore`: a round trip loses nothing.

Backups hold password hashes and API token keys: they are readable by their owner only.

Each round trip works on a scratch database of its own (a SQLite file; a PostgreSQL database
next to the one DATABASE_URL names, when it names one), through `manage.py` as the
Makefile runs it: migrate, a small generated network and an account, a fingerprint (rows
and checksum of every table), a backup, damage, a restore, the same fingerprint.
"""

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

import portal.backup
from portal.backup import BackupError, backup

ROOT = Path(__file__).resolve().parent.parent

FINGERPRINT = "import json; from portal.backup import fingerprint; print(json.dumps(fingerprint()))"
DAMAGE = (
    "from practices.models import Practice; from cities.models import City; "
    "Practice.objects.all().delete(); City.objects.update(name='Damaged')"
)


def manage(database_url: str, *args: str) -> str:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "REDIS_URL"}
    }
    environment.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="config.settings.local")
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        # The usual umask, with which files are world-readable unless made otherwise.
        umask=0o022,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stderr[-3000:]}"
    return result.stdout


def fingerprint(database_url: str) -> dict:
    return json.loads(manage(database_url, "shell", "-c", FINGERPRINT).strip().splitlines()[-1])


def round_trip(database_url: str, backup_file: Path) -> None:
    manage(database_url, "migrate", "--noinput")
    manage(database_url, "generate_network", "--cities=20", "--events=30", "--practices=40")
    manage(database_url, "add_member", "keeper", "--role=curator", "--password=x-9#long-pass")
    before = fingerprint(database_url)
    assert before["practices_practice"][0] == 40
    assert before["auth_user"][0] == 1

    assert not backup_file.parent.exists()
    manage(database_url, "backup", str(backup_file))
    assert backup_file.stat().st_size > 0
    assert mode(backup_file) == 0o600
    assert mode(backup_file.parent) == 0o700

    manage(database_url, "shell", "-c", DAMAGE)
    damaged = fingerprint(database_url)
    assert damaged["practices_practice"][0] == 0
    assert damaged != before

    manage(database_url, "restore", str(backup_file))
    after = fingerprint(database_url)
    assert after == before


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_sqlite_round_trip_loses_nothing(tmp_path):
    round_trip(f"sqlite:///{tmp_path / 'portal.sqlite3'}", tmp_path / "backups" / "b.sqlite3")


@pytest.fixture
def scratch_postgresql():
    """A PostgreSQL database beside DATABASE_URL's, dropped afterwards."""
    import psycopg2

    parts = urlsplit(os.environ["DATABASE_URL"])
    # A name of its own under each pytest-xdist worker.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"{parts.path.lstrip('/') or 'peercities'}_backup_test_{worker}"
    maintenance = psycopg2.connect(urlunsplit(parts._replace(path="/postgres", query="")))
    maintenance.autocommit = True
    with maintenance.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with maintenance.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        maintenance.close()


@pytest.mark.postgresql
def test_postgresql_round_trip_loses_nothing(scratch_postgresql, tmp_path):
    round_trip(scratch_postgresql, tmp_path / "backups" / "backup.dump")


@pytest.fixture
def sqlite_database(tmp_path, monkeypatch):
    """A small SQLite database as the one to back up, for backup() in this process."""
    source = tmp_path / "source.sqlite3"
    with sqlite3.connect(source) as connection:
        connection.execute("CREATE TABLE token (key TEXT)")
        connection.execute("INSERT INTO token VALUES ('a-secret-key')")
    connection.close()
    monkeypatch.setattr(
        portal.backup,
        "database_settings",
        lambda alias="default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(source)},
    )
    return source


@pytest.fixture
def usual_umask():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_backup_over_a_world_readable_file_is_narrowed(sqlite_database, tmp_path, usual_umask):
    target = tmp_path / "night.sqlite3"
    target.write_bytes(b"an older backup")
    target.chmod(0o644)
    backup(target)
    assert mode(target) == 0o600
    with sqlite3.connect(target) as connection:
        assert connection.execute("SELECT key FROM token").fetchall() == [("a-secret-key",)]
    connection.close()


def test_a_folder_that_was_there_keeps_its_mode(sqlite_database, tmp_path, usual_umask):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o750)
    backup(shared / "night.sqlite3")
    assert mode(shared) == 0o750
    assert mode(shared / "night.sqlite3") == 0o600


def test_a_failed_backup_leaves_no_file(sqlite_database, tmp_path):
    sqlite_database.unlink()
    target = tmp_path / "night.sqlite3"
    with pytest.raises(BackupError, match="no SQLite database"):
        backup(target)
    assert not target.exists()


def test_restore_refuses_a_missing_file(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / "nothing.dump")],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "no backup at" in result.stderr


def test_make_targets_pass_the_backup_file():
    result = subprocess.run(
        ["make", "-n", "backup", "restore", "BACKUP_FILE=backups/night.dump"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "manage.py backup backups/night.dump" in result.stdout
    assert "manage.py restore backups/night.dump" in result.stdout
