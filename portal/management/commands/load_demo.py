from django.core.management.base import BaseCommand, CommandError

from portal.demo.loader import DemoDataError, load_demo_network


class Command(BaseCommand):
    help = (
        "Load the demo network of the seed documents: cities, organizations, events, "
        "the Maputo roadmap, partnerships and good practices. Safe to run again."
    )

    def handle(self, *args, verbosity, **options):
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
