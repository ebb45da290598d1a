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

from base.models import SDG, Criterion, Pillar, Sector
from cities.models import City, Country, Organization, Partnership
from exchanges.models import (
    Action,
    ActionUpdate,
    Commitment,
    Event,
    EventTranslation,
    Participation,
    Roadmap,
    RoadmapTranslation,
)
from exchanges.rules import modality_for
from practices.models import Adoption, Practice, PracticeTranslation, Result
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


def _two_cities_or_more(row: Row) -> None:
    if len(row.many["cities"]) < 2:
        raise DemoDataError(f"{row.where}: a partnership needs two cities or more")


def _event_modality(row: Row) -> None:
    """The modality is required before the participations can be saved, so the rule is
    applied here to the YAML's cities; `Event.refresh_modality()`, once they are saved,
    recomputes it from the saved event. A modality in the YAML overrides the rule."""
    participants = row.item.get("participants") or []
    cities = _resolve_many(
        Ref(City),
        [p.get("city") for p in participants if isinstance(p, Mapping)],
        where=row.where,
    )
    host = row.values["host_city"]
    organizations = row.many["organizers"] + row.many["supporters"]
    row.values["modality_overridden"] = "modality" in row.item
    row.values["modality"] = row.values["modality"] or modality_for(
        cities_in_south=[city.country.global_south for city in cities]
        + [host.country.global_south],
        organizations_outside=[org.is_outside_global_south for org in organizations],
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
            "themes": optional([]),
            "description": optional(""),
        },
        many={"cities": ref(City, required=True), "supporters": ref(Organization)},
        children={"sources": CITATIONS},
        prepare=_two_cities_or_more,
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
            "start_date": REQUIRED,
            "end_date": REQUIRED,
            "status": optional("planned"),
            "modality": optional(),
            "summary": REQUIRED,
            "objectives": optional(""),
            "outcomes": optional(""),
            "report_url": optional(""),
            "capacity": optional(),
            "registration_deadline": optional(),
        },
        many={
            "organizers": ref(Organization),
            "supporters": ref(Organization),
            "pillars": ref(Pillar),
            "sdgs": ref(SDG, by="number"),
            "sectors": ref(Sector),
        },
        children={
            "participants": PARTICIPATIONS,
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
        },
        children={
            "results": RESULTS,
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
            "event": ref(Event),
            "notes": optional(""),
            "evidence_url": optional(""),
        },
        children={"sources": CITATIONS},
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
            listed.append(key)
            _load_item(
                table,
                item,
                where=f"{where}, {table.label} {key!r}",
                tally=tally,
                parent=parent,
                given={table.keyed_by: key},
            )
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
                listed.append(getattr(instance, table.key[0]))
    if table.replace:
        (key,) = table.key
        # Delete what the YAML no longer lists, e.g. a result removed from a practice.
        table.model._default_manager.filter(**_parent_lookup(table, parent), **table.scope).exclude(
            **{f"{key}__in": listed}
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
