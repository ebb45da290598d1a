"""The challenges a city official could help with, in their digest (a source of
`follows.sources`): the notifications `notify_matching_cities` wrote, each with why
their city was matched, read in the official's language, and a link to answer."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.permissions import official_city
from follows.sources import DigestEntry

from .challenge_matches import matching_cities, matching_practices
from .models import ChallengeNotification, ChallengeStatus
from .services import (
    DIGEST_SOURCE,
    mark_challenge_notifications_digested,
    pending_challenge_notifications,
)

# A digest lists at most this many challenges; the rest wait for the next one.
MAX_CHALLENGES_PER_DIGEST = 10


def _reasons(note) -> str:
    """Why the note's city matches its challenge, in the active language: as noted (in
    the default language), or worked out again for another language."""
    if translation.get_language() == settings.LANGUAGE_CODE:
        return note.reasons
    return _reasons_now(note.challenge, note.city_id) or note.reasons


def _reasons_now(challenge, city_id: int) -> str | None:
    """Why `city_id` matches `challenge`, in the active language; None when it matches
    no more (a practice unpublished since)."""
    for match in matching_cities(challenge, matching_practices(challenge)):
        if match.city.pk == city_id:
            return "; ".join(reason.text for reason in match.reasons)
    return None


class ChallengeDigestSource:
    name = DIGEST_SOURCE
    label = gettext_lazy("the challenges of other cities yours could help with")

    def offered_to(self, user) -> bool:
        return official_city(user) is not None

    def recipient_ids(self):
        return (
            ChallengeNotification.objects.filter(digested_at__isnull=True)
            .values_list("user_id", flat=True)
            .distinct()
        )

    def entries(self, user) -> list[DigestEntry]:
        notes = list(pending_challenge_notifications(user))
        # One that found its partners, or closed, before the digest: no longer news.
        settled = [n.pk for n in notes if n.challenge.status != ChallengeStatus.LOOKING]
        if settled:
            mark_challenge_notifications_digested(settled)
        entries = []
        looking = [note for note in notes if note.challenge.status == ChallengeStatus.LOOKING]
        for note in looking[:MAX_CHALLENGES_PER_DIGEST]:
            challenge = note.challenge
            reasons = _reasons(note)
            entries.append(
                DigestEntry(
                    ref=note.pk,
                    heading=_("A challenge you could help with"),
                    title=_("%(title)s (%(city)s)")
                    % {"title": challenge.title, "city": challenge.city.name},
                    detail=_("Why %(city)s: %(reasons)s")
                    % {"city": note.city.name, "reasons": reasons},
                    action=_("Answer “we can help”:"),
                    path=challenge.get_absolute_url(),
                    fragment="offers-heading",
                )
            )
        return entries

    def mark_sent(self, refs: list[int]) -> None:
        mark_challenge_notifications_digested(refs)
