"""Single sign-on for partner organisations (OpenID Connect, mozilla-django-oidc), when
the environment configures it (config/settings/base.py, OIDC_*).

A first sign-in creates an account with no role: it reads what anyone reads until a
curator grants one in the admin. An address whose domain is in OIDC_PARTNER_DOMAINS gets
the partner role at once, unless the provider says it is unverified. Sign-on never
opens an account made here with a password: only accounts the sign-on created (they have
no usable password) are matched by email, so a provider's user cannot take over a
curator's or an official's account by carrying the same address."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import translation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend, default_username_algo

from base.models import Role
from cities.models import Membership, language_codes


def role_from_claims(claims: dict) -> Role | None:
    email = (claims.get("email") or "").strip().lower()
    domain = email.rpartition("@")[2]
    if domain and domain in settings.OIDC_PARTNER_DOMAINS and claims.get("email_verified", True):
        return Role.PARTNER
    return None


class PartnerOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        return (
            super()
            .filter_users_by_claims(claims)
            .filter(password__startswith="!")  # unusable: made by the sign-on
        )

    def get_username(self, claims):
        email = (claims.get("email") or "").strip().lower()
        if email and not self.UserModel.objects.filter(username__iexact=email).exists():
            return email
        return default_username_algo(claims.get("email"), claims)

    @transaction.atomic
    def create_user(self, claims):
        user = self.UserModel.objects.create_user(
            self.get_username(claims),
            email=claims.get("email"),
            first_name=(claims.get("given_name") or "")[:150],
            last_name=(claims.get("family_name") or "")[:150],
        )  # no password given: unusable
        role = role_from_claims(claims)
        if role is not None:
            user.groups.add(Group.objects.get(name=role))
        language = translation.get_language()
        if language not in language_codes():
            language = settings.LANGUAGE_CODE
        Membership.objects.create(user=user, language=language)
        return user
