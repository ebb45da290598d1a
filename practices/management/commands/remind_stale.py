from django.conf import settings
from django.core.management.base import BaseCommand

from practices.services import practices_to_remind
from practices.tasks import remind_stale_practices


class Command(BaseCommand):
    help = (
        "Queue an email to the submitter of each published practice not verified for 24 "
        "months, once, asking them to confirm it is still current. Celery beat runs the "
        "same job daily; a practice is reminded again only after it is verified and turns "
        "stale again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the practices whose submitter would be reminded; send nothing.",
        )
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="The portal's address, for the links in the emails "
            "(default: $SITE_URL, else http://127.0.0.1:8000).",
        )

    def handle(self, *args, dry_run: bool, base_url: str, **options):
        if not dry_run:
            count = remind_stale_practices(base_url=base_url)
            reminders = "reminder" if count == 1 else "reminders"
            self.stdout.write(f"{count} {reminders} to submitters of stale practices queued")
            return
        practices = list(practices_to_remind())
        for practice in practices:
            self.stdout.write(
                f"would remind {practice.submitted_by.email} of {practice.slug} "
                f"(last verified {practice.verified_on})"
            )
        submitters = "submitter" if len(practices) == 1 else "submitters"
        self.stdout.write(f"{len(practices)} {submitters} of stale practices would be reminded")
