from django.core.management.base import BaseCommand

from exchanges.tasks import anonymize_registrations


class Command(BaseCommand):
    help = (
        "Erase the names and emails of registrations for events that ended 12 months ago "
        "or more, keeping cities, roles and statuses for statistics, and the names the "
        "admin's log keeps of them. Celery beat runs the same job daily."
    )

    def handle(self, *args, **options):
        count = anonymize_registrations()
        self.stdout.write(f"{count} registrations anonymized")
