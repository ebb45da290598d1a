"""The events of the API as the site serves them: each event's detail lists the practices
presented there that the client may see. Practices sit above exchanges in the layers,
so the exchanges app's viewset leaves them to this one."""

from drf_spectacular.utils import extend_schema, extend_schema_view

from exchanges.api import serializers as exchanges_serializers
from exchanges.api import views as exchanges_views
from exchanges.selectors import events_with_details
from practices.api.references import PracticeReferenceSerializer
from practices.models import Practice


class EventDetailSerializer(exchanges_serializers.EventDetailSerializer):
    practices = PracticeReferenceSerializer(source="visible_practices", many=True)

    class Meta(exchanges_serializers.EventDetailSerializer.Meta):
        fields = [*exchanges_serializers.EventDetailSerializer.Meta.fields, "practices"]


@extend_schema_view(
    create=extend_schema(responses={201: EventDetailSerializer}),
    update=extend_schema(responses={200: EventDetailSerializer}),
    partial_update=extend_schema(responses={200: EventDetailSerializer}),
)
class EventViewSet(exchanges_views.EventViewSet):
    detail_serializer_class = EventDetailSerializer

    def detail_queryset(self):
        return events_with_details(practices=Practice.objects.visible_to(self.request.user))
