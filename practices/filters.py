"""The good practice catalogue (`/practices/`): its filters and its facets.

A facet lists the values of one filter with the number of practices each would give,
counted under all the *other* filters in force, so the counts follow the visitor's
choices. `practice_facets()` is the one place that counts them.
"""

from collections import defaultdict
from dataclasses import dataclass, field

import django_filters
from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from base.filters import YearFilter
from base.models import SDG, Criterion, Pillar, Sector
from cities.models import Country, Region

from .models import Practice
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
    country = django_filters.ModelChoiceFilter(
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

    def queryset_without(self, name: str) -> QuerySet:
        """The practices matching every valid filter in force but `name`."""
        self.errors  # noqa: B018 -- validates the form, filling cleaned_data
        queryset = self.queryset.all()
        for filter_name, value in self.form.cleaned_data.items():
            if filter_name != name:
                queryset = self.filters[filter_name].filter(queryset, value)
        return queryset

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

    One grouped count per facet (over its through table, restricted to the practices the
    other filters give), plus one query per list of values; none grows with the number of
    practices or of values."""
    active = filterset.active
    selected = {name: _param(value) for name, value in active.items()}

    def ids(name: str) -> QuerySet:
        return filterset.queryset_without(name).values("pk")

    pillars = _grouped(Practice.pillars.through.objects, "pillar_id", ids("pillar"))
    sdgs = _grouped(Practice.sdgs.through.objects, "sdg_id", ids("sdg"))
    sectors = _grouped(Practice.sectors.through.objects, "sector_id", ids("sector"))
    criteria = _grouped(Practice.criteria.through.objects, "criterion_id", ids("criterion"))
    regions = _by_place(ids("region"), "region")
    countries = _by_place(ids("country"), "code")
    selected_year = int(selected["year"]) if "year" in selected else None
    years = _by_year(ids("year"), until=selected_year)
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
            [
                (c.code, c.name, countries[c.code], {})
                for c in Country.objects.filter(code__in=countries)
            ],
        ),
        (
            "sector",
            _("Sector"),
            [(s.slug, s.name, sectors[s.pk], {}) for s in Sector.objects.filter(pk__in=sectors)],
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


def _grouped(through: QuerySet, column: str, ids: QuerySet) -> dict:
    """How many of the practices `ids` each value of `column` of a through table has: one
    grouped count (a practice appears once per value in a through table)."""
    rows = (
        through.filter(practice_id__in=ids)
        .order_by()
        .values(column)
        .annotate(count=Count("practice_id"))
        .values_list(column, "count")
    )
    return dict(rows)


def _by_place(ids: QuerySet, attribute: str) -> dict:
    """How many of the practices `ids` are in each country (`attribute="code"`) or region:
    through their city or one of their countries, a practice counted once per place."""
    through_city = (
        Practice.objects.filter(pk__in=ids, city__isnull=False)
        .order_by()
        .annotate(item=F("pk"), place=F(f"city__country__{attribute}"))
        .values_list("item", "place")
    )
    # Only the countries that add a place to the city's: most repeat it. A UNION ALL of
    # rows that cannot overlap spares the sort of a whole UNION.
    through_countries = (
        Practice.countries.through.objects.filter(practice_id__in=ids)
        .filter(
            Q(practice__city__isnull=True)
            | ~Q(**{f"practice__city__country__{attribute}": F(f"country__{attribute}")})
        )
        .order_by()
        .annotate(item=F("practice_id"), place=F(f"country__{attribute}"))
        .values_list("item", "place")
        .distinct()
    )
    # Django cannot group a union: the count wraps its SQL.
    sql, params = through_city.union(through_countries, all=True).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT place, COUNT(*) FROM ({sql}) places GROUP BY place", params)
        return dict(cursor.fetchall())


def _by_year(ids: QuerySet, *, until: int | None = None) -> dict[int, int]:
    """How many of the practices `ids` run in each year: one count per span of years,
    spread over its years here (`running_years`: a practice without an end year runs
    until this year, or `until` when later)."""
    spans = (
        Practice.objects.filter(pk__in=ids, start_year__isnull=False)
        .order_by()
        .values("start_year", "end_year")
        .annotate(count=Count("pk"))
        .values_list("start_year", "end_year", "count")
    )
    counts: dict[int, int] = defaultdict(int)
    for start, end, count in spans:
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
