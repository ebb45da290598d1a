"""Web forms that write exchanges: creating and editing events, registering and
cancelling delegates, exporting registrations, following roadmap actions up."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from base.permissions import (
    can_create_event,
    can_edit_event,
    can_manage_registrations,
    can_register_delegates,
    can_update_action,
    can_view_registration,
    is_curator,
    official_city,
)

from .forms import ActionUpdateForm, EventForm, ParticipationFormSet, RegistrationForm
from .models import Action, Event, Registration
from .services import (
    cancel_registration,
    register_delegate,
    registration_refusal,
    save_event,
    update_action_status,
)


def _add_errors(form, error: ValidationError, formset=None):
    for field, field_messages in error.message_dict.items():
        if field == "participants" and formset is not None:
            formset._non_form_errors = formset.error_class(field_messages)
        elif field in form.fields:
            form.add_error(field, field_messages)
        else:
            form.add_error(None, field_messages)


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
                city=None if curator else official_city(request.user),
                **values,
            )
        except ValidationError as error:
            _add_errors(form, error, formset)
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


@login_required
def event_edit(request, slug):
    event = get_object_or_404(Event, slug=slug)
    if not can_edit_event(request.user, event):
        raise PermissionDenied
    return _event_form(request, event)


@login_required
def event_register(request, slug):
    event = get_object_or_404(Event, slug=slug)
    if not can_register_delegates(request.user, event):
        raise PermissionDenied
    refusal = registration_refusal(event)
    form = RegistrationForm(request.POST or None)
    registration = None
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            registration = register_delegate(
                event=event,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                consent=form.cleaned_data["consent"],
                city=official_city(request.user),
                registered_by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            form = RegistrationForm()
    return render(
        request,
        "exchanges/forms/register.html",
        {"event": event, "form": form, "refusal": refusal, "registration": registration},
    )


@login_required
def event_registrations(request, slug):
    event = get_object_or_404(Event, slug=slug)
    registrations = event.registrations.select_related("city", "registered_by").order_by(
        "created_at", "pk"
    )
    manager = can_manage_registrations(request.user, event)
    if not manager:
        if official_city(request.user) is None:
            raise PermissionDenied
        registrations = registrations.filter(registered_by=request.user)
    if request.GET.get("format") == "csv":
        if not manager:
            raise PermissionDenied
        return registrations_csv(event, registrations)
    return render(
        request,
        "exchanges/forms/registrations.html",
        {"event": event, "registrations": registrations, "manager": manager},
    )


def registrations_csv(event, registrations) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-registrations.csv"'
    writer = csv.writer(response)
    writer.writerow(["name", "email", "city", "role", "status", "consented_at", "created_at"])
    for registration in registrations:
        writer.writerow(
            [
                _csv_cell(registration.name),
                registration.email,
                registration.city.name if registration.city else "",
                registration.role,
                registration.status,
                registration.consented_at.isoformat(),
                registration.created_at.isoformat(),
            ]
        )
    return response


def _csv_cell(value: str) -> str:
    # No formula injection in a spreadsheet.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


@login_required
@require_POST
def registration_cancel(request, pk):
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=pk)
    if not can_view_registration(request.user, registration):
        raise PermissionDenied
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
    city = None if is_curator(request.user) else official_city(request.user)
    form = ActionUpdateForm(request.POST, action=action, city=city)
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
