"""Peer matching: "cities like mine", related practices, and the cities that could learn
from a practice.

Every match is explainable: two things are alike for named reasons ("also
intermediary", "also commerce", "also works on SDG 8"), each with its weight, and the
score of a match is the sum of the weights of its reasons. What a city works on (its
challenges) is the pillars and SDGs of its published practices and of the exchanges
it hosts or joins.

Matches are scored and ranked in the database (ORDER BY score LIMIT n), from the cities'
and practices' own columns and tags and from `CityChallenge`, the pillars and SDGs each
city works on, kept up to date here from signals; only the matches shown are read and
explained in Python. A request reads a constant number of queries and a few rows per
match, whatever the size of the network.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.apps import apps as global_apps
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cities.models import ChallengeKind, City, CityChallenge, Country, Region, Sector
from cities.rules import POPULATION_CLASS_BOUNDS, PopulationClass, population_class

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
        # Imported here: cities is the bottom of the apps' dependencies.
        from practices.models import Pillar

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
                _("also in %(region)s") % {"region": Region(mine.region).label},
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
        # str(): the name in the reader's language (portal.reference), then lowered.
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


# --- scores in the database ------------------------------------------------------------
#
# Each ranking is one query: the weights of the shared tags summed per candidate by a
# grouped UNION ALL over the tag tables (one pass, no subquery per candidate), joined to
# the candidates for the weights of their setting, ordered by score and limited. The ORM
# cannot join a grouped union: the SQL is written here, with the models' table names.


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _placeholders(values: list) -> str:
    return ", ".join(["%s"] * len(values))


@dataclass
class _Tags:
    """Rows of `table` whose `column` is one of `values` (and, with `kind`, whose kind
    is `kind`), each worth `about` (a shared sector, pillar, SDG) or `shared` (a shared
    exchange) to its `owner`."""

    table: str
    owner: str
    column: str
    values: list
    about: float = 0.0
    shared: float = 0.0
    kind: str | None = None


def _half_points(weight: float) -> int:
    return round(weight * 2)


def _tag_scores(parts: list[_Tags]) -> tuple[str, list] | None:
    """A grouped subquery `(owner, about, shared)`, or None when nothing is shared. The
    sums are in half points: integers add up far faster than decimals."""
    selects, params = [], []
    for part in parts:
        if not part.values:
            continue
        condition = f"{part.column} IN ({_placeholders(part.values)})"
        if part.kind is not None:
            condition += " AND kind = %s"
        selects.append(
            f"SELECT {part.owner} AS owner, {_half_points(part.about)} AS about, "
            f"{_half_points(part.shared)} AS shared FROM {part.table} WHERE {condition}"
        )
        params += [*part.values, *([part.kind] if part.kind is not None else [])]
    if not selects:
        return None
    union = " UNION ALL ".join(selects)
    sql = (
        "(SELECT owner, SUM(about) AS about, SUM(shared) AS shared "
        f"FROM ({union}) tags GROUP BY owner)"
    )
    return sql, params


def _setting_score(mine: Profile, *, population: str, region: str, south: str) -> tuple:
    """The SQL weight of sharing `mine`'s population class, region and Global South flag."""
    terms, params = ["0.0"], []
    if mine.population_class:
        low, high = POPULATION_CLASS_BOUNDS[PopulationClass(mine.population_class)]
        condition, bounds = f"{population} >= %s", [low]
        if high is not None:
            condition, bounds = f"{condition} AND {population} <= %s", [low, high]
        terms.append(f"CASE WHEN {condition} THEN {WEIGHTS['population_class']} ELSE 0.0 END")
        params += bounds
    if mine.region:
        terms.append(f"CASE WHEN {region} = %s THEN {WEIGHTS['region']} ELSE 0.0 END")
        params.append(mine.region)
    if mine.global_south is not None:
        terms.append(f"CASE WHEN {south} = %s THEN {WEIGHTS['global_south']} ELSE 0.0 END")
        params.append(mine.global_south)
    return " + ".join(terms), params


