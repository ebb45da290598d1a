"""Web forms that write exchanges: creating and editing events (a participating city
edits its own participation), registering and cancelling delegates, exporting
registrations, following roadmap actions up."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from base.api.renderers import CSVRenderer
from base.confirm import confirmation_page, confirmed
from base.forms import add_service_errors
from base.permissions import (
    can_create_event,
    can_manage_registrations,
    can_register_delegates,
    can_update_action,
    can_view_registration,
    is_curator,
    official_city,
    organizes_event,
    participating_city,
)

from .forms import (
    ActionUpdateForm,
    DelegationConsentForm,
    DelegationFormSet,
    EventForm,
    OpenRegistrationForm,
    OwnParticipationForm,
    ParticipationFormSet,
)
from .models import Action, Event, Registration
from .offers import InvalidOfferLink, check_offer_token
from .selectors import registrations_visible_to
from .services import (
    DelegationError,
    cancel_registration,
    confirm_offer,
    open_registration,
    register_delegation,
    registration_refusal,
    save_event,
    update_action_status,
)


def _event_form(request, event=None):
    curator = is_curator(request.user)
    form = EventForm(request.POST or None, instance=event, curator=curator)
    initial = []
    if event is not None:
        initial = [
            {"city": p.city_id, "role": p.role, "delegation_size": p.delegation_size}
            for p in event.participations.all()
        ]
    formset = ParticipationFormSet(request.POST or None, initial=initial, prefix="participants")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        values = {name: form.cleaned_data[name] for name in EventForm.Meta.fields}
        participants = [
            item
            for item in formset.cleaned_data
            if item and item.get("city") and not item.get("DELETE")
        ]
        removed = _removed_participants(event, participants)
        if removed and not confirmed(request):
            return _confirm_removing_participants(request, event, removed)
        try:
            event = save_event(
                by=request.user,
                event=event,
                participants=participants,
                modality=form.cleaned_data.get("modality") or None,
                **values,
            )
        except ValidationError as error:
            add_service_errors(form, error, formset=formset)
        else:
            messages.success(request, _("The exchange is saved."))
            return redirect(event)
    return render(
        request,
        "exchanges/forms/event_form.html",
        {
            "form": form,
            "formset": formset,
            "event": event,
            "page_title": _("Edit an exchange") if event else _("Register an exchange"),
        },
    )


def _removed_participants(event, participants) -> list:
    """The cities an edit takes off the event (unticked, deleted or replaced rows)."""
    if event is None:
        return []
    kept = {item["city"].pk for item in participants}
    return [p.city for p in event.participations.select_related("city") if p.city_id not in kept]


def _confirm_removing_participants(request, event, removed):
    names = ", ".join(city.name for city in removed)
    return confirmation_page(
        request,
        title=_("Remove participating cities?"),
        question=_("Saving these changes removes %(cities)s from “%(title)s”.")
        % {"cities": names, "title": event.title},
        consequences=[
            _(
                "Each city's role, delegation size and delegation composition are "
                "deleted; its delegates' registrations stay."
            ),
            _("The exchange's modality is computed again from the cities that remain."),
        ],
        button=_("Yes, save and remove them"),
        cancel_url=reverse("event-edit", args=[event.slug]),
        carry=request.POST,
    )


@login_required
def event_create(request):
    if not can_create_event(request.user):
        raise PermissionDenied
    return _event_form(request)


def _participation_form(request, event, city):
    """A participating city's officials edit their city's participation, nothing else."""
    participations = list(event.participations.select_related("city"))
    own = next(p for p in participations if p.city_id == city.pk)
    form = OwnParticipationForm(request.POST or None, instance=own)
    if request.method == "POST" and form.is_valid():
        participants = [
            {"city": p.city, "role": p.role, "delegation_size": p.delegation_size}
            for p in participations
            if p.pk != own.pk
        ]
        participants.append({"city": city, **form.cleaned_data})
        try:
            event = save_event(by=request.user, event=event, participants=participants)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your city's participation is saved."))
            return redirect(event)
    return render(
        request,
        "exchanges/forms/participation_form.html",
        {"form": form, "event": event, "city": city},
    )


@login_required
def event_edit(request, slug):
    event = get_object_or_404(Event, slug=slug)
    if organizes_event(request.user, event):
        return _event_form(request, event)
    city = participating_city(request.user, event)
    if city is None:
        raise PermissionDenied
    return _participation_form(request, event, city)


@login_required
def event_register(request, slug):
    """Register a delegation: several delegates in one form, each with their role and
    needs; all of them or, on any refusal, none (each refusal by its row)."""
    event = get_object_or_404(Event, slug=slug)
    if not can_register_delegates(request.user, event):
        raise PermissionDenied
    refusal = registration_refusal(event)
    any_city = organizes_event(request.user, event)
    data = request.POST if request.method == "POST" else None
    form_kwargs = {"any_city": any_city, "own_city": official_city(request.user)}
    formset = DelegationFormSet(data, prefix="delegates", form_kwargs=form_kwargs)
    consent = DelegationConsentForm(data)
    registered = []
    if data is not None and refusal is None and formset.is_valid() and consent.is_valid():
        delegates = [{**row, "consent": True} for row in formset.delegates()]
        if not any_city:
            for delegate in delegates:
                delegate["city"] = official_city(request.user)
        try:
            registered = register_delegation(event=event, by=request.user, delegates=delegates)
        except DelegationError as error:
            _add_delegation_errors(formset, error)
        else:
            formset = DelegationFormSet(prefix="delegates", form_kwargs=form_kwargs)
            consent = DelegationConsentForm()
    return render(
        request,
        "exchanges/forms/register.html",
        {
            "event": event,
            "formset": formset,
            "consent_form": consent,
            "refusal": refusal,
            "registered": registered,
        },
    )


def _add_delegation_errors(formset, error: DelegationError) -> None:
    """A service's refusal on the rows it names; the rest above the formset. Rows are
    the filled ones, in order: the same order as the formset's filled forms."""
    filled = [form for form in formset.forms if form.has_changed()]
    for index, errors in error.rows.items():
        form = filled[index]
        for field, field_messages in errors.items():
            form.add_error(field if field in form.fields else None, field_messages)
    general = [message for texts in error.general.values() for message in texts]
    if general:
        formset._non_form_errors = formset.error_class(general)


