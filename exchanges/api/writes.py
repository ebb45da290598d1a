"""The API's writes on exchanges: officials create events their city hosts or joins;
the host city's officials edit them, a participating city's officials their own
participation; officials register their city's delegates; organizers list and export
registrations; officials of a responsible city follow roadmap actions up."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from base.api.renderers import CSVRenderer
from base.api.writes import TagsWriteSerializer, WriteSerializer
from base.content import Language
from base.dates import DatePrecision
from base.models import LearningFormat, LearningStage
from base.permissions import can_manage_registrations, official_city
from cities.models import City, Organization
from exchanges.models import (
    Action,
    ActionStatus,
    DelegateCategory,
    Event,
    EventKind,
    EventStatus,
    Modality,
    ParticipationRole,
    RegistrantRole,
    Registration,
    Roadmap,
)
from exchanges.reporting import ReportStatus
from exchanges.selectors import registrations_visible_to
from exchanges.services import (
    DelegationError,
    cancel_registration,
    check_in_delegate,
    register_delegate,
    register_delegation,
    report_progress,
    save_event,
    update_action_status,
)

from .serializers import EventDetailSerializer, ProgressReportSerializer


class DelegationGroupWriteSerializer(WriteSerializer):
    category = serializers.ChoiceField(choices=DelegateCategory.choices)
    count = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=10000,
        help_text=_("How many; null when the sources name the group only."),
    )


class ParticipantWriteSerializer(WriteSerializer):
    city = serializers.SlugRelatedField(slug_field="slug", queryset=City.objects.all())
    role = serializers.ChoiceField(choices=ParticipationRole.choices)
    delegation_size = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=10000
    )
    composition = DelegationGroupWriteSerializer(
        many=True,
        required=False,
        max_length=20,
        help_text=_(
            "Who the delegation is made of, one group per category; replaces the "
            "composition when given, kept when left out."
        ),
    )

    def validate_composition(self, groups):
        categories = [group["category"] for group in groups]
        if len(categories) != len(set(categories)):
            raise serializers.ValidationError(_("One group per category."))
        return groups


class EventWriteSerializer(TagsWriteSerializer):
    title = serializers.CharField(max_length=250)
    kind = serializers.ChoiceField(choices=EventKind.choices)
    host_city = serializers.SlugRelatedField(slug_field="slug", queryset=City.objects.all())
    venue = serializers.CharField(max_length=200, required=False, allow_blank=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    date_precision = serializers.ChoiceField(
        choices=DatePrecision.choices,
        required=False,
        help_text=_(
            "How precisely the dates are known: for `month`, send the first and last days "
            "of the month(s); for `year`, 1 January and 31 December."
        ),
    )
    large_forum = serializers.BooleanField(
        required=False,
        help_text=_("A summit or congress, counted apart from peer learning exchanges."),
    )
    status = serializers.ChoiceField(choices=EventStatus.choices, required=False)
    summary = serializers.CharField()
    language = serializers.ChoiceField(
        choices=Language.choices,
        required=False,
        help_text=_("The language the title, summary and text are written in."),
    )
    objectives = serializers.CharField(required=False, allow_blank=True)
    outcomes = serializers.CharField(required=False, allow_blank=True)
    report_url = serializers.URLField(required=False, allow_blank=True, max_length=500)
    capacity = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=100000
    )
    registration_deadline = serializers.DateField(required=False, allow_null=True)
    registrations_per_official = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=1000,
        help_text=_(
            "How many delegates one official may have registered at a time; null: no "
            "limit. The event's organizers are not limited."
        ),
    )
    stages = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=LearningStage.objects.all(),
        many=True,
        required=False,
        help_text=_("Stages of the ILO's local development approach the exchange serves."),
    )
    formats = serializers.SlugRelatedField(
        slug_field="slug", queryset=LearningFormat.objects.all(), many=True, required=False
    )
    organizers = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organization.objects.all(), many=True, required=False
    )
    supporters = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organization.objects.all(), many=True, required=False
    )
    participants = ParticipantWriteSerializer(many=True, required=False, max_length=200)
    modality = serializers.ChoiceField(
        choices=Modality.choices,
        required=False,
        help_text=_("Curators only: overrides the modality computed from the cities."),
    )


class RegistrationSerializer(serializers.ModelSerializer):
    # A curator may register a delegate of no city.
    city = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "event",
            "name",
            "email",
            "city",
            "role",
            "status",
            "language",
            "needs_visa_letter",
            "interpretation_needs",
            "accessibility_needs",
            "offer_expires_at",
            "consented_at",
            "created_at",
            "checked_in_at",
        ]
        read_only_fields = fields


class RegistrationWriteSerializer(WriteSerializer):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=RegistrantRole.choices)
    city = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=City.objects.all(),
        required=False,
        allow_null=True,
        help_text=_(
            "The delegate's city: an official's own city when left out; only the event's "
            "organizers and curators register delegates of another city."
        ),
    )
    consent = serializers.BooleanField(
        help_text=_("The registrant consents to the processing of their data: must be true.")
    )
    language = serializers.ChoiceField(
        choices=Language.choices,
        required=False,
        help_text=_(
            "The language of the delegate's emails; the request's (Accept-Language) when left out."
        ),
    )
    needs_visa_letter = serializers.BooleanField(required=False, default=False)
    interpretation_needs = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    accessibility_needs = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )


class DelegationWriteSerializer(WriteSerializer):
    delegates = RegistrationWriteSerializer(
        many=True,
        min_length=1,
        max_length=50,
        help_text=_(
            "The delegation, all registered or none: each delegate's errors come by their "
            "position in this list."
        ),
    )


class DelegationSerializer(serializers.Serializer):
    registrations = RegistrationSerializer(many=True)


class ActionStatusSerializer(WriteSerializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    event = serializers.SlugRelatedField(
        slug_field="slug", queryset=Event.objects.all(), required=False, allow_null=True
    )
    evidence_url = serializers.URLField(required=False, allow_blank=True, max_length=500)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class EventWriteMixin(mixins.CreateModelMixin, mixins.UpdateModelMixin):
    """Create, update and registrations, mixed into EventViewSet."""

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return EventWriteSerializer
        if self.action == "registrations":
            if self.request is not None and self.request.method == "POST":
                return RegistrationWriteSerializer
            return RegistrationSerializer
        if self.action in ("cancel_registration", "check_in"):
            return serializers.Serializer
        if self.action == "delegations":
            return DelegationWriteSerializer
        return super().get_serializer_class()

    def get_queryset(self):
        if self.action in (
            "update",
            "partial_update",
            "registrations",
            "cancel_registration",
            "check_in",
            "delegations",
        ):
            return Event.objects.all()
        return super().get_queryset()

    def _detail(self, event, code=status.HTTP_200_OK):
        event = self.detail_queryset().get(pk=event.pk)
        context = self.get_serializer_context()
        return Response(self.detail_serializer_class(event, context=context).data, status=code)

    def _save(self, serializer, event=None):
        return save_event(by=self.request.user, event=event, **serializer.validated_data)

    @extend_schema(responses={201: EventDetailSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._detail(self._save(serializer), status.HTTP_201_CREATED)

    @extend_schema(responses={200: EventDetailSerializer})
    def update(self, request, *args, **kwargs):
        event = self.get_object()
        serializer = self.get_serializer(
            event, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        return self._detail(self._save(serializer, event))

    @extend_schema(
        methods=["GET"], responses={200: RegistrationSerializer(many=True)}, request=None
    )
    @extend_schema(
        methods=["POST"],
        request=RegistrationWriteSerializer,
        responses={201: RegistrationSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        renderer_classes=[JSONRenderer, BrowsableAPIRenderer, CSVRenderer],
        pagination_class=None,
        filter_backends=[],
    )
    def registrations(self, request, slug=None):
        """GET: the event's registrations (all of them for its organizers and curators,
        an official's own otherwise; `?format=csv` exports them for organizers).
        POST: register a delegate, confirmed while capacity lasts, waitlisted after."""
        event = self.get_object()
        user = request.user
        if request.method == "POST":
            serializer = self.get_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
            registration = register_delegate(
                event=event,
                city=data.pop("city") if "city" in data else official_city(user),
                registered_by=user,
                **data,
            )
            return Response(
                RegistrationSerializer(registration).data, status=status.HTTP_201_CREATED
            )
        registrations = registrations_visible_to(user, event)
        renderer = request.accepted_renderer
        if isinstance(renderer, CSVRenderer):
            if not can_manage_registrations(user, event):
                raise PermissionDenied(_("Only the event's organizers export its registrations."))
            fields = list(RegistrationSerializer().fields)
            rows = (RegistrationSerializer(r).data for r in registrations.iterator())
            return renderer.streaming_response(
                rows,
                fields=fields,
                filename=f"{event.slug}-registrations",
                query=request.query_params,
            )
        return Response(RegistrationSerializer(registrations, many=True).data)

    @extend_schema(request=DelegationWriteSerializer, responses={201: DelegationSerializer})
    @action(detail=True, methods=["post"])
    def delegations(self, request, slug=None):
        """Register a delegation: several delegates at once, all or none. Each is
        confirmed while the capacity lasts, waitlisted after; the per-official limit
        counts the whole delegation. A refused delegate is named by its position:
        `{"delegates": [{}, {"email": ["..."]}]}`."""
        event = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            registrations = register_delegation(
                event=event, by=request.user, delegates=serializer.validated_data["delegates"]
            )
        except DelegationError as error:
            raise serializers.ValidationError(error.detail()) from None
        return Response(
            {"registrations": RegistrationSerializer(registrations, many=True).data},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=None, responses={200: RegistrationSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path=r"registrations/(?P<registration_id>[0-9]{1,18})/cancel",
    )
    def cancel_registration(self, request, slug=None, registration_id=None):
        """Cancel a registration; the oldest waitlisted one takes the freed seat. A
        registration its user may not see is a 404, like one that does not exist."""
        event = self.get_object()
        registration = get_object_or_404(
            registrations_visible_to(request.user, event), pk=registration_id
        )
        self.check_object_permissions(request, registration)
        cancel_registration(registration=registration)
        registration.refresh_from_db()
        return Response(RegistrationSerializer(registration).data)


class ProgressReportWriteSerializer(WriteSerializer):
    commitment = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=32767,
        help_text=_("The number of the commitment reported on (or give `action`)."),
    )
    action = serializers.IntegerField(
        required=False,
        min_value=1,
        # The ids' range, as in the URLs: a bigger number is a 400, not a database error.
        max_value=10**18 - 1,
        help_text=_("The id of the action reported on (or give `commitment`)."),
    )
    status = serializers.ChoiceField(choices=ReportStatus.choices)
    summary = serializers.CharField(max_length=5000)
    evidence_url = serializers.URLField(required=False, allow_blank=True, max_length=500)
    city = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=City.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Curators only: the city reported for. An official reports for theirs."),
    )

    def validate(self, data):
        if ("commitment" in data) == ("action" in data):
            raise serializers.ValidationError(
                {"action": [_("Give either a commitment's number or an action's id.")]}
            )
        return data


class CheckInMixin:
    @extend_schema(request=None, responses={200: RegistrationSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path=r"registrations/(?P<registration_id>[0-9]{1,18})/check-in",
    )
    def check_in(self, request, slug=None, registration_id=None):
        """The event's organizers check a confirmed delegate in at the event. Someone
        else's registration is a 404, as one that does not exist."""
        event = self.get_object()
        registration = get_object_or_404(
            registrations_visible_to(request.user, event), pk=registration_id
        )
        registration = check_in_delegate(registration=registration, by=request.user)
        return Response(RegistrationSerializer(registration).data)


class ActionStatusResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    carried_out_by = serializers.CharField(
        allow_null=True, help_text=_("The slug of the event that carried the action out.")
    )
    roadmap_progress = serializers.FloatField(
        allow_null=True,
        min_value=0,
        max_value=1,
        help_text=_("The share of the roadmap's actions done, from 0 to 1."),
    )


class RoadmapWriteMixin:
    @extend_schema(request=ProgressReportWriteSerializer, responses={201: ProgressReportSerializer})
    @action(detail=True, methods=["post"], serializer_class=ProgressReportWriteSerializer)
    def reports(self, request, slug=None):
        """Officials of a responsible city (and curators) report progress on a commitment
        or an action with a reporting schedule, for the period running today: on track,
        at risk or off track, with their evidence. One report per city and period."""
        roadmap = self.get_object()
        serializer = ProgressReportWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        commitment = action = None
        if "commitment" in data:
            commitment = get_object_or_404(
                roadmap.commitments.select_related("roadmap"), number=data.pop("commitment")
            )
        else:
            action = get_object_or_404(
                roadmap.actions.select_related("roadmap"), pk=data.pop("action")
            )
        report = report_progress(by=request.user, commitment=commitment, action=action, **data)
        return Response(ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActionStatusSerializer, responses={200: ActionStatusResultSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path=r"actions/(?P<action_id>[0-9]{1,18})/status",
        serializer_class=ActionStatusSerializer,
    )
    def action_status(self, request, slug=None, action_id=None):
        """Officials of a responsible city and curators update an action's status and
        link the event that carried it out; the roadmap's progress follows."""
        roadmap = self.get_object()
        roadmap_action = get_object_or_404(Action, roadmap=roadmap, pk=action_id)
        self.check_object_permissions(request, roadmap_action)
        serializer = ActionStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        update_action_status(action=roadmap_action, by=request.user, **serializer.validated_data)
        roadmap_action.refresh_from_db()
        return Response(
            {
                "id": roadmap_action.pk,
                "status": roadmap_action.status,
                "carried_out_by": roadmap_action.carried_out_by.slug
                if roadmap_action.carried_out_by
                else None,
                "roadmap_progress": Roadmap.objects.with_progress().get(pk=roadmap.pk).progress,
            }
        )
