from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from base.api.references import SectorReferenceSerializer
from cities.models import City, Country, Organization, Partnership
from cities.rules import PopulationClass
from sources.api.serializers import CitationSerializer

from .references import (
    CityReferenceSerializer,
    CountryReferenceSerializer,
    OrganizationReferenceSerializer,
)


class CountrySerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(
        source="get_region_display",
        read_only=True,
        help_text=_("The ILO region's name, in the Accept-Language language."),
    )

    class Meta:
        model = Country
        fields = ["code", "name", "region", "region_name", "global_south"]


class CitySerializer(serializers.ModelSerializer):
    country = CountryReferenceSerializer()
    population_class = serializers.ChoiceField(
        choices=PopulationClass.choices, read_only=True, allow_null=True
    )
    sectors = SectorReferenceSerializer(many=True)
    networks = OrganizationReferenceSerializer(many=True)

    class Meta:
        model = City
        fields = [
            "slug",
            "name",
            "country",
            "population",
            "population_year",
            "population_class",
            "latitude",
            "longitude",
            "sectors",
            "networks",
            "description",
            "website",
        ]


class OrganizationSerializer(serializers.ModelSerializer):
    country = CountryReferenceSerializer(allow_null=True)

    class Meta:
        model = Organization
        fields = [
            "slug",
            "name",
            "acronym",
            "kind",
            "country",
            "multilateral",
            "description",
            "website",
        ]


class PartnershipSerializer(serializers.ModelSerializer):
    cities = CityReferenceSerializer(many=True)
    organizations = OrganizationReferenceSerializer(
        many=True, help_text=_("Organizations that are parties to the agreement.")
    )
    supporters = OrganizationReferenceSerializer(many=True)
    themes = serializers.ListField(child=serializers.CharField())
    sources = CitationSerializer(source="citations", many=True, read_only=True)

    class Meta:
        model = Partnership
        fields = [
            "slug",
            "name",
            "kind",
            "status",
            "cities",
            "organizations",
            "supporters",
            "start_date",
            "end_date",
            "date_precision",
            "themes",
            "scope",
            "description",
            "sources",
        ]