@login_required
def event_open_registration(request, slug):
    """The organizers open an exchange for registration from its page: seats, deadline
    and limit per official in one step."""
    event = get_object_or_404(Event, slug=slug)
    if not organizes_event(request.user, event):
        raise PermissionDenied
    form = OpenRegistrationForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            open_registration(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The exchange is open for registration."))
            return redirect(event)
    return render(request, "exchanges/forms/open_registration.html", {"form": form, "event": event})


@login_required
def event_registrations(request, slug):
    event = get_object_or_404(Event, slug=slug)
    manager = can_manage_registrations(request.user, event)
    if not manager and official_city(request.user) is None:
        raise PermissionDenied
    registrations = registrations_visible_to(request.user, event)
    if request.GET.get("format") == "csv":
        if not manager:
            raise PermissionDenied
        try:
            return registrations_csv(event, registrations, query=request.GET)
        except ValidationError as error:
            return HttpResponseBadRequest(" ".join(error.messages))
    return render(
        request,
        "exchanges/forms/registrations.html",
        {"event": event, "registrations": registrations, "manager": manager},
    )


REGISTRATION_CSV_FIELDS = [
    "name",
    "email",
    "city",
    "role",
    "status",
    "language",
    "needs_visa_letter",
    "interpretation_needs",
    "accessibility_needs",
    "consented_at",
    "created_at",
]


def registrations_csv(event, registrations, *, query) -> StreamingHttpResponse:
    """The registrations as CSV (`?bom=1` for Excel): personal data, which no cache keeps
    and no open licence covers."""
    rows = (
        {
            "name": registration.name,
            "email": registration.email,
            "city": registration.city.name if registration.city else "",
            "role": registration.role,
            "status": registration.status,
            "language": registration.language,
            "needs_visa_letter": registration.needs_visa_letter,
            "interpretation_needs": registration.interpretation_needs,
            "accessibility_needs": registration.accessibility_needs,
            "consented_at": registration.consented_at.isoformat(),
            "created_at": registration.created_at.isoformat(),
        }
        for registration in registrations
    )
    response = CSVRenderer().streaming_response(
        rows, fields=REGISTRATION_CSV_FIELDS, filename=f"{event.slug}-registrations", query=query
    )
    add_never_cache_headers(response)
    return response


@login_required
def registration_cancel(request, pk):
    """Cancelling asks first: the page names the delegate and what follows, its button
    cancels."""
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=pk)
    if not can_view_registration(request.user, registration):
        # As if it did not exist: the id of someone else's registration tells nothing.
        raise Http404
    if request.method != "POST":
        return render(
            request, "exchanges/forms/cancel_registration.html", {"registration": registration}
        )
    try:
        offered = cancel_registration(registration=registration)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The registration is cancelled."))
        if offered is not None:
            messages.info(
                request,
                _(
                    "%(name)s moves up from the waiting list: they are emailed a link to "
                    "confirm their seat."
                )
                % {"name": offered.name},
            )
    return redirect("event-registrations", slug=registration.event.slug)


def registration_confirm(request, pk, token):
    """The page the email offering a seat links to: the delegate confirms it, no account
    needed (the signed link stands for them). Reading the page changes nothing, so a
    mail scanner that opens the link takes no seat."""
    registration = Registration.objects.select_related("event").filter(pk=pk).first()
    valid = registration is not None
    if valid:
        try:
            check_offer_token(registration, token)
        except InvalidOfferLink:
            valid = False
    if not valid:
        response = render(request, "exchanges/forms/confirm_seat.html", {"invalid": True})
        response.status_code = 404
        return response
    confirmed = False
    error = None
    if request.method == "POST":
        try:
            confirm_offer(registration=registration)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            confirmed = True
    elif registration.offer_expires_at < timezone.now():
        error = _("The time to confirm this seat is over: it went to the next person.")
    response = render(
        request,
        "exchanges/forms/confirm_seat.html",
        {"registration": registration, "confirmed": confirmed, "error": error},
    )
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def action_update(request, pk):
    action = get_object_or_404(Action, pk=pk)
    if not can_update_action(request.user, action):
        raise PermissionDenied
    form = ActionUpdateForm(request.POST, action=action, user=request.user)
    if form.is_valid():
        try:
            update_action_status(
                action=action,
                status=form.cleaned_data["status"],
                by=request.user,
                evidence_url=form.cleaned_data["evidence_url"],
                note=form.cleaned_data["note"],
                event=form.cleaned_data["event"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The action is updated."))
    else:
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}: {error}")
    return redirect("my-city")


urlpatterns = [
    path("new/", event_create, name="event-create"),
    path("<slug:slug>/edit/", event_edit, name="event-edit"),
    path("<slug:slug>/register/", event_register, name="event-register"),
    path(
        "<slug:slug>/open-registration/",
        event_open_registration,
        name="event-open-registration",
    ),
    path("<slug:slug>/registrations/", event_registrations, name="event-registrations"),
    path("registrations/<int:pk>/cancel/", registration_cancel, name="registration-cancel"),
    path(
        "registrations/<int:pk>/confirm/<str:token>/",
        registration_confirm,
        name="registration-confirm",
    ),
]