def _fetch_ids(sql: str, params: list, limit: int | None) -> list[int]:
    if limit is not None:
        sql, params = f"{sql} LIMIT %s", [*params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _in_order(queryset: QuerySet, ids: list[int]) -> list:
    found = queryset.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _rank_cities(mine: Profile, *, exclude: set, limit: int | None, about_only: bool):
    """The cities most like `mine`, best first (then by name), leaving out `exclude`:
    those sharing something `mine` is about (a sector, pillar or SDG) when
    `about_only`, else those alike in anything."""
    challenges = _table(CityChallenge)
    tags = _tag_scores(
        [
            _Tags(
                challenges,
                "city_id",
                connection.ops.quote_name("key"),
                sorted(mine.pillars),
                about=WEIGHTS["pillar"],
                kind=ChallengeKind.PILLAR,
            ),
            _Tags(
                challenges,
                "city_id",
                connection.ops.quote_name("key"),
                [str(number) for number in sorted(mine.sdgs)],
                about=WEIGHTS["sdg"],
                kind=ChallengeKind.SDG,
            ),
            _Tags(
                _table(City.sectors.through),
                "city_id",
                "sector_id",
                list(Sector.objects.filter(slug__in=mine.sectors).values_list("pk", flat=True)),
                about=WEIGHTS["sector"],
            ),
        ]
    )
    setting, setting_params = _setting_score(
        mine, population="c.population", region="co.region", south="co.global_south"
    )
    excluded = sorted(pk for pk in exclude if pk is not None)
    about = "COALESCE(s.about, 0) / 2.0" if tags else "0.0"
    sql = f"SELECT c.id FROM {_table(City)} c JOIN {_table(Country)} co ON co.code = c.country_id"
    params: list = []
    if tags:
        sql += f" LEFT JOIN {tags[0]} s ON s.owner = c.id"
        params += tags[1]
    if excluded:
        sql += f" WHERE c.id NOT IN ({_placeholders(excluded)})"
        params += excluded
    order = [f"{about} + {setting} DESC", "c.name", "c.id"]
    if about_only:
        order.insert(0, f"CASE WHEN {about} > 0 THEN 0 ELSE 1 END")
    sql += " ORDER BY " + ", ".join(order)
    params += setting_params
    cities = _in_order(City.objects.with_references(), _fetch_ids(sql, params, limit))
    profiles = city_profiles(cities)
    names = Names()
    matches = [Match(city, reasons(mine, profiles[city.pk], names)) for city in cities]
    # The order puts those sharing nothing (or nothing they are about) last: dropping
    # them leaves no better one out.
    if about_only:
        return [match for match in matches if _about(match)]
    return [match for match in matches if match.reasons]


def _about(match: Match) -> bool:
    return any(reason.kind in ABOUT for reason in match.reasons)


def city_peers(city: City, *, limit: int | None = DEFAULT_LIMIT) -> list[Match]:
    """Cities like `city`, best first, each with the reasons."""
    mine = city_profiles([city])[city.pk]
    return _rank_cities(mine, exclude={city.pk}, limit=limit, about_only=False)


def learning_cities(practice, *, limit: int | None = DEFAULT_LIMIT) -> list[Match]:
    """Cities that could learn from `practice`: like its city, working on its pillars,
    SDGs and sectors, leaving out its own city and the cities that already took it up.
    A city sharing only region or size with the practice's setting is no lead: each
    shares something the practice is about."""
    mine = practice_profile(practice)
    exclude = {practice.city_id, *practice.adoptions.values_list("city_id", flat=True)}
    return _rank_cities(mine, exclude=exclude, limit=limit, about_only=True)


def related_practices(practice, *, limit: int | None = DEFAULT_LIMIT) -> list[Match]:
    """Published practices like `practice`: sharing its pillars, SDGs, sectors and
    exchanges, and from alike places; best first. Only a practice sharing what this one
    is about (a sector, pillar or SDG) is related."""
    from practices.models import Practice, PracticeStatus

    mine = practice_profile(practice)
    events = sorted(practice.events.values_list("pk", flat=True))
    tags = _tag_scores(
        [
            _Tags(
                _table(Practice.pillars.through),
                "practice_id",
                "pillar_id",
                sorted(pillar.pk for pillar in practice.pillars.all()),
                about=WEIGHTS["pillar"],
            ),
            _Tags(
                _table(Practice.sdgs.through),
                "practice_id",
                "sdg_id",
                sorted(sdg.pk for sdg in practice.sdgs.all()),
                about=WEIGHTS["sdg"],
            ),
            _Tags(
                _table(Practice.sectors.through),
                "practice_id",
                "sector_id",
                sorted(sector.pk for sector in practice.sectors.all()),
                about=WEIGHTS["sector"],
            ),
            _Tags(
                _table(Practice.events.through),
                "practice_id",
                "event_id",
                events,
                shared=WEIGHTS["event"],
            ),
        ]
    )
    if tags is None:
        return []
    # A practice without a city takes the setting of its first country (by name): found
    # by a join on the first names, not a subquery per practice.
    first_names = (
        f"(SELECT pc.practice_id, MIN(x.name) AS name FROM {_table(Practice.countries.through)} pc "
        f"JOIN {_table(Country)} x ON x.code = pc.country_id "
        f"JOIN {_table(Practice)} q ON q.id = pc.practice_id "
        "WHERE q.city_id IS NULL GROUP BY pc.practice_id)"
    )
    setting, setting_params = _setting_score(
        mine,
        population="c.population",
        region="COALESCE(co.region, fc.region)",
        south="COALESCE(co.global_south, fc.global_south)",
    )
    joins = (
        f"JOIN {_table(Practice)} p ON p.id = s.owner "
        f"LEFT JOIN {_table(City)} c ON c.id = p.city_id "
        f"LEFT JOIN {_table(Country)} co ON co.code = c.country_id "
        f"LEFT JOIN {first_names} f ON f.practice_id = p.id "
        f"LEFT JOIN {_table(Country)} fc ON fc.name = f.name "
        "WHERE s.about > 0 AND p.status = %s AND p.id <> %s "
    )
    params = [*tags[1], PracticeStatus.PUBLISHED, practice.pk]
    ids = None
    if limit is not None:
        ids = _best_tagged_first(tags[0], joins, params, setting, setting_params, mine, limit)
    if ids is None:
        sql = (
            f"SELECT p.id FROM {tags[0]} s {joins}"
            f"ORDER BY (s.about + s.shared) / 2.0 + {setting} DESC, p.title, p.id"
        )
        ids = _fetch_ids(sql, [*params, *setting_params], limit)
    candidates = (
        Practice.objects.in_reader_language()
        .select_related("city__country")
        .prefetch_related("pillars", "sdgs", "sectors", "countries", "events")
    )
    names = Names()
    matches = []
    for other in _in_order(candidates, ids):
        found = reasons(mine, practice_profile(other), names)
        shared = set(events)
        for event in other.events.all():
            if event.pk in shared:
                found.append(
                    Reason("event", event.slug, _("also shared at %(event)s") % {"event": event})
                )
        matches.append(Match(other, found))
    return matches


# How many of the best-tagged practices a ranking first looks at.
BEST_TAGGED = 2000


def _best_tagged_first(tags, joins, params, setting, setting_params, mine, limit):
    """The ranking of `related_practices` over the BEST_TAGGED practices sharing the
    most tags only: joining the setting of those few instead of tens of thousands. It
    stands when it provably is the whole ranking's (every practice left out shares no
    more than the least of those, so scores at most that plus the best setting: less
    than the last kept), else None."""
    best_setting = sum(
        WEIGHTS[kind]
        for kind, known in (
            ("population_class", mine.population_class),
            ("region", mine.region),
            ("global_south", mine.global_south is not None),
        )
        if known
    )
    best = (
        "(SELECT owner, about, shared, MIN(about + shared) OVER () AS least, "
        "COUNT(*) OVER () AS kept FROM "
        f"(SELECT owner, about, shared FROM {tags} t WHERE about > 0 "
        f"ORDER BY about + shared DESC LIMIT {BEST_TAGGED}) top)"
    )
    sql = (
        f"SELECT p.id, (s.about + s.shared) / 2.0 + {setting} AS score, s.least, s.kept "
        f"FROM {best} s {joins}ORDER BY score DESC, p.title, p.id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*setting_params, *params, limit])
        rows = cursor.fetchall()
    if not rows:
        return None
    _pk, last_score, least, kept = rows[-1]
    if kept < BEST_TAGGED or (
        len(rows) == limit and float(last_score) > float(least) / 2 + best_setting
    ):
        return [row[0] for row in rows]
    return None


# --- what each city works on (CityChallenge) ------------------------------------------------


def _challenges_of(city_ids: Iterable[int] | None, apps=global_apps) -> set[tuple[int, str, str]]:
    """(city, kind, key) of what the cities `city_ids` (None: every city) work on: the
    pillars and SDGs of their published practices and of the exchanges they host or join."""
    Practice = apps.get_model("practices", "Practice")
    Event = apps.get_model("exchanges", "Event")
    Participation = apps.get_model("exchanges", "Participation")
    practices = Practice.objects.filter(status="published", city__isnull=False)
    hosted = Event.objects.all()
    joined = Participation.objects.all()
    if city_ids is not None:
        practices = practices.filter(city__in=city_ids)
        hosted = hosted.filter(host_city__in=city_ids)
        joined = joined.filter(city__in=city_ids)
    found: set[tuple[int, str, str]] = set()
    for kind, relation, key in (
        (ChallengeKind.PILLAR, "pillars", "pillar__slug"),
        (ChallengeKind.SDG, "sdgs", "sdg__number"),
    ):
        for city_id, value in (
            getattr(Practice, relation)
            .through.objects.filter(practice__in=practices)
            .values_list("practice__city_id", key)
        ):
            found.add((city_id, kind, str(value)))
        event_tags = defaultdict(set)
        event_through = getattr(Event, relation).through.objects
        events = hosted.order_by().values("pk").union(joined.order_by().values("event_id"))
        for event_id, value in event_through.filter(event__in=events).values_list("event_id", key):
            event_tags[event_id].add(str(value))
        for event_id, city_id in (
            *hosted.values_list("pk", "host_city_id"),
            *joined.values_list("event_id", "city_id"),
        ):
            found.update((city_id, kind, value) for value in event_tags.get(event_id, ()))
    return found


def refresh_challenges(city_ids: Iterable[int | None]) -> None:
    """Bring the CityChallenge rows of `city_ids` up to date."""
    city_ids = {pk for pk in city_ids if pk is not None}
    if not city_ids:
        return
    _write_challenges(city_ids, _challenges_of(city_ids))


def rebuild_challenges(apps=global_apps) -> int:
    """Recompute every city's CityChallenge rows (after a bulk load); returns their number."""
    found = _challenges_of(None, apps)
    _write_challenges(None, found, apps)
    return len(found)


def _write_challenges(city_ids, found, apps=global_apps) -> None:
    model = apps.get_model("cities", "CityChallenge")
    rows = model.objects.all() if city_ids is None else model.objects.filter(city__in=city_ids)
    existing = set(rows.values_list("city_id", "kind", "key"))
    stale = existing - found
    if stale and city_ids is None:
        # A rebuild: starting afresh beats deleting row by row.
        rows.delete()
        existing = set()
    elif stale:
        condition = Q()
        for city_id, kind, key in stale:
            condition |= Q(city_id=city_id, kind=kind, key=key)
        rows.filter(condition).delete()
    model.objects.bulk_create(
        [model(city_id=c, kind=k, key=v) for c, k, v in found - existing], batch_size=5000
    )


# Inside challenges_deferred(): the signals only note that something changed.
_deferred: ContextVar[list | None] = ContextVar("cities_peers_deferred", default=None)


@contextmanager
def challenges_deferred():
    """Refresh what cities work on once at the end, from scratch, instead of on each
    saved or deleted row: for bulk deletions, where refreshing per row would cost a few
    queries per row."""
    changes: list = []
    token = _deferred.set(changes)
    try:
        yield
    finally:
        _deferred.reset(token)
    if changes:
        rebuild_challenges()


def _deferring() -> bool:
    changes = _deferred.get()
    if changes is not None:
        changes.append(True)
        return True
    return False


def _event_cities(event_ids) -> set[int]:
    from exchanges.models import Event, Participation

    return set(Event.objects.filter(pk__in=event_ids).values_list("host_city_id", flat=True)) | set(
        Participation.objects.filter(event__in=event_ids).values_list("city_id", flat=True)
    )


def _remember_city(sender, instance, raw=False, **kwargs):
    """Before a save: the city the row had (a practice or participation moving, an
    exchange changing host, leaves its former city's challenges to refresh)."""
    field = "host_city_id" if sender._meta.model_name == "event" else "city_id"
    previous = None
    if instance.pk is not None and not raw and not _deferring():
        previous = sender.objects.filter(pk=instance.pk).values_list(field, flat=True).first()
    instance._challenge_cities = {previous}


def _city_changed(sender, instance, raw=False, **kwargs):
    """A practice or participation saved or deleted."""
    if not raw and not _deferring():
        refresh_challenges({instance.city_id, *getattr(instance, "_challenge_cities", ())})


def _event_changed(sender, instance, raw=False, **kwargs):
    if not raw and not _deferring():
        refresh_challenges(
            {*_event_cities([instance.pk]), *getattr(instance, "_challenge_cities", ())}
        )


def _remember_event_cities(sender, instance, **kwargs):
    if not _deferring():
        instance._challenge_cities = _event_cities([instance.pk])


def _tags_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """A practice's or an exchange's pillars or SDGs changed."""
    from practices.models import Practice

    if action not in ("post_add", "post_remove", "post_clear") or _deferring():
        return
    if reverse:
        # From a pillar's or SDG's side (rare): whose practices or exchanges changed is
        # not known after a clear.
        if pk_set is None:
            rebuild_challenges()
        elif model is Practice:
            practices = Practice.objects.filter(pk__in=pk_set)
            refresh_challenges(practices.values_list("city_id", flat=True))
        else:
            refresh_challenges(_event_cities(pk_set))
    elif isinstance(instance, Practice):
        refresh_challenges({instance.city_id})
    else:
        refresh_challenges(_event_cities([instance.pk]))


def connect_signals() -> None:
    """Keep CityChallenge up to date with practices, exchanges and participations."""
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

    from exchanges.models import Event, Participation
    from practices.models import Practice

    for model, changed in (
        (Practice, _city_changed),
        (Participation, _city_changed),
        (Event, _event_changed),
    ):
        uid = f"cities.peers.{model._meta.label_lower}"
        pre_save.connect(_remember_city, sender=model, dispatch_uid=f"{uid}.pre_save")
        post_save.connect(changed, sender=model, dispatch_uid=f"{uid}.post_save")
        post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}.post_delete")
    pre_delete.connect(
        _remember_event_cities, sender=Event, dispatch_uid="cities.peers.event.pre_delete"
    )
    for through in (
        Practice.pillars.through,
        Practice.sdgs.through,
        Event.pillars.through,
        Event.sdgs.through,
    ):
        m2m_changed.connect(
            _tags_changed, sender=through, dispatch_uid=f"cities.peers.{through._meta.label_lower}"
        )
