"""Tag suggestions: which Decent Work pillars and SDGs a practice's text is about.

While an official writes a practice, `suggest_tags(text)` proposes pillars and SDGs,
each with the words of the text that triggered it, from the curated multilingual
vocabulary of `matching/data/tag_vocabulary.yaml` (English, French, Spanish,
Portuguese). Matching ignores case and accents and works on word beginnings
("entrepreneur" matches "entrepreneurship"); see the vocabulary's header for the
syntax of its keywords and how a tag's score adds up. `manage.py evaluate_tagging`
measures the suggestions against the tags of the demo practices.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.utils.translation import gettext_lazy as _

VOCABULARY_PATH = Path(__file__).resolve().parent / "data" / "tag_vocabulary.yaml"

PILLAR = "pillar"
SDG = "sdg"

# The labels of the tags, translatable (the same names as the reference data).
PILLAR_LABELS = {
    "employment": _("Employment creation and sustainable enterprises"),
    "social-protection": _("Social protection"),
    "social-dialogue": _("Social dialogue"),
    "rights-at-work": _("Fundamental principles and rights at work"),
}
SDG_LABELS = {
    1: _("No Poverty"),
    2: _("Zero Hunger"),
    3: _("Good Health and Well-being"),
    4: _("Quality Education"),
    5: _("Gender Equality"),
    6: _("Clean Water and Sanitation"),
    7: _("Affordable and Clean Energy"),
    8: _("Decent Work and Economic Growth"),
    9: _("Industry, Innovation and Infrastructure"),
    10: _("Reduced Inequalities"),
    11: _("Sustainable Cities and Communities"),
    12: _("Responsible Consumption and Production"),
    13: _("Climate Action"),
    14: _("Life Below Water"),
    15: _("Life on Land"),
    16: _("Peace, Justice and Strong Institutions"),
    17: _("Partnerships for the Goals"),
}

# Articles and prepositions a keyword's words may have between them in the text (or
# not): "creation emploi" matches "création d'emplois" and "creation of jobs" would
# match "creation jobs". "and", "et", "y", "e" are not among them: they change meaning.
SKIPPED_WORDS = frozenset(
    " ".join(
        [
            "a an the of to for in on at by with",
            "d de des du la le les l au aux un une en pour par dans avec",
            "del el los las lo al una unos unas con por para",
            "do da dos das o os ao na no nas nos em um uma pelo pela com",
        ]
    ).split(" ")
)

WORD = re.compile(r"\w+")
# A word of a keyword, `$` after it when it must match a whole word.
TERM = re.compile(r"(\w+)(\$?)")


def normalize(word: str) -> str:
    """A word without case or accents: "Odienné" -> "odienne"."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@dataclass(frozen=True)
class Term:
    """One word of a keyword: the beginning of a word of the text, or a whole word."""

    text: str
    whole_word: bool

    def matches(self, word: str) -> bool:
        return word == self.text if self.whole_word else word.startswith(self.text)


@dataclass(frozen=True)
class Keyword:
    """A keyword of the vocabulary: its spellings (each a sequence of terms), its
    weight, and the tags it counts for."""

    spellings: tuple[tuple[Term, ...], ...]
    weight: float
    tags: tuple[tuple[str, str | int], ...]
    source: str


@dataclass
class Vocabulary:
    keywords: list[Keyword]
    threshold: float
    # Keywords by the first three letters of the first term of one of their
    # spellings, so a text's word is compared with a handful of keywords only.
    index: dict[str, list[tuple[Keyword, tuple[Term, ...]]]] = field(default_factory=dict)

    def candidates(self, word: str):
        yield from self.index.get(word[:3], ())
        if len(word) < 3:
            yield from self.index.get(word, ())


@dataclass(frozen=True)
class Suggestion:
    """A suggested tag: `kind` "pillar" (key: its slug) or "sdg" (key: its number), its
    label, a score from 0 to 1, and the words of the text that triggered it."""

    kind: str
    key: str | int
    label: str
    score: float
    triggers: list[str]

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "key": self.key,
            "label": str(self.label),
            "score": self.score,
            "triggers": list(self.triggers),
        }


