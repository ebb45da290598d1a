"""The shape of a synthetic network: how many of each object, and how they spread over
regions, languages, population classes, kinds and statuses, as in the real network."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cities.models import OrganizationKind, Region
from cities.rules import PopulationClass
from exchanges.models import ParticipationRole
from practices.models import PracticeStatus

# Every slug the generator writes starts with this, so it cannot collide with the demo.
SLUG_PREFIX = "gen-"

# The day the network is generated "on": fixed, so the same seed gives the same dates
# whatever day it runs. Events reach 18 months past it, so some stay upcoming for long.
DEFAULT_TODAY = datetime.date(2026, 11, 1)

# The languages in which a region's cities write, most common first (weights follow).
REGION_LANGUAGES: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    Region.AFRICA: (("en", "fr", "pt"), (5, 4, 2)),
    Region.AMERICAS: (("es", "pt", "en"), (5, 3, 2)),
    Region.ARAB_STATES: (("fr", "en"), (1, 1)),
    Region.ASIA_PACIFIC: (("en", "fr"), (9, 1)),
    Region.EUROPE_CENTRAL_ASIA: (("en", "fr", "es", "pt"), (4, 2, 2, 1)),
}

# Rough boxes (latitude, longitude ranges) that keep a region's cities where it lies.
REGION_BOXES: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    Region.AFRICA: ((-34.0, 35.0), (-17.0, 50.0)),
    Region.AMERICAS: ((-50.0, 60.0), (-120.0, -35.0)),
    Region.ARAB_STATES: ((12.0, 37.0), (35.0, 58.0)),
    Region.ASIA_PACIFIC: ((-40.0, 45.0), (70.0, 175.0)),
    Region.EUROPE_CENTRAL_ASIA: ((36.0, 65.0), (-10.0, 80.0)),
}

# How cities spread over the population classes (the first four cover every class).
POPULATION_CLASS_WEIGHTS: dict[str, int] = {
    PopulationClass.SMALL: 30,
    PopulationClass.INTERMEDIARY: 45,
    PopulationClass.LARGE: 12,
    PopulationClass.METROPOLIS: 13,
}
ORGANIZATION_KIND_WEIGHTS: dict[str, int] = {
    OrganizationKind.INTERNATIONAL: 8,
    OrganizationKind.DONOR: 7,
    OrganizationKind.LOCAL_GOVERNMENT_ASSOCIATION: 30,
    OrganizationKind.NATIONAL_GOVERNMENT: 12,
    OrganizationKind.WORKERS: 10,
    OrganizationKind.EMPLOYERS: 10,
    OrganizationKind.NGO: 11,
    OrganizationKind.TRAINING: 6,
    OrganizationKind.ACADEMIC: 6,
}
PRACTICE_STATUS_WEIGHTS: dict[str, int] = {
    PracticeStatus.PUBLISHED: 85,
    PracticeStatus.SUBMITTED: 5,
    PracticeStatus.DRAFT: 4,
    PracticeStatus.CHANGES_REQUESTED: 3,
    PracticeStatus.REJECTED: 3,
}
PARTICIPANT_ROLE_WEIGHTS: dict[str, int] = {
    ParticipationRole.PEER: 5,
    ParticipationRole.LEARNER: 4,
    ParticipationRole.RESOURCE: 1,
}
# SDG 8 (decent work) dominates, then the goals the source documents cite most.
SDG_WEIGHTS: dict[int, int] = dict(
    zip(range(1, 18), (6, 2, 2, 4, 6, 1, 1, 20, 4, 6, 8, 2, 2, 1, 1, 3, 5), strict=True)
)


@dataclass(frozen=True)
class NetworkSize:
    """How many of each main object to generate; the others follow from these."""

    cities: int
    events: int
    practices: int

    def __post_init__(self) -> None:
        if self.cities < 2:
            raise ValueError("a network needs at least two cities")
        if self.events < 0 or self.practices < 0:
            raise ValueError("the numbers of events and practices cannot be negative")

    @property
    def organizations(self) -> int:
        return max(10, self.cities // 25)

    @property
    def partnerships(self) -> int:
        return self.cities // 10

    @property
    def roadmaps(self) -> int:
        return self.events // 40

    @property
    def adoptions(self) -> int:
        return self.practices // 6


def describe_size(size: NetworkSize) -> str:
    return (
        f"{size.cities} cities, {size.organizations} organizations, "
        f"{size.partnerships} partnerships, {size.events} events, "
        f"{size.roadmaps} roadmaps, {size.practices} practices, {size.adoptions} adoptions"
    )
