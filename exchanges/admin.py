from django.contrib import admin

from sources.admin import CitationInline, QuoteInline

from .models import (
    Action,
    ActionUpdate,
    AttendanceCertificate,
    Commitment,
    CountryParticipation,
    DelegationMember,
    Event,
    EventStatus,
    EventTranslation,
    LearningNote,
    OrganizationParticipation,
    Participation,
    ProgressReport,
    Registration,
    Roadmap,
    RoadmapTranslation,
    VisaLetter,
)
from .services import announce_event_saved


class EventTranslationInline(admin.StackedInline):
    model = EventTranslation
    extra = 0


class RoadmapTranslationInline(admin.StackedInline):
    model = RoadmapTranslation
    extra = 0


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 1
    autocomplete_fields = ["city"]


class CountryParticipationInline(admin.TabularInline):
    model = CountryParticipation
    extra = 0
    autocomplete_fields = ["country"]


class OrganizationParticipationInline(admin.TabularInline):
    model = OrganizationParticipation
    extra = 0
    autocomplete_fields = ["organization"]


class DelegationMemberInline(admin.TabularInline):
    model = DelegationMember
    extra = 0


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    """A city's participation, with its delegation's composition."""

    list_display = ["event", "city", "role", "delegation_size"]
    list_filter = ["role"]
    list_select_related = ["event", "city"]
    search_fields = ["event__title", "city__name"]
    autocomplete_fields = ["event", "city"]
    inlines = [DelegationMemberInline]


class RoadmapInline(admin.TabularInline):
    model = Roadmap
    extra = 0
    fields = ["title", "slug", "adopted_on"]
    show_change_link = True


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "host_city", "start_date", "status", "modality"]
    list_filter = [
        "kind",
        "large_forum",
        "date_precision",
        "status",
        "language",
        "modality",
        "modality_overridden",
        "host_city__country__region",
        "pillars",
        "sdgs",
    ]
    list_select_related = ["host_city"]
    search_fields = ["title", "slug", "summary", "host_city__name"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["host_city", "organizers", "supporters"]
    filter_horizontal = ["pillars", "sdgs", "sectors", "stages", "formats"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [
        EventTranslationInline,
        ParticipationInline,
        CountryParticipationInline,
        OrganizationParticipationInline,
        RoadmapInline,
        CitationInline,
        QuoteInline,
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Participants and organizations are saved after the event: only now is the
        # default modality known, and only now may followers and webhooks hear of it.
        form.instance.refresh_modality()
        announce_event_saved(
            form.instance,
            creating=not change,
            was_cancelled=form.initial.get("status") == EventStatus.CANCELLED,
            by=request.user,
        )


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "city", "role", "status", "created_at"]
    list_filter = ["status", "role", "needs_visa_letter", "language", "event"]
    list_select_related = ["event", "city"]
    search_fields = ["name", "email", "event__title"]
    autocomplete_fields = ["event", "city", "registered_by"]
    readonly_fields = ["consented_at", "anonymized_at", "created_at"]


class CommitmentInline(admin.StackedInline):
    model = Commitment
    extra = 0


class ActionInline(admin.StackedInline):
    model = Action
    extra = 0
    autocomplete_fields = ["responsible_cities", "responsible_organizations", "carried_out_by"]
    fk_name = "roadmap"


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "adopted_on"]
    list_select_related = ["event"]
    list_filter = ["adopted_on"]
    search_fields = ["title", "slug", "event__title"]
    autocomplete_fields = ["event", "signatory_cities", "signatory_organizations"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [RoadmapTranslationInline, CommitmentInline, ActionInline, CitationInline]


class ActionUpdateInline(admin.TabularInline):
    model = ActionUpdate
    extra = 0
    fields = ["at", "previous_status", "status", "by", "event", "evidence_url", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Status changes go through update_action_status, which records them.
        return False


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    inlines = [ActionUpdateInline]
    list_display = ["title", "roadmap", "due_date", "status", "carried_out_by"]
    list_filter = ["status", "roadmap"]
    list_select_related = ["roadmap", "carried_out_by"]
    search_fields = ["title", "description"]
    autocomplete_fields = [
        "roadmap",
        "responsible_cities",
        "responsible_organizations",
        "carried_out_by",
    ]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "city", "status", "period_ends_on", "reported_at"]
    list_filter = ["status", "commitment__roadmap"]
    search_fields = ["summary", "city__name", "action__title", "commitment__text"]
    autocomplete_fields = ["city"]
    raw_id_fields = ["commitment", "action", "by"]
    date_hierarchy = "period_ends_on"


@admin.register(LearningNote)
class LearningNoteAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["title", "body", "event__title"]
    raw_id_fields = ["event", "updated_by"]


# Certificates and letters name delegates: staff see who got one, not the PDFs.
@admin.register(AttendanceCertificate)
class AttendanceCertificateAdmin(admin.ModelAdmin):
    list_display = ["registration", "language", "issued_at"]
    list_filter = ["language"]
    search_fields = ["registration__name", "registration__event__title"]
    raw_id_fields = ["registration"]


@admin.register(VisaLetter)
class VisaLetterAdmin(admin.ModelAdmin):
    list_display = ["registration", "signer_name", "signer_title", "issued_at"]
    search_fields = ["registration__name", "registration__event__title", "signer_name"]
    raw_id_fields = ["registration", "issued_by"]
