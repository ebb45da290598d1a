from base.api.renderers import CSVRenderer, GeoJSONRenderer
from base.api.views import ReadOnlyViewSet
from cities.models import City, Country, Organization, Partnership
from sources.selectors import citations_prefetch

from .filters import CityFilterSet, CountryFilterSet, OrganizationFilterSet, PartnershipFilterSet
from .serializers import (
    CitySerializer,
    CountrySerializer,
    OrganizationSerializer,
    PartnershipSerializer,
)


class CountryViewSet(ReadOnlyViewSet):
    """Countries, by ISO 3166-1 alpha-2 code, with their ILO region."""

    queryset = Country.objects.all()
    serializer_class = CountrySerializer
    filterset_class = CountryFilterSet
    lookup_field = "code"


class CityViewSet(ReadOnlyViewSet):
    """Cities of the network. The list exports as CSV and as GeoJSON."""

    queryset = City.objects.with_references().prefetch_related("sectors", "networks")
    serializer_class = CitySerializer
    filterset_class = CityFilterSet
    lookup_field = "slug"
    export_renderer_classes = (CSVRenderer, GeoJSONRenderer)


class OrganizationViewSet(ReadOnlyViewSet):
    """International organizations, donors, associations and others that organize,
    support or implement peer learning."""

    queryset = Organization.objects.select_related("country")
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    lookup_field = "slug"


class PartnershipViewSet(ReadOnlyViewSet):
    """Standing agreements between cities, or between organizations."""

    queryset = Partnership.objects.prefetch_related(
        "cities__country", "organizations", "supporters", citations_prefetch()
    )
    serializer_class = PartnershipSerializer
    filterset_class = PartnershipFilterSet
    lookup_field = "slug"
