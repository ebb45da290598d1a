"""Web forms that write exchanges: creating and editing events (a participating city
edits its own participation), registering and cancelling delegates, exporting
registrations, following roadmap actions up."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from base.api.renderers import CSVRenderer
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
    EventForm,
    OwnParticipationForm,
    ParticipationFormSet,
    RegistrationForm,
)
from .models import Action, Event, Registration
from .selectors import registrations_visible_to
from .services import (
    cancel_registration,
    register_delegate,
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
    event = get_object_or_404(Event, slug=slug)
    if not can_register_delegates(request.user, event):
        raise PermissionDenied
    refusal = registration_refusal(event)
    any_city = organizes_event(request.user, event)
    form = RegistrationForm(request.POST or None, any_city=any_city)
    registration = None
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            registration = register_delegate(
                event=event,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                consent=form.cleaned_data["consent"],
                city=form.cleaned_data["city"] if any_city else official_city(request.user),
                registered_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = RegistrationForm(any_city=any_city)
    return render(
        request,
        "exchanges/forms/register.html",
        {"event": event, "form": form, "refusal": refusal, "registration": registration},
    )


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


REGISTRATION_CSV_FIELDS = ["name", "email", "city", "role", "status", "consented_at", "created_at"]


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
@require_POST
def registration_cancel(request, pk):
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=pk)
    if not can_view_registration(request.user, registration):
        # As if it did not exist: the id of someone else's registration tells nothing.
        raise Http404
    try:
        promoted = cancel_registration(registration=registration)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The registration is cancelled."))
        if promoted is not None:
            messages.info(
                request,
                _("%(name)s moves from the waiting list to confirmed.") % {"name": promoted.name},
            )
    return redirect("event-registrations", slug=registration.event.slug)


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
    path("<slug:slug>/registrations/", event_registrations, name="event-registrations"),
    path("registrations/<int:pk>/cancel/", registration_cancel, name="registration-cancel"),
]
