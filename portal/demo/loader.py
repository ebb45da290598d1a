"""Load the demo network (the cities, organizations, events, roadmap, partnerships
and good practices of the seed documents) from the YAML files of this folder.

The YAML holds data only and refers to other objects by natural key: slugs,
countries by ISO code, SDGs by number. Loading is idempotent: objects are matched
by natural key and saved only when something differs, so a second run writes
nothing (and adds nothing to the practices' history).

`TABLES` says how each section becomes rows: its model, the natural key that finds an
item's row, its fields (values, references by natural key, conversions), its
many-to-many relations and its child tables (an event's participants, a roadmap's
commitments and actions, an action's updates, a practice's results, translations). One
generic upsert walks it; what is particular to one table is a small named function
hooked on it (an event's modality, a partnership's two cities).
"""

from __future__ import annotations

import copy
import datetime
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import yaml
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone

from base.models import SDG, Convention, Criterion, LearningFormat, LearningStage, Pillar, Sector
from cities.models import City, Country, Organization, Partnership, Place
from exchanges.models import (
    DEFAULT_REGISTRATIONS_PER_OFFICIAL,
    Action,
    ActionUpdate,
    Commitment,
    CountryParticipation,
    DelegationMember,
    Event,
    EventTranslation,
    LearningNote,
    OrganizationParticipation,
    Participation,
    ParticipationRole,
    ProgressReport,
    Roadmap,
    RoadmapTranslation,
)
from exchanges.rules import Backer, Party, decide_modality
from matching.models import Challenge
from practices.models import (
    Adoption,
    AdoptionStageChange,
    Practice,
    PracticeTargetGroup,
    PracticeTranslation,
    Result,
)
from practices.transfer import transition_error
from sources.models import Citation, Quote, Source

DEMO_DIR = Path(__file__).resolve().parent


class DemoDataError(Exception):
    """The demo data names an unknown object or describes an invalid one."""


Item = Mapping[str, Any]


# How the YAML maps to the models


@dataclass(frozen=True)
class Ref:
    """A reference by natural key: the object of `model` whose `by` field is the YAML's
    value; with `within_parent`, among the objects of the item's parent only (an action's
    commitment is a number within its roadmap)."""

    model: type[models.Model]
    by: str = "slug"
    within_parent: str | None = None


@dataclass(frozen=True)
class Field:
    """How one key of an item becomes the model field of the same name: the YAML's
    value, or `default` when the key is absent; a reference resolved, or a conversion."""

    required: bool = False
    default: Any = None
    ref: Ref | None = None
    convert: Callable[[Any], Any] | None = None


REQUIRED = Field(required=True)


def optional(default: Any = None) -> Field:
    return Field(default=default)


def ref(
    model: type[models.Model],
    by: str = "slug",
    *,
    required: bool = False,
    within_parent: str | None = None,
) -> Field:
    return Field(required=required, ref=Ref(model, by, within_parent))


@dataclass
class Row:
    """An item read: what the special cases of a table see before it is saved."""

    item: Item
    where: str
    values: dict[str, Any]
    many: dict[str, list[models.Model]]


@dataclass(frozen=True)
class Table:
    """How the items of a section, or the children of an item, become rows of `model`.

    The row of an item is found by its `key` fields (and its parent, for a child) and
    updated to its other `fields`; then its `many` relations are set and its `children`
    loaded, each in the order given. Children come as a list, or with `keyed_by` as a
    mapping whose keys fill that field (translations by language); with `position`, a
    list whose order numbers them from 1 into that field, their key. With `replace`, the
    rows of a parent that its item no longer lists (within `scope`) are deleted.
    """

    model: type[models.Model]
    kind: str  # what the load counts the rows as
    label: str  # how an error names an item, with its `label_keys`
    key: tuple[str, ...]
    fields: Mapping[str, Field]
    many: Mapping[str, Field] = field(default_factory=dict)
    children: Mapping[str, Table] = field(default_factory=dict)
    label_keys: tuple[str, ...] | None = None  # the key fields when None
    parent: str | None = None  # a child's foreign key to its parent
    generic: bool = False  # the parent is a generic foreign key (content type and id)
    position: str | None = None
    keyed_by: str | None = None
    replace: bool = False
    scope: Mapping[str, Any] = field(default_factory=dict)
    clean_exclude: tuple[str, ...] = ()
    prepare: Callable[[Row], None] | None = None  # before the row is saved
    finish: Callable[[Any], None] | None = None  # after its relations and children

    @property
    def names(self) -> tuple[str, ...]:
        if self.label_keys is not None:
            return self.label_keys
        return tuple(name for name in self.key if name in self.fields)


