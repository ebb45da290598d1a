"""The good practice catalogue (`/practices/`): its filters and its facets.

A facet lists the values of one filter with the number of practices each would give,
counted under all the *other* filters in force, so the counts follow the visitor's
choices. `practice_facets()` is the one place that counts them.
"""

from dataclasses import dataclass, field

import django_filters
from django import forms
from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from cities.models import Country, Region, Sector

from .models import SDG, Criterion, Pillar, Practice
from .search import search_practices

# The years a practice can be filtered on; wider than any real one, narrow enough to refuse
# nonsense with a message.
MIN_YEAR, MAX_YEAR = 1900, 2100


def practice_region_q(region: str) -> Q:
    """Practices in that region: through their city or one of their countries."""
    return Q(city__country__region=region) | Q(countries__region=region)


def practice_country_q(country) -> Q:
    """Practices in that country (a Country or its code): their city's, or one of theirs."""
    code = getattr(country, "pk", country)
    return Q(city__country=code) | Q(countries=code)


def practice_year_q(year: int) -> Q:
    """Practices running in `year`: from their start year to their end year (the start year
    alone when they have no end year)."""
    return Q(start_year__lte=year) & (
        Q(end_year__gte=year) | Q(end_year__isnull=True, start_year=year)
    )


def _within(queryset: QuerySet, condition: Q) -> QuerySet:
    """Filter on a condition that spans several to-many relations without repeating rows."""
    return queryset.filter(pk__in=Practice.objects.filter(condition).values("pk"))


class YearFilter(django_filters.NumberFilter):
    """A year: a whole number ("2012.5" is an error, not 2012)."""

    field_class = forms.IntegerField


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
    year = YearFilter(label=_("Year"), method="filter_year", min_value=MIN_YEAR, max_value=MAX_YEAR)

    class Meta:
        model = Practice
        fields = ["q", "pillar", "sdg", "region", "country", "sector", "criterion", "year"]

    def filter_q(self, queryset, name, value):
        return search_practices(queryset, value)

    def filter_region(self, queryset, name, value):
        return _within(queryset, practice_region_q(value))

    def filter_country(self, queryset, name, value):
        return _within(queryset, practice_country_q(value))

    def filter_year(self, queryset, name, value):
        return queryset.filter(practice_year_q(int(value)))

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

    One query per facet for the counts, plus one per list of values; none grows with the
    number of practices."""
    base = filterset.queryset
    active = filterset.active
    selected = {name: _param(value) for name, value in active.items()}

    years = base.aggregate(first=Min("start_year"), last=Max(Coalesce("end_year", "start_year")))
    year_values = (
        list(range(years["last"], years["first"] - 1, -1))
        if years["first"] is not None and years["last"] is not None
        else []
    )
    countries = Country.objects.filter(
        Q(cities__practices__in=base.values("pk")) | Q(practices__in=base.values("pk"))
    ).distinct()
    sectors = Sector.objects.filter(practices__in=base.values("pk")).distinct()

    specs = [
        (
            "pillar",
            _("Decent Work pillar"),
            [(p.slug, p.short_name, Q(pillars=p.pk), {}) for p in Pillar.objects.all()],
        ),
        (
            "sdg",
            _("Sustainable Development Goal"),
            [
                (str(s.number), s.name, Q(sdgs=s.pk), {"number": s.number, "colour": s.colour})
                for s in SDG.objects.all()
            ],
        ),
        (
            "region",
            _("Region"),
            [(value, label, practice_region_q(value), {}) for value, label in Region.choices],
        ),
        (
            "country",
            _("Country"),
            [(c.code, c.name, practice_country_q(c.code), {}) for c in countries],
        ),
        ("sector", _("Sector"), [(s.slug, s.name, Q(sectors=s.pk), {}) for s in sectors]),
        (
            "criterion",
            _("Criterion met"),
            [(c.slug, c.name, Q(criteria=c.pk), {}) for c in Criterion.objects.all()],
        ),
        (
            "year",
            _("Year"),
            [(str(y), str(y), practice_year_q(y), {}) for y in year_values],
        ),
    ]
    facets = []
    for name, label, options in specs:
        counts = _count_each(filterset.queryset_without(name), [q for _v, _l, q, _e in options])
        facet = Facet(name=name, label=label)
        for (value, option_label, _q, extra), count in zip(options, counts, strict=True):
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


def _count_each(queryset: QuerySet, conditions: list[Q]) -> list[int]:
    """How many rows of `queryset` meet each condition, in one query."""
    if not conditions:
        return []
    rows = Practice.objects.filter(pk__in=queryset.values("pk"))
    counts = rows.aggregate(
        **{
            f"c{index}": Count("pk", filter=condition, distinct=True)
            for index, condition in enumerate(conditions)
        }
    )
    return [counts[f"c{index}"] for index in range(len(conditions))]


def _param(value) -> str:
    """A filter's value as it appears in the URL."""
    for attribute in ("slug", "number", "code"):
        if hasattr(value, attribute):
            return str(getattr(value, attribute))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
