"""`/api/v1/challenges/`: what cities seek partners for, what matches them, the offers
of help they get and, for curators, their likely duplicates."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from base.api.filters import ChoiceFilter, SearchFilter, StableOrderingFilter, pillar_filter
from base.api.filters import sdg_filter as sdg_reference_filter
from base.api.references import (
    PillarReferenceSerializer,
    SDGReferenceSerializer,
    SectorReferenceSerializer,
)
from base.api.views import ReadOnlyViewSet
from base.api.writes import TagsWriteSerializer, WriteSerializer
from base.permissions import can_see_contacts
from cities.api.filters import city_filter, sector_filter
from cities.api.references import CityReferenceSerializer
from cities.models import City
from exchanges.api.references import EventReferenceSerializer
from matching.api.peers import LIMIT_PARAMETER, limit_from
from matching.challenge_matches import (
    challenge_matches,
    challenges_with_references,
    likely_duplicates,
)
from matching.models import Challenge, ChallengeOffer, ChallengeStatus
from matching.search import search_challenges
from matching.services import delete_challenge, offer_help, save_challenge
from practices.api.references import PracticeReferenceSerializer


class ChallengeFilterSet(django_filters.FilterSet):
    status = ChoiceFilter(choices=ChallengeStatus.choices, help_text=_("Where the search is."))
    city = city_filter(help_text=_("The slug of the city that posted it."))
    pillar = pillar_filter()
    sdg = sdg_reference_filter()
    sector = sector_filter()
    q = SearchFilter(search_challenges)
    ordering = StableOrderingFilter(fields=[("created_at", "posted"), ("title", "title")])

    class Meta:
        model = Challenge
        fields = []


class OfferSerializer(serializers.ModelSerializer):
    city = CityReferenceSerializer()

    class Meta:
        model = ChallengeOffer
        fields = ["city", "message", "created_at"]


class ChallengeSerializer(serializers.ModelSerializer):
    city = CityReferenceSerializer()
    pillars = PillarReferenceSerializer(many=True)
    sdgs = SDGReferenceSerializer(many=True)
    sectors = SectorReferenceSerializer(many=True)
    partner_cities = CityReferenceSerializer(many=True)

    class Meta:
        model = Challenge
        fields = [
            "slug",
            "title",
            "description",
            "city",
            "status",
            "pillars",
            "sdgs",
            "sectors",
            "partner_cities",
            "created_at",
        ]


class ChallengeDetailSerializer(ChallengeSerializer):
    offers = OfferSerializer(many=True)

    class Meta(ChallengeSerializer.Meta):
        fields = [*ChallengeSerializer.Meta.fields, "offers"]


class ChallengeWriteSerializer(TagsWriteSerializer):
    title = serializers.CharField(max_length=250)
    description = serializers.CharField()
    city = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=City.objects.all(),
        required=False,
        help_text=_("The slug of the city facing it; an official's own city when left out."),
    )
    status = serializers.ChoiceField(
        choices=ChallengeStatus.choices,
        required=False,
        help_text=_(
            "looking-for-partners, then partnership-formed, then closed (or closed "
            "without a partnership)."
        ),
    )
    partner_cities = serializers.SlugRelatedField(
        slug_field="slug", queryset=City.objects.all(), many=True, required=False
    )


class OfferWriteSerializer(WriteSerializer):
    message = serializers.CharField(max_length=5000, help_text=_("How the city can help."))
    city = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=City.objects.all(),
        required=False,
        help_text=_("The city that can help: an official's own; curators name one."),
    )


class MatchReasonSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["pillar", "sdg", "sector", "text", "transfer", "practice", "adoption", "tags"]
    )
    key = serializers.JSONField(allow_null=True)
    text = serializers.CharField()


class PracticeMatchSerializer(serializers.Serializer):
    practice = PracticeReferenceSerializer(source="object")
    score = serializers.FloatField()
    reasons = MatchReasonSerializer(many=True)


class EventMatchSerializer(serializers.Serializer):
    event = EventReferenceSerializer(source="object")
    score = serializers.FloatField()
    reasons = MatchReasonSerializer(many=True)


class CityMatchSerializer(serializers.Serializer):
    city = CityReferenceSerializer()
    reasons = MatchReasonSerializer(many=True)
    contacts = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Names of its verified officials; for signed-in officials and curators."),
    )


class ChallengeMatchesSerializer(serializers.Serializer):
    practices = PracticeMatchSerializer(many=True)
    cities = CityMatchSerializer(many=True)
    events = EventMatchSerializer(many=True, help_text=_("Upcoming exchanges."))


class DuplicateSerializer(serializers.Serializer):
    slug = serializers.CharField(source="object.slug")
    title = serializers.CharField(source="object.title")
    score = serializers.FloatField()
    reasons = MatchReasonSerializer(many=True)


@extend_schema_view(
    create=extend_schema(
        request=ChallengeWriteSerializer, responses={201: ChallengeDetailSerializer}
    ),
    update=extend_schema(
        request=ChallengeWriteSerializer, responses={200: ChallengeDetailSerializer}
    ),
    partial_update=extend_schema(
        request=ChallengeWriteSerializer, responses={200: ChallengeDetailSerializer}
    ),
)
class ChallengeViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, ReadOnlyViewSet
):
    """Challenges cities seek partners for. Officials post and edit their city's,
    curators any; officials of other cities answer "we can help"."""

    serializer_class = ChallengeSerializer
    detail_serializer_class = ChallengeDetailSerializer
    filterset_class = ChallengeFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        queryset = challenges_with_references()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("offers__city__country")
        return queryset

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return ChallengeWriteSerializer
        if self.action == "offers":
            return OfferWriteSerializer
        if self.action == "matches":
            return ChallengeMatchesSerializer
        if self.action == "duplicates":
            return DuplicateSerializer
        return super().get_serializer_class()

    def _detail(self, challenge, code=status.HTTP_200_OK):
        challenge = (
            self.get_queryset().prefetch_related("offers__city__country").get(pk=challenge.pk)
        )
        data = ChallengeDetailSerializer(challenge, context=self.get_serializer_context()).data
        return Response(data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        challenge = save_challenge(by=request.user, **serializer.validated_data)
        return self._detail(challenge, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        challenge = self.get_object()
        serializer = self.get_serializer(data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        challenge = save_challenge(
            by=request.user, challenge=challenge, **serializer.validated_data
        )
        return self._detail(challenge)

    def destroy(self, request, *args, **kwargs):
        delete_challenge(challenge=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(parameters=[LIMIT_PARAMETER], responses={200: ChallengeMatchesSerializer})
    @action(detail=True, methods=["get"], filter_backends=(), pagination_class=None)
    def matches(self, request, slug=None):
        """Practices, cities (with the officials to contact, for members) and upcoming
        exchanges that may help, each with its reasons, best first."""
        limit = limit_from(request)
        challenge = self.get_object()
        found = challenge_matches(
            challenge, limit=limit, with_contacts=can_see_contacts(request.user)
        )
        return Response(ChallengeMatchesSerializer(found, context={"request": request}).data)

    @extend_schema(request=OfferWriteSerializer, responses={201: OfferSerializer})
    @action(detail=True, methods=["post"], filter_backends=(), pagination_class=None)
    def offers(self, request, slug=None):
        """ "We can help": an official of another city, once per city, while the
        challenge is looking for partners."""
        challenge = self.get_object()
        serializer = OfferWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        offer = offer_help(challenge=challenge, by=request.user, **serializer.validated_data)
        return Response(
            OfferSerializer(offer, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses={200: DuplicateSerializer(many=True)})
    @action(detail=True, methods=["get"], filter_backends=(), pagination_class=None)
    def duplicates(self, request, slug=None):
        """Curators: the challenges that may say the same thing (alike words and tags)."""
        challenge = self.get_object()
        return Response(DuplicateSerializer(likely_duplicates(challenge), many=True).data)