def _moment(value: datetime.date | datetime.datetime | None) -> datetime.datetime | None:
    """A YAML date or timestamp as an aware datetime; dates and naive times count as UTC."""
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time.min)
    return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)


def _day(value: datetime.date | Mapping | None) -> datetime.date | None:
    """A YAML date, or `{days_from_today: N}` for the example exchange that must stay
    upcoming whenever the demo is loaded (each load moves it along)."""
    if isinstance(value, Mapping):
        if set(value) != {"days_from_today"} or not isinstance(value["days_from_today"], int):
            raise DemoDataError(f"expected a date or {{days_from_today: N}}, got {value!r}")
        return timezone.localdate() + datetime.timedelta(days=value["days_from_today"])
    return value


def _two_parties_or_more(row: Row) -> None:
    if len(row.many["cities"]) + len(row.many["organizations"]) < 2:
        raise DemoDataError(f"{row.where}: a partnership needs two parties or more")


def _listed(item: Item, children: str, key: str, ref: Ref, *, where: str) -> list[tuple]:
    """The objects an item's children name by `key`, with each child's role."""
    children = [child for child in item.get(children) or [] if isinstance(child, Mapping)]
    objects = _resolve_many(ref, [child.get(key) for child in children], where=where)
    return [(obj, child.get("role")) for obj, child in zip(objects, children, strict=True)]


def _event_modality(row: Row) -> None:
    """The modality is required before the participations can be saved, so the rule is
    applied here to the YAML's parties; `Event.refresh_modality()`, once they are saved,
    recomputes it from the saved event. A modality in the YAML overrides the rule."""
    donor = ParticipationRole.DONOR
    cities = _listed(row.item, "participants", "city", Ref(City), where=row.where)
    countries = _listed(row.item, "countries", "country", Ref(Country, by="code"), where=row.where)
    organizations = row.many["organizers"] + row.many["supporters"]
    organizations += [
        org
        for org, _role in _listed(
            row.item, "organization_roles", "organization", Ref(Organization), where=row.where
        )
    ]
    parties = [Party(c.name, c.country.global_south, role == donor) for c, role in cities]
    parties += [Party(c.name, c.global_south, role == donor) for c, role in countries]
    backers = [Backer(org.name, org.multilateral, org.is_northern) for org in {*organizations}]
    host = row.values["host_city"]
    venue_only = not parties and backers and all(b.multilateral for b in backers)
    if not venue_only and host not in {city for city, _role in cities}:
        parties.append(Party(host.name, host.country.global_south))
    row.values["modality_overridden"] = "modality" in row.item
    row.values["modality"] = (
        row.values["modality"] or decide_modality(parties=parties, backers=backers).modality
    )


def _refresh_modality(event: Event) -> None:
    event.refresh_modality()


def _translations(model: type[models.Model]) -> Table:
    """An item's `translations`: {language: {title, summary}}; others are deleted."""
    return Table(
        model=model,
        kind="translations",
        label="translation",
        key=("language",),
        keyed_by="language",
        parent=model.parent,
        replace=True,
        fields={"title": REQUIRED, "summary": optional("")},
    )


