"""Small nested references to the reference taxonomies: pillars, SDGs, criteria, sectors."""

from rest_framework import serializers

from base.models import SDG, Criterion, Pillar, Sector


class PillarReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Pillar
        fields = ["slug", "name"]


class SDGReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = SDG
        fields = ["number", "name"]


class CriterionReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["slug", "name"]


class SectorReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["slug", "name"]
