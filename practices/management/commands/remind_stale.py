import os

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from practices.notifications import remind_stale
from practices.services import mark_reminded, practices_to_remind


class Command(BaseCommand):
    help = (
        "Email the submitter of each published practice not verified for 24 months, once, "
        "asking them to confirm it is still current. Meant to run daily: a practice is "
        "reminded again only after it is verified and turns stale again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the practices whose submitter would be reminded; send nothing.",
        )
        parser.add_argument(
            "--base-url",
            default=os.environ.get("SITE_URL", "http://127.0.0.1:8000"),
            help="The portal's address, for the links in the emails "
            "(default: $SITE_URL, else http://127.0.0.1:8000).",
        )

    def handle(self, *args, dry_run: bool, base_url: str, **options):
        today = timezone.localdate()
        base_url = base_url.rstrip("/")
        reminded = 0
        for practice in practices_to_remind(today):
            if dry_run:
                self.stdout.write(
                    f"would remind {practice.submitted_by.email} of {practice.slug} "
                    f"(last verified {practice.verified_on})"
                )
                reminded += 1
                continue
            # Marked and sent together: a failed send leaves the practice to remind on
            # the next run, and two runs at once do not both send.
            with transaction.atomic():
                if mark_reminded(practice=practice, on=today):
                    remind_stale(practice, base_url=base_url)
                    reminded += 1
        submitters = "submitter" if reminded == 1 else "submitters"
        verb = "would be reminded" if dry_run else "reminded"
        self.stdout.write(f"{reminded} {submitters} of stale practices {verb}")
