"""The good practice catalogue (`/practices/`): its filters and its facets.

A facet lists the values of one filter with the number of practices each would give,
counted under all the *other* filters in force, so the counts follow the visitor's
choices. `practice_facets()` is the one place that counts them.
"""

from collections import defaultdict
from dataclasses import dataclass, field

import django_filters
from django.db import connection
from django.db.models import BooleanField, Case, ExpressionWrapper, F, Q, QuerySet, When
from django.utils.translation import gettext_lazy as _

from base.filters import YearFilter
from base.models import SDG, Criterion, Pillar, Sector
from cities.countries import CountryFilter
from cities.countries import sort_key as country_sort_key
from cities.models import Country, Region

from .models import Practice, PracticeTags
from .review_cards import by_review_score, with_review_score
from .search import search_practices
from .selectors import practice_country_q, practice_region_q, practice_year_q, running_years


class PracticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    pillar = django_filters.ModelChoiceFilter(
        label=_("Decent Work pillar"),
        queryset=Pillar.objects.all(),
        to_field_name="slug",
        field_name="pillars",
    )
    sdg = django_filters.ModelChoiceFilter(
        label=_("Sustainable Development Goal"),
        queryset=SDG.objects.all(),
        to_field_name="number",
        field_name="sdgs",
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"), choices=Region.choices, method="filter_region"
    )
    country = CountryFilter(
        label=_("Country"),
        queryset=Country.objects.all(),
        to_field_name="code",
        method="filter_country",
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), queryset=Sector.objects.all(), to_field_name="slug", field_name="sectors"
    )
    criterion = django_filters.ModelChoiceFilter(
        label=_("Criterion met"),
        queryset=Criterion.objects.all(),
        to_field_name="slug",
        field_name="criteria",
    )
    year = YearFilter(label=_("Year"), method="filter_year")

    class Meta:
        model = Practice
        fields = ["q", "pillar", "sdg", "region", "country", "sector", "criterion", "year"]

    def filter_q(self, queryset, name, value):
        return search_practices(queryset, value)

    def filter_region(self, queryset, name, value):
        return queryset.filter(practice_region_q(value))

    def filter_country(self, queryset, name, value):
        return queryset.filter(practice_country_q(value))

    def filter_year(self, queryset, name, value):
        return queryset.filter(practice_year_q(value))

    @property
    def active(self) -> dict:
        """The valid filters in force, by name."""
        self.errors  # noqa: B018
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "", [])
        }


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    number: int | None = None  # SDGs are shown by number...
    colour: str | None = None  # ...on their own colour


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption] = field(default_factory=list)

    @property
    def selected(self) -> FacetOption | None:
        return next((option for option in self.options if option.selected), None)


def practice_facets(filterset: PracticeFilter) -> list[Facet]:
    """The catalogue's facets: for each filter (pillar, SDG, region, country, sector,
    criterion, year), its values with the number of practices each gives under the other
    filters in force. Values that give none are left out unless selected.

    Every count comes from one query (`facet_counts`), plus one query per list of values;
    none grows with the number of practices or of values."""
    active = filterset.active
    selected = {name: _param(value) for name, value in active.items()}
    counts = facet_counts(filterset)
    pillars, sdgs, sectors, criteria = (
        _spread_over_tags(counts[name]) for name in ("pillar", "sdg", "sector", "criterion")
    )
    every_country = list(Country.objects.all())
    countries = _spread_over_places(counts["country"])
    regions = _spread_over_places(
        counts["region"], region_of={country.code: country.region for country in every_country}
    )
    selected_year = int(selected["year"]) if "year" in selected else None
    years = _spread_over_years(counts["year"], until=selected_year)
    if selected_year is not None:
        years.setdefault(selected_year, 0)

    specs = [
        (
            "pillar",
            _("Decent Work pillar"),
            [(p.slug, p.short_name, pillars.get(p.pk, 0), {}) for p in Pillar.objects.all()],
        ),
        (
            "sdg",
            _("Sustainable Development Goal"),
            [
                (str(s.number), s.name, sdgs.get(s.pk, 0), {"number": s.number, "colour": s.colour})
                for s in SDG.objects.all()
            ],
        ),
        (
            "region",
            _("Region"),
            [(value, label, regions.get(value, 0), {}) for value, label in Region.choices],
        ),
        (
            "country",
            _("Country"),
            sorted(
                (
                    (c.code, str(c.name), countries.get(c.code, 0), {})
                    for c in every_country
                    if c.code in countries or c.code == selected.get("country")
                ),
                key=lambda option: country_sort_key(option[1]),
            ),
        ),
        (
            "sector",
            _("Sector"),
            [
                (s.slug, s.name, sectors.get(s.pk, 0), {})
                for s in Sector.objects.filter(Q(pk__in=sectors) | Q(slug=selected.get("sector")))
            ],
        ),
        (
            "criterion",
            _("Criterion met"),
            [(c.slug, c.name, criteria.get(c.pk, 0), {}) for c in Criterion.objects.all()],
        ),
        (
            "year",
            _("Year"),
            [(str(y), str(y), count, {}) for y, count in sorted(years.items(), reverse=True)],
        ),
    ]
    facets = []
    for name, label, options in specs:
        facet = Facet(name=name, label=label)
        for value, option_label, count, extra in options:
            is_selected = selected.get(name) == value
            if count or is_selected:
                facet.options.append(
                    FacetOption(
                        value=value,
                        label=option_label,
                        count=count,
                        selected=is_selected,
                        **extra,
                    )
                )
        facets.append(facet)
    return facets


