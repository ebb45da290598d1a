"""The link in a stale practice's reminder that lets its submitter confirm it is still
current.

The token signs the practice and the verification it asks about, with a date: it stops
working once the practice is verified again (by this link or otherwise), and after
CONFIRM_LINK_MAX_AGE, so a forwarded or leaked old email confirms nothing."""

import datetime

from django.core import signing
from django.urls import reverse

from .models import Practice

CONFIRM_LINK_MAX_AGE = datetime.timedelta(days=60)
_SALT = "practices.confirm-still-current"


class InvalidConfirmLink(Exception):
    """The link is not one we sent for this practice, or it is too old."""


class ExpiredConfirmLink(InvalidConfirmLink):
    """The link was ours, but it is older than CONFIRM_LINK_MAX_AGE."""


class UsedConfirmLink(Exception):
    """The link was good, but the practice was verified since it was sent."""


def _value(practice: Practice) -> str:
    return f"{practice.pk}.{practice.verified_on.isoformat() if practice.verified_on else ''}"


def confirm_token(practice: Practice) -> str:
    return signing.TimestampSigner(salt=_SALT).sign(_value(practice))


def confirm_path(practice: Practice) -> str:
    return reverse(
        "practice-confirm", kwargs={"slug": practice.slug, "token": confirm_token(practice)}
    )


def check_confirm_token(practice: Practice, token: str) -> None:
    """Raise InvalidConfirmLink (ExpiredConfirmLink when too old) or UsedConfirmLink
    unless `token` confirms `practice` now."""
    signer = signing.TimestampSigner(salt=_SALT)
    try:
        value = signer.unsign(token, max_age=CONFIRM_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise ExpiredConfirmLink from None
    except signing.BadSignature:
        raise InvalidConfirmLink from None
    pk, _dot, _verified_on = value.partition(".")
    if pk != str(practice.pk):
        raise InvalidConfirmLink
    if value != _value(practice):
        raise UsedConfirmLink
