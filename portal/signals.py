"""What the site does when someone signs in (their emails follow the language they use),
and when staff edit one of its pages."""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from base.cache import bump_content_version
from cities.models import Membership, language_codes

from .models import SitePage
from .services import set_member_language


@receiver(user_logged_in, dispatch_uid="portal.signals.remember_language")
def remember_language(sender, request, user, **kwargs):
    """A member's emails are written in the language they last signed in with."""
    language = getattr(request, "LANGUAGE_CODE", None) if request is not None else None
    if language not in language_codes():
        return
    if Membership.objects.filter(user=user).exclude(language=language).exists():
        set_member_language(user=user, language=language)


@receiver(post_save, sender=SitePage, dispatch_uid="portal.signals.site_page_saved")
@receiver(post_delete, sender=SitePage, dispatch_uid="portal.signals.site_page_deleted")
def site_page_changed(sender, **kwargs):
    """An edited page shows at once: every cached page carries the footer's links."""
    bump_content_version()
