"""Peer matching: "cities like mine", related practices, and the cities that could learn
from a practice.

Every match is explainable: two things are alike for named reasons ("also
intermediary", "also commerce", "also works on SDG 8"), each with its weight, and the
score of a match is the sum of the weights of its reasons. What a city works on (its
challenges) is the pillars and SDGs of its published practices and of the exchanges
it hosts or joins.

The profiles of the whole network are read in a constant number of queries (one per
relation, whatever the number of cities) and compared in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cities.models import City, Region, Sector
from cities.rules import PopulationClass, population_class

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

# How many matches a page or the API shows by default.
DEFAULT_LIMIT = 6


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


class Network:
    """The profiles of every city of the network, read in a constant number of queries,
    with the names a reason needs."""

    def __init__(self):
        # Imported here: cities is the bottom of the apps' dependencies.
        from exchanges.models import Event, Participation
        from practices.models import Pillar, Practice, PracticeStatus

        self.cities: dict[int, City] = {
            city.pk: city for city in City.objects.with_references().order_by("name")
        }
        self.sector_names = dict(Sector.objects.values_list("slug", "name"))
        self.pillar_names = dict(Pillar.objects.values_list("slug", "short_name"))
        self.profiles: dict[int, Profile] = {
            pk: Profile(
                region=city.country.region,
                global_south=city.country.global_south,
                population_class=population_class(city.population),
            )
            for pk, city in self.cities.items()
        }
        for city_id, slug in City.sectors.through.objects.values_list("city_id", "sector__slug"):
            self.profiles[city_id].sectors.add(slug)
        published = Q(practice__status=PracticeStatus.PUBLISHED, practice__city__isnull=False)
        for city_id, slug in Practice.pillars.through.objects.filter(published).values_list(
            "practice__city_id", "pillar__slug"
        ):
            self.profiles[city_id].pillars.add(slug)
        for city_id, number in Practice.sdgs.through.objects.filter(published).values_list(
            "practice__city_id", "sdg__number"
        ):
            self.profiles[city_id].sdgs.add(number)
        # The cities of each exchange: its host and its participants.
        event_cities: dict[int, set[int]] = defaultdict(set)
        for event_id, city_id in Event.objects.values_list("pk", "host_city_id"):
            event_cities[event_id].add(city_id)
        for event_id, city_id in Participation.objects.values_list("event_id", "city_id"):
            event_cities[event_id].add(city_id)
        for event_id, slug in Event.pillars.through.objects.values_list("event_id", "pillar__slug"):
            for city_id in event_cities[event_id]:
                self.profiles[city_id].pillars.add(slug)
        for event_id, number in Event.sdgs.through.objects.values_list("event_id", "sdg__number"):
            for city_id in event_cities[event_id]:
                self.profiles[city_id].sdgs.add(number)

    def reasons(self, mine: Profile, theirs: Profile) -> list[Reason]:
        """Why a city of profile `theirs` is like `mine`, most telling first."""
        reasons = []
        if mine.population_class and mine.population_class == theirs.population_class:
            reasons.append(
                Reason(
                    "population_class",
                    mine.population_class,
                    _population_class_reason(mine.population_class),
                )
            )
        if mine.region and mine.region == theirs.region:
            reasons.append(
                Reason(
                    "region",
                    mine.region,
                    _("also in %(region)s") % {"region": Region(mine.region).label},
                )
            )
        if mine.global_south is not None and mine.global_south == theirs.global_south:
            reasons.append(
                Reason(
                    "global_south",
                    mine.global_south,
                    _("also in the Global South")
                    if mine.global_south
                    else _("also outside the Global South"),
                )
            )
        for slug in sorted(mine.sectors & theirs.sectors, key=self.sector_names.get):
            name = self.sector_names[slug]
            name = name.lower()
            reasons.append(Reason("sector", slug, _("also %(sector)s") % {"sector": name}, name))
        for slug in sorted(mine.pillars & theirs.pillars, key=list(self.pillar_names).index):
            name = self.pillar_names[slug].lower()
            reasons.append(
                Reason("pillar", slug, _("also works on %(pillar)s") % {"pillar": name}, name)
            )
        for number in sorted(mine.sdgs & theirs.sdgs):
            text = ngettext(
                "also works on SDG %(numbers)s", "also works on SDGs %(numbers)s", 1
            ) % {"numbers": number}
            reasons.append(Reason("sdg", number, text, str(number)))
        return reasons

    def rank(self, mine: Profile, *, exclude=(), limit: int | None = DEFAULT_LIMIT) -> list[Match]:
        """The cities most like `mine`, best first (then by name), leaving out `exclude`
        (primary keys) and cities alike in nothing."""
        matches = []
        for pk, city in self.cities.items():
            if pk in exclude:
                continue
            reasons = self.reasons(mine, self.profiles[pk])
            if reasons:
                matches.append(Match(city, reasons))
        matches.sort(key=lambda match: (-match.score, match.object.name))
        return matches[:limit] if limit is not None else matches


def city_peers(
    city: City, *, limit: int | None = DEFAULT_LIMIT, network: Network | None = None
) -> list[Match]:
    """Cities like `city`, best first, each with the reasons."""
    network = network or Network()
    mine = network.profiles.get(city.pk) or Profile()
    return network.rank(mine, exclude={city.pk}, limit=limit)


def practice_profile(practice, network: Network) -> Profile:
    """The setting of a practice: its city's (or first country's) region, Global South
    flag and population class, with the practice's own sectors, pillars and SDGs."""
    profile = Profile(
        sectors={sector.slug for sector in practice.sectors.all()},
        pillars={pillar.slug for pillar in practice.pillars.all()},
        sdgs={sdg.number for sdg in practice.sdgs.all()},
    )
    if practice.city_id is not None and practice.city_id in network.profiles:
        city = network.profiles[practice.city_id]
        profile.region = city.region
        profile.global_south = city.global_south
        profile.population_class = city.population_class
    else:
        countries = list(practice.countries.all())
        if countries:
            profile.region = countries[0].region
            profile.global_south = countries[0].global_south
    return profile


