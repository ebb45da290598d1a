"""Load the demo network (the cities, organizations, events, roadmap, partnerships
and good practices of the seed documents) from the YAML files of this folder.

The YAML holds data only and refers to other objects by natural key: slugs,
countries by ISO code, SDGs by number. Loading is idempotent: objects are matched
by natural key and saved only when something differs, so a second run writes
nothing (and adds nothing to the practices' history).
"""

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO, TypeVar

import yaml
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

DEMO_DIR = Path(__file__).resolve().parent

# The sections of the YAML, in the order they are loaded: each refers only to
# sections above it (or to the reference data of the migrations).
SECTIONS = (
    "organizations",
    "cities",
    "partnerships",
    "events",
    "roadmaps",
    "practices",
    "adoptions",
)


class DemoDataError(Exception):
    """The demo data names an unknown object or describes an invalid one."""


Item = Mapping[str, Any]
M = TypeVar("M", bound=models.Model)


def read_demo_data(*, path: Path = DEMO_DIR) -> dict[str, list[Item]]:
    """The demo data of one YAML file, or of all the YAML files of a folder, by section."""
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    data: dict[str, list[Item]] = {section: [] for section in SECTIONS}
    for file in files:
        content = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        if not isinstance(content, dict):
            raise DemoDataError(f"{file.name}: expected sections such as 'cities:'")
        unknown = sorted(set(content) - set(SECTIONS))
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
    _load_organizations(items=data["organizations"], tally=tally)
    _load_cities(items=data["cities"], tally=tally)
    _load_partnerships(items=data["partnerships"], tally=tally)
    _load_events(items=data["events"], tally=tally)
    _load_roadmaps(items=data["roadmaps"], tally=tally)
    _load_practices(items=data["practices"], tally=tally)
    _load_adoptions(items=data["adoptions"], tally=tally)
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


# Reading items


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
    model: type[M], keys: Iterable[Any] | None, *, where: str, field: str = "slug"
) -> list[M]:
    """The objects of `model` whose `field` is each of `keys`, in order; fails naming any
    key that matches nothing."""
    keys = list(keys or [])
    found = model._default_manager.in_bulk(keys, field_name=field)
    missing = [key for key in keys if key not in found]
    if missing:
        names = ", ".join(repr(key) for key in missing)
        raise DemoDataError(f"{where}: unknown {model._meta.verbose_name} {names}")
    return [found[key] for key in keys]


def _resolve(model: type[M], key: Any, *, where: str, field: str = "slug") -> M | None:
    if key is None:
        return None
    return _resolve_many(model, [key], where=where, field=field)[0]


def _moment(value: datetime.date | datetime.datetime | None) -> datetime.datetime | None:
    """A YAML date or timestamp as an aware datetime; dates and naive times count as UTC."""
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time.min)
    return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)


# Writing objects


def _upsert(
    model: type[M],
    *,
    lookup: dict[str, Any],
    values: dict[str, Any],
    kind: str,
    where: str,
    tally: _Tally,
) -> M:
    """The object of `model` matching `lookup`, created or updated to `values` and saved
    only when new or changed, after `full_clean()`."""
    instance = model._default_manager.filter(**lookup).first()
    created = instance is None
    if created:
        instance = model(**lookup)
    changed = False
    for name, value in values.items():
        field = model._meta.get_field(name)
        if field.is_relation:
            current, new = getattr(instance, field.attname), getattr(value, "pk", None)
        else:
            current, new = getattr(instance, name), _python_value(field, value)
        if created or current != new:
            setattr(instance, name, value if field.is_relation else new)
            changed = True
    if created or changed:
        try:
            instance.full_clean()
        except ValidationError as error:
            raise DemoDataError(f"{where}: {_describe(error)}") from error
        instance.save()
        (tally.created if created else tally.updated)[kind] += 1
    tally.loaded[kind] += 1
    return instance


def _python_value(field: models.Field, value: Any) -> Any:
    # YAML reads 32.573174 as a float; compare and store it as the exact decimal written.
    if isinstance(field, models.DecimalField) and isinstance(value, float):
        value = Decimal(str(value))
    try:
        return field.to_python(value)
    except ValidationError:
        # full_clean() reports the bad value with the object's name.
        return value


