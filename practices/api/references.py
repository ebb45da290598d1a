"""Small nested references to pillars, SDGs, criteria and practices."""

from rest_framework import serializers

from base.models import SDG, Criterion, Pillar
from practices.models import Practice


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


class PracticeReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Practice
        fields = ["slug", "title"]
