"""Reads on follows: a person's follows, and the activities their next digest carries."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q

from base.models import Pillar
from cities.models import City
from exchanges.models import Event

from .models import Activity, Follow, Frequency, SourceStop, TargetKind
from .sources import DigestSource, digest_sources

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


def sources_frequency(user) -> str:
    """Which of `user`'s digests carries the items of the digest sources (the
    challenges they could help with): the daily one if they follow anything daily, the
    weekly one otherwise (also for those who follow nothing)."""
    daily = Follow.objects.filter(user=user, frequency=Frequency.DAILY).exists()
    return Frequency.DAILY if daily else Frequency.WEEKLY


def digest_recipients(frequency: str) -> list[int]:
    """The ids of the accounts whose digest of `frequency` a run looks at: those that
    follow something at it and, for the weekly run, those that follow nothing daily and
    have items of a digest source waiting."""
    user_ids = set(users_with_follows(frequency))
    if frequency == Frequency.WEEKLY:
        waiting = {
            user_id
            for source in digest_sources()
            for user_id in source.recipient_ids()
            if user_id not in stopped_by(source.name)
        }
        if waiting:
            user_ids.update(
                get_user_model()
                .objects.filter(is_active=True, pk__in=waiting)
                .exclude(email="")
                .exclude(follows__frequency=Frequency.DAILY)
                .values_list("pk", flat=True)
            )
    return sorted(user_ids)


def stopped_by(source_name: str) -> set[int]:
    """The ids of the accounts that stopped the items of `source_name`."""
    return set(SourceStop.objects.filter(source=source_name).values_list("user_id", flat=True))


def sources_of(user, frequency: str) -> list[DigestSource]:
    """The digest sources `user`'s digest of `frequency` carries: none in the other
    digest (`sources_frequency`), none they stopped."""
    if sources_frequency(user) != frequency:
        return []
    stopped = set(SourceStop.objects.filter(user=user).values_list("source", flat=True))
    return [source for source in digest_sources() if source.name not in stopped]


def stopped_sources(user) -> list[DigestSource]:
    """The digest sources `user` stopped, to receive again from "My follows"."""
    stopped = set(SourceStop.objects.filter(user=user).values_list("source", flat=True))
    return [source for source in digest_sources() if source.name in stopped]


def sources_offered(user) -> list[DigestSource]:
    """The digest sources that may have items for `user` and that they did not stop."""
    stopped = set(SourceStop.objects.filter(user=user).values_list("source", flat=True))
    return [
        source
        for source in digest_sources()
        if source.name not in stopped and source.offered_to(user)
    ]