# The facets, each counted over the practices that every filter in force but its own
# gives, from each practice's row of PracticeTags: its tags, its places (its city's
# country and its own countries), its span of years.
FACETS = ("pillar", "sdg", "region", "country", "sector", "criterion", "year")
TAG_FACETS = {"pillar": "pillars", "sdg": "sdgs", "sector": "sectors", "criterion": "criteria"}
# The groups counted: the facets each serves, and the columns it groups by.
GROUPS = [
    *(((facet,), (field,)) for facet, field in TAG_FACETS.items()),
    (("country", "region"), ("countries", "home_country_id")),
    (("year",), ("first_year", "last_year")),
]


def facet_counts(filterset: PracticeFilter) -> dict[str, dict]:
    """The counts of every facet in one query: {facet: {key: count}}, the number of
    practices counted in the facet per combination of its values, to be spread over the
    values: for the tags, by the tuple of their primary keys; for countries and regions,
    by (the city's country or None, the tuple of the practice's own countries); for
    "year", by (first year, last year or None) (`_spread_over_years`).

    The practices that count in some facet (the candidates: those failing at most one
    facet filter in force, and passing every other filter) are read once from their rows
    of PracticeTags, each with a flag per facet filter in force, and grouped by each
    facet's columns (PostgreSQL's grouping sets: one pass; elsewhere a UNION ALL of one
    grouped count per facet), each group counting, per facet, its practices passing
    every filter in force but that facet's. Practices share few combinations of values
    (about 14,400 groups for 42,000 practices, most of them combinations of countries),
    so no tag table is joined: see the README ("Performance") for the plans measured."""
    active = filterset.active
    in_force = [name for name in FACETS if name in active]
    candidates = filterset.queryset.all()
    for name, value in active.items():
        if name not in FACETS:
            candidates = filterset.filters[name].filter(candidates, value)
    flags = {
        f"passes_{name}": ExpressionWrapper(
            Q(pk__in=filterset.filters[name].filter(Practice.objects.all(), active[name])),
            output_field=BooleanField(),
        )
        for name in in_force
    }
    candidates = candidates.annotate(**flags)
    if len(in_force) > 1:
        # A practice failing two filters counts in no facet.
        failures = sum(Case(When(**{flag: False}, then=1), default=0) for flag in flags)
        candidates = candidates.alias(failures=failures).filter(failures__lte=1)
    candidates_sql, params = (
        candidates.order_by().values(*flags, practice=F("pk")).query.sql_with_params()
    )

    def counted_in(facet: str) -> str:
        """The practices counted in `facet`: passing every filter in force but its own."""
        others = [f"c.passes_{name}" for name in in_force if name != facet]
        return f"COUNT(*) FILTER (WHERE {' AND '.join(others)})" if others else "COUNT(*)"

    source = (
        f"FROM {PracticeTags._meta.db_table} t JOIN ({candidates_sql}) c "
        f"ON c.practice = t.practice_id"
    )
    columns = [column for _facets, group in GROUPS for column in group]
    tallies = ", ".join(counted_in(facet) for facet in FACETS)
    if connection.vendor == "postgresql":
        # GROUPING() of the first column of each group: 0 in that group's rows.
        which = f"GROUPING({', '.join(f't.{group[0]}' for _facets, group in GROUPS)})"
        sets = ", ".join(
            "(" + ", ".join(f"t.{column}" for column in group) + ")" for _facets, group in GROUPS
        )
        sql = (
            f"SELECT {which}, {', '.join(f't.{c}' for c in columns)}, {tallies} "
            f"{source} GROUP BY GROUPING SETS ({sets})"
        )
        mask = (1 << len(GROUPS)) - 1
        group_of = {mask ^ (1 << (len(GROUPS) - 1 - index)): index for index in range(len(GROUPS))}
    else:
        branches = []
        for index, (_facets, group) in enumerate(GROUPS):
            selected = ", ".join(f"t.{c}" if c in group else "NULL" for c in columns)
            grouped = ", ".join(f"t.{column}" for column in group)
            branches.append(f"SELECT {index}, {selected}, {tallies} {source} GROUP BY {grouped}")
        sql = " UNION ALL ".join(branches)
        params = params * len(GROUPS)
        group_of = {index: index for index in range(len(GROUPS))}

    # Where each group's values and each facet's count are in a row.
    at = {column: 1 + index for index, column in enumerate(columns)}
    tally_at = {facet: 1 + len(columns) + index for index, facet in enumerate(FACETS)}
    counts: dict[str, dict] = {facet: defaultdict(int) for facet in FACETS}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for row in rows:
        facets, group = GROUPS[group_of[row[0]]]
        if group[0] in TAG_FACETS.values():
            key = tuple(int(tag) for tag in row[at[group[0]]].split(",") if tag)
        elif group[0] == "countries":
            key = (row[at["home_country_id"]], tuple(filter(None, row[at["countries"]].split(","))))
        elif row[at["first_year"]] is None:
            continue
        else:
            key = (row[at["first_year"]], row[at["last_year"]])
        for facet in facets:
            if row[tally_at[facet]]:
                counts[facet][key] += row[tally_at[facet]]
    return counts