def _describe(error: ValidationError) -> str:
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return "; ".join(
        " ".join(messages) if field == NON_FIELD_ERRORS else f"{field}: {' '.join(messages)}"
        for field, messages in error.message_dict.items()
    )


def _delete_unlisted(queryset: models.QuerySet, *, field: str, listed: Iterable[Any]) -> None:
    """Delete what the YAML no longer lists, e.g. a result removed from a practice."""
    queryset.exclude(**{f"{field}__in": list(listed)}).delete()


# Sections


def _load_organizations(*, items: list[Item], tally: _Tally) -> None:
    for item in items:
        where = _where("organization", item, "slug")
        _check_keys(
            item,
            required=("slug", "name", "kind"),
            optional=("acronym", "country", "description", "website"),
            where=where,
        )
        _upsert(
            Organization,
            lookup={"slug": item["slug"]},
            values={
                "name": item["name"],
                "acronym": item.get("acronym", ""),
                "kind": item["kind"],
                "country": _resolve(Country, item.get("country"), where=where, field="code"),
                "description": item.get("description", ""),
                "website": item.get("website", ""),
            },
            kind="organizations",
            where=where,
            tally=tally,
        )


def _load_cities(*, items: list[Item], tally: _Tally) -> None:
    for item in items:
        where = _where("city", item, "slug")
        _check_keys(
            item,
            required=("slug", "name", "country", "latitude", "longitude"),
            optional=(
                "population",
                "population_year",
                "sectors",
                "networks",
                "description",
                "website",
            ),
            where=where,
        )
        city = _upsert(
            City,
            lookup={"slug": item["slug"]},
            values={
                "name": item["name"],
                "country": _resolve(Country, item["country"], where=where, field="code"),
                "population": item.get("population"),
                "population_year": item.get("population_year"),
                "latitude": item["latitude"],
                "longitude": item["longitude"],
                "description": item.get("description", ""),
                "website": item.get("website", ""),
            },
            kind="cities",
            where=where,
            tally=tally,
        )
        city.sectors.set(_resolve_many(Sector, item.get("sectors"), where=where))
        city.networks.set(_resolve_many(Organization, item.get("networks"), where=where))


def _load_partnerships(*, items: list[Item], tally: _Tally) -> None:
    for item in items:
        where = _where("partnership", item, "slug")
        _check_keys(
            item,
            required=("slug", "name", "cities", "kind", "status"),
            optional=("start_date", "end_date", "themes", "supporters", "description"),
            where=where,
        )
        cities = _resolve_many(City, item["cities"], where=where)
        if len(cities) < 2:
            raise DemoDataError(f"{where}: a partnership needs two cities or more")
        partnership = _upsert(
            Partnership,
            lookup={"slug": item["slug"]},
            values={
                "name": item["name"],
                "kind": item["kind"],
                "status": item["status"],
                "start_date": item.get("start_date"),
                "end_date": item.get("end_date"),
                "themes": item.get("themes", []),
                "description": item.get("description", ""),
            },
            kind="partnerships",
            where=where,
            tally=tally,
        )
        partnership.cities.set(cities)
        partnership.supporters.set(_resolve_many(Organization, item.get("supporters"), where=where))


