"""Full-text search: PostgreSQL where there is one, a simple fallback on SQLite.

On PostgreSQL, cities, events, roadmaps and practices keep a weighted `search_vector`
(title A, summary B, description C), computed by a database trigger whenever a row is
written and indexed with GIN (see the migrations that call `install_sql`). Each row's
words are stemmed in the language it is written in (its `language`; cities, which have
none, in English) with the `peercities_<language>` text search configurations, and
kept as written, unaccented, as well (`peercities_simple`). A query is stemmed
in the reader's language and also taken as written: so "coopérative" finds
"coopératives" in a French text for a French reader, "Odienne" finds "Odienné", and a
word of another language than the reader's still finds its own spelling. The last word
of a query matches as a prefix, for type-ahead: "odi" finds "Odienné".

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
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

# The text search configurations the migrations create: one per language, stemming in
# it ("peercities", the first, is English and unaccents), and one that keeps words as
# written, unaccented.
CONFIG = "peercities"
LANGUAGE_CONFIGS = {
    "en": CONFIG,
    "fr": "peercities_fr",
    "es": "peercities_es",
    "pt": "peercities_pt",
}
SIMPLE_CONFIG = "peercities_simple"
# The PostgreSQL stemmers of the languages beyond English.
_STEMMERS = {"fr": "french", "es": "spanish", "pt": "portuguese"}

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


def config_for(language: str | None) -> str:
    """The text search configuration that stems `language` (English by default)."""
    return LANGUAGE_CONFIGS.get((language or "")[:2], CONFIG)


def tsquery(q: str, language: str | None = None) -> SearchQuery | None:
    """All the words of `q`, the last one as a prefix (type-ahead), stemmed in
    `language` (the active one by default) or as written; None without any word."""
    words = [word.replace("_", "") for word in query_words(q)]
    words = [word for word in words if word]
    if not words:
        return None
    terms = " & ".join([*words[:-1], f"{words[-1]}:*"])
    config = config_for(language or translation.get_language())
    # Only word characters reach to_tsquery: the query is always valid.
    return SearchQuery(terms, search_type="raw", config=config) | SearchQuery(
        terms, search_type="raw", config=SIMPLE_CONFIG
    )


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
                config=config_for(translation.get_language()),
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


def _config_sql_block(name: str, copy: str, dictionaries: str) -> str:
    return f"""
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{name}') THEN
    CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {copy});
    ALTER TEXT SEARCH CONFIGURATION {name}
      ALTER MAPPING FOR hword, hword_part, word WITH {dictionaries};
  END IF;"""


LANGUAGE_CONFIGS_SQL = (
    "DO $$ BEGIN"
    + _config_sql_block(SIMPLE_CONFIG, "simple", "unaccent, simple")
    # French, Spanish and Portuguese are stemmed with their accents: unaccented first,
    # "associações" and "associação" would no longer share a stem. A query typed
    # without accents still finds its words as written (the simple configuration).
    + "".join(
        _config_sql_block(LANGUAGE_CONFIGS[code], stemmer, f"{stemmer}_stem")
        for code, stemmer in _STEMMERS.items()
    )
    + "\nEND $$;"
)
DROP_LANGUAGE_CONFIGS_SQL = "".join(
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name};"
    for name in [SIMPLE_CONFIG, *(LANGUAGE_CONFIGS[code] for code in _STEMMERS)]
)


def _config_sql(row: str, language_column: str | None) -> str:
    if language_column is None:
        return f"'{CONFIG}'::regconfig"
    cases = " ".join(
        f"WHEN '{code}' THEN '{name}'" for code, name in LANGUAGE_CONFIGS.items() if name != CONFIG
    )
    return f"(CASE {row}.{language_column} {cases} ELSE '{CONFIG}' END)::regconfig"


def vector_sql(
    weighted: dict[str, Sequence[str]],
    row: str = "NEW",
    *,
    language_column: str | None = None,
    as_written: bool = False,
) -> str:
    """The SQL of a weighted vector of `row`'s columns: {"A": ["title"], "B": [...]},
    stemmed in the language `language_column` names (English without one) and, with
    `as_written`, also kept as written. (The first migrations stemmed in English only.)"""
    config = _config_sql(row, language_column)
    parts = []
    for weight, columns in weighted.items():
        text = " || ' ' || ".join(f"coalesce({row}.{column}, '')" for column in columns)
        parts.append(f"setweight(to_tsvector({config}, {text}), '{weight}')")
        if as_written:
            parts.append(f"setweight(to_tsvector('{SIMPLE_CONFIG}', {text}), '{weight}')")
    return " || ".join(parts)


def install_sql(
    table: str,
    weighted: dict[str, Sequence[str]],
    *,
    language_column: str | None = None,
    as_written: bool = False,
) -> list[str]:
    """Statements that keep `table.search_vector` computed from `weighted` columns by a
    trigger, fill it for the existing rows and index it (GIN)."""
    options = {"language_column": language_column, "as_written": as_written}
    return [
        f"""CREATE OR REPLACE FUNCTION {table}_search_vector_update() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
              NEW.search_vector := {vector_sql(weighted, **options)};
              RETURN NEW;
            END $$;""",
        f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table};",
        f"""CREATE TRIGGER {table}_search_vector BEFORE INSERT OR UPDATE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {table}_search_vector_update();""",
        f"UPDATE {table} SET search_vector = {vector_sql(weighted, row=table, **options)};",
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
# The column naming each row's language, where rows have one.
LANGUAGE_COLUMNS = {
    "exchanges_event": "language",
    "exchanges_roadmap": "language",
    "practices_practice": "language",
}


def current_install_sql(table: str) -> list[str]:
    """`install_sql()` for `table` as the vectors are built today."""
    return install_sql(
        table,
        SEARCHED_COLUMNS[table],
        language_column=LANGUAGE_COLUMNS.get(table),
        as_written=True,
    )


def current_vector_sql(table: str) -> str:
    return vector_sql(
        SEARCHED_COLUMNS[table],
        row=table,
        language_column=LANGUAGE_COLUMNS.get(table),
        as_written=True,
    )
