"""The words of the synthetic network, read once, at import, from the files of data/:
city names by region (city_names.yaml), organization names by kind
(organization_names.yaml), the themes of exchanges and practices (topics.csv) and the
texts around them (texts.yaml) in English, French, Spanish and Portuguese, and the
indicators of practices' results (indicators.csv).

A file that misses a region, a kind or a language fails when it is read, naming what it
misses, rather than halfway through a generation.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from cities.models import OrganizationKind, Region

DATA_DIR = Path(__file__).resolve().parent / "data"

# The languages of the texts, in the order of topics.csv's columns.
LANGUAGES = ("en", "fr", "es", "pt")


class WordListError(Exception):
    """A word list is missing or lacks what the generator needs."""


class NameParts(NamedTuple):
    prefixes: tuple[str, ...]
    roots: tuple[str, ...]
    endings: tuple[str, ...]


@dataclass(frozen=True)
class Words:
    name_parts: dict[str, NameParts]  # by region
    organization_words: dict[str, tuple[str, ...]]  # by organization kind
    topics: tuple[tuple[str, ...], ...]  # each in the LANGUAGES, in their order
    indicators: tuple[tuple[str, ...], ...]  # (indicator, unit)
    # The texts, by language:
    event_titles: dict[str, str]
    practice_titles: dict[str, tuple[str, ...]]
    city_descriptions: dict[str, str]
    sentences: dict[str, tuple[str, ...]]


def read_words(directory: Path = DATA_DIR) -> Words:
    """The word lists of `directory`; WordListError names a file and what it lacks."""
    names = _for_each("city_names.yaml", _read_yaml(directory / "city_names.yaml"), Region.values)
    organizations = _for_each(
        "organization_names.yaml",
        _read_yaml(directory / "organization_names.yaml"),
        OrganizationKind.values,
    )
    texts = _read_yaml(directory / "texts.yaml")

    def by_language(section: str) -> dict[str, Any]:
        return _for_each(f"texts.yaml, {section}", texts.get(section) or {}, LANGUAGES)

    return Words(
        name_parts={
            region: NameParts(
                prefixes=tuple(parts["prefixes"]),
                roots=tuple(parts["roots"]),
                endings=tuple(parts["endings"]),
            )
            for region, parts in names.items()
        },
        organization_words={kind: tuple(words) for kind, words in organizations.items()},
        topics=_read_csv(directory / "topics.csv", LANGUAGES),
        indicators=_read_csv(directory / "indicators.csv", ("indicator", "unit")),
        event_titles=by_language("event_title"),
        practice_titles={
            language: tuple(titles) for language, titles in by_language("practice_titles").items()
        },
        city_descriptions=by_language("city_description"),
        sentences={
            language: tuple(sentences) for language, sentences in by_language("sentences").items()
        },
    )


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise WordListError(f"{path.name}: {error}") from error
    if not isinstance(content, dict):
        raise WordListError(f"{path.name}: expected a mapping")
    return content


def _read_csv(path: Path, columns: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    try:
        with path.open(encoding="utf-8", newline="") as file:
            reader = csv.DictReader(file)
            if tuple(reader.fieldnames or ()) != columns:
                raise WordListError(f"{path.name}: expected the columns {', '.join(columns)}")
            rows = tuple(tuple(row[column] for column in columns) for row in reader)
    except OSError as error:
        raise WordListError(f"{path.name}: {error}") from error
    if not rows:
        raise WordListError(f"{path.name}: no rows")
    return rows


def _for_each(name: str, content: dict[str, Any], keys: list[str] | tuple[str, ...]) -> dict:
    """`content`'s entry for each of `keys` (regions, kinds or languages), none empty."""
    missing = [key for key in keys if not content.get(key)]
    if missing:
        raise WordListError(f"{name}: nothing for {', '.join(missing)}")
    return {key: content[key] for key in keys}


WORDS = read_words()
