"""The link in the email that offers a delegate a seat from the waiting list, with which
they confirm it without an account.

The token signs the registration and the offer it answers (its expiry): a later offer
to the same registration makes the earlier links useless, and the link stops working
when the offer expires (`services.confirm_offer` checks the time)."""

from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from .models import Registration

_SALT = "exchanges.confirm-offered-seat"


class InvalidOfferLink(Exception):
    """The link is not one we sent for this registration's current offer."""


def _value(registration: Registration) -> str:
    expiry = registration.offer_expires_at.isoformat() if registration.offer_expires_at else ""
    return f"{registration.pk}.{expiry}"


def offer_token(registration: Registration) -> str:
    # The signature alone: the registration's id is in the path, its offer in the database.
    return signing.Signer(salt=_SALT).signature(_value(registration))


def offer_path(registration: Registration) -> str:
    return reverse(
        "registration-confirm",
        kwargs={"pk": registration.pk, "token": offer_token(registration)},
    )


def check_offer_token(registration: Registration, token: str) -> None:
    """Raise InvalidOfferLink unless `token` answers `registration`'s current offer."""
    if not constant_time_compare(token, offer_token(registration)):
        raise InvalidOfferLink
