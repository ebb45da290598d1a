"""Backups of the database the settings point at (DATABASE_URL), and their restore.

PostgreSQL: `pg_dump --format=custom` (compressed, restorable table by table) and
`pg_restore --clean --if-exists --single-transaction`: a restore replaces what the
database holds, and either completes or changes nothing. SQLite: SQLite's online backup
(a consistent copy of the file, even while the portal writes to it) both ways.

A backup holds everything the database does, password hashes and API token keys
included: it is written readable by its owner only (0600), into a folder only its owner
can enter (0700) when the backup makes that folder.

`fingerprint()` counts and checksums the content of every table, so a round trip can be
shown to lose nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections

from base import cache


class BackupError(Exception):
    pass


def database_settings(alias: str = "default") -> dict:
    return settings.DATABASES[alias]


def default_backup_path(alias: str = "default") -> Path:
    """backups/peercities-<UTC time>.<dump|sqlite3> under the project."""
    engine = database_settings(alias)["ENGINE"]
    suffix = "sqlite3" if "sqlite" in engine else "dump"
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    return Path(settings.BASE_DIR) / "backups" / f"peercities-{stamp}.{suffix}"


def _postgres_environment(db: dict) -> dict[str, str]:
    """libpq's variables for the database: no password on a command line (ps shows it)."""
    environment = dict(os.environ)
    values = {
        "PGHOST": db.get("HOST") or "",
        "PGPORT": str(db.get("PORT") or ""),
        "PGUSER": db.get("USER") or "",
        "PGPASSWORD": db.get("PASSWORD") or "",
        "PGDATABASE": db["NAME"],
    }
    environment.update({key: value for key, value in values.items() if value})
    return environment


def _run(command: list[str], environment: dict[str, str], stdout: int | None = None) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)")
    result = subprocess.run(
        command,
        env=environment,
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700


def _open_private_file(path: Path) -> int:
    """Open `path` for writing, empty and readable by its owner only, whatever the umask;
    its folder, when it has to be made, is private too. Returns the file descriptor."""
    if not path.parent.is_dir():
        path.parent.mkdir(parents=True, mode=PRIVATE_FOLDER_MODE)
        path.parent.chmod(PRIVATE_FOLDER_MODE)  # mkdir's mode yields to the umask
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    # A file that was already there keeps its mode through O_CREAT: narrow it.
    os.fchmod(descriptor, PRIVATE_FILE_MODE)
    return descriptor


def backup(path: Path, alias: str = "default") -> Path:
    """Write a backup of the database to `path`, readable by its owner only (its folder
    is created, private)."""
    db = database_settings(alias)
    if db["ENGINE"] not in ("django.db.backends.postgresql", "django.db.backends.sqlite3"):
        raise BackupError(f"no backup for the {db['ENGINE']} engine")
    descriptor = _open_private_file(path)
    try:
        if db["ENGINE"] == "django.db.backends.postgresql":
            # pg_dump writes into the file made private above, never one of its own.
            _run(
                ["pg_dump", "--format=custom", "--no-owner"],
                _postgres_environment(db),
                stdout=descriptor,
            )
        else:
            _sqlite_copy(Path(db["NAME"]), path)
    except BaseException:
        path.unlink(missing_ok=True)  # no partial backup that could pass for a good one
        raise
    finally:
        os.close(descriptor)
    return path


def restore(path: Path, alias: str = "default") -> None:
    """Replace the database's content with the backup at `path`."""
    if not path.is_file():
        raise BackupError(f"no backup at {path}")
    db = database_settings(alias)
    # Nothing of ours may hold the database while it is replaced.
    connections[alias].close()
    if db["ENGINE"] == "django.db.backends.postgresql":
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                db["NAME"],
                str(path),
            ],
            _postgres_environment(db),
        )
    elif db["ENGINE"] == "django.db.backends.sqlite3":
        _sqlite_copy(path, Path(db["NAME"]))
    else:
        raise BackupError(f"no restore for the {db['ENGINE']} engine")
    # Whatever the cache holds describes the content before the restore.
    cache.bump_content_version()


def _sqlite_copy(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"no SQLite database at {source}")
    target.parent.mkdir(parents=True, exist_ok=True)
    origin, destination = sqlite3.connect(source), sqlite3.connect(target)
    try:
        origin.backup(destination)
    finally:
        origin.close()
        destination.close()


def fingerprint(alias: str = "default") -> dict[str, tuple[int, str]]:
    """For every table of every installed model: (rows, SHA-256 of the rows in primary key
    order). Two databases with the same fingerprint hold the same content."""
    result: dict[str, tuple[int, str]] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        table = model._meta.db_table
        if table in result:
            continue
        digest = hashlib.sha256()
        count = 0
        queryset = (
            model._base_manager.using(alias)
            .order_by("pk")
            .values_list(*[field.attname for field in model._meta.concrete_fields])
        )
        for row in queryset.iterator(chunk_size=2000):
            digest.update(repr(row).encode("utf-8"))
            count += 1
        result[table] = (count, digest.hexdigest())
    return result
