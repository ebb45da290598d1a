"""`GET /api/v1/practices/{slug}/related/`: related practices and the cities that could
learn from a practice (see matching.ranking)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from matching.api.peers import LIMIT_PARAMETER, PeerSerializer, ReasonSerializer, limit_from
from matching.ranking import learning_cities, related_practices
from practices.api.references import PracticeReferenceSerializer
from practices.models import Practice


class RelatedPracticeSerializer(serializers.Serializer):
    practice = PracticeReferenceSerializer(source="object")
    score = serializers.FloatField(help_text=_("The sum of the weights of the reasons."))
    reasons = ReasonSerializer(many=True)


class PracticeRelatedSerializer(serializers.Serializer):
    practice = PracticeReferenceSerializer()
    related_practices = RelatedPracticeSerializer(many=True)
    learning_cities = PeerSerializer(
        many=True, help_text=_("Cities that could learn from this practice.")
    )


class PracticeRelatedView(GenericAPIView):
    """Published practices related to this one (shared pillars, SDGs, sectors and
    exchanges, alike places), and the cities that could learn from it (alike its city
    and working on what it is about, leaving out its city and those that took it up);
    each with its reasons, best first."""

    serializer_class = PracticeRelatedSerializer
    lookup_field = "slug"
    pagination_class = None
    filter_backends = ()

    def get_queryset(self):
        return (
            Practice.objects.visible_to(self.request.user)
            .select_related("city__country")
            .prefetch_related("pillars", "sdgs", "sectors", "countries")
        )

    @extend_schema(
        operation_id="practices_related", tags=["practices"], parameters=[LIMIT_PARAMETER]
    )
    def get(self, request, *args, **kwargs):
        limit = limit_from(request)
        practice = self.get_object()
        data = {
            "practice": practice,
            "related_practices": related_practices(practice, limit=limit),
            "learning_cities": learning_cities(practice, limit=limit),
        }
        return Response(self.get_serializer(data).data)