DELEGATION = Table(
    model=DelegationMember,
    kind="delegation groups",
    label="delegation group",
    key=("category",),
    parent="participation",
    replace=True,
    fields={"category": REQUIRED, "count": optional()},
)

PARTICIPATIONS = Table(
    model=Participation,
    kind="participations",
    label="participant",
    key=("city",),
    parent="event",
    fields={
        "city": ref(City, required=True),
        "role": REQUIRED,
        "delegation_size": optional(),
        "notes": optional(""),
    },
    children={"composition": DELEGATION},
)

COUNTRY_PARTICIPATIONS = Table(
    model=CountryParticipation,
    kind="country participations",
    label="country",
    key=("country",),
    parent="event",
    replace=True,
    fields={
        "country": ref(Country, by="code", required=True),
        "role": optional("peer"),
        "notes": optional(""),
    },
)

ORGANIZATION_PARTICIPATIONS = Table(
    model=OrganizationParticipation,
    kind="organization roles",
    label="organization role",
    key=("organization", "role"),
    parent="event",
    replace=True,
    fields={
        "organization": ref(Organization, required=True),
        "role": REQUIRED,
        "notes": optional(""),
    },
)

# The sources name no one: the demo's updates have no author (`by` is empty, as for an
# account since deleted) and are matched by their time. Updates people record on the
# site, with an author, are left alone.
ACTION_UPDATES = Table(
    model=ActionUpdate,
    kind="action updates",
    label="update",
    key=("at",),
    parent="action",
    replace=True,
    scope={"by__isnull": True},
    clean_exclude=("by",),
    fields={
        "at": Field(required=True, convert=_moment),
        "previous_status": REQUIRED,
        "status": REQUIRED,
        "note": optional(""),
        "evidence_url": optional(""),
        "event": ref(Event),
    },
)

# Actions have no natural key of their own: they are matched by their place in the
# roadmap's list, which is also the order they are shown in.
ACTIONS = Table(
    model=Action,
    kind="actions",
    label="action",
    key=("position",),
    label_keys=("title",),
    position="position",
    parent="roadmap",
    replace=True,
    fields={
        "commitment": ref(Commitment, by="number", within_parent="roadmap"),
        "title": REQUIRED,
        "description": optional(""),
        "due_date": optional(),
        "due_date_precision": optional("day"),
        "status": optional("planned"),
        "carried_out_by": ref(Event),
    },
    many={"responsible_cities": ref(City), "responsible_organizations": ref(Organization)},
    children={"updates": ACTION_UPDATES},
)

COMMITMENTS = Table(
    model=Commitment,
    kind="commitments",
    label="commitment",
    key=("number",),
    parent="roadmap",
    replace=True,
    fields={"number": REQUIRED, "text": REQUIRED, "sub_points": optional([])},
)

RESULTS = Table(
    model=Result,
    kind="results",
    label="result",
    key=("position",),
    label_keys=("indicator",),
    position="position",
    parent="practice",
    replace=True,
    fields={
        "indicator": REQUIRED,
        "value_before": optional(),
        "value_after": optional(),
        "unit": optional(""),
        "kind": optional("outcome"),
        "year": optional(),
        "sex": optional(""),
        "age_min": optional(),
        "age_max": optional(),
    },
)


def _report_target(row: Row) -> None:
    """A report names its roadmap and, within it, a commitment by number or an action by
    title: resolved here into the report's commitment or action."""
    roadmap = row.values.pop("roadmap")
    number, title = row.values["commitment"], row.values["action"]
    if (number is None) == (title is None):
        raise DemoDataError(f"{row.where}: name a commitment or an action, not both")
    if number is not None:
        row.values["commitment"] = _resolve_many(
            Ref(Commitment, "number", within_parent="roadmap"),
            [number],
            where=row.where,
            parent=roadmap,
        )[0]
    else:
        row.values["action"] = _resolve_many(
            Ref(Action, "title", within_parent="roadmap"), [title], where=row.where, parent=roadmap
        )[0]


