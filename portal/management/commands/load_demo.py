import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portal.demo.loader import DemoDataError, load_demo_network
from portal.services import add_member

# The demo's accounts, one per role: (username, role, city slug, organization slug).
DEMO_ACCOUNTS = [
    ("demo-official", "official", "maputo", None),
    ("demo-curator", "curator", None, "ilo"),
    ("demo-partner", "partner", None, None),
]


class Command(BaseCommand):
    help = (
        "Load the demo network of the seed documents: cities, organizations, events, "
        "the Maputo roadmap, partnerships and good practices. Safe to run again. "
        "--with-accounts adds an account per role (development only, never with DEBUG off)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-accounts",
            action="store_true",
            help="also create demo-official (Maputo), demo-curator and demo-partner with "
            "random passwords, printed once; refused when DEBUG is off",
        )

    def handle(self, *args, verbosity, with_accounts, **options):
        if with_accounts and not settings.DEBUG:
            # Known usernames with passwords in a terminal's scrollback: never on a
            # deployed site.
            raise CommandError(
                "Demo accounts are for development only: refused with DEBUG off "
                "(production settings). Create real accounts with add_member."
            )
        detailed = verbosity >= 2
        try:
            # In detail, the loader prints each count with what it created and updated.
            counts = load_demo_network(stdout=self.stdout if detailed else None)
        except DemoDataError as error:
            raise CommandError(f"Demo data not loaded: {error}") from error
        if verbosity == 1:
            for kind, count in counts.items():
                self.stdout.write(f"{kind}: {count}")
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS("Demo network loaded."))
        if with_accounts:
            self.create_demo_accounts()

    def create_demo_accounts(self):
        User = get_user_model()
        self.stdout.write("Demo accounts (sign in at /accounts/login/):")
        for username, role, city, organization in DEMO_ACCOUNTS:
            if User.objects.filter(username=username).exists():
                # Its password was printed when it was made: not changed behind the
                # back of whoever noted it.
                self.stdout.write(
                    f"  {username} ({role}): exists, password unchanged "
                    f"(manage.py changepassword {username})"
                )
                continue
            password = secrets.token_urlsafe(12)
            add_member(
                username=username,
                role=role,
                city_slug=city,
                organization_slug=organization,
                email=f"{username}@example.org",
                password=password,
            )
            self.stdout.write(f"  {username} ({role}): password {password}")
