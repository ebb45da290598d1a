"""The "my city" page of an official: their city's events, registrations, practices
and the roadmap actions it owns, with a form to follow each action up."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from base.permissions import official_city
from exchanges.models import Action, Registration
from exchanges.selectors import events_involving
from matching.models import Challenge, ChallengeStatus
from matching.services import pending_challenge_notifications
from practices.models import Practice


def action_update(request, pk):
    from exchanges.write_views import action_update as view

    return view(request, pk)


@login_required
def my_city(request):
    city = official_city(request.user)
    if city is None:
        raise PermissionDenied(_("Only verified city officials have a city page."))
    from exchanges.forms import ActionUpdateForm

    events = events_involving(city).select_related("host_city").order_by("-start_date")
    registrations = (
        Registration.objects.filter(registered_by=request.user)
        .select_related("event")
        .order_by("-created_at")
    )
    practices = (
        Practice.objects.visible_to(request.user)
        .filter(Q(city=city) | Q(submitted_by=request.user))
        .order_by("title", "pk")
    )
    actions = (
        Action.objects.filter(responsible_cities=city)
        .select_related("roadmap", "carried_out_by")
        .order_by("roadmap__title", "pk")
    )
    challenges = Challenge.objects.filter(city=city).order_by("-created_at", "pk")
    # Other cities' challenges this city matches (those noted for the official's digest).
    challenges_to_answer = [
        note
        for note in pending_challenge_notifications(request.user)
        if note.challenge.status == ChallengeStatus.LOOKING
    ]
    action_forms = [
        (action, ActionUpdateForm(action=action, user=request.user)) for action in actions
    ]
    return render(
        request,
        "my_city/my_city.html",
        {
            "city": city,
            "events": events,
            "registrations": registrations,
            "practices": practices,
            "action_forms": action_forms,
            "challenges": challenges,
            "challenges_to_answer": challenges_to_answer,
        },
    )


urlpatterns = [
    path("", my_city, name="my-city"),
    path("actions/<int:pk>/", action_update, name="action-update"),
]