# A practice's `target_groups`: {group: {}} (TargetGroup values); others are deleted.
TARGET_GROUPS = Table(
    model=PracticeTargetGroup,
    kind="target groups",
    label="target group",
    key=("group",),
    keyed_by="group",
    parent="practice",
    replace=True,
    fields={},
)


def _check_journey(adoption: Adoption) -> None:
    """The demo's steps follow the transitions the site allows, and the adoption is at
    its last step."""
    previous = None
    for change in adoption.stage_changes.order_by("reached_on", "recorded_at", "pk"):
        if (change.previous_stage or None) != previous or transition_error(previous, change.stage):
            raise DemoDataError(
                f"adoption of {adoption.practice.slug} by {adoption.city.slug}: "
                f"no step from {previous} to {change.stage} on {change.reached_on}"
            )
        previous = change.stage
    if previous is not None and previous != adoption.stage:
        raise DemoDataError(
            f"adoption of {adoption.practice.slug} by {adoption.city.slug}: "
            f"its stage is {adoption.stage}, its last step {previous}"
        )


# The steps of a transfer journey. As for action updates, the sources name no one: the
# demo's steps have no author and are matched by their date and stage; steps people
# record on the site are left alone.
ADOPTION_STAGE_CHANGES = Table(
    model=AdoptionStageChange,
    kind="adoption stage changes",
    label="step",
    key=("reached_on", "stage"),
    parent="adoption",
    replace=True,
    scope={"by__isnull": True},
    clean_exclude=("by",),
    fields={
        "reached_on": REQUIRED,
        "reached_on_precision": optional("day"),
        "stage": REQUIRED,
        "previous_stage": optional(""),
        "note": optional(""),
        "evidence_url": optional(""),
        "event": ref(Event),
    },
)

# A record's `sources`: the passages of the documents it rests on, in order.
CITATIONS = Table(
    model=Citation,
    kind="citations",
    label="source",
    key=("position",),
    label_keys=("source",),
    position="position",
    parent="record",
    generic=True,
    replace=True,
    fields={
        "source": ref(Source, required=True),
        "locator": optional(""),
        "quote": optional(""),
        "url": optional(""),
        "supports": optional(""),
    },
)

QUOTES = Table(
    model=Quote,
    kind="quotes",
    label="quote",
    key=("position",),
    label_keys=("speaker",),
    position="position",
    parent="record",
    generic=True,
    replace=True,
    fields={
        "text": REQUIRED,
        "speaker": REQUIRED,
        "speaker_role": optional(""),
        "language": optional("en"),
        "source": ref(Source),
        "locator": optional(""),
    },
)

