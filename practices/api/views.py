from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from base.api.renderers import CSVRenderer
from base.api.views import ReadOnlyViewSet
from base.models import SDG, Pillar
from exchanges.models import Event
from practices.models import Practice, PracticeStatus
from practices.review_cards import prefetch_latest_card
from practices.selectors import adoptions_with_journeys, practices_with_details
from sources.selectors import citations_prefetch

from .adoption_writes import AdoptionWriteMixin
from .filters import AdoptionFilterSet, PillarFilterSet, PracticeFilterSet, SDGFilterSet
from .serializers import (
    AdoptionSerializer,
    PillarSerializer,
    PracticeDetailSerializer,
    PracticeExportSerializer,
    PracticeSerializer,
    SDGSerializer,
)
from .writes import PracticeWriteMixin


def tagged_count(model, tag: str, **conditions) -> Coalesce:
    """How many `model` rows carry the outer row in their `tag` relation. A subquery per
    count: joining practices and events together would multiply their rows."""
    rows = (
        model.objects.filter(**{tag: OuterRef("pk")}, **conditions)
        .order_by()
        .values(tag)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows), 0)


def with_counts(queryset, tag: str):
    """Annotate each pillar or SDG with its published practices and its events, which
    both name it in their `tag` relation."""
    return queryset.annotate(
        practices_count=tagged_count(Practice, tag, status=PracticeStatus.PUBLISHED),
        events_count=tagged_count(Event, tag),
    )


class PillarViewSet(ReadOnlyViewSet):
    """The four pillars of the Decent Work Agenda, with how many published practices
    and events each has."""

    queryset = with_counts(Pillar.objects.all(), "pillars")
    serializer_class = PillarSerializer
    filterset_class = PillarFilterSet
    lookup_field = "slug"


class SDGViewSet(ReadOnlyViewSet):
    """The 17 Sustainable Development Goals, by number, with how many published practices
    and events each has."""

    queryset = with_counts(SDG.objects.all(), "sdgs")
    serializer_class = SDGSerializer
    filterset_class = SDGFilterSet
    lookup_field = "number"


# A partial update answers like an update: the whole practice, not the fields sent.
@extend_schema_view(partial_update=extend_schema(responses={200: PracticeDetailSerializer}))
class PracticeViewSet(PracticeWriteMixin, ReadOnlyViewSet):
    """Good practices. Anonymous clients see published ones; an account also sees those it
    submitted, curators see all. The list exports as CSV."""

    serializer_class = PracticeSerializer
    detail_serializer_class = PracticeDetailSerializer
    filterset_class = PracticeFilterSet
    lookup_field = "slug"
    export_renderer_classes = (CSVRenderer,)

    def get_export_serializer_class(self, renderer):
        return PracticeExportSerializer

    def get_queryset(self):
        if self.action == "retrieve":
            return practices_with_details(self.request.user)
        return (
            Practice.objects.visible_to(self.request.user)
            .select_related("city__country")
            .prefetch_related(
                "countries",
                "organizations",
                "pillars",
                "sdgs",
                "sectors",
                "criteria",
                "translations",
                prefetch_latest_card(),
            )
        )


# The primary key's range (a BigAutoField); any other number is a 404.
ADOPTION_ID = OpenApiParameter(
    "id", {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}, OpenApiParameter.PATH
)


@extend_schema_view(
    retrieve=extend_schema(parameters=[ADOPTION_ID]),
    update=extend_schema(parameters=[ADOPTION_ID]),
    destroy=extend_schema(parameters=[ADOPTION_ID]),
    # A partial update answers like an update: the whole adoption.
    partial_update=extend_schema(parameters=[ADOPTION_ID], responses={200: AdoptionSerializer}),
)
class AdoptionViewSet(AdoptionWriteMixin, ReadOnlyViewSet):
    """Practices taken up by cities: what peer learning led to. Officials record their
    own city's adoptions, curators those of any city."""

    serializer_class = AdoptionSerializer
    filterset_class = AdoptionFilterSet

    def get_queryset(self):
        return (
            adoptions_with_journeys()
            .of_practices_visible_to(self.request.user)
            .prefetch_related(citations_prefetch())
        )
