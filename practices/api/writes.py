"""The API's writes on practices: officials create and edit their drafts and submit
them; curators publish (with a review card), request changes or reject (the last two with
a comment, and a card if they scored the practice)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from base.api.writes import (
    CommentSerializer,
    StrictJSONTypes,
    TagsWriteSerializer,
    WriteSerializer,
)
from base.content import Language
from base.models import Criterion
from cities.models import City, Country, Organization
from practices.models import MAX_AGE, Result, ResultKind, ReviewDecision, Sex, TargetGroup
from practices.notifications import site_url
from practices.selectors import practices_with_details
from practices.services import decide_on_practice, save_practice

from .serializers import PracticeDetailSerializer, ReviewCardSerializer


class ReviewCardWriteSerializer(StrictJSONTypes, ReviewCardSerializer):
    class Meta(ReviewCardSerializer.Meta):
        fields = [
            name
            for name in ReviewCardSerializer.Meta.fields
            if name not in ("total", "reviewed_on", "organization")
        ]


class DecisionSerializer(CommentSerializer):
    card = ReviewCardWriteSerializer(
        required=False,
        help_text=_("The curator's review card: each criterion scored 1 to 5 and justified."),
    )


class PublishSerializer(DecisionSerializer):
    card = ReviewCardWriteSerializer(
        help_text=_(
            "The curator's review card, required to publish: each criterion scored 1 to 5 "
            "and justified."
        ),
    )


class ResultWriteSerializer(WriteSerializer):
    indicator = serializers.CharField(max_length=250)
    kind = serializers.ChoiceField(
        choices=ResultKind.choices,
        required=False,
        default=ResultKind.OUTCOME,
        help_text=_("An outcome was measured; a target is what the practice aims at."),
    )
    value_before = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True
    )
    value_after = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True
    )
    unit = serializers.CharField(max_length=40, required=False, allow_blank=True)
    year = serializers.IntegerField(required=False, allow_null=True, min_value=1900, max_value=2100)
    sex = serializers.ChoiceField(
        choices=Sex.choices,
        required=False,
        allow_blank=True,
        help_text=_("Empty when the figure counts everyone."),
    )
    age_min = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=MAX_AGE
    )
    age_max = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=MAX_AGE
    )

    def validate(self, attrs):
        # The model's rules (a value before or after, an age band in order), by field.
        try:
            Result(**attrs).clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        return attrs


class PracticeWriteSerializer(TagsWriteSerializer):
    title = serializers.CharField(max_length=250)
    summary = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("Needed to submit the practice; a draft may do without."),
    )
    context = serializers.CharField(
        required=False, allow_blank=True, help_text=_("The problem and context. Markdown.")
    )
    description = serializers.CharField(
        required=False, allow_blank=True, help_text=_("What was done. Markdown.")
    )
    lessons_learned = serializers.CharField(required=False, allow_blank=True)
    challenges = serializers.CharField(required=False, allow_blank=True)
    budget = serializers.DecimalField(
        max_digits=16, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    budget_currency = serializers.RegexField(
        r"^[A-Z]{3}$",
        required=False,
        allow_blank=True,
        help_text=_("The ISO 4217 code of the budget's currency, such as USD."),
    )
    beneficiaries = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=2_147_483_647
    )
    contact_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    target_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=TargetGroup.choices),
        required=False,
        max_length=len(TargetGroup.choices),
        help_text=_("Whom the practice is for; replaces the practice's list."),
    )
    results = ResultWriteSerializer(
        many=True,
        required=False,
        max_length=50,
        help_text=_("The practice's results, in order; replaces the practice's list."),
    )
    language = serializers.ChoiceField(
        choices=Language.choices,
        required=False,
        help_text=_("The language the title, summary and text are written in."),
    )
    city = serializers.SlugRelatedField(
        slug_field="slug", queryset=City.objects.all(), required=False, allow_null=True
    )
    start_year = serializers.IntegerField(
        required=False, allow_null=True, min_value=1900, max_value=2100
    )
    end_year = serializers.IntegerField(
        required=False, allow_null=True, min_value=1900, max_value=2100
    )
    source_url = serializers.URLField(required=False, allow_blank=True, max_length=500)
    criteria = serializers.SlugRelatedField(
        slug_field="slug", queryset=Criterion.objects.all(), many=True, required=False
    )
    countries = serializers.SlugRelatedField(
        slug_field="code", queryset=Country.objects.all(), many=True, required=False
    )
    organizations = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organization.objects.all(), many=True, required=False
    )


def _values(serializer) -> dict:
    values = dict(serializer.validated_data)
    if "results" in values:
        values["results"] = [dict(result) for result in values["results"]]
    return values


class PracticeWriteMixin(mixins.CreateModelMixin, mixins.UpdateModelMixin):
    """Create, update and the review transitions, mixed into PracticeViewSet."""

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return PracticeWriteSerializer
        if self.action == "publish":
            return PublishSerializer
        if self.action in ("request_changes", "reject"):
            return DecisionSerializer
        if self.action == "submit":
            return serializers.Serializer
        return super().get_serializer_class()

    def _detail(self, practice):
        # Fetched again, with what the detail shows (the review cards after a decision).
        practice = practices_with_details(self.request.user).get(pk=practice.pk)
        return Response(
            PracticeDetailSerializer(practice, context=self.get_serializer_context()).data
        )

    @extend_schema(responses={201: PracticeDetailSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        practice = save_practice(by=request.user, **_values(serializer))
        response = self._detail(practice)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(responses={200: PracticeDetailSerializer})
    def update(self, request, *args, **kwargs):
        practice = self.get_object()
        serializer = self.get_serializer(
            practice, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        practice = save_practice(by=request.user, practice=practice, **_values(serializer))
        return self._detail(practice)

    def _decide(self, request, decision):
        practice = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        card = serializer.validated_data.get("card")
        decide_on_practice(
            practice=practice,
            decision=decision,
            by=request.user,
            comment=serializer.validated_data.get("comment", ""),
            card=dict(card) if card else None,
            base_url=site_url(request),
        )
        return self._detail(practice)

    @extend_schema(request=None, responses={200: PracticeDetailSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, slug=None):
        """Submit a draft (or a practice sent back for changes) to the review queue."""
        return self._decide(request, ReviewDecision.SUBMITTED)

    @extend_schema(responses={200: PracticeDetailSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, slug=None):
        """Curators: publish a submitted practice, with their review card."""
        return self._decide(request, ReviewDecision.PUBLISHED)

    @extend_schema(responses={200: PracticeDetailSerializer})
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request, slug=None):
        """Curators: send a submitted practice back to its submitter, with a comment (and a
        review card if they scored it)."""
        return self._decide(request, ReviewDecision.CHANGES_REQUESTED)

    @extend_schema(responses={200: PracticeDetailSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, slug=None):
        """Curators: reject a submitted practice, with a comment (and a review card if they
        scored it)."""
        return self._decide(request, ReviewDecision.REJECTED)
