"""Full-text search: PostgreSQL where there is one, a simple fallback on SQLite.

On PostgreSQL, cities, events, roadmaps and practices keep a weighted `search_vector`
(title A, summary B, description C), computed by a database trigger whenever a row is
written and indexed with GIN (see the migrations that call `install_sql`). Vectors and
queries use the `peercities` text search configuration: English stemming over
unaccented words, so "Odienne" finds "Odienné" and "market" finds "markets". The last
word of a query matches as a prefix, for type-ahead: "odi" finds "Odienné".

On SQLite (the zero-setup default), a search is a case-insensitive `icontains` on the
same fields: no ranking, stemming or accent folding, but `make run` works.

`<app>.search.search_<models>(queryset, q)` call `search()` here; the search page adds
highlighted snippets with `with_snippets()`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connections
from django.db.models import F, Q, QuerySet, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

# The text search configuration the migrations create: english, words unaccented.
CONFIG = "peercities"

# The annotations a search adds on PostgreSQL.
RANK = "search_rank"
SNIPPET = "search_snippet"

# Where ts_headline marks the words found; private-use characters that no text holds,
# replaced by <mark> once the snippet is escaped.
_START, _STOP = "\ue000", "\ue001"

_WORD = re.compile(r"\w+")
_MARKUP = re.compile(r"[*_`#>]+")


def uses_postgresql(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def query_words(q: str) -> list[str]:
    """The words of a query, without punctuation or operators."""
    return _WORD.findall(q or "")[:32]


def tsquery(q: str) -> SearchQuery | None:
    """All the words of `q`, the last one as a prefix (type-ahead); None without any."""
    words = [word.replace("_", "") for word in query_words(q)]
    words = [word for word in words if word]
    if not words:
        return None
    terms = [*words[:-1], f"{words[-1]}:*"]
    # Only word characters reach to_tsquery: the query is always valid.
    return SearchQuery(" & ".join(terms), search_type="raw", config=CONFIG)


def search(queryset: QuerySet, q: str, *, fields: Sequence[str]) -> QuerySet:
    """The rows of `queryset` matching `q`: on PostgreSQL through their search vectors,
    annotated with `search_rank` and ordered by it (best first, then the model's order);
    elsewhere, rows with `q` in one of `fields`."""
    q = (q or "").strip()
    query = tsquery(q) if uses_postgresql(queryset) else None
    if query is None:
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": q})
        return queryset.filter(condition)
    return (
        queryset.filter(search_vector=query)
        .annotate(**{RANK: SearchRank(F("search_vector"), query)})
        .order_by(f"-{RANK}", *queryset.model._meta.ordering, "pk")
    )


def ranked(queryset: QuerySet, *ordering: str) -> QuerySet:
    """`queryset` in `ordering`, behind the search rank when it was searched by rank."""
    if RANK in queryset.query.annotations:
        return queryset.order_by(f"-{RANK}", *ordering)
    return queryset.order_by(*ordering)


def with_snippets(queryset: QuerySet, q: str, *, fields: Sequence[str]) -> QuerySet:
    """Annotate `search_snippet`: the passage of `fields` (joined) where `q` matches,
    its words marked, on PostgreSQL; nothing elsewhere (see `snippet()`)."""
    query = tsquery(q) if uses_postgresql(queryset) else None
    if query is None:
        return queryset
    parts = []
    for field in fields:
        if parts:
            parts.append(Value(" … "))
        parts.append(Coalesce(F(field), Value(""), output_field=TextField()))
    text = Concat(*parts, output_field=TextField()) if len(parts) > 1 else parts[0]
    return queryset.annotate(
        **{
            SNIPPET: SearchHeadline(
                text,
                query,
                config=CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        }
    )


def snippet(obj, fallback: str = "", *, words: int = 35) -> str:
    """The HTML of an object's snippet: its `search_snippet` escaped with the words
    found in <mark>, or the start of `fallback` (escaped) when there is none."""
    text = getattr(obj, SNIPPET, None)
    if text is None:
        parts = (fallback or "").split()
        short = " ".join(parts[:words]) + (" …" if len(parts) > words else "")
        return escape(short)
    # Descriptions are Markdown: a snippet shows their words, not their markup.
    text = " ".join(_MARKUP.sub("", text).split())
    return mark_safe(escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>"))


def _highlighted(text: str, q: str, *, words: int = 35) -> str:
    """The start of `text` around the first word of `q` found, escaped, each word of `q`
    marked: the snippet where the database makes none (SQLite)."""
    text = " ".join(_MARKUP.sub("", text or "").split())
    terms = [re.escape(word) for word in query_words(q)]
    pattern = re.compile("|".join(terms), re.IGNORECASE) if terms else None
    parts = text.split(" ")
    start = 0
    if pattern is not None:
        first = pattern.search(text)
        if first is not None:
            start = max(0, text[: first.start()].count(" ") - 8)
    short = " ".join(parts[start : start + words])
    short = ("… " if start else "") + short + (" …" if start + words < len(parts) else "")
    html = escape(short)
    if pattern is not None:
        html = re.sub(
            "|".join(re.escape(escape(word)) for word in query_words(q)),
            lambda found: f"<mark>{found.group()}</mark>",
            html,
            flags=re.IGNORECASE,
        )
    return mark_safe(html)


def attach_snippets(hits, q: str, *, fields: Sequence[str]) -> list:
    """Set `snippet` (safe HTML) on each hit: its `search_snippet` where the query was
    annotated with `with_snippets()`, else its `fields` with the words of `q` marked."""
    for hit in hits:
        if hasattr(hit, SNIPPET):
            hit.snippet = snippet(hit)
        else:
            text = " … ".join(getattr(hit, field) or "" for field in fields)
            hit.snippet = _highlighted(text, q)
    return hits


# Migrations: the configuration and the triggers that keep the vectors up to date.

CONFIG_SQL = f"""
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN
    CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = english);
    ALTER TEXT SEARCH CONFIGURATION {CONFIG}
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
  END IF;
