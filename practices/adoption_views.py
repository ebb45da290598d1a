"""Web pages to record what peer learning led to: an official records that their city
took up a practice, a curator does it for any city; both may update or delete it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from base.confirm import confirmation_page, confirmed
from base.forms import add_service_errors
from base.permissions import can_record_adoption, can_record_adoptions, is_curator, official_city

from .forms import AdoptionForm
from .models import Adoption, Practice
from .services import (
    ADOPTION_EDITABLE_FIELDS,
    STAGE_CHANGE_FIELDS,
    delete_adoption,
    record_adoption,
    set_adoption_results,
    update_adoption,
)


def _values(form, fields) -> dict:
    return {name: form.cleaned_data[name] for name in fields}


def _save_results(form, adoption, user) -> None:
    results = form.results()
    if results is not None:
        set_adoption_results(adoption=adoption, by=user, results=results)


@login_required
def adoption_create(request, slug):
    practice = get_object_or_404(Practice.objects.published().select_related("city"), slug=slug)
    if not can_record_adoptions(request.user):
        raise PermissionDenied
    city = None if is_curator(request.user) else official_city(request.user)
    form = AdoptionForm(request.POST or None, practice=practice, city=city)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                adoption = record_adoption(
                    practice=practice,
                    city=form.cleaned_data["city"],
                    by=request.user,
                    **_values(form, ADOPTION_EDITABLE_FIELDS + STAGE_CHANGE_FIELDS),
                )
                _save_results(form, adoption, request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(city)s now counts among the cities that took up this practice.")
                % {"city": adoption.city.name},
            )
            return redirect(f"{practice.get_absolute_url()}#adoptions-heading")
    return render(
        request,
        "practices/forms/adoption_form.html",
        {"form": form, "practice": practice, "page_title": _("Record an adoption")},
    )


def _adoption_for(request, slug, pk) -> Adoption:
    adoption = get_object_or_404(
        Adoption.objects.of_practices_visible_to(request.user).select_related(
            "practice__city", "city"
        ),
        pk=pk,
        practice__slug=slug,
    )
    if not can_record_adoption(request.user, adoption.city):
        raise PermissionDenied
    return adoption


@login_required
def adoption_edit(request, slug, pk):
    adoption = _adoption_for(request, slug, pk)
    practice = adoption.practice
    city = None if is_curator(request.user) else official_city(request.user)
    form = AdoptionForm(request.POST or None, instance=adoption, practice=practice, city=city)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                update_adoption(
                    adoption=adoption,
                    by=request.user,
                    **_values(form, ADOPTION_EDITABLE_FIELDS + STAGE_CHANGE_FIELDS),
                )
                _save_results(form, adoption, request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The adoption is updated."))
            return redirect(f"{practice.get_absolute_url()}#adoptions-heading")
    return render(
        request,
        "practices/forms/adoption_form.html",
        {
            "form": form,
            "practice": practice,
            "adoption": adoption,
            "page_title": _("Update an adoption"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def adoption_delete(request, slug, pk):
    """Asks first (base.confirm); deletes on the confirming POST."""
    adoption = _adoption_for(request, slug, pk)
    if not confirmed(request):
        return confirmation_page(
            request,
            title=_("Delete an adoption"),
            question=_("Delete the adoption of “%(title)s” by %(city)s?")
            % {"title": adoption.practice.title, "city": adoption.city.name},
            consequences=[
                _(
                    "%(city)s will no longer show among the cities that took it up, on the"
                    " practice's page, the city's page, the dashboard and the network."
                )
                % {"city": adoption.city.name},
                _("Its stage, year, notes and evidence are deleted; this cannot be undone."),
            ],
            button=_("Yes, delete the adoption"),
            cancel_url=reverse("adoption-edit", args=[slug, pk]),
        )
    delete_adoption(adoption=adoption, by=request.user)
    messages.success(
        request,
        _("The adoption by %(city)s is deleted.") % {"city": adoption.city.name},
    )
    return redirect(f"{adoption.practice.get_absolute_url()}#adoptions-heading")


urlpatterns = [
    path("<slug:slug>/adoptions/new/", adoption_create, name="adoption-create"),
    path("<slug:slug>/adoptions/<int:pk>/", adoption_edit, name="adoption-edit"),
    path("<slug:slug>/adoptions/<int:pk>/delete/", adoption_delete, name="adoption-delete"),
]