# The sections of the YAML, in the order they are loaded: each refers only to
# sections above it (or to the reference data of the migrations).
TABLES: dict[str, Table] = {
    "sources": Table(
        model=Source,
        kind="sources",
        label="source",
        key=("slug",),
        fields={
            "slug": REQUIRED,
            "title": REQUIRED,
            "kind": REQUIRED,
            "publisher": optional(""),
            "year": optional(),
            "url": optional(""),
            "seed_file": optional(""),
        },
    ),
    "organizations": Table(
        model=Organization,
        kind="organizations",
        label="organization",
        key=("slug",),
        fields={
            "slug": REQUIRED,
            "name": REQUIRED,
            "kind": REQUIRED,
            "acronym": optional(""),
            "country": ref(Country, by="code"),
            "multilateral": optional(False),
            "description": optional(""),
            "website": optional(""),
        },
    ),
    "cities": Table(
        model=City,
        kind="cities",
        label="city",
        key=("slug",),
        fields={
            "slug": REQUIRED,
            "name": REQUIRED,
            "country": ref(Country, by="code", required=True),
            "population": optional(),
            "population_year": optional(),
            "latitude": REQUIRED,
            "longitude": REQUIRED,
            "description": optional(""),
            "website": optional(""),
        },
        many={"sectors": ref(Sector), "networks": ref(Organization)},
    ),
    "places": Table(
        model=Place,
        kind="places",
        label="place",
        key=("slug",),
        fields={
            "slug": REQUIRED,
            "name": REQUIRED,
            "kind": REQUIRED,
            "country": ref(Country, by="code", required=True),
            "city": ref(City),
        },
    ),
    "partnerships": Table(
        model=Partnership,
        kind="partnerships",
        label="partnership",
        key=("slug",),
        fields={
            "slug": REQUIRED,
            "name": REQUIRED,
            "kind": REQUIRED,
            "status": REQUIRED,
            "start_date": optional(),
            "end_date": optional(),
            "date_precision": optional("day"),
            "themes": optional([]),
            "scope": optional(""),
            "description": optional(""),
        },
        many={
            "cities": ref(City),
            "organizations": ref(Organization),
            "supporters": ref(Organization),
        },
        children={"sources": CITATIONS},
        prepare=_two_parties_or_more,
    ),
    "events": Table(
        model=Event,
        kind="events",
        label="event",
        key=("slug",),
        fields={
            "slug": REQUIRED,
            "title": REQUIRED,
            "language": optional("en"),
            "kind": REQUIRED,
            "host_city": ref(City, required=True),
            "venue": optional(""),
            "start_date": Field(required=True, convert=_day),
            "end_date": Field(required=True, convert=_day),
            "date_precision": optional("day"),
            "status": optional("planned"),
            "modality": optional(),
            "large_forum": optional(False),
            "summary": REQUIRED,
            "objectives": optional(""),
            "outcomes": optional(""),
            "report_url": optional(""),
            "capacity": optional(),
            "registration_deadline": Field(convert=_day),
            "registrations_per_official": optional(DEFAULT_REGISTRATIONS_PER_OFFICIAL),
            "is_example": optional(False),
        },
        many={
            "organizers": ref(Organization),
            "supporters": ref(Organization),
            "pillars": ref(Pillar),
            "sdgs": ref(SDG, by="number"),
            "sectors": ref(Sector),
            "stages": ref(LearningStage),
            "formats": ref(LearningFormat),
        },
        children={
            "participants": PARTICIPATIONS,
            "countries": COUNTRY_PARTICIPATIONS,
            "organization_roles": ORGANIZATION_PARTICIPATIONS,
            "translations": _translations(EventTranslation),
            "sources": CITATIONS,
            "quotes": QUOTES,
        },
        prepare=_event_modality,
        finish=_refresh_modality,
    ),
    "roadmaps": Table(
        model=Roadmap,
        kind="roadmaps",
        label="roadmap",
        key=("slug",),
        fields={
            "slug": REQUIRED,
            "title": REQUIRED,
            "event": ref(Event, required=True),
            "adopted_on": REQUIRED,
            "summary": optional(""),
            "language": optional("en"),
        },
        many={"signatory_cities": ref(City), "signatory_organizations": ref(Organization)},
        children={
            "translations": _translations(RoadmapTranslation),
            "commitments": COMMITMENTS,
            "actions": ACTIONS,
            "sources": CITATIONS,
        },
    ),
    # How often the cities report on a roadmap's commitments and actions: set on the rows
    # the roadmaps section loaded, found by their number or title.
    "commitment_schedules": Table(
        model=Commitment,
        kind="commitment schedules",
        label="schedule of commitment",
        key=("roadmap", "number"),
        fields={
            "roadmap": ref(Roadmap, required=True),
            "number": REQUIRED,
            "report_every_months": REQUIRED,
        },
    ),
    "action_schedules": Table(
        model=Action,
        kind="action schedules",
        label="schedule of action",
        key=("roadmap", "title"),
        fields={
            "roadmap": ref(Roadmap, required=True),
            "title": REQUIRED,
            "report_every_months": REQUIRED,
        },
    ),
    "progress_reports": Table(
        model=ProgressReport,
        kind="progress reports",
        label="progress report",
        key=("commitment", "action", "city", "period_ends_on"),
        label_keys=("roadmap", "commitment", "action", "period_ends_on"),
        fields={
            "roadmap": ref(Roadmap, required=True),
            "commitment": optional(),
            "action": optional(),
            "city": ref(City),
            "period_ends_on": REQUIRED,
            "status": REQUIRED,
            "summary": REQUIRED,
            "evidence_url": optional(""),
            "reported_at": Field(required=True, convert=_moment),
        },
        prepare=_report_target,
    ),
    "learning_notes": Table(
        model=LearningNote,
        kind="learning notes",
        label="learning note of event",
        key=("event",),
        fields={
            "event": ref(Event, required=True),
            "title": REQUIRED,
            "body": REQUIRED,
            "status": optional("draft"),
            "published_at": Field(convert=_moment),
        },
    ),
    "practices": Table(
        model=Practice,
        kind="practices",
        label="practice",
        key=("slug",),
        fields={
            "slug": REQUIRED,
            "title": REQUIRED,
            "summary": REQUIRED,
            "description": optional(""),
            "language": optional("en"),
            "city": ref(City),
            "start_year": optional(),
            "end_year": optional(),
            "source_url": optional(""),
            "status": REQUIRED,
            "published_at": Field(convert=_moment),
            "verified_on": optional(),
        },
        # In this order: each set adds a version to the practice's history.
        many={
            "countries": ref(Country, by="code"),
            "organizations": ref(Organization),
            "pillars": ref(Pillar),
            "sdgs": ref(SDG, by="number"),
            "sectors": ref(Sector),
            "criteria": ref(Criterion),
            "events": ref(Event),
            "other_cities": ref(City),
            "places": ref(Place),
            "conventions": ref(Convention, by="number"),
            "stages": ref(LearningStage),
        },
        children={
            "results": RESULTS,
            "target_groups": TARGET_GROUPS,
            "translations": _translations(PracticeTranslation),
            "sources": CITATIONS,
            "quotes": QUOTES,
        },
    ),
    # Adoptions the YAML does not list are left alone: officials record their own.
    "adoptions": Table(
        model=Adoption,
        kind="adoptions",
        label="adoption of practice and city",
        key=("practice", "city"),
        fields={
            "practice": ref(Practice, required=True),
            "city": ref(City, required=True),
            "stage": REQUIRED,
            "year": optional(),
            "adopted_on": optional(),
            "date_precision": optional("day"),
            "event": ref(Event),
            "notes": optional(""),
            "evidence_url": optional(""),
            "mentor_city": ref(City),
            "changes": optional(""),
        },
        children={"stage_changes": ADOPTION_STAGE_CHANGES, "sources": CITATIONS},
        finish=_check_journey,
    ),
    # Challenges people post on the site (with an author) are left alone.
    "challenges": Table(
        model=Challenge,
        kind="challenges",
        label="challenge",
        key=("slug",),
        fields={
            "slug": REQUIRED,
            "city": ref(City, required=True),
            "title": REQUIRED,
            "description": REQUIRED,
            "status": optional("looking-for-partners"),
            "created_at": Field(required=True, convert=_moment),
        },
        many={
            "pillars": ref(Pillar),
            "sdgs": ref(SDG, by="number"),
            "sectors": ref(Sector),
            "partner_cities": ref(City),
        },
    ),
}


