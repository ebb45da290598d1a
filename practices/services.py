"""The review workflow of a good practice.

draft or changes-requested → submitted (by its submitter); submitted → published,
changes-requested or rejected (by a curator, the last two with a comment). Each step
is kept in the practice's review history.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from base.permissions import can_record_adoption
from cities.models import City
from exchanges.models import Event

from .models import (
    DECISIONS_NEEDING_A_COMMENT,
    Adoption,
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


def practices_to_remind(today=None):
    """Stale published practices whose submitter (with an email) has not been reminded
    since the practice was last verified: verification clears the mark, so a practice
    is reminded once each time it becomes stale."""
    return (
        Practice.objects.published()
        .stale(today)
        .filter(stale_reminder_sent_on__isnull=True, submitted_by__isnull=False)
        .exclude(submitted_by__email="")
        .select_related("submitted_by")
        .order_by("verified_on", "pk")
    )


def mark_reminded(*, practice: Practice, on) -> bool:
    """Record that the submitter of `practice` was reminded `on` that day; False when
    another run got there first. Call it inside the transaction that sends the email, so
    that a failed send leaves the practice to remind."""
    claimed = Practice.objects.filter(pk=practice.pk, stale_reminder_sent_on__isnull=True).update(
        stale_reminder_sent_on=on
    )
    return claimed == 1


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
    "language",
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


# What an adoption's recorder may change afterwards; its practice and city identify it.
ADOPTION_EDITABLE_FIELDS = ["stage", "year", "event", "notes", "evidence_url"]
# The first year the model's constraint allows; the last is the current year.
ADOPTION_FIRST_YEAR = 1900


def _check_may_record(by, city) -> None:
    if not can_record_adoption(by, city):
        raise PermissionDenied(_("Officials record adoptions for their own city only."))


def validate_adoption(adoption: Adoption) -> None:
    """The rules of an adoption, each error named after its field so that forms and the
    API show it where it belongs; then the model's own validation."""
    errors = {}
    if adoption.practice.status != PracticeStatus.PUBLISHED:
        errors["practice"] = _("Only a published practice can be taken up.")
    if adoption.practice.city_id is not None and adoption.practice.city_id == adoption.city_id:
        errors["city"] = _("A city does not take up its own practice.")
    elif (
        Adoption.objects.filter(practice=adoption.practice, city=adoption.city)
        .exclude(pk=adoption.pk)
        .exists()
    ):
        errors["city"] = _("%(city)s has already taken up this practice: update it instead.") % {
            "city": adoption.city.name
        }
    this_year = timezone.localdate().year
    if adoption.year is not None and not ADOPTION_FIRST_YEAR <= adoption.year <= this_year:
        errors["year"] = _("Give a year between %(first)s and %(last)s.") % {
            "first": ADOPTION_FIRST_YEAR,
            "last": this_year,
        }
    if adoption.event is not None and not (
        adoption.event.host_city_id == adoption.city_id
        or adoption.event.participations.filter(city_id=adoption.city_id).exists()
    ):
        errors["event"] = _("%(city)s neither hosted nor joined this event.") % {
            "city": adoption.city.name
        }
    if errors:
        raise ValidationError(errors)
    adoption.full_clean()


def _save_adoption(adoption: Adoption) -> None:
    try:
        with transaction.atomic():
            adoption.save()
    except IntegrityError:
        # Another request recorded the same city since validate_adoption looked.
        raise ValidationError(
            {
                "city": _("%(city)s has already taken up this practice: update it instead.")
                % {"city": adoption.city.name}
            }
        ) from None


@transaction.atomic
def record_adoption(
    *,
    practice: Practice,
    city: City,
    stage: str,
    year: int | None = None,
    event: Event | None = None,
    notes: str = "",
    evidence_url: str = "",
    by,
) -> Adoption:
    """Record that `city` took up `practice`: an official for their own city, a curator
    for any. Only a published practice of another city can be taken up, once per city."""
    _check_may_record(by, city)
    adoption = Adoption(
        practice=practice,
        city=city,
        stage=stage,
        year=year,
        event=event,
        notes=notes.strip(),
        evidence_url=evidence_url.strip(),
    )
    validate_adoption(adoption)
    _save_adoption(adoption)
    return adoption


@transaction.atomic
def update_adoption(*, adoption: Adoption, by, **values) -> Adoption:
    """Change an adoption's stage, year, event, notes or evidence."""
    _check_may_record(by, adoption.city)
    unknown = set(values) - set(ADOPTION_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    adoption = Adoption.objects.select_for_update().get(pk=adoption.pk)
    for name, value in values.items():
        setattr(adoption, name, value.strip() if isinstance(value, str) else value)
    validate_adoption(adoption)
    _save_adoption(adoption)
    return adoption


@transaction.atomic
def delete_adoption(*, adoption: Adoption, by) -> None:
    _check_may_record(by, adoption.city)
    adoption.delete()
