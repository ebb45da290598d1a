"""Full-text search, ranked, accent-insensitive and stemmed, on PostgreSQL and on SQLite.

One API, two backends. `<app>.search.search_<models>(queryset, q)` call `search()` here;
the search page adds highlighted snippets with `with_snippets()` and `attach_snippets()`.

What is searched, the same on both: cities (name A, description C), events, roadmaps and
practices (title A, summary B, description C) and the titles (A) and summaries (B) of
their translations. Each text's words are stemmed in the language it is written in (its
`language`, or a translation's; cities, which have none, in English) and kept as
written, unaccented, as well. A query is stemmed in the reader's language and also taken
as written: so "coopérative" finds "coopératives" in a French text for a French reader,
"Odienne" finds "Odienné", and a word of another language than the reader's still finds
its own spelling. Every word must match; the last one matches as a prefix, for
type-ahead: "odi" finds "Odienné". Rows come best first, title above summary above
description.

On PostgreSQL, each table keeps a weighted `search_vector`, computed by a database
trigger whenever a row or one of its translations is written and indexed with GIN (see
the migrations that call `install_sql`), with the `peercities_<language>` text search
configurations (snowball stemmers), ranked with ts_rank, with ts_headline snippets.

On SQLite (the zero-setup default, `make run`), each table has an FTS5 index
`<table>_fts` (columns a, b, c: the weights), tokenized by `unicode61 remove_diacritics 2`
(accents folded) and kept by triggers like the PostgreSQL vector. FTS5 stems English only
(`porter`), so the stems are computed in Python with `snowballstemmer` (the same snowball
algorithms as PostgreSQL's dictionaries): the triggers call `peercities_indexed_text()`,
an SQL function every Django connection to SQLite registers (`register_sqlite_functions`),
and a query is stemmed the same way before FTS5 matches it. Ranked with bm25() and the
weights of ts_rank; snippets are made in Python (`attach_snippets`). Writing to these
tables outside Django (the sqlite3 shell) fails on the missing function: use Django.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

import snowballstemmer
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connections
from django.db.models import F, FloatField, Func, Q, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat
from django.utils import translation
from django.utils.html import escape, strip_tags
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
# The snowball stemmers of every language on SQLite, as PostgreSQL's (English: porter2).
SNOWBALL_STEMMERS = {"en": "english", **_STEMMERS}
# The weights of a search (PostgreSQL's ts_rank defaults), the columns of an FTS5 index.
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2}

# The annotations a search adds on PostgreSQL.
RANK = "search_rank"
SNIPPET = "search_snippet"

# Where ts_headline marks the words found; private-use characters that no text holds,
# replaced by <mark> once the snippet is escaped.
_START, _STOP = "\ue000", "\ue001"

_WORD = re.compile(r"\w+")
# A word as FTS5's unicode61 tokenizer cuts them: letters and digits, not "_".
_INDEXED_WORD = re.compile(r"[^\W_]+")
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


def _unaccented(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@functools.cache
def _stemmer(language: str):
    return snowballstemmer.stemmer(SNOWBALL_STEMMERS.get(language, "english"))


# Texts repeat their words: each is stemmed once (pure-Python snowball is slow).
@functools.lru_cache(maxsize=65536)
def stem(word: str, language: str | None) -> str:
    """`word` stemmed in `language` (English by default) as PostgreSQL stems it: English
    unaccented first (the "peercities" configuration), the others with their accents."""
    language = (language or "en")[:2]
    word = word.lower()
    if language not in _STEMMERS:
        word = _unaccented(word)
    return _stemmer(language).stemWord(word)


def indexed_text(language: str | None, text: str | None) -> str:
    """What an FTS5 index holds of `text` (SQLite): its words stemmed in `language`, then
    as written (the tokenizer lowercases them and folds their accents)."""
    words = _INDEXED_WORD.findall(unicodedata.normalize("NFC", text or ""))
    return " ".join([stem(word, language) for word in words] + words)


def fts5_query(q: str, language: str | None = None) -> str | None:
    """The FTS5 query of `q` (SQLite), as `tsquery()`: all its words stemmed in `language`
    (the active one by default), or all as written, the last one as a prefix; None
    without any word."""
    words = _INDEXED_WORD.findall(unicodedata.normalize("NFC", " ".join(query_words(q))))
    if not words:
        return None
    language = language or translation.get_language()

    def every(terms: list[str]) -> str:
        # Only letters and digits reach the quotes: the query is always valid.
        return " AND ".join([*(f'"{term}"' for term in terms[:-1]), f'"{terms[-1]}"*'])

    stems = [stem(word, language) for word in words]
    return f"({every(stems)}) OR ({every([word.lower() for word in words])})"


class Bm25(Func):
    """A row's rank in its FTS5 index for `match` (SQLite): bm25() with the weights of
    ts_rank, negated so that, as ts_rank, more is better."""

    output_field = FloatField()

    def __init__(self, index: str, match: str):
        super().__init__(F("pk"), Value(match))
        self.index = index

    def as_sql(self, compiler, connection, **extra_context):
        pk, match = self.get_source_expressions()
        pk_sql, pk_params = compiler.compile(pk)
        match_sql, match_params = compiler.compile(match)
        weights = ", ".join(str(weight) for weight in WEIGHTS.values())
        sql = (
            f"(SELECT -bm25({self.index}, {weights}) FROM {self.index} "
            f"WHERE {self.index} MATCH {match_sql} AND rowid = {pk_sql})"
        )
        return sql, (*match_params, *pk_params)


def search(queryset: QuerySet, q: str, *, fields: Sequence[str]) -> QuerySet:
    """The rows of `queryset` matching `q` through their search vector (PostgreSQL) or
    FTS5 index (SQLite), annotated with `search_rank` and ordered by it (best first, then
    the model's order). A query without any word (punctuation) looks for itself in
    `fields`."""
    q = (q or "").strip()
    vendor = connections[queryset.db].vendor
    ordering = (f"-{RANK}", *queryset.model._meta.ordering, "pk")
    if vendor == "postgresql" and (query := tsquery(q)) is not None:
        return (
            queryset.filter(search_vector=query)
            .annotate(**{RANK: SearchRank(F("search_vector"), query)})
            .order_by(*ordering)
        )
    if vendor == "sqlite" and (match := fts5_query(q)) is not None:
        index = fts5_table(queryset.model._meta.db_table)
        matching = RawSQL(f"SELECT rowid FROM {index} WHERE {index} MATCH %s", [match])
        return (
            queryset.filter(pk__in=matching)
            .annotate(**{RANK: Bm25(index, match)})
            .order_by(*ordering)
        )
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": q})
    return queryset.filter(condition)


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


def _matcher(q: str, text_language: str | None):
    """Whether a word of a text in `text_language` matches a word of `q`, as the index
    has it: as written or stemmed, unaccented, the last word of `q` as a prefix."""
    reader = translation.get_language()
    words = _INDEXED_WORD.findall(unicodedata.normalize("NFC", " ".join(query_words(q))))
    written = [_unaccented(word.lower()) for word in words]
    stems = [_unaccented(stem(word, reader)) for word in words]

    def matches(word: str) -> bool:
        forms = (_unaccented(word.lower()), _unaccented(stem(word, text_language)))
        for index, terms in enumerate(zip(written, stems, strict=True)):
            last = index == len(written) - 1
            for form in forms:
                if any(form == term or (last and form.startswith(term)) for term in terms):
                    return True
        return False

    return matches


def _highlighted(text: str, q: str, language: str | None = None, *, words: int = 35) -> str:
    """The start of `text` around the first word that matches `q`, escaped, each word that
    matches marked: the snippet where the database makes none (SQLite). Without tags or
    Markdown, as PostgreSQL's ts_headline shows it."""
    text = " ".join(_MARKUP.sub("", strip_tags(text or "")).split())
    matches = _matcher(q, language)
    # The text as (word, what follows it) pieces, whose matching words are marked.
    pieces = re.findall(r"([^\W_]*)([\W_]*)", text)
    pieces = [(word, rest) for word, rest in pieces if word or rest]
    found = [i for i, (word, _rest) in enumerate(pieces) if word and matches(word)]
    first = found[0] if found else 0
    start = 0
    spaces = 0
    for i in range(first, 0, -1):
        spaces += pieces[i - 1][1].count(" ")
        if spaces > 8:
            start = i
            break
    html, shown = [], 0
    for i, (word, rest) in enumerate(pieces[start:], start=start):
        part = escape(word)
        html.append(f"<mark>{part}</mark>" if word and matches(word) else part)
        shown += rest.count(" ")
        if shown >= words and i + 1 < len(pieces):
            html.append(" …")
            break
        html.append(escape(rest))
    return mark_safe(("… " if start else "") + "".join(html).strip())


def attach_snippets(hits, q: str, *, fields: Sequence[str]) -> list:
    """Set `snippet` (safe HTML) on each hit: its `search_snippet` where the query was
    annotated with `with_snippets()`, else its `fields` with the words that match `q`
    marked (stemmed in the hit's `language`)."""
    for hit in hits:
        if hasattr(hit, SNIPPET):
            hit.snippet = snippet(hit)
        else:
            text = " … ".join(getattr(hit, field) or "" for field in fields)
            hit.snippet = _highlighted(text, q, getattr(hit, "language", None))
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


def _translations_sql(translations: tuple[str, str] | None) -> str:
    """The PL/pgSQL that adds the vectors of each translation of NEW, in its language."""
    if translations is None:
        return ""
    table, key = translations
    vector = vector_sql(TRANSLATED_COLUMNS, "item", language_column="language", as_written=True)
    return f"""
              FOR item IN SELECT language, title, summary FROM {table}
                          WHERE {key} = NEW.id LOOP
                NEW.search_vector := NEW.search_vector || {vector};
              END LOOP;"""


def install_sql(
    table: str,
    weighted: dict[str, Sequence[str]],
    *,
    language_column: str | None = None,
    as_written: bool = False,
    translations: tuple[str, str] | None = None,
) -> list[str]:
    """Statements that keep `table.search_vector` computed from `weighted` columns (and
    the title and summary of the `translations` table, foreign key: (table, column)) by
    triggers, fill it for the existing rows and index it (GIN)."""
    options = {"language_column": language_column, "as_written": as_written}
    statements = [
        f"""CREATE OR REPLACE FUNCTION {table}_search_vector_update() RETURNS trigger
            LANGUAGE plpgsql AS $$
            DECLARE item record;
            BEGIN
              NEW.search_vector := {vector_sql(weighted, **options)};{
            _translations_sql(translations)
        }
              RETURN NEW;
            END $$;""",
        f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table};",
        f"""CREATE TRIGGER {table}_search_vector BEFORE INSERT OR UPDATE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {table}_search_vector_update();""",
    ]
    if translations is not None:
        translation_table, key = translations
        # A translation written: its text's own trigger recomputes the text's vector.
        statements += [
            f"""CREATE OR REPLACE FUNCTION {translation_table}_search_vector_update()
                RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP <> 'INSERT' THEN
                    UPDATE {table} SET search_vector = NULL WHERE id = OLD.{key};
                  END IF;
                  IF TG_OP <> 'DELETE' THEN
                    UPDATE {table} SET search_vector = NULL WHERE id = NEW.{key};
                  END IF;
                  RETURN NULL;
                END $$;""",
            f"DROP TRIGGER IF EXISTS {translation_table}_search_vector ON {translation_table};",
            f"""CREATE TRIGGER {translation_table}_search_vector
                AFTER INSERT OR UPDATE OR DELETE ON {translation_table}
                FOR EACH ROW EXECUTE FUNCTION {translation_table}_search_vector_update();""",
        ]
    return [
        *statements,
        refresh_sql(table),
        f"CREATE INDEX IF NOT EXISTS {table}_search_vector_gin ON {table} "
        "USING gin (search_vector);",
    ]


