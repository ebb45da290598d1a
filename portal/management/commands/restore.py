"""`manage.py restore FILE` (`make restore BACKUP_FILE=...`): see portal/backup.py."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the database's content with a backup made by `manage.py backup`. "
        "Stop the portal's servers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        try:
            restore(Path(options["file"]))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored from {options['file']}.")
