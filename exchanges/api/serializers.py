import datetime

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from base.api.content import TranslationSerializer
from base.api.references import (
    LearningFormatReferenceSerializer,
    LearningStageReferenceSerializer,
    PillarReferenceSerializer,
    SDGReferenceSerializer,
    SectorReferenceSerializer,
)
from base.dates import DatePrecision, day_after, revision_number
from base.site import site_absolute_url, site_host
from cities.api.references import (
    CityReferenceSerializer,
    CountryReferenceSerializer,
    OrganizationReferenceSerializer,
)
from exchanges.models import (
    Action,
    ActionFollowUp,
    ActionUpdate,
    Commitment,
    CountryParticipation,
    DelegationMember,
    Event,
    EventStatus,
    OrganizationParticipation,
    Participation,
    ProgressReport,
    Roadmap,
)
from exchanges.reporting import Light
from exchanges.timeline import public_name
from sources.api.serializers import CitationSerializer, QuoteSerializer, SourceSerializer
from sources.selectors import publications

from .references import EventReferenceSerializer, RoadmapReferenceSerializer


class EventSerializer(serializers.ModelSerializer):
    """Needs the queryset's `with_modality_parties()` (or `with_delegations()`)."""

    host_city = CityReferenceSerializer()
    pillars = PillarReferenceSerializer(many=True)
    sdgs = SDGReferenceSerializer(many=True)
    sectors = SectorReferenceSerializer(many=True)
    stages = LearningStageReferenceSerializer(many=True)
    formats = LearningFormatReferenceSerializer(many=True)
    modality_reason = serializers.SerializerMethodField(
        help_text=_(
            "Why the event has its modality: the rule applied to its cities, countries and "
            "organizations, or a curator's override."
        )
    )
    sdgs_mapped_later = serializers.BooleanField(
        read_only=True,
        help_text=_(
            "The event started before the SDGs were adopted (25 September 2015): its SDG "
            "tags were mapped later."
        ),
    )

    class Meta:
        model = Event
        fields = [
            "slug",
            "title",
            "kind",
            "status",
            "large_forum",
            "modality",
            "modality_reason",
            "host_city",
            "start_date",
            "end_date",
            "date_precision",
            "pillars",
            "sdgs",
            "sdgs_mapped_later",
            "sectors",
            "stages",
            "formats",
            "summary",
            "language",
        ]
        extra_kwargs = {
            "date_precision": {
                "help_text": _(
                    "How precisely the sources date the event: with `month`, the dates are "
                    "the first and last days of the month(s) and the event reads as "
                    '"June 2013"; with `year`, of the year(s).'
                )
            },
            "large_forum": {
                "help_text": _(
                    "A summit or congress (Africities, the UCLG Congress, the World Forum on "
                    "LED), counted apart from peer learning exchanges."
                )
            },
        }

    def get_modality_reason(self, event) -> str:
        return event.modality_decision.reason


class DelegationMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = DelegationMember
        fields = ["category", "count"]
        extra_kwargs = {
            "count": {"help_text": _("How many; null when the sources name the group only.")}
        }


class ParticipantSerializer(serializers.ModelSerializer):
    city = CityReferenceSerializer()
    composition = DelegationMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Participation
        fields = ["city", "role", "delegation_size", "composition"]


class CountryParticipantSerializer(serializers.ModelSerializer):
    country = CountryReferenceSerializer()

    class Meta:
        model = CountryParticipation
        fields = ["country", "role", "notes"]


class OrganizationRoleSerializer(serializers.ModelSerializer):
    organization = OrganizationReferenceSerializer()

    class Meta:
        model = OrganizationParticipation
        fields = ["organization", "role", "notes"]


