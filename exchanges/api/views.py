from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from base.api.renderers import CSVRenderer, ICalendarRenderer
from base.api.views import ReadOnlyViewSet
from exchanges.models import Event
from exchanges.selectors import events_with_details, roadmaps_with_details

from .filters import EventFilterSet, RoadmapFilterSet
from .serializers import (
    EventCalendarSerializer,
    EventDetailSerializer,
    EventSerializer,
    RoadmapSerializer,
)
from .writes import CheckInMixin, EventWriteMixin, RoadmapWriteMixin


# A partial update answers like an update: the whole event, not the fields sent.
@extend_schema_view(partial_update=extend_schema(responses={200: EventDetailSerializer}))
class EventViewSet(CheckInMixin, EventWriteMixin, ReadOnlyViewSet):
    """Peer learning events. The list exports as CSV and as iCalendar."""

    serializer_class = EventSerializer
    detail_serializer_class = EventDetailSerializer
    filterset_class = EventFilterSet
    lookup_field = "slug"
    export_renderer_classes = (CSVRenderer, ICalendarRenderer)

    def get_queryset(self):
        if self.action == "retrieve":
            return self.detail_queryset()
        return (
            Event.objects.with_references()
            .with_modality_parties()
            .prefetch_related("pillars", "sdgs", "sectors", "stages", "formats")
        )

    def detail_queryset(self):
        """Events with what an event's detail shows. The site layer's viewset adds the
        practices presented at the event (portal.api.events): practices sit above
        exchanges."""
        return events_with_details()

    def get_export_serializer_class(self, renderer):
        if isinstance(renderer, ICalendarRenderer):
            return EventCalendarSerializer
        return super().get_export_serializer_class(renderer)

    def get_export_title(self) -> str:
        """The calendar's name: the network's exchanges, followed by the city, country or
        pillar a subscribed calendar is restricted to."""
        title = _("PeerCities: peer learning exchanges")
        filterset = self.filterset_class(self.request.query_params, queryset=Event.objects.none())
        if not filterset.is_valid():
            return title
        chosen = [filterset.form.cleaned_data.get(name) for name in ("city", "country", "pillar")]
        names = [str(getattr(value, "name", value)) for value in chosen if value]
        return " · ".join([title, *names])


class RoadmapViewSet(RoadmapWriteMixin, ReadOnlyViewSet):
    """Roadmaps adopted at events, each with its commitments, its actions and its progress
    (the share of its actions done)."""

    queryset = roadmaps_with_details()
    serializer_class = RoadmapSerializer
    filterset_class = RoadmapFilterSet
    lookup_field = "slug"
