"""The follow buttons' endpoints, "My follows", and the digests' unsubscribe page."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from base.models import Pillar
from cities.models import City
from exchanges.models import Event

from . import services
from .forms import FollowForm, FrequencyForm
from .models import Follow, Frequency, TargetKind
from .selectors import (
    follows_of,
    sources_frequency,
    sources_of,
    sources_offered,
    stopped_sources,
)
from .unsubscribe import InvalidUnsubscribeLink, read_unsubscribe_token

TARGET_MODELS = {TargetKind.CITY: City, TargetKind.PILLAR: Pillar, TargetKind.EVENT: Event}


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


@require_POST
@login_required
def follow(request):
    form = FollowForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That cannot be followed."))
        return _back(request, reverse("my-follows"))
    kind = form.cleaned_data["kind"]
    target = get_object_or_404(TARGET_MODELS[kind], slug=form.cleaned_data["slug"])
    try:
        done = services.follow(
            by=request.user, target=target, frequency=form.cleaned_data["frequency"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("You follow %(target)s: its news comes in your %(frequency)s digest.")
            % {"target": target, "frequency": done.get_frequency_display().lower()},
        )
    return _back(request, reverse("my-follows"))


@require_POST
@login_required
def change(request, pk):
    """Change a follow's frequency, or unfollow (`unfollow` in the form)."""
    follow = get_object_or_404(Follow.objects.of(request.user).with_targets(), pk=pk)
    if "unfollow" in request.POST:
        services.unfollow(follow=follow, by=request.user)
        messages.success(request, _("You no longer follow %(target)s.") % {"target": follow.target})
        return _back(request, reverse("my-follows"))
    form = FrequencyForm(request.POST, prefix=str(follow.pk))
    if form.is_valid():
        services.set_frequency(
            follow=follow, by=request.user, frequency=form.cleaned_data["frequency"]
        )
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose daily or weekly."))
    return _back(request, reverse("my-follows"))


@login_required
def my_follows(request):
    follows = list(follows_of(request.user))
    return render(
        request,
        "follows/my_follows.html",
        {
            "rows": [
                (item, FrequencyForm(initial={"frequency": item.frequency}, prefix=str(item.pk)))
                for item in follows
            ],
            "sources": sources_offered(request.user),
            "sources_frequency": sources_frequency(request.user),
            "stopped_sources": stopped_sources(request.user),
        },
    )


@require_POST
@login_required
def resume(request, name):
    """Receive again the items of a digest source stopped from a digest's link."""
    if services.resume_source(by=request.user, source_name=name):
        messages.success(request, _("They will come in your digest again."))
    return redirect("my-follows")


def unsubscribe(request, token):
    """A digest's unsubscribe link: opening it asks; the button unfollows."""
    try:
        user_id, frequency = read_unsubscribe_token(token)
    except InvalidUnsubscribeLink:
        raise Http404(_("This link is not valid.")) from None
    follows = Follow.objects.filter(user_id=user_id, frequency=frequency).with_targets()
    user = get_user_model().objects.filter(pk=user_id).first()
    sources = sources_of(user, frequency) if user is not None else []
    if request.method == "POST":
        count = services.unsubscribe(user_id=user_id, frequency=frequency)
        return render(
            request,
            "follows/unsubscribed.html",
            {"count": count, "frequency": Frequency(frequency)},
        )
    return render(
        request,
        "follows/unsubscribe.html",
        {"follows": follows, "sources": sources, "frequency": Frequency(frequency)},
    )


urlpatterns = [
    path("", my_follows, name="my-follows"),
    path("follow/", follow, name="follow"),
    path("<int:pk>/", change, name="follow-change"),
    path("unsubscribe/<str:token>/", unsubscribe, name="follow-unsubscribe"),
    path("resume/<slug:name>/", resume, name="follow-resume"),
]
