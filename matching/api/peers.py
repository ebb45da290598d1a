"""`GET /api/v1/cities/{slug}/peers/`: cities like this one, with the reasons
(see matching.ranking)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from cities.api.references import CityReferenceSerializer
from cities.models import City
from matching.explanation import DEFAULT_LIMIT
from matching.ranking import city_peers

MAX_LIMIT = 50

LIMIT_PARAMETER = OpenApiParameter(
    "limit",
    {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
    description=_("How many matches to return, from 1 to %(max)s (default %(default)s).")
    % {"max": MAX_LIMIT, "default": DEFAULT_LIMIT},
)


def limit_from(request) -> int:
    """The `?limit=` of a request, or a 400 naming the parameter."""
    value = request.query_params.get("limit")
    if value in (None, ""):
        return DEFAULT_LIMIT
    try:
        limit = int(value)
    except ValueError:
        limit = 0
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationError(
            {"limit": [_("Enter a whole number from 1 to %(max)s.") % {"max": MAX_LIMIT}]}
        )
    return limit


class ReasonSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["population_class", "region", "global_south", "sector", "pillar", "sdg", "event"],
        help_text=_("What is shared."),
    )
    key = serializers.JSONField(
        help_text=_("The value shared: a population class, region, sector or pillar slug...")
    )
    text = serializers.CharField(help_text=_('Why, in words: "also intermediary".'))


class PeerSerializer(serializers.Serializer):
    city = CityReferenceSerializer(source="object")
    score = serializers.FloatField(help_text=_("The sum of the weights of the reasons."))
    reasons = ReasonSerializer(many=True)


class CityPeersSerializer(serializers.Serializer):
    city = CityReferenceSerializer()
    peers = PeerSerializer(many=True)


class CityPeersView(GenericAPIView):
    """Cities like this one ("cities like mine"), best first: same population class,
    region and Global South, shared key sectors, and shared challenges (the pillars and
    SDGs of their published practices and of their exchanges), each match with its
    reasons."""

    queryset = City.objects.with_references()
    serializer_class = CityPeersSerializer
    lookup_field = "slug"
    pagination_class = None
    filter_backends = ()

    @extend_schema(operation_id="cities_peers", tags=["cities"], parameters=[LIMIT_PARAMETER])
    def get(self, request, *args, **kwargs):
        limit = limit_from(request)
        city = self.get_object()
        data = {"city": city, "peers": city_peers(city, limit=limit)}
        return Response(self.get_serializer(data).data)
