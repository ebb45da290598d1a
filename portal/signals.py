"""What the site does when someone signs in: their emails follow the language they use."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from cities.models import Membership, language_codes

from .services import set_member_language


@receiver(user_logged_in, dispatch_uid="portal.signals.remember_language")
def remember_language(sender, request, user, **kwargs):
    """A member's emails are written in the language they last signed in with."""
    language = getattr(request, "LANGUAGE_CODE", None) if request is not None else None
    if language not in language_codes():
        return
    if Membership.objects.filter(user=user).exclude(language=language).exists():
        set_member_language(user=user, language=language)
