"""Reads on follows: a person's follows, and the activities their next digest carries."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q

from base.models import Pillar
from cities.models import City
from exchanges.models import Event

from .models import Activity, Follow, TargetKind

TARGET_KINDS = {City: TargetKind.CITY, Pillar: TargetKind.PILLAR, Event: TargetKind.EVENT}


def follows_of(user):
    """What `user` follows, newest first, with the followed city, pillar or event."""
    return Follow.objects.of(user).with_targets().order_by("-created_at", "-pk")


def follow_of(user, target) -> Follow | None:
    """`user`'s follow of `target` (a City, Pillar or Event), or None."""
    if not user.is_authenticated:
        return None
    return Follow.objects.of(user).filter(**{target_kind(target): target}).first()


def target_kind(target) -> str:
    """The Follow field that points at `target`."""
    return TARGET_KINDS[type(target)].value


def digest_activities(user, frequency: str):
    """The activities `user`'s digest of `frequency` carries next, oldest first: about
    a city, pillar or event they follow at that frequency, happened after they began
    following it, not made by themselves, not carried by a digest before."""
    followed = Follow.objects.filter(
        user=user, frequency=frequency, created_at__lte=OuterRef("occurred_at")
    )
    about_followed = (
        Exists(followed.filter(city__follow_activities=OuterRef("pk")))
        | Exists(followed.filter(pillar__follow_activities=OuterRef("pk")))
        | Exists(followed.filter(event__follow_activities=OuterRef("pk")))
    )
    return (
        Activity.objects.filter(about_followed)
        .exclude(Q(actor=user))
        .exclude(digest_items__user=user)
        .order_by("occurred_at", "pk")
    )


def users_with_follows(frequency: str):
    """The ids of the active accounts with an email that follow something at
    `frequency`: whom a digest run looks at."""
    return (
        get_user_model()
        .objects.filter(is_active=True, follows__frequency=frequency)
        .exclude(email="")
        .values_list("pk", flat=True)
        .distinct()
        .order_by("pk")
    )