END $$;
"""
DROP_CONFIG_SQL = f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG};"


def vector_sql(weighted: dict[str, Sequence[str]], row: str = "NEW") -> str:
    """The SQL of a weighted vector of `row`'s columns: {"A": ["title"], "B": [...]}."""
    parts = []
    for weight, columns in weighted.items():
        text = " || ' ' || ".join(f"coalesce({row}.{column}, '')" for column in columns)
        parts.append(f"setweight(to_tsvector('{CONFIG}', {text}), '{weight}')")
    return " || ".join(parts)


def install_sql(table: str, weighted: dict[str, Sequence[str]]) -> list[str]:
    """Statements that keep `table.search_vector` computed from `weighted` columns by a
    trigger, fill it for the existing rows and index it (GIN)."""
    return [
        f"""CREATE OR REPLACE FUNCTION {table}_search_vector_update() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
              NEW.search_vector := {vector_sql(weighted)};
              RETURN NEW;
            END $$;""",
        f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table};",
        f"""CREATE TRIGGER {table}_search_vector BEFORE INSERT OR UPDATE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {table}_search_vector_update();""",
        f"UPDATE {table} SET search_vector = {vector_sql(weighted, row=table)};",
        f"CREATE INDEX IF NOT EXISTS {table}_search_vector_gin ON {table} "
        "USING gin (search_vector);",
    ]


def uninstall_sql(table: str) -> list[str]:
    return [
        f"DROP INDEX IF EXISTS {table}_search_vector_gin;",
        f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table};",
        f"DROP FUNCTION IF EXISTS {table}_search_vector_update();",
    ]


def run_on_postgresql(statements):
    """A RunPython function that runs `statements` on PostgreSQL and nothing elsewhere."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


# What each table's vector holds, by weight: title above summary above description.
SEARCHED_COLUMNS = {
    "cities_city": {"A": ["name"], "C": ["description"]},
    "exchanges_event": {"A": ["title"], "B": ["summary"], "C": ["objectives", "outcomes"]},
    "exchanges_roadmap": {"A": ["title"], "B": ["summary"]},
    "practices_practice": {"A": ["title"], "B": ["summary"], "C": ["description"]},
}