class VocabularyError(ValueError):
    """The vocabulary file is malformed."""


def _parse_keyword(spelling_list: str, where: str) -> tuple[tuple[Term, ...], ...]:
    spellings = []
    for spelling in str(spelling_list).split("|"):
        terms = tuple(
            Term(word, whole_word=bool(dollar))
            for word, dollar in TERM.findall(normalize(spelling))
            if word not in SKIPPED_WORDS
        )
        if not terms:
            raise VocabularyError(f"{where}: empty keyword {spelling_list!r}")
        spellings.append(terms)
    return tuple(spellings)


def _keywords_of(entry: dict, *, tags, weights: dict, where: str):
    if not isinstance(entry, dict):
        raise VocabularyError(f"{where}: expected 'strong' and 'related' keywords")
    for strength, by_language in entry.items():
        if strength not in weights:
            raise VocabularyError(f"{where}: unknown strength {strength!r}")
        for language, keywords in (by_language or {}).items():
            for keyword in keywords or []:
                yield Keyword(
                    spellings=_parse_keyword(keyword, where),
                    weight=float(weights[strength]),
                    tags=tags,
                    source=f"{where} {strength} {language}: {keyword}",
                )


def load_vocabulary(path: Path = VOCABULARY_PATH) -> Vocabulary:
    """Read and index the vocabulary file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    weights = data["weights"]
    keywords: list[Keyword] = []
    for slug, entry in (data.get("pillars") or {}).items():
        if slug not in PILLAR_LABELS:
            raise VocabularyError(f"unknown pillar {slug!r}")
        keywords += _keywords_of(entry, tags=((PILLAR, slug),), weights=weights, where=slug)
    for number, entry in (data.get("sdgs") or {}).items():
        if number not in SDG_LABELS:
            raise VocabularyError(f"unknown SDG {number!r}")
        keywords += _keywords_of(
            entry, tags=((SDG, number),), weights=weights, where=f"SDG {number}"
        )
    for position, group in enumerate(data.get("cross_cutting") or []):
        tags = tuple((PILLAR, slug) for slug in group.get("pillars", [])) + tuple(
            (SDG, number) for number in group.get("sdgs", [])
        )
        keywords += _keywords_of(
            {"strong": group["keywords"]},
            tags=tags,
            weights=weights,
            where=f"cross-cutting {position + 1}",
        )
    vocabulary = Vocabulary(keywords=keywords, threshold=float(data["threshold"]))
    for keyword in keywords:
        for spelling in keyword.spellings:
            first = spelling[0].text
            key = first[:3] if len(first) >= 3 else first
            vocabulary.index.setdefault(key, []).append((keyword, spelling))
    return vocabulary


@functools.cache
def vocabulary() -> Vocabulary:
    return load_vocabulary()


@dataclass(frozen=True)
class _Word:
    norm: str
    start: int
    end: int


def _words(text: str) -> list[_Word]:
    text = unicodedata.normalize("NFC", text)
    words = []
    for match in WORD.finditer(text):
        norm = normalize(match.group())
        if norm not in SKIPPED_WORDS:
            words.append(_Word(norm, match.start(), match.end()))
    return words


def _score(raw: float, threshold: float) -> float:
    """From 0 to 1: 0.5 at the threshold, 0.75 at twice the threshold..."""
    return round(1 - math.pow(0.5, raw / threshold), 2)


def suggest_tags(text: str, *, vocab: Vocabulary | None = None) -> list[Suggestion]:
    """The pillars and SDGs `text` is about, best first (pillars, then SDGs), each with
    the words that triggered it."""
    vocab = vocab or vocabulary()
    text = unicodedata.normalize("NFC", text or "")
    words = _words(text)
    # For each keyword found, where it was found (spans of the text).
    found: dict[Keyword, list[tuple[int, int]]] = defaultdict(list)
    for position, word in enumerate(words):
        for keyword, spelling in vocab.candidates(word.norm):
            end = position + len(spelling)
            if end > len(words):
                continue
            if all(
                term.matches(words[position + offset].norm) for offset, term in enumerate(spelling)
            ):
                found[keyword].append((word.start, words[end - 1].end))
    # Each tag counts a keyword once, and a stretch of text once: where keywords of the
    # same tag overlap ("social dialogue", "dialogue"), the longest one counts.
    matches: dict[tuple[str, str | int], list[tuple[int, int, Keyword]]] = defaultdict(list)
    for keyword, spans in found.items():
        for tag in keyword.tags:
            matches[tag] += [(start, end, keyword) for start, end in spans]
    raw: dict[tuple[str, str | int], float] = {}
    triggers: dict[tuple[str, str | int], list[tuple[int, int]]] = {}
    for tag, tag_matches in matches.items():
        tag_matches.sort(key=lambda match: (match[0] - match[1], match[0]))
        taken: list[tuple[int, int]] = []
        counted: set[Keyword] = set()
        for start, end, keyword in tag_matches:
            if any(start < other_end and other_start < end for other_start, other_end in taken):
                continue
            taken.append((start, end))
            counted.add(keyword)
        raw[tag] = sum(keyword.weight for keyword in counted)
        triggers[tag] = sorted(taken)
    suggestions = []
    for (kind, key), total in raw.items():
        if total < vocab.threshold:
            continue
        label = PILLAR_LABELS[key] if kind == PILLAR else SDG_LABELS[key]
        words_found: list[str] = []
        for start, end in triggers[(kind, key)]:
            surface = text[start:end]
            if all(normalize(surface) != normalize(other) for other in words_found):
                words_found.append(surface)
        suggestions.append(
            Suggestion(
                kind=kind,
                key=key,
                label=label,
                score=_score(total, vocab.threshold),
                triggers=words_found,
            )
        )
    order = {PILLAR: 0, SDG: 1}
    suggestions.sort(key=lambda s: (order[s.kind], -s.score, str(s.key).zfill(2)))
    return suggestions


def practice_text(practice) -> str:
    """The text of a practice the suggester reads: what its author wrote."""
    parts = [practice.title, practice.summary, practice.description]
    parts += [result.indicator for result in practice.results.all()]
    return "\n\n".join(part for part in parts if part)


@dataclass
class Score:
    """Micro-averaged precision and recall of suggestions against chosen tags."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        suggested = self.true_positives + self.false_positives
        return self.true_positives / suggested if suggested else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    def add(self, suggested: set, expected: set) -> None:
        self.true_positives += len(suggested & expected)
        self.false_positives += len(suggested - expected)
        self.false_negatives += len(expected - suggested)


@dataclass
class Evaluation:
    pillars: Score = field(default_factory=Score)
    sdgs: Score = field(default_factory=Score)
    overall: Score = field(default_factory=Score)
    # (practice, suggested tags, expected tags) for each practice evaluated.
    rows: list[tuple[object, set, set]] = field(default_factory=list)


def evaluate(practices) -> Evaluation:
    """Compare the suggestions for each practice's text with its tags (pillars and SDGs,
    prefetched), micro-averaged over all the practices."""
    evaluation = Evaluation()
    for practice in practices:
        expected = {(PILLAR, pillar.slug) for pillar in practice.pillars.all()}
        expected |= {(SDG, sdg.number) for sdg in practice.sdgs.all()}
        suggested = {(s.kind, s.key) for s in suggest_tags(practice_text(practice))}
        for kind, score in ((PILLAR, evaluation.pillars), (SDG, evaluation.sdgs)):
            score.add(
                {tag for tag in suggested if tag[0] == kind},
                {tag for tag in expected if tag[0] == kind},
            )
        evaluation.overall.add(suggested, expected)
        evaluation.rows.append((practice, suggested, expected))
    return evaluation
