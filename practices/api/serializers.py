import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from base.api.content import TranslationSerializer
from base.api.references import (
    ConventionReferenceSerializer,
    CriterionReferenceSerializer,
    LearningStageReferenceSerializer,
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
    PlaceReferenceSerializer,
)
from exchanges.api.references import EventReferenceSerializer
from practices.models import (
    Adoption,
    AdoptionResult,
    AdoptionStageChange,
    Practice,
    PracticePhoto,
    Result,
    ReviewCard,
    TargetGroup,
)
from practices.review_cards import latest_card
from practices.selectors import practice_statements, submitting_city
from practices.transfer import transferability_of
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
    organization = OrganizationReferenceSerializer(
        read_only=True,
        allow_null=True,
        help_text=_("The reviewing curator's organization, when their account names one."),
    )

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
            "organization",
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
    """A result: an outcome measured or a target aimed at, for everyone or broken down by
    sex and age (`sex` empty and no ages: everyone)."""

    class Meta:
        model = Result
        fields = [
            "indicator",
            "kind",
            "value_before",
            "value_after",
            "unit",
            "year",
            "sex",
            "age_min",
            "age_max",
        ]


class PhotoSerializer(serializers.ModelSerializer):
    """A photo of the practice, its image and thumbnail as absolute URLs."""

    image = serializers.SerializerMethodField(help_text=_("The photo's URL."))
    thumbnail = serializers.SerializerMethodField(
        help_text=_("A JPEG of at most 480 by 360 pixels, or null when none was made.")
    )

    class Meta:
        model = PracticePhoto
        fields = ["image", "thumbnail", "alt_text", "caption", "credit"]

    def _url(self, file) -> str | None:
        if not file:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(file.url) if request is not None else file.url

    def get_image(self, photo) -> str:
        return self._url(photo.image)

    def get_thumbnail(self, photo) -> str | None:
        return self._url(photo.thumbnail)


class StageChangeSerializer(serializers.ModelSerializer):
    """A step of a transfer journey."""

    event = EventReferenceSerializer(allow_null=True)
    by = serializers.SerializerMethodField(
        help_text=_("The name of the person who recorded it (never an email), or null.")
    )

    class Meta:
        model = AdoptionStageChange
        fields = [
            "stage",
            "previous_stage",
            "reached_on",
            "reached_on_precision",
            "note",
            "evidence_url",
            "event",
            "by",
        ]

    def get_by(self, change) -> str | None:
        return (change.by.get_full_name() or change.by.username) if change.by else None


class AdoptionResultSerializer(serializers.ModelSerializer):
    """A result the adopting city measured, beside the original's on the same indicator."""

    indicator = serializers.CharField(source="result.indicator", read_only=True)
    unit = serializers.CharField(source="result.unit", read_only=True)
    original_before = serializers.DecimalField(
        source="result.value_before", max_digits=16, decimal_places=2, allow_null=True
    )
    original_after = serializers.DecimalField(
        source="result.value_after", max_digits=16, decimal_places=2, allow_null=True
    )

    class Meta:
        model = AdoptionResult
        fields = [
            "indicator",
            "unit",
            "value_before",
            "value_after",
            "original_before",
            "original_after",
        ]


class TransferabilitySerializer(serializers.Serializer):
    started = serializers.IntegerField(help_text=_("Cities that started taking it up."))
    sustained = serializers.IntegerField(help_text=_("Of those, the cities that sustain it."))
    share = serializers.FloatField(
        allow_null=True, help_text=_("sustained / started, null when no city started.")
    )


class PracticeAdoptionSerializer(serializers.ModelSerializer):
    """An adoption seen from its practice: its transfer journey."""

    city = CityReferenceSerializer()
    event = EventReferenceSerializer(allow_null=True)
    mentor_city = CityReferenceSerializer(allow_null=True)
    stage_changes = StageChangeSerializer(many=True)
    results = AdoptionResultSerializer(many=True)

    class Meta:
        model = Adoption
        fields = [
            "city",
            "stage",
            "year",
            "adopted_on",
            "date_precision",
            "event",
            "mentor_city",
            "changes",
            "stage_changes",
            "results",
        ]


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
    context_html = serializers.SerializerMethodField(
        help_text=_("The problem and context rendered from Markdown to sanitized HTML.")
    )
    results = ResultSerializer(many=True)
    target_groups = serializers.SerializerMethodField()
    photos = PhotoSerializer(many=True)
    adoptions = PracticeAdoptionSerializer(many=True)
    transferability = serializers.SerializerMethodField(
        help_text=_("How well it travels: the cities that sustain it of those that started.")
    )
    translations = TranslationSerializer(many=True)
    other_cities = CityReferenceSerializer(
        many=True, help_text=_("Other cities where the practice runs.")
    )
    places = PlaceReferenceSerializer(
        many=True, help_text=_("Provinces, states, districts, islands or areas it runs in.")
    )
    conventions = ConventionReferenceSerializer(
        many=True, help_text=_("The ILO conventions the practice helps apply.")
    )
    stages = LearningStageReferenceSerializer(
        many=True, help_text=_("Where the practice sits in the ILO's local development approach.")
    )
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
            "other_cities",
            "places",
            "conventions",
            "stages",
            "translations",
            "context",
            "context_html",
            "description",
            "description_html",
            "lessons_learned",
            "challenges",
            "target_groups",
            "budget",
            "budget_currency",
            "beneficiaries",
            "contact_name",
            "contact_email",
            "source_url",
            "events",
            "results",
            "photos",
            "adoptions",
            "transferability",
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

    def get_context_html(self, practice) -> str:
        return render_markdown(practice.context)

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=TargetGroup.choices))
    )
    def get_target_groups(self, practice) -> list[str]:
        return [row.group for row in practice.target_groups.all()]

    @extend_schema_field(TransferabilitySerializer)
    def get_transferability(self, practice):
        figure = transferability_of(practice)
        return {"started": figure.started, "sustained": figure.sustained, "share": figure.share}


class AdoptionSerializer(serializers.ModelSerializer):
    practice = PracticeReferenceSerializer()
    city = CityReferenceSerializer()
    event = EventReferenceSerializer(allow_null=True)
    mentor_city = CityReferenceSerializer(allow_null=True)
    stage_changes = StageChangeSerializer(many=True)
    results = AdoptionResultSerializer(many=True)
    sources = CitationSerializer(source="citations", many=True, read_only=True)

    class Meta:
        model = Adoption
        fields = [
            "id",
            "practice",
            "city",
            "stage",
            "year",
            "adopted_on",
            "date_precision",
            "event",
            "notes",
            "evidence_url",
            "mentor_city",
            "changes",
            "stage_changes",
            "results",
            "sources",
        ]
        extra_kwargs = {
            "date_precision": {"help_text": _("How precisely `adopted_on` is known.")},
        }