def learning_cities(
    practice, *, limit: int | None = DEFAULT_LIMIT, network: Network | None = None
) -> list[Match]:
    """Cities that could learn from `practice`: like its city, working on its pillars,
    SDGs and sectors, leaving out its own city and the cities that already took it up.
    The practice's pillars, SDGs, sectors and countries are read from its prefetched
    relations when there are."""
    network = network or Network()
    mine = practice_profile(practice, network)
    exclude = {practice.city_id, *practice.adoptions.values_list("city_id", flat=True)}
    # A city sharing only region or size with the practice's setting is no lead: keep
    # those that share something the practice is about.
    about = {"sector", "pillar", "sdg"}
    matches = [
        match
        for match in network.rank(mine, exclude=exclude, limit=None)
        if any(reason.kind in about for reason in match.reasons)
    ]
    return matches[:limit] if limit is not None else matches


def related_practices(
    practice, *, limit: int | None = DEFAULT_LIMIT, network: Network | None = None
) -> list[Match]:
    """Published practices like `practice`: sharing its pillars, SDGs, sectors and
    exchanges, and from alike places; best first."""
    from practices.models import Practice

    network = network or Network()
    mine = practice_profile(practice, network)
    events = set(practice.events.values_list("pk", flat=True))
    candidates = (
        Practice.objects.published()
        .exclude(pk=practice.pk)
        .select_related("city__country")
        .prefetch_related("pillars", "sdgs", "sectors", "countries", "events")
    )
    matches = []
    for other in candidates:
        theirs = practice_profile(other, network)
        reasons = network.reasons(mine, theirs)
        # Only a practice sharing what this one is about is related.
        if not any(reason.kind in {"sector", "pillar", "sdg"} for reason in reasons):
            continue
        for event in other.events.all():
            if event.pk in events:
                reasons.append(
                    Reason("event", event.slug, _("also shared at %(event)s") % {"event": event})
                )
        matches.append(Match(other, reasons))
    matches.sort(key=lambda match: (-match.score, match.object.title))
    return matches[:limit] if limit is not None else matches
