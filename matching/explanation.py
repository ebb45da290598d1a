"""Why two things are alike: the reasons of a match, each with its weight, and the
profiles (setting and tags) they are read from.

Every match is explainable: two things are alike for named reasons ("also
intermediary", "also commerce", "also works on SDG 8"), each with its weight, and the
score of a match is the sum of the weights of its reasons. What a city works on (its
challenges, matching.challenges) is the pillars and SDGs of its published practices and
of the exchanges it hosts or joins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from base.models import Pillar, Sector
from cities.models import City, Region
from cities.rules import PopulationClass, population_class

from .challenges import flush_pending
from .models import ChallengeKind, CityChallenge

# The weight of each kind of reason in a similarity score.
WEIGHTS = {
    "population_class": 2.0,
    "region": 1.5,
    "global_south": 1.0,
    "sector": 1.0,
    "pillar": 1.0,
    "sdg": 0.5,
    "event": 1.0,
}

# Reasons of these kinds are summarized together on a page.
GROUPED = ("sector", "pillar", "sdg")

# What a city or practice is about: a match must share one of these to be a lead or related.
ABOUT = ("sector", "pillar", "sdg")

# How many matches a page or the API shows by default.
DEFAULT_LIMIT = 6


def region_reason(region: str) -> str:
    """ "Also in" a region: one phrase per region, since the preposition and article agree
    with the region's name ("en Afrique", "dans les Amériques"; "na África", "nas
    Américas", "nos Estados Árabes")."""
    return {
        Region.AFRICA: pgettext("a city also in a region", "also in Africa"),
        Region.AMERICAS: pgettext("a city also in a region", "also in the Americas"),
        Region.ARAB_STATES: pgettext("a city also in a region", "also in the Arab States"),
        Region.ASIA_PACIFIC: pgettext("a city also in a region", "also in Asia and the Pacific"),
        Region.EUROPE_CENTRAL_ASIA: pgettext(
            "a city also in a region", "also in Europe and Central Asia"
        ),
    }[region]


def _population_class_reason(klass: str) -> str:
    return {
        PopulationClass.SMALL: _("also a small city"),
        PopulationClass.INTERMEDIARY: _("also intermediary"),
        PopulationClass.LARGE: _("also a large city"),
        PopulationClass.METROPOLIS: _("also a metropolis"),
    }[klass]


@dataclass(frozen=True)
class Reason:
    """Why two things are alike: `kind` (a key of WEIGHTS), `key` (what they share: a
    region, a sector's slug, a pillar's slug, an SDG's number...) and its text."""

    kind: str
    key: str | int | bool
    text: str
    # The name of what is shared, to summarize several reasons of a kind in one.
    name: str = ""

    @property
    def weight(self) -> float:
        return WEIGHTS[self.kind]

    def as_dict(self) -> dict:
        return {"kind": self.kind, "key": self.key, "text": str(self.text)}

    def __str__(self):
        return str(self.text)


@dataclass
class Profile:
    """What a city (or a practice's setting) is like and what it works on."""

    region: str | None = None
    global_south: bool | None = None
    population_class: str | None = None
    sectors: set[str] = field(default_factory=set)
    pillars: set[str] = field(default_factory=set)
    sdgs: set[int] = field(default_factory=set)


@dataclass
class Match:
    """A city or practice like another one, with its score and the reasons."""

    object: object
    reasons: list[Reason]

    @property
    def score(self) -> float:
        return sum(reason.weight for reason in self.reasons)


def summarize(reasons: list[Reason]) -> list[str]:
    """The reasons in short, for a page: the shared sectors, the shared pillars and the
    shared SDGs each in one phrase ("also commerce, tourism", "also works on SDGs 3, 8")."""
    summary: list[str] = []
    groups: dict[str, list[Reason]] = {}
    for reason in reasons:
        if reason.kind in GROUPED:
            if reason.kind not in groups:
                groups[reason.kind] = []
                summary.append(reason.kind)  # its place, filled in below
            groups[reason.kind].append(reason)
        else:
            summary.append(str(reason))
    phrases = {
        "sector": lambda group: (
            _("also %(sector)s") % {"sector": ", ".join(reason.name for reason in group)}
        ),
        "pillar": lambda group: (
            _("also works on %(pillar)s") % {"pillar": ", ".join(reason.name for reason in group)}
        ),
        "sdg": lambda group: (
            ngettext("also works on SDG %(numbers)s", "also works on SDGs %(numbers)s", len(group))
            % {"numbers": ", ".join(reason.name for reason in group)}
        ),
    }
    return [phrases[item](groups[item]) if item in groups else item for item in summary]