def _spread_over_tags(combinations: dict) -> dict:
    """The number of practices per tag, from counts per combination of tags."""
    counts: dict = defaultdict(int)
    for tags, count in combinations.items():
        for tag in tags:
            counts[tag] += count
    return counts


def _spread_over_places(combinations: dict, *, region_of: dict | None = None) -> dict:
    """The number of practices per country (or per region, given each country's), from
    counts per (city's country, own countries): a practice counts once in each place,
    however many of its countries are there."""
    counts: dict = defaultdict(int)
    for (home, own), count in combinations.items():
        places = {home, *own} - {None}
        if region_of is not None:
            places = {region_of[code] for code in places}
        for place in places:
            counts[place] += count
    return counts


def _spread_over_years(spans: dict, *, until: int | None = None) -> dict[int, int]:
    """The number of practices running in each year, from counts per span of years
    (`running_years`: a practice without an end year runs until this year, or `until`
    when later)."""
    counts: dict[int, int] = defaultdict(int)
    for (start, end), count in spans.items():
        for year in running_years(start, end, until=until):
            counts[year] += count
    return counts


def _param(value) -> str:
    """A filter's value as it appears in the URL."""
    for attribute in ("slug", "number", "code"):
        if hasattr(value, attribute):
            return str(getattr(value, attribute))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# The catalogue's orders (`?sort=`); an unknown one gives the default.
PRACTICE_SORTS = {
    "newest": _("Newest first"),
    "highest-rated": _("Highest rated"),
    "title": _("Title, A to Z"),
}
DEFAULT_PRACTICE_SORT = "newest"


def practice_sort(params) -> str:
    value = params.get("sort")
    return value if value in PRACTICE_SORTS else DEFAULT_PRACTICE_SORT


def sort_practices(queryset: QuerySet, sort: str) -> QuerySet:
    """`queryset` in the catalogue order `sort`. "Highest rated" is by the total of each
    practice's latest review card, those never scored last, the newest first among equals."""
    if sort == "highest-rated":
        return with_review_score(queryset).order_by(
            by_review_score(), "-published_at", "title", "pk"
        )
    if sort == "title":
        return queryset.order_by("title", "pk")
    return queryset.order_by("-published_at", "title", "pk")
