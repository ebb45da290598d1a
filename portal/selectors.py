"""Reads of the site layer that more than one view or service makes."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from base.models import Role

from .models import SitePage


def account_with_email(email: str):
    """The account whose address (or username, which requested accounts take from their
    address) is `email`, whatever its case; None when there is none."""
    User = get_user_model()
    return User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).first()


def site_page(kind: str, language: str):
    """The site page `kind` in `language`, else in English (shown marked with its
    language); None when neither exists."""
    pages = {page.language: page for page in SitePage.objects.filter(kind=kind)}
    return pages.get(language) or pages.get("en")


def contact_recipients() -> list[str]:
    """Who reads the contact form: `CONTACT_EMAIL` when set, else the active curators."""
    if settings.CONTACT_EMAIL:
        return list(settings.CONTACT_EMAIL)
    User = get_user_model()
    return sorted(
        set(
            User.objects.filter(is_active=True, groups__name=Role.CURATOR)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
