import datetime

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from base.api.content import TranslationSerializer
from base.api.references import (
    PillarReferenceSerializer,
    SDGReferenceSerializer,
    SectorReferenceSerializer,
)
from base.dates import day_after, revision_number
from base.site import site_absolute_url, site_host
from cities.api.references import CityReferenceSerializer, OrganizationReferenceSerializer
from exchanges.models import (
    Action,
    ActionUpdate,
    Commitment,
    Event,
    EventStatus,
    Participation,
    Roadmap,
)
from exchanges.timeline import public_name

from .references import EventReferenceSerializer, RoadmapReferenceSerializer


class EventSerializer(serializers.ModelSerializer):
    host_city = CityReferenceSerializer()
    pillars = PillarReferenceSerializer(many=True)
    sdgs = SDGReferenceSerializer(many=True)
    sectors = SectorReferenceSerializer(many=True)

    class Meta:
        model = Event
        fields = [
            "slug",
            "title",
            "kind",
            "status",
            "modality",
            "host_city",
            "start_date",
            "end_date",
            "pillars",
            "sdgs",
            "sectors",
            "summary",
            "language",
        ]


class ParticipantSerializer(serializers.ModelSerializer):
    city = CityReferenceSerializer()

    class Meta:
        model = Participation
        fields = ["city", "role", "delegation_size"]


class EventDetailSerializer(EventSerializer):
    participants = ParticipantSerializer(source="participations", many=True)
    organizers = OrganizationReferenceSerializer(many=True)
    supporters = OrganizationReferenceSerializer(many=True)
    roadmaps = RoadmapReferenceSerializer(many=True)
    translations = TranslationSerializer(many=True)

    class Meta(EventSerializer.Meta):
        fields = [
            *EventSerializer.Meta.fields,
            "translations",
            "venue",
            "participants",
            "organizers",
            "supporters",
            "objectives",
            "outcomes",
            "report_url",
            "capacity",
            "registration_deadline",
            "registrations_per_official",
            "roadmaps",
        ]


# How an event's status reads in a calendar (RFC 5545, 3.8.1.11).
CALENDAR_STATUS = {
    EventStatus.PLANNED: "TENTATIVE",
    EventStatus.OPEN: "CONFIRMED",
    EventStatus.HELD: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
}


class EventCalendarSerializer(serializers.Serializer):
    """An event as the properties of an iCalendar VEVENT, with the native values the
    calendar renderer writes (dates stay dates)."""

    uid = serializers.SerializerMethodField()
    summary = serializers.ReadOnlyField(source="title")
    description = serializers.ReadOnlyField(source="summary")
    dtstart = serializers.ReadOnlyField(source="start_date")
    dtend = serializers.SerializerMethodField()
    location = serializers.SerializerMethodField()
    geo = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    categories = serializers.ReadOnlyField(source="get_kind_display")
    url = serializers.SerializerMethodField()
    last_modified = serializers.ReadOnlyField(source="updated_at")
    sequence = serializers.SerializerMethodField()

    def get_uid(self, event) -> str:
        # From SITE_URL, not the request's host: a calendar reached by two host names
        # (or a bulk dump, outside any request) must not show each event twice.
        return f"event-{event.pk}@{site_host()}"

    def get_sequence(self, event) -> int:
        # Grows with every change, so calendar clients replace their copy of the event.
        return revision_number(event.updated_at)

    def get_dtend(self, event) -> datetime.date:
        # All-day events end on the day after their last day (RFC 5545, 3.6.1).
        return day_after(event.end_date)

    def get_location(self, event) -> str:
        city = event.host_city
        return ", ".join(part for part in (event.venue, city.name, str(city.country.name)) if part)

    def get_geo(self, event) -> tuple:
        return (event.host_city.latitude, event.host_city.longitude)

    def get_status(self, event) -> str:
        return CALENDAR_STATUS[event.status]

    def get_url(self, event) -> str:
        request = self.context.get("request")
        if request is None:  # a bulk dump
            return site_absolute_url(event.get_absolute_url())
        return request.build_absolute_uri(event.get_absolute_url())


class CommitmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commitment
        fields = ["number", "text", "sub_points"]


class ActionUpdateSerializer(serializers.ModelSerializer):
    """A change of an action's status with its evidence; `by` is the person's name."""

    by = serializers.SerializerMethodField()
    event = EventReferenceSerializer(allow_null=True)

    class Meta:
        model = ActionUpdate
        fields = ["status", "previous_status", "at", "by", "note", "evidence_url", "event"]

    def get_by(self, update) -> str | None:
        return public_name(update.by) or None


class ActionSerializer(serializers.ModelSerializer):
    commitment = serializers.SlugRelatedField(slug_field="number", read_only=True, allow_null=True)
    responsible_cities = CityReferenceSerializer(many=True)
    responsible_organizations = OrganizationReferenceSerializer(many=True)
    carried_out_by = EventReferenceSerializer(allow_null=True)
    overdue = serializers.SerializerMethodField(
        help_text=_("The due date has passed and the action is neither done nor dropped.")
    )
    updates = ActionUpdateSerializer(many=True)

    class Meta:
        model = Action
        fields = [
            "title",
            "description",
            "commitment",
            "responsible_cities",
            "responsible_organizations",
            "due_date",
            "status",
            "carried_out_by",
            "overdue",
            "updates",
        ]

    def get_overdue(self, action) -> bool:
        return action.is_overdue()


class SignatoriesSerializer(serializers.Serializer):
    cities = CityReferenceSerializer(source="signatory_cities", many=True)
    organizations = OrganizationReferenceSerializer(source="signatory_organizations", many=True)


class RoadmapSerializer(serializers.ModelSerializer):
    event = EventReferenceSerializer()
    signatories = SignatoriesSerializer(source="*")
    progress = serializers.SerializerMethodField()
    commitments = CommitmentSerializer(many=True)
    actions = ActionSerializer(many=True)
    translations = TranslationSerializer(many=True)

    class Meta:
        model = Roadmap
        fields = [
            "slug",
            "title",
            "event",
            "adopted_on",
            "summary",
            "language",
            "translations",
            "signatories",
            "progress",
            "commitments",
            "actions",
        ]

    @extend_schema_field(
        {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "nullable": True,
            "description": _("The share of the roadmap's actions done; null with no action."),
        }
    )
    def get_progress(self, roadmap):
        return roadmap.progress
