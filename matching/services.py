"""The writes of challenges: a city posts one, edits it and moves its status along;
another city answers "we can help"; the officials of matching cities are noted for
their digest.

Status: looking for partners → partnership formed → closed (or closed without a
partnership; a partnership that falls through looks again).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from base.models import Role
from base.permissions import (
    can_edit_challenge,
    can_offer_help,
    can_post_challenge,
    is_curator,
    official_city,
)
from base.slugs import save_with_free_slug
from cities.models import City

from .challenge_matches import challenge_matches
from .models import Challenge, ChallengeNotification, ChallengeOffer, ChallengeStatus

# The statuses each status may move to.
NEXT_STATUSES = {
    ChallengeStatus.LOOKING: {ChallengeStatus.FORMED, ChallengeStatus.CLOSED},
    ChallengeStatus.FORMED: {ChallengeStatus.CLOSED, ChallengeStatus.LOOKING},
    ChallengeStatus.CLOSED: set(),
}

# The challenges' name among the digest's sources (matching.digest); an official who
# stopped it from a digest's unsubscribe link is no longer noted.
DIGEST_SOURCE = "challenges"

CHALLENGE_FIELDS = ["title", "description", "status", "city"]
CHALLENGE_TAGS = ["pillars", "sdgs", "sectors", "partner_cities"]


@transaction.atomic
def save_challenge(*, by, challenge: Challenge | None = None, **values) -> Challenge:
    """Post a challenge (an official for their own city, theirs when they name none; a
    curator for any) or edit one: its text, tags, status and partner cities. Officials
    of the cities it matches hear of a new challenge in their digest."""
    tags = {name: values.pop(name) for name in CHALLENGE_TAGS if name in values}
    unknown = set(values) - set(CHALLENGE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be written.") for name in unknown})
    creating = challenge is None
    if creating:
        if not can_post_challenge(by):
            raise PermissionDenied(_("Only verified city officials and curators post challenges."))
        challenge = Challenge(posted_by=by)
        if not is_curator(by):
            values.setdefault("city", official_city(by))
        if values.get("status", ChallengeStatus.LOOKING) != ChallengeStatus.LOOKING:
            raise ValidationError({"status": _("A new challenge is looking for partners.")})
    else:
        challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if not can_edit_challenge(by, challenge):
            raise PermissionDenied(_("Only the officials of its city edit a challenge."))
    city = values.get("city")
    if city is not None and not is_curator(by) and city != official_city(by):
        raise ValidationError({"city": _("An official posts challenges of their own city.")})
    if not creating and "city" in values and values["city"] != challenge.city:
        raise ValidationError({"city": _("A challenge stays with the city that posted it.")})
    status = values.get("status")
    if (
        not creating
        and status is not None
        and status != challenge.status
        and status not in NEXT_STATUSES[ChallengeStatus(challenge.status)]
    ):
        raise ValidationError(
            {
                "status": _("A challenge cannot go from %(current)s to %(status)s.")
                % {
                    "current": challenge.get_status_display().lower(),
                    "status": ChallengeStatus(status).label.lower(),
                }
            }
        )
    for name, value in values.items():
        setattr(challenge, name, value.strip() if isinstance(value, str) else value)
    partners = tags.get("partner_cities")
    if partners is not None and any(partner.pk == challenge.city_id for partner in partners):
        raise ValidationError({"partner_cities": _("A city is not its own partner.")})
    if creating:
        challenge.full_clean(exclude=["slug"])
        save_with_free_slug(challenge, title=challenge.title, fallback="challenge")
    else:
        challenge.full_clean()
        challenge.save()
    for name, items in tags.items():
        getattr(challenge, name).set(items)
    if creating:
        from .tasks import notify_challenge_matches  # the tasks call this module

        transaction.on_commit(lambda: notify_challenge_matches.delay(challenge_id=challenge.pk))
    return challenge


@transaction.atomic
def delete_challenge(*, challenge: Challenge, by) -> None:
    if not can_edit_challenge(by, challenge):
        raise PermissionDenied(_("Only the officials of its city delete a challenge."))
    challenge.delete()


@transaction.atomic
def offer_help(
    *, challenge: Challenge, by, message: str, city: City | None = None
) -> ChallengeOffer:
    """ "We can help": an official for their city, a curator for any city named, once per
    city, on a challenge still looking for partners."""
    if not can_offer_help(by, challenge):
        raise PermissionDenied(_("Officials of other cities answer a challenge."))
    if city is None or not is_curator(by):
        city = official_city(by) if not is_curator(by) else city
    errors = {}
    if city is None:
        errors["city"] = _("Name the city that can help.")
    elif city.pk == challenge.city_id:
        errors["city"] = _("A city does not answer its own challenge.")
    if challenge.status != ChallengeStatus.LOOKING:
        errors["challenge"] = _("This challenge is no longer looking for partners.")
    message = (message or "").strip()
    if not message:
        errors["message"] = _("Say how your city can help.")
    if errors:
        raise ValidationError(errors)
    offer = ChallengeOffer(challenge=challenge, city=city, by=by, message=message)
    offer.full_clean(exclude=["challenge", "city", "by"], validate_unique=False)
    try:
        with transaction.atomic():
            offer.save()
    except IntegrityError:
        raise ValidationError(
            {"city": _("%(city)s has already offered to help.") % {"city": city.name}}
        ) from None
    return offer


def notify_matching_cities(challenge: Challenge) -> int:
    """Note the challenge for the verified officials of the cities it matches (the
    practices' cities and those that took them up), once each; how many were noted. The
    digest reads them with `pending_challenge_notifications`."""
    from django.contrib.auth import get_user_model

    # Kept in the default language whatever the caller's (a task run in a request):
    # the digest shows them as they are to those who read it, anew to the others.
    with translation.override(settings.LANGUAGE_CODE):
        matches = challenge_matches(challenge)
        reasons = {
            match.city.pk: "; ".join(r.text for r in match.reasons) for match in matches.cities
        }
    if not reasons:
        return 0
    told = ChallengeNotification.objects.filter(challenge=challenge).values("user_id")
    officials = (
        get_user_model()
        .objects.exclude(pk__in=told)
        .exclude(digest_source_stops__source=DIGEST_SOURCE)
        .filter(
            is_active=True,
            groups__name=Role.OFFICIAL,
            membership__city__in=list(reasons),
            membership__verified_at__isnull=False,
        )
        .values_list("pk", "membership__city_id")
    )
    rows = [
        ChallengeNotification(
            challenge=challenge, user_id=user_id, city_id=city_id, reasons=reasons[city_id][:500]
        )
        for user_id, city_id in officials
    ]
    # A second run at the same time inserts nothing twice (the unique constraint).
    ChallengeNotification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def pending_challenge_notifications(user):
    """The challenges `user` has not been told of yet, for their digest."""
    return (
        ChallengeNotification.objects.filter(user=user, digested_at__isnull=True)
        .select_related("challenge__city__country", "city")
        .order_by("created_at", "pk")
    )


def mark_challenge_notifications_digested(notification_ids) -> int:
    """After the digest went out: these are told."""
    return ChallengeNotification.objects.filter(
        pk__in=list(notification_ids), digested_at__isnull=True
    ).update(digested_at=timezone.now())
