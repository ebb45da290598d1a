"""Writing a generated network: rows inserted in batches, counted and reported."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import models

DEFAULT_BATCH_SIZE = 5000

M = TypeVar("M", bound=models.Model)

# (done, total) of a step, with its name: what a progress display needs.
Progress = Callable[[str, int, int], None]


def no_progress(step: str, done: int, total: int) -> None:
    pass


@dataclass
class GenerationReport:
    """What a run wrote: rows by table, and how long it took."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, name: str, count: int) -> None:
        self.rows[name] = self.rows.get(name, 0) + count

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


class Writer:
    """Bulk-creates rows in batches, counting them and reporting progress."""

    def __init__(self, *, batch_size: int, progress: Progress) -> None:
        self.batch_size = batch_size
        self.progress = progress
        self.report = GenerationReport()

    def create(self, step: str, model: type[M], rows: Sequence[M]) -> list[M]:
        """Insert `rows` (their primary keys are set on return), reporting `step`."""
        total = len(rows)
        self.progress(step, 0, total)
        for start in range(0, total, self.batch_size):
            batch = rows[start : start + self.batch_size]
            model.objects.bulk_create(batch, batch_size=self.batch_size)
            self.progress(step, start + len(batch), total)
        self.report.add(model._meta.db_table, total)
        return list(rows)

    def link(self, step: str, through: type[models.Model], pairs: list[dict[str, int]]) -> None:
        """Insert the rows of a many-to-many table from their foreign key values."""
        self.create(step, through, [through(**pair) for pair in pairs])
