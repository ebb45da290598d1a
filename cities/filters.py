"""Filters of the city directory (`/cities/`). Values travel in the URL, so a filtered
directory can be shared; a value that does not exist is reported and ignored."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from base.models import Sector

from .countries import CountryFilter
from .models import City, Country, Organization, Region
from .rules import PopulationClass
from .search import search_cities


class CityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    region = django_filters.ChoiceFilter(
        label=_("Region"),
        choices=Region.choices,
        method="filter_region",
        empty_label=_("All regions"),
    )
    country = CountryFilter(
        label=_("Country"),
        queryset=Country.objects.with_cities(),
        to_field_name="code",
        empty_label=_("All countries"),
    )
    population_class = django_filters.ChoiceFilter(
        label=_("Size"),
        choices=PopulationClass.choices,
        method="filter_population_class",
        empty_label=_("All sizes"),
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Key sector"),
        queryset=Sector.objects.filter(
            Exists(City.sectors.through.objects.filter(sector=OuterRef("pk")))
        ),
        to_field_name="slug",
        field_name="sectors",
        empty_label=_("All sectors"),
    )
    network = django_filters.ModelChoiceFilter(
        label=_("Network"),
        queryset=Organization.objects.filter(
            Exists(City.networks.through.objects.filter(organization=OuterRef("pk")))
        ),
        to_field_name="slug",
        field_name="networks",
        empty_label=_("All networks"),
    )

    class Meta:
        model = City
        fields = ["q", "region", "country", "population_class", "sector", "network"]

    def filter_q(self, queryset, name, value):
        return search_cities(queryset, value)

    def filter_region(self, queryset, name, value):
        return queryset.in_region(value)

    def filter_population_class(self, queryset, name, value):
        return queryset.of_population_class(value)