def refresh_sql(table: str) -> str:
    """Recompute every vector of `table` (PostgreSQL): its trigger computes it on update."""
    return f"UPDATE {table} SET search_vector = NULL;"


def uninstall_sql(table: str) -> list[str]:
    statements = [
        f"DROP INDEX IF EXISTS {table}_search_vector_gin;",
        f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table};",
        f"DROP FUNCTION IF EXISTS {table}_search_vector_update();",
    ]
    if table in TRANSLATION_TABLES:
        translation_table, _key = TRANSLATION_TABLES[table]
        statements += [
            f"DROP TRIGGER IF EXISTS {translation_table}_search_vector ON {translation_table};",
            f"DROP FUNCTION IF EXISTS {translation_table}_search_vector_update();",
        ]
    return statements


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


# The translations of each table's rows: (table, foreign key column). Their titles and
# summaries are searched as their text's own, at the same weights.
TRANSLATION_TABLES = {
    "exchanges_event": ("exchanges_eventtranslation", "event_id"),
    "exchanges_roadmap": ("exchanges_roadmaptranslation", "roadmap_id"),
    "practices_practice": ("practices_practicetranslation", "practice_id"),
}
TRANSLATED_COLUMNS = {"A": ["title"], "B": ["summary"]}


def current_install_sql(table: str) -> list[str]:
    """`install_sql()` for `table` as the vectors are built today (PostgreSQL)."""
    return install_sql(
        table,
        SEARCHED_COLUMNS[table],
        language_column=LANGUAGE_COLUMNS.get(table),
        as_written=True,
        translations=TRANSLATION_TABLES.get(table),
    )


