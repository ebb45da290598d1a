"""One run of the generator: its random generator and the choices made with it, the
reference data it picks from, and the rows written so far that later tables refer to.

Every choice of a run comes from `rng`, in a fixed order (the steps of network.py, each
in the order of its rows), so the same seed gives the same network.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from base.models import SDG, Criterion, Pillar, Sector
from cities.models import Country, Organization

from .shape import REGION_LANGUAGES, NetworkSize
from .words import WORDS
from .writer import Writer

T = TypeVar("T")


@dataclass
class CityRow:
    pk: int
    name: str
    region: str
    country_code: str
    global_south: bool


@dataclass
class EventRow:
    pk: int
    start_date: datetime.date
    end_date: datetime.date
    status: str
    city_pks: list[int]
    organization_pks: list[int]


@dataclass
class OpenEvent:
    """An event open for registration; its number (as in the slug) names registrants."""

    number: int
    pk: int
    capacity: int
    registration_deadline: datetime.date | None
    start_date: datetime.date
    host_city_pk: int


@dataclass
class PublishedPractice:
    pk: int
    city_pk: int | None
    start_year: int | None


class Generation:
    """The state of one run and the random choices every step makes."""

    def __init__(
        self, *, rng: random.Random, size: NetworkSize, today: datetime.date, writer: Writer
    ) -> None:
        self.rng = rng
        self.size = size
        self.today = today
        self.writer = writer
        # Reference data, in a stable order so that the same seed picks the same rows.
        self.countries = list(Country.objects.order_by("code"))
        self.sectors = list(Sector.objects.order_by("slug"))
        self.pillars = list(Pillar.objects.order_by("position"))
        self.sdgs = list(SDG.objects.order_by("number"))
        self.criteria = list(Criterion.objects.order_by("slug"))
        if not (self.countries and self.sectors and self.pillars and self.sdgs):
            raise RuntimeError("reference data is missing: run the migrations first")
        # What the steps wrote, for the steps after them.
        self.organizations: list[Organization] = []
        self.cities: list[CityRow] = []
        self.cities_by_region: dict[str, list[CityRow]] = {}
        self.events: list[EventRow] = []
        self.held_events: list[EventRow] = []
        self.open_events: list[OpenEvent] = []
        self.published_practices: list[PublishedPractice] = []

    def pick(self, population: Sequence[T], weights: Sequence[int] | None = None) -> T:
        if weights is None:
            return population[self.rng.randrange(len(population))]
        return self.rng.choices(population, weights=weights, k=1)[0]

    def sample(self, population: Sequence[T], low: int, high: int) -> list[T]:
        """Between `low` and `high` distinct items (fewer if there are fewer)."""
        count = min(self.rng.randint(low, high), len(population))
        return self.rng.sample(population, count)

    def day_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        return first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))

    def moment(self, day: datetime.date) -> datetime.datetime:
        """A time of that day (working hours, UTC): deterministic, unlike now()."""
        return datetime.datetime.combine(
            day,
            datetime.time(self.rng.randint(7, 18), self.rng.randrange(60)),
            tzinfo=datetime.UTC,
        )

    def language_of(self, region: str) -> str:
        languages, weights = REGION_LANGUAGES[region]
        return self.pick(languages, weights)

    def topic(self) -> tuple[str, ...]:
        """A topic in the four languages (words.LANGUAGES)."""
        return WORDS.topics[self.rng.randrange(len(WORDS.topics))]

    def paragraph(self, language: str, topic: str, sentences: int) -> str:
        chosen = self.sample(WORDS.sentences[language], sentences, sentences)
        return " ".join(sentence.format(topic=topic) for sentence in chosen)
