"""The submitter of a practice hears of each curator's decision by email."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Review, ReviewDecision


def subject_for(review: Review) -> str:
    decision = ReviewDecision(review.decision)
    if decision == ReviewDecision.PUBLISHED:
        text = _("Your good practice “%(title)s” is published")
    elif decision == ReviewDecision.CHANGES_REQUESTED:
        text = _("Changes requested on your good practice “%(title)s”")
    else:
        text = _("Your good practice “%(title)s” was not accepted")
    return text % {"title": review.practice.title}


def notify_submitter(review: Review, *, base_url: str = "") -> None:
    """Email the practice's submitter about a curator's decision, once the transaction
    that took it commits. Submissions themselves notify nobody."""
    if review.decision == ReviewDecision.SUBMITTED:
        return
    submitter = review.practice.submitted_by
    if submitter is None or not submitter.email:
        return

    def send():
        with translation.override(translation.get_language()):
            body = render_to_string(
                "review/decision_email.txt", {"review": review, "base_url": base_url}
            )
            send_mail(
                subject_for(review),
                body,
                settings.DEFAULT_FROM_EMAIL,
                [submitter.email],
                fail_silently=False,
            )

    transaction.on_commit(send)