def _load_events(*, items: list[Item], tally: _Tally) -> None:
    for item in items:
        where = _where("event", item, "slug")
        _check_keys(
            item,
            required=("slug", "title", "kind", "host_city", "start_date", "end_date", "summary"),
            optional=(
                "venue",
                "status",
                "modality",
                "participants",
                "organizers",
                "supporters",
                "pillars",
                "sdgs",
                "sectors",
                "objectives",
                "outcomes",
                "report_url",
                "capacity",
                "registration_deadline",
                "language",
                "translations",
            ),
            where=where,
        )
        host = _resolve(City, item["host_city"], where=where)
        participants = []
        for participant in item.get("participants", []):
            _check_keys(
                participant,
                required=("city", "role"),
                optional=("delegation_size", "notes"),
                where=f"{where}, participant",
            )
            participants.append((participant, _resolve(City, participant["city"], where=where)))
        organizers = _resolve_many(Organization, item.get("organizers"), where=where)
        supporters = _resolve_many(Organization, item.get("supporters"), where=where)
        overridden = "modality" in item
        # The modality is required before the participations can be saved, so the
        # rule is applied here to the YAML's cities; refresh_modality() below
        # recomputes it from the saved event.
        modality = item.get("modality") or modality_for(
            cities_in_south=[city.country.global_south for _, city in participants]
            + [host.country.global_south],
            organizations_outside=[org.is_outside_global_south for org in organizers + supporters],
        )
        event = _upsert(
            Event,
            lookup={"slug": item["slug"]},
            values={
                "title": item["title"],
                "language": item.get("language", "en"),
                "kind": item["kind"],
                "host_city": host,
                "venue": item.get("venue", ""),
                "start_date": item["start_date"],
                "end_date": item["end_date"],
                "status": item.get("status", "planned"),
                "modality": modality,
                "modality_overridden": overridden,
                "summary": item["summary"],
                "objectives": item.get("objectives", ""),
                "outcomes": item.get("outcomes", ""),
                "report_url": item.get("report_url", ""),
                "capacity": item.get("capacity"),
                "registration_deadline": item.get("registration_deadline"),
            },
            kind="events",
            where=where,
            tally=tally,
        )
        event.organizers.set(organizers)
        event.supporters.set(supporters)
        event.pillars.set(_resolve_many(Pillar, item.get("pillars"), where=where))
        event.sdgs.set(_resolve_many(SDG, item.get("sdgs"), where=where, field="number"))
        event.sectors.set(_resolve_many(Sector, item.get("sectors"), where=where))
        for participant, city in participants:
            participation_where = f"{where}, participant {city.slug!r}"
            _upsert(
                Participation,
                lookup={"event": event, "city": city},
                values={
                    "role": participant["role"],
                    "delegation_size": participant.get("delegation_size"),
                    "notes": participant.get("notes", ""),
                },
                kind="participations",
                where=participation_where,
                tally=tally,
            )
        event.refresh_modality()
        _load_translations(
            EventTranslation,
            original=event,
            items=item.get("translations"),
            where=where,
            tally=tally,
        )


def _load_roadmaps(*, items: list[Item], tally: _Tally) -> None:
    for item in items:
        where = _where("roadmap", item, "slug")
        _check_keys(
            item,
            required=("slug", "title", "event", "adopted_on"),
            optional=(
                "summary",
                "signatory_cities",
                "signatory_organizations",
                "commitments",
                "actions",
                "language",
                "translations",
            ),
            where=where,
        )
        roadmap = _upsert(
            Roadmap,
            lookup={"slug": item["slug"]},
            values={
                "title": item["title"],
                "event": _resolve(Event, item["event"], where=where),
                "adopted_on": item["adopted_on"],
                "summary": item.get("summary", ""),
                "language": item.get("language", "en"),
            },
            kind="roadmaps",
            where=where,
            tally=tally,
        )
        _load_translations(
            RoadmapTranslation,
            original=roadmap,
            items=item.get("translations"),
            where=where,
            tally=tally,
        )
        roadmap.signatory_cities.set(_resolve_many(City, item.get("signatory_cities"), where=where))
        roadmap.signatory_organizations.set(
            _resolve_many(Organization, item.get("signatory_organizations"), where=where)
        )
        commitments = _load_commitments(
            roadmap=roadmap, items=item.get("commitments", []), where=where, tally=tally
        )
        _load_actions(
            roadmap=roadmap,
            items=item.get("actions", []),
            commitments=commitments,
            where=where,
            tally=tally,
        )