# Reading the files


def read_demo_data(*, path: Path = DEMO_DIR) -> dict[str, list[Item]]:
    """The demo data of one YAML file, or of all the YAML files of a folder, by section."""
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    data: dict[str, list[Item]] = {section: [] for section in TABLES}
    for file in files:
        content = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        if not isinstance(content, dict):
            raise DemoDataError(f"{file.name}: expected sections such as 'cities:'")
        unknown = sorted(set(content) - set(TABLES))
        if unknown:
            raise DemoDataError(f"{file.name}: unknown sections {', '.join(unknown)}")
        for section, items in content.items():
            if not isinstance(items, list | None):
                raise DemoDataError(f"{file.name}: section {section} must be a list")
            data[section].extend(items or [])
    return data


@transaction.atomic
def load_demo_network(*, path: Path = DEMO_DIR, stdout: TextIO | None = None) -> dict[str, int]:
    """Create or update the demo network; return how many objects of each kind it holds.

    `stdout`, when given, receives how many of each kind were created and updated.
    Any error rolls the whole load back.
    """
    data = read_demo_data(path=path)
    tally = _Tally()
    for section, table in TABLES.items():
        for item in data[section]:
            _load_item(table, item, where=_where(table.label, item, *table.names), tally=tally)
    if stdout is not None:
        tally.report(stdout=stdout)
    return dict(tally.loaded)


