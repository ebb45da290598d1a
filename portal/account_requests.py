"""Asking for an account: what the form sends, the signed link that proves the person
reads the address they gave, and how often one address may ask.

Nothing is stored until the link is opened: the request travels inside the link,
signed (django.core.signing) and dated, so an address nobody confirms leaves no trace
in the database, and nobody can hold an account in someone else's name by asking for it.
The link works for ACCOUNT_REQUEST_MAX_AGE, and only until the account exists."""

import datetime
import hashlib
from dataclasses import asdict, dataclass

from axes.helpers import get_client_ip_address
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

ACCOUNT_REQUEST_MAX_AGE = datetime.timedelta(days=3)
_SALT = "portal.account-request"

# At most this many requests per email address a day, and per client address an hour:
# enough for a typo or a lost email, too few to flood an inbox or the curators' queue.
REQUESTS_PER_EMAIL_PER_DAY = 3
REQUESTS_PER_CLIENT_PER_HOUR = 10


@dataclass(frozen=True)
class AccountRequest:
    """What a person asking to join as an official tells the network."""

    full_name: str
    email: str
    city_id: int
    message: str
    language: str


class InvalidRequestLink(Exception):
    """The link is not one we sent: cut, mistyped or forged."""


class ExpiredRequestLink(InvalidRequestLink):
    """The link was ours, but it is older than ACCOUNT_REQUEST_MAX_AGE."""


def request_token(account_request: AccountRequest) -> str:
    return signing.dumps(asdict(account_request), salt=_SALT, compress=True)


def confirm_request_path(account_request: AccountRequest) -> str:
    return reverse("account-request-confirm", kwargs={"token": request_token(account_request)})


def read_request_token(token: str) -> AccountRequest:
    """The request `token` carries; InvalidRequestLink (ExpiredRequestLink when too old)
    unless we signed it within ACCOUNT_REQUEST_MAX_AGE."""
    try:
        values = signing.loads(token, salt=_SALT, max_age=ACCOUNT_REQUEST_MAX_AGE)
    except signing.SignatureExpired:
        raise ExpiredRequestLink from None
    except signing.BadSignature:
        raise InvalidRequestLink from None
    try:
        return AccountRequest(**values)
    except TypeError:  # signed by an older version of this form
        raise InvalidRequestLink from None


def count_request(key: str, *, window: datetime.timedelta) -> int:
    """One more request under `key` in the cache, the count expiring after `window`."""
    cache.add(key, 0, timeout=int(window.total_seconds()))
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=int(window.total_seconds()))
        return 1


def request_allowed(request, *, email: str) -> bool:
    """Count this request against its email address and its client's address; False once
    either has asked too often. Keys hold hashes, not the addresses themselves."""
    email_key = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    client_key = hashlib.sha256(str(get_client_ip_address(request)).encode()).hexdigest()
    per_email = count_request(
        f"account-request:email:{email_key}", window=datetime.timedelta(days=1)
    )
    per_client = count_request(
        f"account-request:client:{client_key}", window=datetime.timedelta(hours=1)
    )
    return per_email <= REQUESTS_PER_EMAIL_PER_DAY and per_client <= REQUESTS_PER_CLIENT_PER_HOUR