def _load_commitments(
    *, roadmap: Roadmap, items: list[Item], where: str, tally: _Tally
) -> dict[int, Commitment]:
    commitments = {}
    for item in items:
        commitment_where = _where(f"{where}, commitment", item, "number")
        _check_keys(
            item, required=("number", "text"), optional=("sub_points",), where=commitment_where
        )
        commitments[item["number"]] = _upsert(
            Commitment,
            lookup={"roadmap": roadmap, "number": item["number"]},
            values={"text": item["text"], "sub_points": item.get("sub_points", [])},
            kind="commitments",
            where=commitment_where,
            tally=tally,
        )
    _delete_unlisted(roadmap.commitments.all(), field="number", listed=commitments)
    return commitments


def _load_actions(
    *,
    roadmap: Roadmap,
    items: list[Item],
    commitments: dict[int, Commitment],
    where: str,
    tally: _Tally,
) -> None:
    # Actions have no natural key of their own: they are matched by their place in
    # the roadmap's list, which is also the order they are shown in.
    positions = range(1, len(items) + 1)
    for position, item in zip(positions, items, strict=True):
        action_where = _where(f"{where}, action {position}", item, "title")
        _check_keys(
            item,
            required=("title",),
            optional=(
                "commitment",
                "description",
                "responsible_cities",
                "responsible_organizations",
                "due_date",
                "status",
                "carried_out_by",
                "updates",
            ),
            where=action_where,
        )
        number = item.get("commitment")
        if number is not None and number not in commitments:
            raise DemoDataError(f"{action_where}: unknown commitment {number!r}")
        action = _upsert(
            Action,
            lookup={"roadmap": roadmap, "position": position},
            values={
                "commitment": commitments.get(number),
                "title": item["title"],
                "description": item.get("description", ""),
                "due_date": item.get("due_date"),
                "status": item.get("status", "planned"),
                "carried_out_by": _resolve(Event, item.get("carried_out_by"), where=action_where),
            },
            kind="actions",
            where=action_where,
            tally=tally,
        )
        action.responsible_cities.set(
            _resolve_many(City, item.get("responsible_cities"), where=action_where)
        )
        action.responsible_organizations.set(
            _resolve_many(Organization, item.get("responsible_organizations"), where=action_where)
        )
        _load_action_updates(
            action=action, items=item.get("updates", []), where=action_where, tally=tally
        )
    _delete_unlisted(roadmap.actions.all(), field="position", listed=positions)


