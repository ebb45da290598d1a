"""`manage.py generate_network`: a synthetic network of any size (devtools/synthetic/)."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from devtools.synthetic import (
    DEFAULT_BATCH_SIZE,
    NetworkSize,
    SyntheticDataExists,
    delete_generated_network,
    describe_size,
    generate_network,
)


class Command(BaseCommand):
    help = (
        "Generate a deterministic synthetic network (slugs starting with 'gen-') for "
        "performance work: the same seed gives the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cities", type=int, default=5000)
        parser.add_argument("--events", type=int, default=20000)
        parser.add_argument("--practices", type=int, default=50000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete a network generated earlier first, instead of refusing.",
        )

    def handle(self, *args, **options):
        try:
            size = NetworkSize(
                cities=options["cities"], events=options["events"], practices=options["practices"]
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        if options["replace"]:
            deleted = delete_generated_network()
            if deleted:
                self.stdout.write(f"Deleted the network generated earlier ({deleted} rows).")
        self.stdout.write(f"Generating {describe_size(size)} (seed {options['seed']})...")
        progress = ProgressDisplay(self.stdout, interactive=self.stdout.isatty())
        try:
            report = generate_network(
                size=size,
                seed=options["seed"],
                batch_size=options["batch_size"],
                progress=progress,
            )
        except SyntheticDataExists as error:
            raise CommandError(f"{error} (pass --replace)") from None
        progress.finish()
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {report.total_rows} rows in {report.seconds:.1f} s "
                f"({report.total_rows / max(report.seconds, 0.001):,.0f} rows/s)."
            )
        )


class ProgressDisplay:
    """One line per step: rewritten in place on a terminal, printed when done otherwise
    (a log file gets one line per step, not one per batch)."""

    def __init__(self, stdout, *, interactive: bool) -> None:
        self.stdout = stdout
        self.interactive = interactive
        self.started = time.monotonic()
        self.step: str | None = None

    def __call__(self, step: str, done: int, total: int) -> None:
        elapsed = time.monotonic() - self.started
        line = f"  {step:<32} {done:>9,}/{total:<9,} {elapsed:7.1f} s"
        if self.interactive:
            ending = "\n" if done >= total else ""
            self.stdout.write("\r" + line, ending=ending)
            sys.stdout.flush()
        elif done >= total:
            self.stdout.write(line)
        self.step = step

    def finish(self) -> None:
        pass
