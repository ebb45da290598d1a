from django.db.models import Prefetch

from base.api.renderers import CSVRenderer, ICalendarRenderer
from base.api.views import ReadOnlyViewSet
from exchanges.models import Action, Event, Participation, Roadmap
from exchanges.timeline import updates_prefetch

from .filters import EventFilterSet, RoadmapFilterSet
from .serializers import (
    EventCalendarSerializer,
    EventDetailSerializer,
    EventSerializer,
    RoadmapSerializer,
)
from .writes import EventWriteMixin, RoadmapWriteMixin


class EventViewSet(EventWriteMixin, ReadOnlyViewSet):
    """Peer learning events. The list exports as CSV and as iCalendar."""

    serializer_class = EventSerializer
    detail_serializer_class = EventDetailSerializer
    filterset_class = EventFilterSet
    lookup_field = "slug"
    export_renderer_classes = (CSVRenderer, ICalendarRenderer)

    def get_queryset(self):
        queryset = Event.objects.with_references().prefetch_related("pillars", "sdgs", "sectors")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(*self.detail_prefetches())
        return queryset

    def detail_prefetches(self) -> list:
        """What an event's detail reads besides its tags. The site layer's viewset adds
        the practices presented at the event (portal.api.events): practices sit above
        exchanges."""
        return [
            Prefetch("participations", Participation.objects.select_related("city__country")),
            "organizers",
            "supporters",
            "roadmaps",
        ]

    def get_export_serializer_class(self, renderer):
        if isinstance(renderer, ICalendarRenderer):
            return EventCalendarSerializer
        return super().get_export_serializer_class(renderer)


class RoadmapViewSet(RoadmapWriteMixin, ReadOnlyViewSet):
    """Roadmaps adopted at events, each with its commitments, its actions and its progress
    (the share of its actions done)."""

    queryset = (
        Roadmap.objects.with_progress()
        .select_related("event")
        .prefetch_related(
            "signatory_cities__country",
            "signatory_organizations",
            "commitments",
            "translations",
            Prefetch(
                "actions",
                Action.objects.select_related("commitment", "carried_out_by").prefetch_related(
                    "responsible_cities__country", "responsible_organizations", updates_prefetch()
                ),
            ),
        )
    )
    serializer_class = RoadmapSerializer
    filterset_class = RoadmapFilterSet
    lookup_field = "slug"
