"""The review workflow of a good practice.

draft or changes-requested → submitted (by its submitter); submitted → published,
changes-requested or rejected (by a curator, the last two with a comment). Each step
is kept in the practice's review history.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    DECISIONS_NEEDING_A_COMMENT,
    Practice,
    PracticeStatus,
    Review,
    ReviewCard,
    ReviewDecision,
)

# The statuses each decision may be taken from.
ALLOWED_FROM = {
    ReviewDecision.SUBMITTED: {PracticeStatus.DRAFT, PracticeStatus.CHANGES_REQUESTED},
    ReviewDecision.PUBLISHED: {PracticeStatus.SUBMITTED},
    ReviewDecision.CHANGES_REQUESTED: {PracticeStatus.SUBMITTED},
    ReviewDecision.REJECTED: {PracticeStatus.SUBMITTED},
}


@transaction.atomic
def decide_on_practice(
    *,
    practice: Practice,
    decision: str,
    by,
    comment: str = "",
    card: dict | None = None,
) -> Review:
    """Move `practice` through the workflow and record the step, with the curator's
    review card (ReviewCard field values) when they scored it."""
    decision = ReviewDecision(decision)
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.status not in ALLOWED_FROM[decision]:
        raise ValidationError(
            {
                "status": _("A %(status)s practice cannot be %(decision)s.")
                % {
                    "status": practice.get_status_display().lower(),
                    "decision": decision.label.lower(),
                }
            }
        )
    comment = comment.strip()
    if decision in DECISIONS_NEEDING_A_COMMENT and not comment:
        raise ValidationError({"comment": _("Say what the submitter should change or why.")})

    practice.status = decision.value
    if decision == ReviewDecision.PUBLISHED:
        now = timezone.now()
        practice.published_at = now
        practice.verified_on = timezone.localdate(now)
        practice.stale_reminder_sent_on = None
    if decision != ReviewDecision.SUBMITTED:
        practice.reviewer_comment = comment
    practice.full_clean()
    practice.save()
    review = Review(practice=practice, decision=decision, by=by, comment=comment)
    review.full_clean()
    review.save()
    if card is not None:
        if decision == ReviewDecision.SUBMITTED:
            raise ValidationError({"card": _("Only a curator's decision carries a review card.")})
        review_card = ReviewCard(review=review, **card)
        review_card.full_clean()
        review_card.save()
    return review


@transaction.atomic
def verify_practice(*, practice: Practice, by) -> Practice:
    """Confirm a published practice is still current: it is fresh for 24 more months."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.status != PracticeStatus.PUBLISHED:
        raise ValidationError({"status": _("Only a published practice can be verified.")})
    practice.verified_on = timezone.localdate()
    practice.stale_reminder_sent_on = None
    practice.save(update_fields=["verified_on", "stale_reminder_sent_on", "updated_at"])
    return practice


def submit_practice(*, practice: Practice, by) -> Review:
    return decide_on_practice(practice=practice, decision=ReviewDecision.SUBMITTED, by=by)


def publish_practice(
    *, practice: Practice, by, comment: str = "", card: dict | None = None
) -> Review:
    return decide_on_practice(
        practice=practice, decision=ReviewDecision.PUBLISHED, by=by, comment=comment, card=card
    )


def request_changes(*, practice: Practice, by, comment: str) -> Review:
    return decide_on_practice(
        practice=practice, decision=ReviewDecision.CHANGES_REQUESTED, by=by, comment=comment
    )


def reject_practice(*, practice: Practice, by, comment: str) -> Review:
    return decide_on_practice(
        practice=practice, decision=ReviewDecision.REJECTED, by=by, comment=comment
    )


def _unique_slug(title: str, *, exclude_pk=None) -> str:
    from django.utils.text import slugify

    base = (slugify(title) or "practice")[:100]
    slug, n = base, 2
    others = Practice.objects.exclude(pk=exclude_pk) if exclude_pk else Practice.objects.all()
    while others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# Fields a submitter writes; the workflow fields (status, dates, comments) move only
# through decide_on_practice.
PRACTICE_EDITABLE_FIELDS = [
    "title",
    "summary",
    "description",
    "city",
    "start_year",
    "end_year",
    "source_url",
]
PRACTICE_EDITABLE_TAGS = ["pillars", "sdgs", "sectors", "criteria", "countries", "organizations"]


@transaction.atomic
def save_practice(*, by, practice: Practice | None = None, **values) -> Practice:
    """Create a draft submitted by `by`, or edit `practice`: its fields and tags."""
    tags = {name: values.pop(name) for name in PRACTICE_EDITABLE_TAGS if name in values}
    unknown = set(values) - set(PRACTICE_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be written.") for name in unknown})
    if practice is None:
        practice = Practice(status=PracticeStatus.DRAFT, submitted_by=by)
    for name, value in values.items():
        setattr(practice, name, value)
    if not practice.slug:
        practice.slug = _unique_slug(practice.title or "")
    if (
        practice.start_year is not None
        and practice.end_year is not None
        and practice.end_year < practice.start_year
    ):
        raise ValidationError({"end_year": _("The end year comes before the start year.")})
    practice.full_clean()
    practice.save()
    for name, items in tags.items():
        getattr(practice, name).set(items)
    return practice
