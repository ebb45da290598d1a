"""The submitter of a practice hears of each curator's decision by email, and is asked to
confirm it is still current when it turns stale. Both go through the task queue
(base.mail): a mail server that is down delays them, and never breaks a decision."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from base.mail import queue_email, recipient_name
from cities.models import member_language

from .confirmation import CONFIRM_LINK_MAX_AGE, confirm_path
from .models import Practice, Review, ReviewDecision


def site_url(request) -> str:
    """The address of the site that `request` came to, without a trailing slash: what
    links in an email start with."""
    return request.build_absolute_uri("/").rstrip("/")


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
    """Queue an email to the practice's submitter about a curator's decision, in the
    submitter's language, sent once the transaction that took it commits (one email per
    review, however often the queue delivers it). Submissions notify nobody."""
    if review.decision == ReviewDecision.SUBMITTED:
        return
    submitter = review.practice.submitted_by
    if submitter is None or not submitter.email:
        return
    with translation.override(member_language(submitter)):
        context = {"review": review, "name": recipient_name(submitter), "base_url": base_url}
        queue_email(
            key=f"review-decision:{review.pk}",
            subject=subject_for(review),
            body=render_to_string("review/decision_email.txt", context),
            to=[submitter.email],
        )


def stale_reminder_email(practice: Practice, *, base_url: str) -> dict:
    """The reminder asking the submitter of a stale practice to confirm it is still
    current, or to say what changed, with a link to a one-button confirmation page: the
    `base.mail` fields, keyed by the verification it asks about, in the submitter's
    language."""
    submitter = practice.submitted_by
    with translation.override(member_language(submitter)):
        context = {
            "practice": practice,
            "name": recipient_name(submitter),
            "confirm_url": f"{base_url}{confirm_path(practice)}",
            "practice_url": f"{base_url}{practice.get_absolute_url()}",
            "link_days": CONFIRM_LINK_MAX_AGE.days,
        }
        return {
            "key": f"stale-reminder:{practice.pk}:{practice.verified_on.isoformat()}",
            "subject": _("Is your good practice “%(title)s” still current?")
            % {"title": practice.title},
            "body": render_to_string("review/stale_reminder_email.txt", context),
            "to": [submitter.email],
        }
