"""Writes on follows: following and unfollowing, recording what followers hear of
(`notify_followers`, the one way in for every app), and each person's digest."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from base.mail import queue_email, recipient_name
from cities.models import member_language

from .models import Activity, DigestItem, Follow, Frequency, SourceStop
from .selectors import digest_activities, sources_of, target_kind
from .sources import DigestEntry
from .unsubscribe import unsubscribe_path

# Enough for anyone's interests; bounds the rows one account adds.
MAX_FOLLOWS_PER_USER = 200
# A digest lists at most this many items; the rest go in the next one.
MAX_DIGEST_ITEMS = 50


def _signed_in(user) -> None:
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Sign in to follow cities, pillars and exchanges."))


@transaction.atomic
def follow(*, by, target, frequency: str = Frequency.WEEKLY) -> Follow:
    """`by` follows `target` (a City, Pillar or Event) at `frequency`; following it
    again changes the frequency."""
    _signed_in(by)
    get_user_model().objects.select_for_update().filter(pk=by.pk).first()
    kind = target_kind(target)
    existing = Follow.objects.filter(user=by, **{kind: target}).first()
    if existing is not None:
        return set_frequency(follow=existing, by=by, frequency=frequency)
    if Follow.objects.of(by).count() >= MAX_FOLLOWS_PER_USER:
        raise ValidationError(
            _("You may follow at most %(count)d cities, pillars and exchanges.")
            % {"count": MAX_FOLLOWS_PER_USER}
        )
    new = Follow(user=by, frequency=frequency, **{kind: target})
    new.full_clean()
    new.save()
    return new


@transaction.atomic
def set_frequency(*, follow: Follow, by, frequency: str) -> Follow:
    _signed_in(by)
    follow = Follow.objects.select_for_update().get(pk=follow.pk)
    if follow.user_id != by.pk:
        raise PermissionDenied(_("You may change only your own follows."))
    follow.frequency = frequency
    follow.full_clean()
    follow.save(update_fields=["frequency"])
    return follow


@transaction.atomic
def unfollow(*, follow: Follow, by) -> None:
    _signed_in(by)
    if follow.user_id != by.pk:
        raise PermissionDenied(_("You may change only your own follows."))
    Follow.objects.filter(pk=follow.pk).delete()


@transaction.atomic
def unsubscribe(*, user_id: int, frequency: str) -> int:
    """Stop `user_id`'s digests of `frequency` (the signed link of a digest): unfollow
    everything they follow at that frequency and, if that digest carries the items of
    the digest sources (the challenges their city could help with), stop those too; how
    many follows went."""
    user = get_user_model().objects.select_for_update().filter(pk=user_id).first()
    if user is None:
        return 0
    for source in sources_of(user, frequency):
        SourceStop.objects.get_or_create(user=user, source=source.name)
    deleted, _detail = Follow.objects.filter(user_id=user_id, frequency=frequency).delete()
    return deleted


@transaction.atomic
def resume_source(*, by, source_name: str) -> bool:
    """`by` receives the items of a digest source they stopped again; whether it was
    stopped."""
    _signed_in(by)
    deleted, _detail = SourceStop.objects.filter(user=by, source=source_name).delete()
    return bool(deleted)


def _default_language_path(path: str) -> str:
    """`path`, a page of the site in whatever language, as the default language's."""
    with translation.override(translation.get_language_from_path(path) or settings.LANGUAGE_CODE):
        return translate_url(path, settings.LANGUAGE_CODE)


def _in_language(path: str, language: str) -> str:
    """A default-language `path` as `language`'s page."""
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(path, language)


@transaction.atomic
def notify_followers(
    *,
    key: str,
    kind: str,
    title: str,
    path: str,
    cities: Iterable = (),
    pillars: Iterable = (),
    events: Iterable = (),
    actor=None,
    occurred_at: datetime.datetime | None = None,
) -> Activity:
    """Record that something happened that the followers of `cities`, `pillars` or
    `events` hear of in their next digest: a `kind` (ActivityKind), the `title` of what
    changed and its page's `path` (in any language: each digest links to the
    recipient's). `key` names the change: recording the same key again changes
    nothing, so a caller may run twice. `actor`, who made the change, is not told."""
    activity, created = Activity.objects.get_or_create(
        key=key[:200],
        defaults={
            "kind": kind,
            "title": title[:300],
            "path": _default_language_path(path),
            "actor": actor if actor is not None and actor.is_authenticated else None,
            "occurred_at": occurred_at or timezone.now(),
        },
    )
    if created:
        activity.full_clean()
        activity.cities.set(list(cities))
        activity.pillars.set(list(pillars))
        activity.events.set(list(events))
    return activity


def _collapsed(activities: list[Activity]) -> list[Activity]:
    """One line per page and kind of change: an exchange edited three times in a day is
    one "Exchange updated", the latest."""
    latest = {}
    for activity in activities:
        latest[(activity.kind, activity.path)] = activity
    return sorted(latest.values(), key=lambda activity: (activity.occurred_at, activity.pk))


def _source_entries(user, frequency: str) -> list[tuple[object, list[DigestEntry]]]:
    """Each digest source `user`'s digest of `frequency` carries, with their items, in
    the active language."""
    found = []
    for source in sources_of(user, frequency):
        entries = source.entries(user)
        if entries:
            found.append((source, entries))
    return found


@transaction.atomic
def send_digest(*, user_id: int, frequency: str, base_url: str) -> int:
    """Queue `user_id`'s digest of `frequency` with what happened since their last one
    and, in the digest `sources_frequency` names, the items of the digest sources (the
    challenges their city could help with), in their language; how many items it
    carries (0: no email). The items are recorded as sent in the same transaction, so
    running it twice sends them once; the email's key names them, so delivering it twice
    sends it once."""
    user = get_user_model().objects.select_for_update().filter(pk=user_id).first()
    if user is None or not user.is_active or not user.email:
        return 0
    activities = list(digest_activities(user, frequency)[:MAX_DIGEST_ITEMS])
    language = member_language(user)
    with translation.override(language):
        sourced = _source_entries(user, frequency)
        if not activities and not sourced:
            return 0
        DigestItem.objects.bulk_create([DigestItem(user=user, activity=a) for a in activities])
        for source, entries in sourced:
            source.mark_sent([entry.ref for entry in entries])
        items = _collapsed(activities)
        context = {
            "name": recipient_name(user),
            "frequency": frequency,
            "items": [
                {
                    "kind": item.get_kind_display(),
                    "title": item.title,
                    "url": base_url + _in_language(item.path, language),
                }
                for item in items
            ],
            "entries": [
                {
                    "heading": entry.heading,
                    "title": entry.title,
                    "detail": entry.detail,
                    "action": entry.action,
                    "url": base_url
                    + _in_language(_default_language_path(entry.path), language)
                    + (f"#{entry.fragment}" if entry.fragment else ""),
                }
                for _source, entries in sourced
                for entry in entries
            ],
            "my_follows_url": base_url + reverse("my-follows"),
            "unsubscribe_url": base_url + unsubscribe_path(user, frequency),
        }
        subject = (
            _("Your daily PeerCities digest")
            if frequency == Frequency.DAILY
            else _("Your weekly PeerCities digest")
        )
        key = f"digest:{user.pk}:{frequency}"
        if activities:
            key += f":{activities[0].pk}-{activities[-1].pk}"
        for source, entries in sourced:
            key += f":{source.name}{entries[0].ref}-{entries[-1].ref}"
        queue_email(
            key=key,
            subject=subject,
            body=render_to_string("follows/digest_email.txt", context),
            to=[user.email],
        )
    return len(items) + len(context["entries"])
