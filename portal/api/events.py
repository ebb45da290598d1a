"""The events of the API as the site serves them: each event's detail lists the practices
presented there that the client may see. Practices sit above exchanges in the layers,
so the exchanges app's viewset leaves them to this one, with what the site adds to an
exchange: its delegates' certificates and visa letters, and its learning note."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from base.api.writes import WriteSerializer
from base.permissions import can_receive_delegates
from base.site import site_absolute_url
from cities.api.references import CityReferenceSerializer
from exchanges.api import serializers as exchanges_serializers
from exchanges.api import views as exchanges_views
from exchanges.api.references import EventReferenceSerializer
from exchanges.models import AttendanceCertificate, Event, LearningNote, VisaLetter
from exchanges.selectors import events_with_details
from practices.api.references import PracticeReferenceSerializer
from practices.models import Practice

# The module, not its functions: the services queue tasks, whose dumps read this viewset.
from .. import services
from ..exchange_documents import certificate_token, certificate_url, verified_certificate


class EventDetailSerializer(exchanges_serializers.EventDetailSerializer):
    practices = PracticeReferenceSerializer(source="visible_practices", many=True)

    class Meta(exchanges_serializers.EventDetailSerializer.Meta):
        fields = [*exchanges_serializers.EventDetailSerializer.Meta.fields, "practices"]


class CertificateSerializer(serializers.ModelSerializer):
    registration = serializers.PrimaryKeyRelatedField(read_only=True)
    name = serializers.CharField(source="registration.name", read_only=True)
    verify_url = serializers.SerializerMethodField(
        help_text=_("The signed public address that verifies the certificate.")
    )
    pdf_url = serializers.SerializerMethodField(
        help_text=_("The certificate as a PDF; a 202 while it is being rendered.")
    )
    ready = serializers.SerializerMethodField(help_text=_("Whether the PDF is rendered."))

    class Meta:
        model = AttendanceCertificate
        fields = ["registration", "name", "language", "issued_at", "verify_url", "pdf_url", "ready"]

    def get_verify_url(self, certificate) -> str:
        return certificate_url(certificate)

    def get_pdf_url(self, certificate) -> str:
        return site_absolute_url(
            reverse("certificate-pdf", kwargs={"token": certificate_token(certificate)})
        )

    def get_ready(self, certificate) -> bool:
        return certificate.pdf is not None


class VisaLetterWriteSerializer(WriteSerializer):
    signer_title = serializers.CharField(
        max_length=200,
        help_text=_("The signing organizer's title; the letter carries their full name."),
    )


class VisaLetterSerializer(serializers.ModelSerializer):
    registration = serializers.PrimaryKeyRelatedField(read_only=True)
    ready = serializers.SerializerMethodField(help_text=_("Whether the PDF is rendered."))

    class Meta:
        model = VisaLetter
        fields = ["registration", "signer_name", "signer_title", "language", "issued_at", "ready"]

    def get_ready(self, letter) -> bool:
        return letter.pdf is not None


class LearningNoteSerializer(serializers.ModelSerializer):
    event = EventReferenceSerializer(read_only=True)

    class Meta:
        model = LearningNote
        fields = ["event", "title", "body", "status", "drafted_at", "published_at"]
        read_only_fields = fields


class LearningNoteWriteSerializer(WriteSerializer):
    title = serializers.CharField(max_length=250)
    body = serializers.CharField(max_length=50000, help_text=_("Markdown."))
    publish = serializers.BooleanField(
        required=False, default=False, help_text=_("true publishes the note (for good).")
    )


class CertificateVerificationSerializer(serializers.Serializer):
    valid = serializers.BooleanField()
    name = serializers.CharField(help_text=_("The delegate's name, and nothing else of theirs."))
    city = CityReferenceSerializer(allow_null=True)
    event = EventReferenceSerializer()
    issued_at = serializers.DateTimeField()


@extend_schema_view(
    create=extend_schema(responses={201: EventDetailSerializer}),
    update=extend_schema(responses={200: EventDetailSerializer}),
    partial_update=extend_schema(responses={200: EventDetailSerializer}),
)
class EventViewSet(exchanges_views.EventViewSet):
    detail_serializer_class = EventDetailSerializer

    def detail_queryset(self):
        return events_with_details(practices=Practice.objects.visible_to(self.request.user))

    def get_serializer_class(self):
        serializers_by_action = {
            "certificates": serializers.Serializer,
            "visa_letter": VisaLetterWriteSerializer,
            "learning_note": LearningNoteWriteSerializer,
            "learning_note_draft": serializers.Serializer,
        }
        if self.action in serializers_by_action:
            return serializers_by_action[self.action]
        return super().get_serializer_class()

    def get_queryset(self):
        if self.action in ("certificates", "visa_letter", "learning_note", "learning_note_draft"):
            return Event.objects.select_related("host_city")
        return super().get_queryset()

    @extend_schema(request=None, responses={200: CertificateSerializer(many=True)})
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def certificates(self, request, slug=None):
        """The organizers issue attendance certificates to the delegates checked in who
        have none yet (rendered as PDFs in each delegate's language by the task queue),
        and get every certificate of the event."""
        event = self.get_object()
        services.issue_certificates(event=event, by=request.user)
        issued = AttendanceCertificate.objects.filter(registration__event=event).select_related(
            "registration"
        )
        return Response(
            CertificateSerializer(issued.order_by("registration__name"), many=True).data
        )

    @extend_schema(request=VisaLetterWriteSerializer, responses={201: VisaLetterSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path=r"registrations/(?P<registration_id>[0-9]{1,18})/visa-letter",
    )
    def visa_letter(self, request, slug=None, registration_id=None):
        """An organizer issues the visa invitation letter a delegate asked for, signed
        with their full name and the title given."""
        event = self.get_object()
        registration = get_object_or_404(
            event.registrations.filter(anonymized_at__isnull=True), pk=registration_id
        )
        serializer = VisaLetterWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        letter = services.issue_visa_letter(
            registration=registration,
            by=request.user,
            signer_title=serializer.validated_data["signer_title"],
        )
        return Response(VisaLetterSerializer(letter).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], request=None, responses={200: LearningNoteSerializer})
    @extend_schema(
        methods=["PUT"],
        request=LearningNoteWriteSerializer,
        responses={200: LearningNoteSerializer},
    )
    @action(detail=True, methods=["get", "put"], url_path="learning-note")
    def learning_note(self, request, slug=None):
        """GET: the exchange's learning note, once published (its organizers also see the
        draft). PUT: its organizers edit it, and publish it with `"publish": true`."""
        event = self.get_object()
        note = LearningNote.objects.filter(event=event).select_related("event").first()
        organizer = can_receive_delegates(request.user, event)
        if note is None or not (note.is_published or organizer):
            raise Http404(_("This exchange has no published learning note."))
        if request.method == "PUT":
            serializer = LearningNoteWriteSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            note = services.edit_learning_note(
                note=note, by=request.user, **serializer.validated_data
            )
        return Response(LearningNoteSerializer(note).data)

    @extend_schema(request=None, responses={201: LearningNoteSerializer})
    @action(detail=True, methods=["post"], url_path="learning-note/draft")
    def learning_note_draft(self, request, slug=None):
        """The organizers draft the learning note of a held exchange from its records
        (participants, objectives, outcomes, practices, commitments, adoptions), in the
        request's language; a draft is replaced, a published note is not."""
        event = self.get_object()
        note = services.draft_learning_note(event=event, by=request.user)
        return Response(LearningNoteSerializer(note).data, status=status.HTTP_201_CREATED)


class CertificateVerificationView(APIView):
    """Whether a certificate's signed token is genuine: the delegate's name, city and
    event when it is; a 404 when it is forged, altered, expired or erased."""

    @extend_schema(responses={200: CertificateVerificationSerializer}, tags=["certificates"])
    def get(self, request, token):
        certificate = verified_certificate(token)
        if certificate is None:
            raise Http404(_("This certificate is not valid."))
        registration = certificate.registration
        data = {
            "valid": True,
            "name": registration.name,
            "city": registration.city,
            "event": registration.event,
            "issued_at": certificate.issued_at,
        }
        # Cached like any API read, under the content version: anonymization bumps it.
        return Response(CertificateVerificationSerializer(data, context={"request": request}).data)