class _Tally:
    """What the load did, by kind of object."""

    def __init__(self) -> None:
        self.loaded: Counter[str] = Counter()
        self.created: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()

    def report(self, *, stdout: TextIO) -> None:
        for kind, count in self.loaded.items():
            stdout.write(
                f"{kind}: {count} ({self.created[kind]} created, {self.updated[kind]} updated)\n"
            )


def _where(label: str, item: Any, *keys: str) -> str:
    """How an error names the item: its label and natural key, e.g. "city 'maputo'"."""
    if not isinstance(item, Mapping):
        return label
    return " ".join([label, *(repr(item.get(key)) for key in keys)])


def _check_keys(
    item: Item, *, required: Iterable[str], optional: Iterable[str], where: str
) -> None:
    if not isinstance(item, Mapping):
        raise DemoDataError(f"{where}: expected a mapping of fields, got {item!r}")
    required = set(required)
    missing = sorted(required - set(item))
    if missing:
        raise DemoDataError(f"{where}: missing {', '.join(missing)}")
    unknown = sorted(set(item) - required - set(optional))
    if unknown:
        raise DemoDataError(f"{where}: unknown fields {', '.join(unknown)}")


def _resolve_many(
    ref: Ref, keys: Iterable[Any] | None, *, where: str, parent: models.Model | None = None
) -> list[models.Model]:
    """The objects `ref` names by each of `keys`, in order; fails naming any key that
    matches nothing."""
    keys = list(keys or [])
    if not keys:
        return []
    queryset = ref.model._default_manager.filter(**{f"{ref.by}__in": keys})
    if ref.within_parent:
        queryset = queryset.filter(**{ref.within_parent: parent})
    found = {getattr(instance, ref.by): instance for instance in queryset}
    missing = [key for key in keys if key not in found]
    if missing:
        names = ", ".join(repr(key) for key in missing)
        raise DemoDataError(f"{where}: unknown {ref.model._meta.verbose_name} {names}")
    return [found[key] for key in keys]


def _read(spec: Field, value: Any, *, where: str, parent: models.Model | None) -> Any:
    if spec.ref is not None:
        if value is None:
            return None
        return _resolve_many(spec.ref, [value], where=where, parent=parent)[0]
    return spec.convert(value) if spec.convert else value


# Writing


def _load_item(
    table: Table,
    item: Item,
    *,
    where: str,
    tally: _Tally,
    parent: models.Model | None = None,
    given: Mapping[str, Any] | None = None,
) -> Any:
    """Create or update the row of `item` (with its relations and children); `given`
    are the values that come from its place rather than its fields (position,
    language)."""
    specs = {**table.fields, **table.many}
    _check_keys(
        item,
        required=[name for name, spec in specs.items() if spec.required],
        optional=[*specs, *table.children],
        where=where,
    )
    values = {
        name: _read(spec, item.get(name, copy.copy(spec.default)), where=where, parent=parent)
        for name, spec in table.fields.items()
    }
    values.update(given or {})
    many = {
        name: _resolve_many(spec.ref, item.get(name), where=where, parent=parent)
        for name, spec in table.many.items()
    }
    if table.prepare:
        table.prepare(Row(item=item, where=where, values=values, many=many))
    lookup = {name: values.pop(name) for name in table.key}
    if parent is not None:
        lookup.update(_parent_lookup(table, parent))
    instance = _upsert(table, lookup=lookup, values=values, where=where, tally=tally)
    for name, objects in many.items():
        getattr(instance, name).set(objects)
    for name, child in table.children.items():
        _load_children(child, item.get(name), parent=instance, where=where, tally=tally)
    if table.finish:
        table.finish(instance)
    return instance


