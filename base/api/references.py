"""Small nested references to the reference taxonomies: pillars, SDGs, criteria, sectors."""

from rest_framework import serializers

from base.models import SDG, Convention, Criterion, LearningFormat, LearningStage, Pillar, Sector


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


class LearningStageReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = LearningStage
        fields = ["slug", "name"]


class LearningFormatReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = LearningFormat
        fields = ["slug", "name"]


class ConventionReferenceSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True, help_text="As NORMLEX writes it: C155.")
    url = serializers.URLField(source="normlex_url", read_only=True)

    class Meta:
        model = Convention
        fields = ["number", "code", "title", "url"]
