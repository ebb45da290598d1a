from exchanges.models import Event
from exchanges.selectors import events_with_details, roadmaps_with_details
from portal.api.renderers import CSVRenderer, ICalendarRenderer
from portal.api.views import ReadOnlyViewSet
from practices.models import Practice

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
        if self.action == "retrieve":
            return events_with_details(practices=Practice.objects.visible_to(self.request.user))
        return Event.objects.with_references().prefetch_related("pillars", "sdgs", "sectors")

    def get_export_serializer_class(self, renderer):
        if isinstance(renderer, ICalendarRenderer):
            return EventCalendarSerializer
        return super().get_export_serializer_class(renderer)


class RoadmapViewSet(RoadmapWriteMixin, ReadOnlyViewSet):
    """Roadmaps adopted at events, each with its commitments, its actions and its progress
    (the share of its actions done)."""

    queryset = roadmaps_with_details()
    serializer_class = RoadmapSerializer
    filterset_class = RoadmapFilterSet
    lookup_field = "slug"
