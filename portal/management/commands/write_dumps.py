from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from portal.dumps import DUMPS_FOLDER, write_dumps


class Command(BaseCommand):
    help = (
        "Write the bulk dumps of the open data (cities, events, roadmaps, practices as "
        "CSV, GeoJSON, iCalendar and JSON, with a README of their fields) into the "
        "default storage, served at /data/<file>. Celery beat runs the same job nightly."
    )

    def handle(self, *args, **options):
        folder = write_dumps()
        self.stdout.write(f"Dumps written to {default_storage.path(f'{DUMPS_FOLDER}/{folder}')}")
