"""Generating a whole network, and removing it."""

from __future__ import annotations

import datetime
import random
import time

from django.db import connection, transaction

from base import cache
from cities.models import City, Organization, Partnership
from exchanges.models import Event, Roadmap
from matching import challenges
from practices import tag_lists
from practices.models import Practice, PracticeTags

from .events import make_events, make_registrations, make_roadmaps
from .generation import Generation
from .places import make_cities, make_organizations, make_partnerships
from .practices import make_adoptions, make_practices
from .shape import DEFAULT_TODAY, SLUG_PREFIX, NetworkSize
from .writer import DEFAULT_BATCH_SIZE, GenerationReport, Progress, Writer, no_progress

# The steps, in dependency order: each refers only to rows of the steps before it. The
# order is also that of the random choices, so changing it changes every network.
STEPS = (
    make_organizations,
    make_cities,
    make_partnerships,
    make_events,
    make_registrations,
    make_roadmaps,
    make_practices,
    make_adoptions,
)


class SyntheticDataExists(Exception):
    """The database already holds a generated network."""


def generate_network(
    *,
    size: NetworkSize,
    seed: int,
    today: datetime.date = DEFAULT_TODAY,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
) -> GenerationReport:
    """Write a synthetic network of `size` into the database, the same for the same seed.

    Refuses (SyntheticDataExists) when a generated network is already there: call
    `delete_generated_network()` first."""
    if generated_network_exists():
        raise SyntheticDataExists(
            "the database already holds a generated network (slugs starting with "
            f"{SLUG_PREFIX!r}); remove it first"
        )
    started = time.monotonic()
    writer = Writer(batch_size=batch_size, progress=progress or no_progress)
    # Per-row cache invalidation is pointless for a bulk load: one bump at the end.
    with transaction.atomic(), cache.content_changes_batched():
        generation = Generation(rng=random.Random(seed), size=size, today=today, writer=writer)
        for step in STEPS:
            step(generation)
        # bulk_create sends no signal: what each city works on is derived once here.
        challenges.rebuild_challenges()
        tag_lists.rebuild_tag_lists()
    refresh_statistics(sorted([*writer.report.rows, PracticeTags._meta.db_table]))
    writer.report.seconds = time.monotonic() - started
    return writer.report


def refresh_statistics(tables: list[str]) -> None:
    """Give PostgreSQL's planner the statistics of what was just loaded, and its
    visibility map (index-only scans), instead of waiting for autovacuum: until then it
    plans for empty tables. VACUUM cannot run inside a transaction (a test's): there,
    statistics only."""
    if connection.vendor != "postgresql":
        return
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{command} {connection.ops.quote_name(table)}")


def generated_network_exists() -> bool:
    return City.objects.filter(slug__startswith=SLUG_PREFIX).exists()


def delete_generated_network() -> int:
    """Remove everything the generator wrote (by slug); returns the rows deleted."""
    deleted = 0
    generated = {"slug__startswith": SLUG_PREFIX}
    with transaction.atomic(), cache.content_changes_batched(), challenges.challenges_deferred():
        # Children that protect their parents go first.
        for queryset in (
            Practice.objects.filter(**generated),
            Roadmap.objects.filter(**generated),
            Event.objects.filter(**generated),
            Partnership.objects.filter(**generated),
            City.objects.filter(**generated),
            Organization.objects.filter(**generated),
        ):
            count, _by_model = queryset.delete()
            deleted += count
    return deleted
