"""Peer matching: "cities like mine", related practices, and the cities that could learn
from a practice, ranked.

Matches are scored and ranked in the database (ORDER BY score LIMIT n), from the cities'
and practices' own columns and tags and from `CityChallenge`, the pillars and SDGs each
city works on (matching.challenges); only the matches shown are read and explained in
Python (matching.explanation). A request reads a constant number of queries and a few
rows per match, whatever the size of the network.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from base.models import Sector
from cities.models import City, Country
from cities.rules import POPULATION_CLASS_BOUNDS, PopulationClass
from practices.models import Practice, PracticeStatus

from .challenges import flush_pending
from .explanation import (
    ABOUT,
    DEFAULT_LIMIT,
    WEIGHTS,
    Match,
    Names,
    Profile,
    Reason,
    city_profiles,
    practice_profile,
    reasons,
)
from .models import ChallengeKind, CityChallenge

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
    flush_pending()
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
