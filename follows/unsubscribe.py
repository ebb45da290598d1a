"""The link at the foot of each digest that stops it.

It signs the account and the frequency, with no expiry: an old digest's link still
stops the digests. Opening it only asks for confirmation (mail scanners open links);
the button on that page unfollows."""

from django.core import signing
from django.urls import reverse

from .models import Frequency

_SALT = "follows.unsubscribe"


class InvalidUnsubscribeLink(Exception):
    """Not a link we sent."""


def unsubscribe_token(user, frequency: str) -> str:
    return signing.Signer(salt=_SALT).sign(f"{user.pk}.{frequency}")


def unsubscribe_path(user, frequency: str) -> str:
    return reverse("follow-unsubscribe", kwargs={"token": unsubscribe_token(user, frequency)})


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(user id, frequency) of a link we sent; InvalidUnsubscribeLink otherwise."""
    try:
        value = signing.Signer(salt=_SALT).unsign(token)
    except signing.BadSignature:
        raise InvalidUnsubscribeLink from None
    user_id, _dot, frequency = value.partition(".")
    if not user_id.isdigit() or frequency not in Frequency.values:
        raise InvalidUnsubscribeLink
    return int(user_id), frequency
