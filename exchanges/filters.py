"""Filters of the exchange list (`/events/`) and the roadmap list (`/roadmaps/`), and the
order the exchange list shows. Values travel in the URL, so a filtered list can be
shared; a value that does not exist is reported and ignored."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Case, F, Q, QuerySet, Value, When
from django.db.models.functions import ExtractYear
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from base.filters import YearFilter
from base.models import SDG, LearningFormat, Pillar
from cities.countries import CountryFilter
from cities.models import City, Country, Region

from .models import Event, EventKind, EventStatus, Roadmap
from .rules import Modality
from .search import search_events, search_roadmaps
from .selectors import (
    EventScope,
    cities_in_roadmaps,
    event_year_q,
    events_involving_cities_q,
    events_involving_countries_q,
    events_of_scope,
    roadmap_city_q,
)

UPCOMING, PAST = "upcoming", "past"


def upcoming_q(today: datetime.date | None = None) -> Q:
    """Events still to come or under way, cancelled ones aside (as `Event.objects.upcoming`)."""
    today = today or timezone.localdate()
    return Q(end_date__gte=today) & ~Q(status=EventStatus.CANCELLED)


def in_list_order(queryset: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """Upcoming events first, the soonest first; then the others, the latest first.

    Each event carries `upcoming` (True or False), so a list can head both groups."""
    upcoming = upcoming_q(today)
    return queryset.annotate(
        upcoming=Case(
            When(upcoming, then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    ).order_by(
        F("upcoming").desc(),
        Case(When(upcoming, then=F("start_date"))).asc(nulls_last=True),
        F("start_date").desc(),
        "title",
        "pk",
    )


def event_year_choices() -> list[tuple[str, str]]:
    """The years in which exchanges start or end, latest first, as choices; the filter
    takes any other year too."""
    starts, ends = (
        Event.objects.order_by().annotate(year=ExtractYear(field)).values_list("year")
        for field in ("start_date", "end_date")
    )
    years = sorted({year for (year,) in starts.union(ends)}, reverse=True)
    return [("", _("All years"))] + [(str(year), str(year)) for year in years]


class CityNameField(forms.ModelChoiceField):
    """A city typed in a text box, by slug (as links and `?city=` carry it) or by name (as
    a visitor types it): a select of every city would weigh as much as the network.
    The box suggests matching cities from the city search API (static/js/city-suggestions.js)."""

    widget = forms.TextInput

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            found = self.queryset.filter(name__iexact=str(value).strip()).order_by("name", "pk")
            city = found.first()
            if city is None:
                raise
            return city

    def widget_attrs(self, widget):
        return {
            **super().widget_attrs(widget),
            "placeholder": _("Any city: type a name"),
            "autocomplete": "off",
            "data-city-suggestions": reverse_lazy("api-v1:city-list"),
        }


class CityNameFilter(django_filters.ModelChoiceFilter):
    field_class = CityNameField


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[(UPCOMING, _("Upcoming")), (PAST, _("Past and cancelled"))],
        method="filter_when",
        empty_label=_("Upcoming and past"),
    )
    city = CityNameFilter(
        label=_("City (host or participant)"),
        queryset=City.objects.all(),
        to_field_name="slug",
        method="filter_city",
    )
    country = CountryFilter(
        label=_("Country"),
        queryset=Country.objects.with_cities(),
        to_field_name="code",
        method="filter_country",
        empty_label=_("All countries"),
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"),
        choices=Region.choices,
        method="filter_region",
        empty_label=_("All regions"),
    )
    scope = django_filters.ChoiceFilter(
        label=_("Exchanges or forums"),
        choices=EventScope.choices,
        method="filter_scope",
        empty_label=_("Exchanges and large forums"),
    )
    modality = django_filters.ChoiceFilter(
        label=_("Modality"), choices=Modality.choices, empty_label=_("All modalities")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=EventKind.choices, empty_label=_("All kinds")
    )
    learning_format = django_filters.ModelChoiceFilter(
        label=_("Learning format"),
        queryset=LearningFormat.objects.all(),
        to_field_name="slug",
        field_name="formats",
        empty_label=_("All formats"),
    )
    pillar = django_filters.ModelChoiceFilter(
        label=_("Decent Work pillar"),
        queryset=Pillar.objects.all(),
        to_field_name="slug",
        field_name="pillars",
        empty_label=_("All pillars"),
    )
    sdg = django_filters.ModelChoiceFilter(
        label=_("SDG"),
        queryset=SDG.objects.all(),
        to_field_name="number",
        field_name="sdgs",
        empty_label=_("All SDGs"),
    )
    # Its choices are read once per list (__init__): a callable there is read each time
    # the select is rendered.
    year = YearFilter(label=_("Year"), method="filter_year", widget=forms.Select)

    class Meta:
        model = Event
        fields = [
            "q",
            "when",
            "city",
            "country",
            "region",
            "scope",
            "modality",
            "kind",
            "learning_format",
            "pillar",
            "sdg",
            "year",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["widget"] = forms.Select(choices=event_year_choices())

    def filter_q(self, queryset, name, value):
        return search_events(queryset, value)

    def filter_when(self, queryset, name, value):
        if value == UPCOMING:
            return queryset.filter(upcoming_q())
        return queryset.exclude(upcoming_q())

    def filter_city(self, queryset, name, value):
        return queryset.filter(events_involving_cities_q(pk=value.pk))

    def filter_country(self, queryset, name, value):
        return queryset.filter(events_involving_countries_q(pk=value.pk))

    def filter_region(self, queryset, name, value):
        return queryset.filter(events_involving_countries_q(region=value))

    def filter_scope(self, queryset, name, value):
        return events_of_scope(queryset, value)

    def filter_year(self, queryset, name, value):
        return queryset.filter(event_year_q(value))


class RoadmapFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    # A text box, as on the exchange list: a select of every city some roadmap involves
    # (thousands at scale) made most of the roadmap list's weight and time.
    city = CityNameFilter(
        label=_("City (signatory or responsible for an action)"),
        queryset=cities_in_roadmaps(),
        to_field_name="slug",
        method="filter_city",
    )

    class Meta:
        model = Roadmap
        fields = ["q", "city"]

    def filter_q(self, queryset, name, value):
        return search_roadmaps(queryset, value)

    def filter_city(self, queryset, name, value):
        return queryset.filter(roadmap_city_q(value))
