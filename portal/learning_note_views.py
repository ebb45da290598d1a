"""An exchange's learning note: published, everyone reads it; its organizers draft it
from the exchange's records, edit it and publish it here."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.forms import add_service_errors
from base.permissions import can_receive_delegates
from exchanges.models import Event, LearningNote

from .services import draft_learning_note, edit_learning_note


class LearningNoteForm(forms.ModelForm):
    class Meta:
        model = LearningNote
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 24})}
        help_texts = {"body": gettext_lazy("Markdown: ## for a heading, - for a list.")}


def learning_note(request, slug):
    event = get_object_or_404(Event.objects.select_related("host_city__country"), slug=slug)
    note = LearningNote.objects.filter(event=event).first()
    organizer = can_receive_delegates(request.user, event)
    if request.method == "POST":
        if not organizer:
            raise PermissionDenied(_("Only the event's organizers write its learning note."))
        return _write(request, event, note)
    if not organizer and (note is None or not note.is_published):
        raise Http404(_("This exchange has no published learning note."))
    form = LearningNoteForm(instance=note) if organizer and note else None
    response = render(
        request,
        "exchanges/learning_note.html",
        {"event": event, "note": note, "organizer": organizer, "form": form},
    )
    if organizer:
        patch_cache_control(response, private=True, no_store=True)
    return response


def _write(request, event, note):
    intent = request.POST.get("intent")
    try:
        if intent == "draft":
            draft_learning_note(event=event, by=request.user)
            messages.success(request, _("A draft was written from the exchange's records."))
            return redirect("event-learning-note", slug=event.slug)
        if note is None or intent not in {"save", "publish"}:
            raise Http404(_("Draft the learning note first."))
        form = LearningNoteForm(request.POST, instance=note)
        if form.is_valid():
            try:
                edit_learning_note(
                    note=note,
                    by=request.user,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    publish=intent == "publish",
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The learning note is published.")
                    if intent == "publish"
                    else _("The learning note is saved."),
                )
                return redirect("event-learning-note", slug=event.slug)
        note.refresh_from_db()
        response = render(
            request,
            "exchanges/learning_note.html",
            {"event": event, "note": note, "organizer": True, "form": form},
            status=400,
        )
        patch_cache_control(response, private=True, no_store=True)
        return response
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("event-learning-note", slug=event.slug)
