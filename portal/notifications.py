"""The emails about accounts: the link that confirms a request, the answer to a request
for an address that already has an account, and the news that a curator verified an
official. Each is written in its recipient's language, greets them by name, links to
the pages of their language, and goes out through the task queue (base.mail)."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from base.mail import new_email_key, queue_email, recipient_name
from cities.models import City, Membership, member_language

from .account_requests import ACCOUNT_REQUEST_MAX_AGE, AccountRequest, confirm_request_path


def queue_account_request_email(account_request: AccountRequest, *, base_url: str) -> None:
    """The link that confirms `account_request`, sent to the address it names."""
    with translation.override(account_request.language):
        context = {
            "name": account_request.full_name,
            "city": City.objects.filter(pk=account_request.city_id).first(),
            "confirm_url": f"{base_url}{confirm_request_path(account_request)}",
            "link_days": ACCOUNT_REQUEST_MAX_AGE.days,
        }
        queue_email(
            key=new_email_key("account-request"),
            subject=_("Confirm your request for a PeerCities account"),
            body=render_to_string("accounts/request_email.txt", context),
            to=[account_request.email],
        )


def queue_existing_account_email(user, *, base_url: str) -> None:
    """Someone asked for an account with `user`'s address: tell them they have one (the
    request page says the same whether or not the address has an account)."""
    if not user.email:
        return
    with translation.override(member_language(user)):
        context = {
            "name": recipient_name(user),
            "username": user.get_username(),
            "login_url": f"{base_url}{reverse('login')}",
            "reset_url": f"{base_url}{reverse('password_reset')}",
        }
        queue_email(
            key=new_email_key("account-exists"),
            subject=_("You already have a PeerCities account"),
            body=render_to_string("accounts/existing_account_email.txt", context),
            to=[user.email],
        )


def queue_verified_email(membership: Membership, *, base_url: str) -> None:
    """A curator verified this official: from now on they write for their city."""
    user = membership.user
    if not user.email:
        return
    with translation.override(membership.language):
        context = {
            "name": recipient_name(user),
            "city": membership.city,
            "my_city_url": f"{base_url}{reverse('my-city')}",
        }
        queue_email(
            key=f"official-verified:{membership.pk}",
            subject=_("You are verified as an official of %(city)s") % {"city": membership.city},
            body=render_to_string("accounts/verified_email.txt", context),
            to=[user.email],
        )
