"""Small nested references to countries, cities, sectors and organizations: enough for
a client to render a row and link to the object, without another request."""

from rest_framework import serializers

from cities.models import City, Country, Organization, Place


class CountryReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["code", "name"]


class CityReferenceSerializer(serializers.ModelSerializer):
    """Needs `select_related("country")`."""

    country = CountryReferenceSerializer()

    class Meta:
        model = City
        fields = ["slug", "name", "country"]


class OrganizationReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["slug", "name"]


class PlaceReferenceSerializer(serializers.ModelSerializer):
    """A province, district, island or area. Needs `select_related("country")`."""

    country = CountryReferenceSerializer()

    class Meta:
        model = Place
        fields = ["slug", "name", "kind", "country"]
