from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cities.api.references import (
    CityReferenceSerializer,
    CountryReferenceSerializer,
    OrganizationReferenceSerializer,
    SectorReferenceSerializer,
)
from exchanges.api.references import EventReferenceSerializer
from portal.markdown import render_markdown
from practices.models import SDG, Adoption, Pillar, Practice, Result

from .references import (
    CriterionReferenceSerializer,
    PillarReferenceSerializer,
    PracticeReferenceSerializer,
    SDGReferenceSerializer,
)


class PillarSerializer(serializers.ModelSerializer):
    """Needs the queryset's `practices_count` and `events_count` annotations."""

    practices_count = serializers.IntegerField(
        read_only=True, help_text=_("Published practices under this pillar.")
    )
    events_count = serializers.IntegerField(
        read_only=True, help_text=_("Events under this pillar.")
    )

    class Meta:
        model = Pillar
        fields = ["slug", "name", "short_name", "position", "practices_count", "events_count"]


class SDGSerializer(serializers.ModelSerializer):
    """Needs the queryset's `practices_count` and `events_count` annotations."""

    practices_count = serializers.IntegerField(
        read_only=True, help_text=_("Published practices towards this goal.")
    )
    events_count = serializers.IntegerField(
        read_only=True, help_text=_("Events towards this goal.")
    )

    class Meta:
        model = SDG
        fields = ["number", "name", "colour", "practices_count", "events_count"]


class PracticeSerializer(serializers.ModelSerializer):
    city = CityReferenceSerializer(allow_null=True)
    countries = CountryReferenceSerializer(many=True)
    organizations = OrganizationReferenceSerializer(many=True)
    pillars = PillarReferenceSerializer(many=True)
    sdgs = SDGReferenceSerializer(many=True)
    sectors = SectorReferenceSerializer(many=True)
    criteria = CriterionReferenceSerializer(many=True)
    stale = serializers.BooleanField(
        read_only=True, help_text=_("Not verified for 24 months: the practice needs review.")
    )

    class Meta:
        model = Practice
        fields = [
            "slug",
            "title",
            "summary",
            "status",
            "city",
            "countries",
            "organizations",
            "start_year",
            "end_year",
            "pillars",
            "sdgs",
            "sectors",
            "criteria",
            "published_at",
            "verified_on",
            "stale",
        ]


class ResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = Result
        fields = ["indicator", "value_before", "value_after", "unit"]


class PracticeAdoptionSerializer(serializers.ModelSerializer):
    """An adoption seen from its practice."""

    city = CityReferenceSerializer()
    event = EventReferenceSerializer(allow_null=True)

    class Meta:
        model = Adoption
        fields = ["city", "stage", "year", "event"]


class PracticeDetailSerializer(PracticeSerializer):
    description_html = serializers.SerializerMethodField(
        help_text=_("The description rendered from Markdown to sanitized HTML.")
    )
    events = EventReferenceSerializer(many=True)
    results = ResultSerializer(many=True)
    adoptions = PracticeAdoptionSerializer(many=True)

    class Meta(PracticeSerializer.Meta):
        fields = [
            *PracticeSerializer.Meta.fields,
            "description",
            "description_html",
            "source_url",
            "events",
            "results",
            "adoptions",
        ]

    def get_description_html(self, practice) -> str:
        return render_markdown(practice.description)


class AdoptionSerializer(serializers.ModelSerializer):
    practice = PracticeReferenceSerializer()
    city = CityReferenceSerializer()
    event = EventReferenceSerializer(allow_null=True)

    class Meta:
        model = Adoption
        fields = ["id", "practice", "city", "stage", "year", "event", "notes", "evidence_url"]