def _load_children(
    table: Table, items: Any, *, parent: models.Model, where: str, tally: _Tally
) -> None:
    """The children of `parent` its item lists, as a mapping or a list."""
    listed = []
    if table.keyed_by:
        items = items or {}
        if not isinstance(items, Mapping):
            raise DemoDataError(f"{where}: {table.label}s must map a {table.keyed_by} to fields")
        for key, item in items.items():
            instance = _load_item(
                table,
                item,
                where=f"{where}, {table.label} {key!r}",
                tally=tally,
                parent=parent,
                given={table.keyed_by: key},
            )
            listed.append(instance.pk)
    else:
        items = items or []
        if not isinstance(items, list):
            raise DemoDataError(f"{where}: {table.label}s must be a list")
        for number, item in enumerate(items, start=1):
            label = f"{where}, {table.label}" + (f" {number}" if table.position else "")
            given = {table.position: number} if table.position else {}
            instance = _load_item(
                table,
                item,
                where=_where(label, item, *table.names),
                tally=tally,
                parent=parent,
                given=given,
            )
            if table.replace:
                listed.append(instance.pk)
    if table.replace:
        # Delete what the YAML no longer lists, e.g. a result removed from a practice.
        table.model._default_manager.filter(**_parent_lookup(table, parent), **table.scope).exclude(
            pk__in=listed
        ).delete()


def _parent_lookup(table: Table, parent: models.Model) -> dict[str, Any]:
    """How a child row names its parent: a foreign key, or a content type and id."""
    if table.generic:
        return {"content_type": ContentType.objects.get_for_model(parent), "object_id": parent.pk}
    return {table.parent: parent}


def _upsert(
    table: Table, *, lookup: dict[str, Any], values: dict[str, Any], where: str, tally: _Tally
) -> Any:
    """The row of `table` matching `lookup`, created or updated to `values` and saved
    only when new or changed, after `full_clean()`."""
    model = table.model
    instance = model._default_manager.filter(**lookup, **table.scope).first()
    created = instance is None
    if created:
        instance = model(**lookup)
    changed = False
    for name, value in values.items():
        model_field = model._meta.get_field(name)
        if model_field.is_relation:
            current, new = getattr(instance, model_field.attname), getattr(value, "pk", None)
        else:
            current, new = getattr(instance, name), _python_value(model_field, value)
        if created or current != new:
            setattr(instance, name, value if model_field.is_relation else new)
            changed = True
    if created or changed:
        try:
            instance.full_clean(exclude=table.clean_exclude or None)
        except ValidationError as error:
            raise DemoDataError(f"{where}: {_describe(error)}") from error
        instance.save()
        (tally.created if created else tally.updated)[table.kind] += 1
    tally.loaded[table.kind] += 1
    return instance


def _python_value(model_field: models.Field, value: Any) -> Any:
    # YAML reads 32.573174 as a float; compare and store it as the exact decimal written.
    if isinstance(model_field, models.DecimalField) and isinstance(value, float):
        value = Decimal(str(value))
    try:
        return model_field.to_python(value)
    except ValidationError:
        # full_clean() reports the bad value with the object's name.
        return value


def _describe(error: ValidationError) -> str:
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return "; ".join(
        " ".join(messages) if name == NON_FIELD_ERRORS else f"{name}: {' '.join(messages)}"
        for name, messages in error.message_dict.items()
    )
