"""How alike two texts are, on PostgreSQL and on SQLite: one measure, two backends.

The measure is pg_trgm's `similarity()`: each text's words (runs of letters and digits,
lowercased), each padded with two spaces before and one after, cut into trigrams; the
share of the trigrams of both texts that they have in common, from 0 (nothing) to 1.
On PostgreSQL the pg_trgm extension computes it (created by the migration of
`matching`); on SQLite `trigram_similarity()` below does the same, registered as an SQL
function on each connection (`register_sqlite_functions`), so that `Similarity` ranks
rows in the database on both.
"""

from __future__ import annotations

import functools
import re

from django.db.models import FloatField, Func, Value
from django.db.models.functions import Coalesce

SQLITE_FUNCTION = "peercities_similarity"

_WORD = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=4096)
def trigrams(text: str | None) -> frozenset[str]:
    """The trigrams pg_trgm makes of `text`."""
    found = set()
    for word in _WORD.findall((text or "").lower()):
        padded = f"  {word} "
        found.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(found)


def trigram_similarity(a: str | None, b: str | None) -> float:
    """pg_trgm's similarity(a, b)."""
    first, second = trigrams(a), trigrams(b)
    if not first or not second:
        return 0.0
    shared = len(first & second)
    return shared / (len(first) + len(second) - shared)


class Similarity(Func):
    """similarity(expression, text) in SQL: how alike a column (or an expression of
    columns) is to `text`, 0 to 1."""

    output_field = FloatField()

    def __init__(self, expression, text: str, **extra):
        super().__init__(Coalesce(expression, Value("")), Value(text or ""), **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="similarity", **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra_context)


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """A `connection_created` receiver: the similarity function on each SQLite connection."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FUNCTION, 2, trigram_similarity, deterministic=True
        )