class Names:
    """The names a reason needs: the sectors' and the pillars' (in the pillars' order)."""

    def __init__(self):
        self.sectors = dict(Sector.objects.values_list("slug", "name"))
        self.pillars = dict(Pillar.objects.values_list("slug", "short_name"))


def reasons(mine: Profile, theirs: Profile, names: Names) -> list[Reason]:
    """Why a thing of profile `theirs` is like `mine`, most telling first."""
    found = []
    if mine.population_class and mine.population_class == theirs.population_class:
        found.append(
            Reason(
                "population_class",
                mine.population_class,
                _population_class_reason(mine.population_class),
            )
        )
    if mine.region and mine.region == theirs.region:
        found.append(
            Reason(
                "region",
                mine.region,
                region_reason(mine.region),
            )
        )
    if mine.global_south is not None and mine.global_south == theirs.global_south:
        found.append(
            Reason(
                "global_south",
                mine.global_south,
                _("also in the Global South")
                if mine.global_south
                else _("also outside the Global South"),
            )
        )
    for slug in sorted(mine.sectors & theirs.sectors, key=names.sectors.get):
        # str(): the name in the reader's language (base.reference), then lowered.
        name = str(names.sectors[slug]).lower()
        found.append(Reason("sector", slug, _("also %(sector)s") % {"sector": name}, name))
    for slug in sorted(mine.pillars & theirs.pillars, key=list(names.pillars).index):
        name = str(names.pillars[slug]).lower()
        found.append(Reason("pillar", slug, _("also works on %(pillar)s") % {"pillar": name}, name))
    for number in sorted(mine.sdgs & theirs.sdgs):
        text = ngettext("also works on SDG %(numbers)s", "also works on SDGs %(numbers)s", 1) % {
            "numbers": number
        }
        found.append(Reason("sdg", number, text, str(number)))
    return found


# --- profiles ----------------------------------------------------------------------------


def _place(city: City | None, profile: Profile) -> Profile:
    if city is not None:
        profile.region = city.country.region
        profile.global_south = city.country.global_south
        profile.population_class = population_class(city.population)
    return profile


def city_profiles(cities: Iterable[City]) -> dict[int, Profile]:
    """The profiles of `cities` (with their countries), in two queries."""
    flush_pending()
    cities = list(cities)
    profiles = {city.pk: _place(city, Profile()) for city in cities}
    for city_id, slug in City.sectors.through.objects.filter(city__in=profiles).values_list(
        "city_id", "sector__slug"
    ):
        profiles[city_id].sectors.add(slug)
    for city_id, kind, key in CityChallenge.objects.filter(city__in=profiles).values_list(
        "city_id", "kind", "key"
    ):
        if kind == ChallengeKind.PILLAR:
            profiles[city_id].pillars.add(key)
        else:
            profiles[city_id].sdgs.add(int(key))
    return profiles


def practice_profile(practice) -> Profile:
    """The setting of a practice: its city's (or first country's) region, Global South
    flag and population class, with the practice's own sectors, pillars and SDGs (read
    from its prefetched relations when there are)."""
    profile = Profile(
        sectors={sector.slug for sector in practice.sectors.all()},
        pillars={pillar.slug for pillar in practice.pillars.all()},
        sdgs={sdg.number for sdg in practice.sdgs.all()},
    )
    if practice.city_id is not None:
        return _place(practice.city, profile)
    countries = list(practice.countries.all())
    if countries:
        profile.region = countries[0].region
        profile.global_south = countries[0].global_south
    return profile
