from django.core.management.base import BaseCommand, CommandError

from matching.tagging import PILLAR, evaluate
from portal.demo.loader import DemoDataError, load_demo_network, read_demo_data
from practices.models import Practice


def _tag(tag) -> str:
    kind, key = tag
    return key if kind == PILLAR else f"SDG {key}"


class Command(BaseCommand):
    help = (
        "Measure the tag suggestions against the pillars and SDGs of the demo practices: "
        "micro-averaged precision and recall, for pillars, SDGs and both. Loads the demo "
        "network first when its practices are not in the database."
    )

    def handle(self, *args, verbosity, **options):
        slugs = [item["slug"] for item in read_demo_data()["practices"]]
        practices = Practice.objects.filter(slug__in=slugs)
        if practices.count() < len(slugs):
            try:
                load_demo_network()
            except DemoDataError as error:
                raise CommandError(f"Demo data not loaded: {error}") from error
        practices = practices.prefetch_related("pillars", "sdgs", "results").order_by("slug")
        evaluation = evaluate(practices)
        if verbosity >= 2:
            for practice, suggested, expected in evaluation.rows:
                missed = ", ".join(_tag(tag) for tag in sorted(expected - suggested, key=str))
                extra = ", ".join(_tag(tag) for tag in sorted(suggested - expected, key=str))
                self.stdout.write(f"{practice.slug}: missed [{missed}] extra [{extra}]")
        self.stdout.write(f"{len(evaluation.rows)} demo practices")
        self.stdout.write(f"{'':10} {'precision':>9} {'recall':>7}")
        for name, score in (
            ("pillars", evaluation.pillars),
            ("SDGs", evaluation.sdgs),
            ("overall", evaluation.overall),
        ):
            self.stdout.write(f"{name:10} {score.precision:9.2f} {score.recall:7.2f}")
