"""`manage.py backup [FILE]` (`make backup BACKUP_FILE=...`): see portal/backup.py."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, backup, default_backup_path


class Command(BaseCommand):
    help = "Back the database up: pg_dump (custom format) for PostgreSQL, a copy for SQLite."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="where to write (default: backups/...)")

    def handle(self, *args, **options):
        path = Path(options["file"]) if options["file"] else default_backup_path()
        try:
            written = backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backed up to {written} ({written.stat().st_size:,} bytes).")
