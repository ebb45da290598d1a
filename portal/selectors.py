"""Reads of the site layer that more than one view or service makes."""

from django.contrib.auth import get_user_model
from django.db.models import Q


def account_with_email(email: str):
    """The account whose address (or username, which requested accounts take from their
    address) is `email`, whatever its case; None when there is none."""
    User = get_user_model()
    return User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).first()