# SQLite: an FTS5 index per table, kept by triggers (see the module's docstring).

SQLITE_TEXT_FUNCTION = "peercities_indexed_text"


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """Give each new SQLite connection the function its search triggers call
    (a `connection_created` receiver)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_TEXT_FUNCTION, 2, indexed_text, deterministic=True
        )


def fts5_table(table: str) -> str:
    return f"{table}_fts"


def _sqlite_weight_sql(table: str, weight: str) -> str:
    """The SQL of the text of row `p` of `table` that the index holds at `weight`."""
    language = f"p.{LANGUAGE_COLUMNS[table]}" if table in LANGUAGE_COLUMNS else "'en'"
    parts = [
        f"{SQLITE_TEXT_FUNCTION}({language}, p.{column})"
        for column in SEARCHED_COLUMNS[table].get(weight, [])
    ]
    if table in TRANSLATION_TABLES:
        translation_table, key = TRANSLATION_TABLES[table]
        parts += [
            f"(SELECT group_concat({SQLITE_TEXT_FUNCTION}(t.language, t.{column}), ' ') "
            f"FROM {translation_table} t WHERE t.{key} = p.id)"
            for column in TRANSLATED_COLUMNS.get(weight, [])
        ]
    if not parts:
        return "''"
    return " || ' ' || ".join(f"coalesce({part}, '')" for part in parts)


def sqlite_index_sql(table: str, where: str = "") -> str:
    """Index the rows of `table` (those `where` selects, in terms of its row `p`)."""
    columns = ", ".join(_sqlite_weight_sql(table, weight) for weight in WEIGHTS)
    return (
        f"INSERT INTO {fts5_table(table)} (rowid, a, b, c) "
        f"SELECT p.id, {columns} FROM {table} p {where}"
    )


def _sqlite_reindex_sql(table: str, ids: str) -> str:
    return (
        f"DELETE FROM {fts5_table(table)} WHERE rowid IN ({ids}); "
        f"{sqlite_index_sql(table, f'WHERE p.id IN ({ids})')};"
    )


def _sqlite_triggers(table: str) -> dict[str, str]:
    """The triggers that keep `table`'s FTS5 index current, by name: on its rows and on
    their translations."""
    index = fts5_table(table)
    columns = [*(c for cs in SEARCHED_COLUMNS[table].values() for c in cs)]
    if table in LANGUAGE_COLUMNS:
        columns.append(LANGUAGE_COLUMNS[table])
    triggers = {
        f"{table}_fts_insert": f"AFTER INSERT ON {table} BEGIN "
        f"{_sqlite_reindex_sql(table, 'NEW.id')} END",
        f"{table}_fts_update": f"AFTER UPDATE OF id, {', '.join(columns)} ON {table} BEGIN "
        f"{_sqlite_reindex_sql(table, 'OLD.id, NEW.id')} END",
        f"{table}_fts_delete": f"AFTER DELETE ON {table} BEGIN "
        f"DELETE FROM {index} WHERE rowid = OLD.id; END",
    }
    if table in TRANSLATION_TABLES:
        translations, key = TRANSLATION_TABLES[table]
        triggers |= {
            f"{translations}_fts_insert": f"AFTER INSERT ON {translations} BEGIN "
            f"{_sqlite_reindex_sql(table, f'NEW.{key}')} END",
            f"{translations}_fts_update": f"AFTER UPDATE ON {translations} BEGIN "
            f"{_sqlite_reindex_sql(table, f'OLD.{key}, NEW.{key}')} END",
            f"{translations}_fts_delete": f"AFTER DELETE ON {translations} BEGIN "
            f"{_sqlite_reindex_sql(table, f'OLD.{key}')} END",
        }
    return triggers


def sqlite_create_index_sql(table: str) -> str:
    """Create `table`'s FTS5 index (SQLite): the migrations do, the triggers that fill it
    come with `install_sqlite_triggers`."""
    return (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts5_table(table)} USING fts5"
        "(a, b, c, tokenize = 'unicode61 remove_diacritics 2')"
    )


def sqlite_drop_index_sql(table: str) -> list[str]:
    return [
        *(f"DROP TRIGGER IF EXISTS {name}" for name in _sqlite_triggers(table)),
        f"DROP TABLE IF EXISTS {fts5_table(table)}",
    ]


def sqlite_refresh_sql(table: str) -> list[str]:
    """Rebuild `table`'s FTS5 index from its rows (SQLite)."""
    return [f"DELETE FROM {fts5_table(table)}", sqlite_index_sql(table)]


def _indexed_tables(connection) -> list[str]:
    existing = set(connection.introspection.table_names())
    return [table for table in SEARCHED_COLUMNS if fts5_table(table) in existing]


# The triggers reference each other's tables (a translation reindexes its text), which
# SQLite refuses while Django's schema editor remakes a table to alter it (it drops the
# table, then renames the new one in its place). So they are off during `migrate`: dropped
# before it runs, put back and the indexes rebuilt after it, whatever the migrations did.


def drop_sqlite_triggers(sender, using, **kwargs) -> None:
    """Drop the triggers of the FTS5 indexes before migrations (a `pre_migrate` receiver)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table in SEARCHED_COLUMNS:
            for name in _sqlite_triggers(table):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def install_sqlite_triggers(sender, using, **kwargs) -> None:
    """Create the triggers of the FTS5 indexes the migrations made and rebuild them (a
    `post_migrate` receiver)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table in _indexed_tables(connection):
            for name, body in _sqlite_triggers(table).items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                cursor.execute(f"CREATE TRIGGER {name} {body}")
            for statement in sqlite_refresh_sql(table):
                cursor.execute(statement)


def run_on_sqlite(statements):
    """A RunPython function that runs `statements` on SQLite and nothing elsewhere."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run
