import django_filters
from django.utils.translation import gettext_lazy as _

from base.api.filters import (
    ChoiceFilter,
    DateFilter,
    SearchFilter,
    StableOrderingFilter,
    YearFilter,
    pillar_filter,
    reference_filter,
    sdg_filter,
)
from base.models import LearningFormat, LearningStage
from cities.api.filters import city_filter, country_filter, region_filter, sector_filter
from exchanges import search
from exchanges.models import Event, EventKind, EventStatus, Roadmap
from exchanges.rules import Modality
from exchanges.selectors import (
    EventScope,
    event_year_q,
    events_involving_cities_q,
    events_involving_countries_q,
    events_of_scope,
    roadmap_city_q,
)


class EventFilterSet(django_filters.FilterSet):
    city = city_filter(
        method="filter_city", help_text=_("A city's slug: events it hosts or takes part in.")
    )
    host = city_filter(field_name="host_city", help_text=_("The slug of the host city."))
    country = country_filter(
        method="filter_country",
        help_text=_(
            "A country's ISO code: events hosted or joined by one of its cities, or that "
            "the country takes part in."
        ),
    )
    region = region_filter(
        method="filter_region",
        help_text=_("An ILO region: events hosted or joined by one of its cities."),
    )
    kind = ChoiceFilter(choices=EventKind.choices, help_text=_("Kind of event."))
    scope = ChoiceFilter(
        choices=EventScope.choices,
        method="filter_scope",
        help_text=_(
            "`exchanges`: peer learning exchanges only; `large-forums`: only the summits "
            "and congresses (Africities, the UCLG Congress, the World Forum on LED)."
        ),
    )
    stage = reference_filter(
        LearningStage.objects.all(),
        "slug",
        field_name="stages",
        help_text=_("A stage of the learning cycle's slug."),
    )
    learning_format = reference_filter(
        LearningFormat.objects.all(),
        "slug",
        field_name="formats",
        help_text=_("A learning format's slug (field-visit, peer-to-peer, world-cafe...)."),
    )
    status = ChoiceFilter(choices=EventStatus.choices, help_text=_("Where the event stands."))
    modality = ChoiceFilter(
        choices=Modality.choices,
        help_text=_("Where the exchange's cities and supporters come from, North or South."),
    )
    pillar = pillar_filter()
    sdg = sdg_filter()
    sector = sector_filter()
    year = YearFilter(method="filter_year", help_text=_("Events taking place in that year."))
    start_after = DateFilter(
        field_name="start_date",
        lookup_expr="gte",
        help_text=_("Events starting on or after that date (YYYY-MM-DD)."),
    )
    start_before = DateFilter(
        field_name="start_date",
        lookup_expr="lte",
        help_text=_("Events starting on or before that date (YYYY-MM-DD)."),
    )
    q = SearchFilter(search.search_events)
    ordering = StableOrderingFilter(fields=["start_date", "end_date", "title"])

    class Meta:
        model = Event
        fields = []

    def filter_city(self, queryset, name, city):
        return queryset.filter(events_involving_cities_q(pk=city.pk))

    def filter_country(self, queryset, name, country):
        return queryset.filter(events_involving_countries_q(pk=country.pk))

    def filter_region(self, queryset, name, region):
        return queryset.filter(events_involving_countries_q(region=region))

    def filter_scope(self, queryset, name, scope):
        return events_of_scope(queryset, scope)

    def filter_year(self, queryset, name, year: int):
        return queryset.filter(event_year_q(year))


class RoadmapFilterSet(django_filters.FilterSet):
    event = reference_filter(
        Event.objects.all(), "slug", help_text=_("The slug of the event that adopted the roadmap.")
    )
    city = city_filter(
        method="filter_city",
        help_text=_("A city's slug: roadmaps it signed or has actions in."),
    )
    q = SearchFilter(search.search_roadmaps)
    ordering = StableOrderingFilter(fields=["adopted_on", "title"])

    class Meta:
        model = Roadmap
        fields = []

    def filter_city(self, queryset, name, city):
        return queryset.filter(roadmap_city_q(city))
