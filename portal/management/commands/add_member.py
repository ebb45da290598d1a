from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from portal.services import ROLE_BY_NAME, add_member


class Command(BaseCommand):
    help = "Create or update an account with a role; prints its API token on the last line."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLE_BY_NAME))
        parser.add_argument("--city", help="the official's city (slug)")
        parser.add_argument("--email")
        parser.add_argument("--password")
        parser.add_argument(
            "--organization", help="the organization they work for (slug), named on review cards"
        )

    def handle(self, *args, username, role, city, email, password, organization, **options):
        try:
            user, token = add_member(
                username=username,
                role=role,
                city_slug=city,
                email=email,
                password=password,
                organization_slug=organization,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        city_note = f" for {user.membership.city}" if user.membership.city else ""
        self.stdout.write(f"{user.username}: {role}{city_note}")
        self.stdout.write(token.key)