class EventDetailSerializer(EventSerializer):
    participants = ParticipantSerializer(source="participations", many=True)
    countries = CountryParticipantSerializer(
        source="country_participations", many=True, read_only=True
    )
    organization_roles = OrganizationRoleSerializer(
        source="organization_participations", many=True, read_only=True
    )
    organizers = OrganizationReferenceSerializer(many=True)
    supporters = OrganizationReferenceSerializer(many=True)
    roadmaps = RoadmapReferenceSerializer(many=True)
    translations = TranslationSerializer(many=True)
    sources = CitationSerializer(source="citations", many=True)
    publications = serializers.SerializerMethodField(
        help_text=_("The learning reports and handbooks the event's sources include.")
    )
    quotes = QuoteSerializer(many=True)

    class Meta(EventSerializer.Meta):
        fields = [
            *EventSerializer.Meta.fields,
            "translations",
            "venue",
            "participants",
            "countries",
            "organization_roles",
            "organizers",
            "supporters",
            "objectives",
            "outcomes",
            "report_url",
            "capacity",
            "registration_deadline",
            "registrations_per_official",
            "is_example",
            "roadmaps",
            "sources",
            "publications",
            "quotes",
        ]

    @extend_schema_field(SourceSerializer(many=True))
    def get_publications(self, event):
        return SourceSerializer(publications(event), many=True, context=self.context).data


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
    description = serializers.SerializerMethodField()
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

    def get_description(self, event) -> str:
        # A calendar shows an event known to the month as a month-long one: say so.
        if event.date_precision == DatePrecision.DAY:
            return event.summary
        return f"{event.dates_display}. {event.summary}"

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


class ProgressReportSerializer(serializers.ModelSerializer):
    """A responsible city's progress report for one period of a schedule."""

    city = CityReferenceSerializer(allow_null=True)
    commitment = serializers.SlugRelatedField(slug_field="number", read_only=True, allow_null=True)
    action = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "commitment",
            "action",
            "city",
            "status",
            "summary",
            "evidence_url",
            "period_ends_on",
            "reported_at",
        ]


class ReportingMixin(serializers.Serializer):
    """The reporting schedule of a commitment or an action, its light and its reports."""

    light = serializers.SerializerMethodField(
        help_text=_(
            "The light of its latest progress report: on-track, at-risk, off-track; "
            "inactive after two periods without one; awaiting before the first; null "
            "without a schedule (or once the action is done or dropped)."
        )
    )
    reports = ProgressReportSerializer(many=True)

    @extend_schema_field({"type": "string", "enum": [*Light.values, None], "nullable": True})
    def get_light(self, item):
        light = item.reporting_light()
        return light.value if light else None


class CommitmentSerializer(ReportingMixin, serializers.ModelSerializer):
    class Meta:
        model = Commitment
        fields = ["number", "text", "sub_points", "report_every_months", "light", "reports"]


class ActionUpdateSerializer(serializers.ModelSerializer):
    """A change of an action's status with its evidence; `by` is the person's name."""

    by = serializers.SerializerMethodField()
    event = EventReferenceSerializer(allow_null=True)

    class Meta:
        model = ActionUpdate
        fields = ["status", "previous_status", "at", "by", "note", "evidence_url", "event"]

    def get_by(self, update) -> str | None:
        return public_name(update.by) or None


class ActionSerializer(ReportingMixin, serializers.ModelSerializer):
    commitment = serializers.SlugRelatedField(slug_field="number", read_only=True, allow_null=True)
    responsible_cities = CityReferenceSerializer(many=True)
    responsible_organizations = OrganizationReferenceSerializer(many=True)
    carried_out_by = EventReferenceSerializer(allow_null=True)
    overdue = serializers.SerializerMethodField(
        help_text=_(
            "Due in the last 12 months, passed, neither done nor dropped, and a responsible"
            " city has a verified official who can act on it."
        )
    )
    follow_up = serializers.SerializerMethodField(
        help_text=_(
            "closed (done or dropped), open (not due yet, or no due date), overdue (as"
            " `overdue`), or not-recorded (past due and not overdue: its outcome was never"
            " recorded)."
        )
    )
    updates = ActionUpdateSerializer(many=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "title",
            "description",
            "commitment",
            "responsible_cities",
            "responsible_organizations",
            "due_date",
            "due_date_precision",
            "status",
            "carried_out_by",
            "overdue",
            "follow_up",
            "updates",
            "report_every_months",
            "light",
            "reports",
        ]

    def get_overdue(self, action) -> bool:
        return action.is_overdue()

    @extend_schema_field(serializers.ChoiceField(choices=ActionFollowUp.choices))
    def get_follow_up(self, action) -> str:
        return action.follow_up()


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
    sources = CitationSerializer(source="citations", many=True)

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
            "sources",
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
