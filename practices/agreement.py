"""Words that go inside a sentence about a practice, where the languages make them agree
with it ("une pratique publiée", "una práctica publicada", "uma prática publicada").

A status's label ("Published") is a heading on its own, and gives the wrong gender or
number inside a phrase; these carry a context (`pgettext`) so that translators write
them for the phrase they go in.
"""

from django.utils.translation import pgettext

from .models import PracticeStatus, ReviewDecision


def status_in_phrase(status: str) -> str:
    """The status as it qualifies a practice: "a draft practice", "a published practice"."""
    return {
        PracticeStatus.DRAFT: pgettext("a practice that is", "draft"),
        PracticeStatus.SUBMITTED: pgettext("a practice that is", "submitted"),
        PracticeStatus.CHANGES_REQUESTED: pgettext("a practice that is", "sent back for changes"),
        PracticeStatus.PUBLISHED: pgettext("a practice that is", "published"),
        PracticeStatus.REJECTED: pgettext("a practice that is", "rejected"),
    }[status]


def decision_in_phrase(decision: str) -> str:
    """What a decision does to a practice: "it cannot be published", "“Title”: published"."""
    return {
        ReviewDecision.SUBMITTED: pgettext("what is done to a practice", "submitted for review"),
        ReviewDecision.PUBLISHED: pgettext("what is done to a practice", "published"),
        ReviewDecision.CHANGES_REQUESTED: pgettext(
            "what is done to a practice", "sent back for changes"
        ),
        ReviewDecision.REJECTED: pgettext("what is done to a practice", "rejected"),
    }[decision]
