"""The challenge pages: the list, posting and editing one, its page with what may help
and the offers of help, and the curators' likely duplicates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from base.forms import add_service_errors
from base.permissions import (
    can_edit_challenge,
    can_offer_help,
    can_post_challenge,
    can_see_contacts,
    can_see_duplicates,
    is_curator,
    official_city,
)
from practices.models import Practice, PracticeStatus

from .challenge_matches import challenge_matches, challenges_with_references, likely_duplicates
from .filters import ChallengeFilter
from .forms import ChallengeForm, OfferForm
from .models import Challenge, ChallengeStatus
from .services import offer_help, save_challenge

CHALLENGES_PER_PAGE = 20
# The curators' duplicates page looks at this many of the latest of each kind.
DUPLICATES_LOOKED_AT = 20


def challenge_list(request):
    filterset = ChallengeFilter(request.GET, queryset=challenges_with_references())
    page = Paginator(filterset.qs, CHALLENGES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "matching/challenge_list.html",
        {
            "filterset": filterset,
            "page_obj": page,
            "may_post": can_post_challenge(request.user),
        },
    )


def _offer_form(request, challenge, data=None):
    """The "we can help" form, when `request.user` may answer and their city has not."""
    if challenge.status != ChallengeStatus.LOOKING or not can_offer_help(request.user, challenge):
        return None
    curator = is_curator(request.user)
    if not curator:
        city = official_city(request.user)
        if any(offer.city_id == city.pk for offer in challenge.offers.all()):
            return None
    return OfferForm(data, challenge=challenge, for_any_city=curator)


def _detail_page(request, challenge, offer_form=None):
    return render(
        request,
        "matching/challenge_detail.html",
        {
            "challenge": challenge,
            "matches": challenge_matches(challenge, with_contacts=can_see_contacts(request.user)),
            "may_edit": can_edit_challenge(request.user, challenge),
            "offer_form": offer_form or _offer_form(request, challenge),
            "duplicates": likely_duplicates(challenge)
            if can_see_duplicates(request.user)
            else None,
            "signed_in": request.user.is_authenticated,
        },
    )


def _challenge(slug) -> Challenge:
    return get_object_or_404(
        challenges_with_references().prefetch_related("offers__city__country"), slug=slug
    )


def challenge_detail(request, slug):
    return _detail_page(request, _challenge(slug))


@login_required
@require_POST
def challenge_offer(request, slug):
    challenge = _challenge(slug)
    if not can_offer_help(request.user, challenge):
        raise PermissionDenied
    form = _offer_form(request, challenge, request.POST)
    if form is None:
        messages.info(request, _("Your city has already answered, or the search is over."))
        return redirect(challenge)
    if form.is_valid():
        try:
            offer = offer_help(
                challenge=challenge,
                by=request.user,
                message=form.cleaned_data["message"],
                city=form.cleaned_data.get("city"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(city)s offered to help. %(posting)s will see it on this page.")
                % {"city": offer.city.name, "posting": challenge.city.name},
            )
            return redirect(f"{challenge.get_absolute_url()}#offers-heading")
    return _detail_page(request, challenge, offer_form=form)


@login_required
def challenge_create(request):
    if not can_post_challenge(request.user):
        raise PermissionDenied
    city = None if is_curator(request.user) else official_city(request.user)
    form = ChallengeForm(request.POST or None, city=city)
    if request.method == "POST" and form.is_valid():
        try:
            challenge = save_challenge(by=request.user, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The challenge is posted. Officials of the cities it matches will hear of it."),
            )
            return redirect(challenge)
    return render(
        request,
        "matching/challenge_form.html",
        {"form": form, "page_title": _("Post a challenge"), "city": city},
    )


@login_required
def challenge_edit(request, slug):
    challenge = _challenge(slug)
    if not can_edit_challenge(request.user, challenge):
        raise PermissionDenied
    form = ChallengeForm(request.POST or None, instance=challenge)
    if request.method == "POST" and form.is_valid():
        try:
            save_challenge(by=request.user, challenge=challenge, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The challenge is updated."))
            return redirect(challenge)
    return render(
        request,
        "matching/challenge_form.html",
        {"form": form, "page_title": _("Edit the challenge"), "challenge": challenge},
    )


@login_required
def duplicates(request):
    """Curators: the latest challenges still open and the practices awaiting review, each
    with the ones that may say the same thing. A flag, never a refusal."""
    if not can_see_duplicates(request.user):
        raise PermissionDenied
    challenges = challenges_with_references().exclude(status=ChallengeStatus.CLOSED)[
        :DUPLICATES_LOOKED_AT
    ]
    practices = (
        Practice.objects.filter(
            status__in=[PracticeStatus.SUBMITTED, PracticeStatus.CHANGES_REQUESTED]
        )
        .select_related("city")
        .prefetch_related("pillars", "sdgs", "sectors")
        .order_by("-updated_at", "pk")[:DUPLICATES_LOOKED_AT]
    )
    flagged = [
        (kind, obj, found)
        for kind, objects in (("challenge", challenges), ("practice", practices))
        for obj in objects
        if (found := likely_duplicates(obj))
    ]
    return render(request, "matching/duplicates.html", {"flagged": flagged})


urlpatterns = [
    path("", challenge_list, name="challenge-list"),
    path("new/", challenge_create, name="challenge-create"),
    path("duplicates/", duplicates, name="challenge-duplicates"),
    path("<slug:slug>/", challenge_detail, name="challenge-detail"),
    path("<slug:slug>/edit/", challenge_edit, name="challenge-edit"),
    path("<slug:slug>/offers/", challenge_offer, name="challenge-offer"),
]
