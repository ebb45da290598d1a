"""The link in the email that offers a delegate a seat from the waiting list, with which
they confirm it without an account.

The token signs the registration and the offer it answers (its expiry): a later offer
to the same registration makes the earlier links useless, and the link stops working
when the offer expires (`services.confirm_offer` checks the time)."""

from django.core import signing
from django.urls import reverse

from .models import Registration

_SALT = "exchanges.confirm-offered-seat"


class InvalidOfferLink(Exception):
    """The link is not one we sent for this registration's current offer."""


def _value(registration: Registration) -> str:
    expiry = registration.offer_expires_at.isoformat() if registration.offer_expires_at else ""
    return f"{registration.pk}.{expiry}"


def offer_token(registration: Registration) -> str:
    return signing.Signer(salt=_SALT).sign(_value(registration))


def offer_path(registration: Registration) -> str:
    return reverse(
        "registration-confirm",
        kwargs={"pk": registration.pk, "token": offer_token(registration)},
    )


def check_offer_token(registration: Registration, token: str) -> None:
    """Raise InvalidOfferLink unless `token` answers `registration`'s current offer."""
    try:
        value = signing.Signer(salt=_SALT).unsign(token)
    except signing.BadSignature:
        raise InvalidOfferLink from None
    if value != _value(registration):
        raise InvalidOfferLink