def _load_action_updates(*, action: Action, items: list[Item], where: str, tally: _Tally) -> None:
    # The sources name no one: the demo's updates have no author (`by` is empty, as for
    # an account since deleted) and are matched by their time. Updates people record on
    # the site, with an author, are left alone.
    moments = []
    for item in items:
        update_where = _where(f"{where}, update", item, "at")
        _check_keys(
            item,
            required=("at", "previous_status", "status"),
            optional=("note", "evidence_url", "event"),
            where=update_where,
        )
        at = _moment(item["at"])
        moments.append(at)
        event = _resolve(Event, item.get("event"), where=update_where)
        values = {
            "previous_status": item["previous_status"],
            "status": item["status"],
            "note": item.get("note", ""),
            "evidence_url": item.get("evidence_url", ""),
            "event_id": event.pk if event else None,
        }
        update = action.updates.filter(at=at, by__isnull=True).first()
        created = update is None
        if created:
            update = ActionUpdate(action=action, at=at)
        if created or any(getattr(update, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(update, name, value)
            try:
                update.full_clean(exclude=["by"])
            except ValidationError as error:
                raise DemoDataError(f"{update_where}: {_describe(error)}") from error
            update.save()
            (tally.created if created else tally.updated)["action updates"] += 1
        tally.loaded["action updates"] += 1
    _delete_unlisted(action.updates.filter(by__isnull=True), field="at", listed=moments)


def _load_practices(*, items: list[Item], tally: _Tally) -> None:
    for item in items:
        where = _where("practice", item, "slug")
        _check_keys(
            item,
            required=("slug", "title", "summary", "status"),
            optional=(
                "description",
                "city",
                "countries",
                "organizations",
                "start_year",
                "end_year",
                "pillars",
                "sdgs",
                "sectors",
                "criteria",
                "source_url",
                "events",
                "published_at",
                "verified_on",
                "results",
                "language",
                "translations",
            ),
            where=where,
        )
        practice = _upsert(
            Practice,
            lookup={"slug": item["slug"]},
            values={
                "title": item["title"],
                "summary": item["summary"],
                "description": item.get("description", ""),
                "language": item.get("language", "en"),
                "city": _resolve(City, item.get("city"), where=where),
                "start_year": item.get("start_year"),
                "end_year": item.get("end_year"),
                "source_url": item.get("source_url", ""),
                "status": item["status"],
                "published_at": _moment(item.get("published_at")),
                "verified_on": item.get("verified_on"),
            },
            kind="practices",
            where=where,
            tally=tally,
        )
        practice.countries.set(
            _resolve_many(Country, item.get("countries"), where=where, field="code")
        )
        practice.organizations.set(
            _resolve_many(Organization, item.get("organizations"), where=where)
        )
        practice.pillars.set(_resolve_many(Pillar, item.get("pillars"), where=where))
        practice.sdgs.set(_resolve_many(SDG, item.get("sdgs"), where=where, field="number"))
        practice.sectors.set(_resolve_many(Sector, item.get("sectors"), where=where))
        practice.criteria.set(_resolve_many(Criterion, item.get("criteria"), where=where))
        practice.events.set(_resolve_many(Event, item.get("events"), where=where))
        _load_results(practice=practice, items=item.get("results", []), where=where, tally=tally)
        _load_translations(
            PracticeTranslation,
            original=practice,
            items=item.get("translations"),
            where=where,
            tally=tally,
        )


def _load_translations(
    model: type[models.Model],
    *,
    original: models.Model,
    items: Mapping[str, Item] | None,
    where: str,
    tally: _Tally,
) -> None:
    """An item's `translations`: {language: {title, summary}}; others are deleted."""
    items = items or {}
    if not isinstance(items, Mapping):
        raise DemoDataError(f"{where}: translations must map a language to a title and summary")
    for language, item in items.items():
        translation_where = f"{where}, translation {language!r}"
        _check_keys(item, required=("title",), optional=("summary",), where=translation_where)
        _upsert(
            model,
            lookup={model.parent: original, "language": language},
            values={"title": item["title"], "summary": item.get("summary", "")},
            kind="translations",
            where=translation_where,
            tally=tally,
        )
    _delete_unlisted(
        model._default_manager.filter(**{model.parent: original}),
        field="language",
        listed=items,
    )


def _load_results(*, practice: Practice, items: list[Item], where: str, tally: _Tally) -> None:
    positions = range(1, len(items) + 1)
    for position, item in zip(positions, items, strict=True):
        result_where = _where(f"{where}, result {position}", item, "indicator")
        _check_keys(
            item,
            required=("indicator",),
            optional=("value_before", "value_after", "unit"),
            where=result_where,
        )
        _upsert(
            Result,
            lookup={"practice": practice, "position": position},
            values={
                "indicator": item["indicator"],
                "value_before": item.get("value_before"),
                "value_after": item.get("value_after"),
                "unit": item.get("unit", ""),
            },
            kind="results",
            where=result_where,
            tally=tally,
        )
    _delete_unlisted(practice.results.all(), field="position", listed=positions)


def _load_adoptions(*, items: list[Item], tally: _Tally) -> None:
    # Adoptions the YAML does not list are left alone: officials record their own.
    for item in items:
        where = _where("adoption of practice and city", item, "practice", "city")
        _check_keys(
            item,
            required=("practice", "city", "stage"),
            optional=("year", "event", "notes", "evidence_url"),
            where=where,
        )
        _upsert(
            Adoption,
            lookup={
                "practice": _resolve(Practice, item["practice"], where=where),
                "city": _resolve(City, item["city"], where=where),
            },
            values={
                "stage": item["stage"],
                "year": item.get("year"),
                "event": _resolve(Event, item.get("event"), where=where),
                "notes": item.get("notes", ""),
                "evidence_url": item.get("evidence_url", ""),
            },
            kind="adoptions",
            where=where,
            tally=tally,
        )
