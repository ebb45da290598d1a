import django_filters
from django.utils.translation import gettext_lazy as _

from base.api.filters import (
    ChoiceFilter,
    SearchFilter,
    StableOrderingFilter,
    StrictBooleanFilter,
    reference_filter,
)
from base.models import Sector
from cities import search
from cities.models import (
    City,
    Country,
    Organization,
    OrganizationKind,
    Partnership,
    PartnershipKind,
    PartnershipStatus,
    Region,
)
from cities.rules import PopulationClass


def country_filter(**kwargs):
    kwargs.setdefault("help_text", _("A country's ISO 3166-1 alpha-2 code, e.g. MZ."))
    return reference_filter(Country.objects.all(), "code", **kwargs)


def city_filter(**kwargs):
    kwargs.setdefault("help_text", _("A city's slug, e.g. maputo."))
    return reference_filter(City.objects.all(), "slug", **kwargs)


def sector_filter(**kwargs):
    kwargs.setdefault("field_name", "sectors")
    kwargs.setdefault("help_text", _("A sector's slug, e.g. tourism."))
    return reference_filter(Sector.objects.all(), "slug", **kwargs)


def organization_filter(**kwargs):
    kwargs.setdefault("help_text", _("An organization's slug."))
    return reference_filter(Organization.objects.all(), "slug", **kwargs)


def region_filter(**kwargs) -> ChoiceFilter:
    kwargs.setdefault("help_text", _("An ILO region."))
    return ChoiceFilter(choices=Region.choices, **kwargs)


class CountryFilterSet(django_filters.FilterSet):
    region = region_filter()
    global_south = StrictBooleanFilter(help_text=_("In the Global South, or not."))
    q = SearchFilter(search.search_countries)
    ordering = StableOrderingFilter(fields=["name", "code", "region"])

    class Meta:
        model = Country
        fields = []


class CityFilterSet(django_filters.FilterSet):
    country = country_filter()
    region = region_filter(method="filter_region")
    population_class = ChoiceFilter(
        choices=PopulationClass.choices,
        method="filter_population_class",
        help_text=_("The city's size by population."),
    )
    sector = sector_filter()
    network = organization_filter(
        field_name="networks", help_text=_("The slug of a network the city belongs to.")
    )
    global_south = StrictBooleanFilter(
        field_name="country__global_south", help_text=_("In the Global South, or not.")
    )
    q = SearchFilter(search.search_cities)
    ordering = StableOrderingFilter(
        fields=[("name", "name"), ("population", "population"), ("country__name", "country")]
    )

    class Meta:
        model = City
        fields = []

    def filter_region(self, queryset, name, value):
        return queryset.in_region(value)

    def filter_population_class(self, queryset, name, value):
        return queryset.of_population_class(value)


class OrganizationFilterSet(django_filters.FilterSet):
    kind = ChoiceFilter(choices=OrganizationKind.choices, help_text=_("The kind of organization."))
    country = country_filter()
    multilateral = StrictBooleanFilter(
        help_text=_(
            "Multilateral organizations (true): facilitators that never make an exchange "
            "triangular; or the others (false)."
        )
    )
    q = SearchFilter(search.search_organizations)
    ordering = StableOrderingFilter(fields=["name", "acronym", "kind"])

    class Meta:
        model = Organization
        fields = []


class PartnershipFilterSet(django_filters.FilterSet):
    city = city_filter(field_name="cities", help_text=_("The slug of a city in the partnership."))
    organization = organization_filter(
        field_name="organizations",
        help_text=_("The slug of an organization that is a party to the agreement."),
    )
    kind = ChoiceFilter(choices=PartnershipKind.choices, help_text=_("The kind of agreement."))
    status = ChoiceFilter(
        choices=PartnershipStatus.choices, help_text=_("Where the partnership stands.")
    )
    q = SearchFilter(search.search_partnerships)
    ordering = StableOrderingFilter(fields=["name", "start_date", "end_date"])

    class Meta:
        model = Partnership
        fields = []
