import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from base.api.content import TranslationSerializer
from base.api.references import (
    CriterionReferenceSerializer,
    PillarReferenceSerializer,
    SDGReferenceSerializer,
    SectorReferenceSerializer,
)
from base.markdown import render_markdown
from base.models import SDG, Pillar
from cities.api.references import (
    CityReferenceSerializer,
    CountryReferenceSerializer,
    OrganizationReferenceSerializer,
)
from exchanges.api.references import EventReferenceSerializer
from practices.models import Adoption, Practice, Result, ReviewCard
from practices.review_cards import latest_card
from practices.selectors import practice_statements, submitting_city
from sources.api.serializers import CitationSerializer, QuoteSerializer, SourceSerializer
from sources.selectors import publications

from .references import PracticeReferenceSerializer


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


SCORE_HELP = _("1 (weak) to 5 (strong).")


class ReviewCardSerializer(serializers.ModelSerializer):
    """A curator's scores of a practice, each with its justification."""

    total = serializers.IntegerField(read_only=True, help_text=_("The sum of the scores, 4 to 20."))
    reviewed_on = serializers.SerializerMethodField(help_text=_("The day of the review."))

    class Meta:
        model = ReviewCard
        fields = [
            "sustainability",
            "sustainability_justification",
            "innovation",
            "innovation_justification",
            "horizontal_cooperation",
            "horizontal_cooperation_justification",
            "evidence_of_results",
            "evidence_of_results_justification",
            "total",
            "reviewed_on",
        ]
        extra_kwargs = {
            name: {"min_value": 1, "max_value": 5, "help_text": SCORE_HELP}
            for name in [
                "sustainability",
                "innovation",
                "horizontal_cooperation",
                "evidence_of_results",
            ]
        }

    def get_reviewed_on(self, card) -> datetime.date:
        return timezone.localdate(card.review.created_at)


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
    review_card = serializers.SerializerMethodField(
        help_text=_("The latest curator's review card, or null when none scored it.")
    )

    class Meta:
        model = Practice
        fields = [
            "slug",
            "title",
            "summary",
            "language",
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
            "review_card",
        ]

    @extend_schema_field(ReviewCardSerializer(allow_null=True))
    def get_review_card(self, practice):
        card = latest_card(practice)
        return None if card is None else ReviewCardSerializer(card, context=self.context).data


class PracticeExportSerializer(PracticeSerializer):
    """A practice as a flat CSV row: its review card by its total."""

    review_score = serializers.SerializerMethodField()

    class Meta(PracticeSerializer.Meta):
        fields = [
            *(name for name in PracticeSerializer.Meta.fields if name != "review_card"),
            "review_score",
        ]

    def get_review_score(self, practice) -> int | None:
        card = latest_card(practice)
        return None if card is None else card.total


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


class StatementSerializer(serializers.Serializer):
    statement = serializers.CharField(source="name", help_text=_("The practice's field."))
    label = serializers.CharField()
    sourced = serializers.BooleanField(
        help_text=_("A source supports it; otherwise it is as the submitting city reported it.")
    )


class PracticeDetailSerializer(PracticeSerializer):
    description_html = serializers.SerializerMethodField(
        help_text=_("The description rendered from Markdown to sanitized HTML.")
    )
    events = EventReferenceSerializer(many=True)
    results = ResultSerializer(many=True)
    adoptions = PracticeAdoptionSerializer(many=True)
    translations = TranslationSerializer(many=True)
    sources = CitationSerializer(source="citations", many=True)
    publications = serializers.SerializerMethodField(
        help_text=_("The learning reports and handbooks the practice's sources include.")
    )
    quotes = QuoteSerializer(many=True)
    statements = serializers.SerializerMethodField(
        help_text=_("Which of the practice's statements are sourced, and which reported.")
    )
    reported_by = serializers.SerializerMethodField(
        help_text=_("The city that submitted the practice and reported its unsourced statements.")
    )

    class Meta(PracticeSerializer.Meta):
        fields = [
            *PracticeSerializer.Meta.fields,
            "translations",
            "description",
            "description_html",
            "source_url",
            "events",
            "results",
            "adoptions",
            "sources",
            "publications",
            "quotes",
            "statements",
            "reported_by",
        ]

    @extend_schema_field(SourceSerializer(many=True))
    def get_publications(self, practice):
        return SourceSerializer(publications(practice), many=True, context=self.context).data

    @extend_schema_field(StatementSerializer(many=True))
    def get_statements(self, practice):
        return StatementSerializer(practice_statements(practice), many=True).data

    @extend_schema_field(CityReferenceSerializer(allow_null=True))
    def get_reported_by(self, practice):
        city = submitting_city(practice)
        return None if city is None else CityReferenceSerializer(city, context=self.context).data

    def get_description_html(self, practice) -> str:
        return render_markdown(practice.description)


class AdoptionSerializer(serializers.ModelSerializer):
    practice = PracticeReferenceSerializer()
    city = CityReferenceSerializer()
    event = EventReferenceSerializer(allow_null=True)
    sources = CitationSerializer(source="citations", many=True, read_only=True)

    class Meta:
        model = Adoption
        fields = [
            "id",
            "practice",
            "city",
            "stage",
            "year",
            "event",
            "notes",
            "evidence_url",
            "sources",
        ]
