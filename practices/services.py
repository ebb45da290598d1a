"""The review workflow of a good practice.

draft or changes-requested → submitted (by its submitter); submitted → published,
changes-requested or rejected (by a curator, the last two with a comment). Each step
is kept in the practice's review history.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from base.mail import deliver_email
from base.permissions import (
    can_edit_practice,
    can_record_adoption,
    can_review_practices,
    can_submit_practice,
    is_curator,
    official_city,
)
from base.slugs import save_with_free_slug
from cities.models import City
from exchanges.models import Event
from exchanges.selectors import event_involves_city

from .agreement import decision_in_phrase, status_in_phrase
from .models import (
    DECISIONS_NEEDING_A_COMMENT,
    Adoption,
    Practice,
    PracticeStatus,
    Review,
    ReviewCard,
    ReviewDecision,
)
from .notifications import notify_submitter, stale_reminder_email
from .signals import practice_published

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
    base_url: str = "",
) -> Review:
    """Move `practice` through the workflow and record the step, with the curator's
    review card (ReviewCard field values) when they scored it: its submitter submits it,
    a curator decides on it. The submitter hears of a curator's decision by email once
    it is committed (links in it start with `base_url`)."""
    decision = ReviewDecision(decision)
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if decision == ReviewDecision.SUBMITTED:
        if not can_edit_practice(by, practice):
            raise PermissionDenied(_("Only its submitter submits a practice."))
    elif not can_review_practices(by):
        raise PermissionDenied(_("Only curators decide on a practice."))
    if practice.status not in ALLOWED_FROM[decision]:
        raise ValidationError(
            {
                "status": _("A %(status)s practice cannot be %(decision)s.")
                % {
                    "status": status_in_phrase(practice.status),
                    "decision": decision_in_phrase(decision),
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
    notify_submitter(review, base_url=base_url)
    if decision == ReviewDecision.PUBLISHED:
        practice_published.send(sender=Practice, practice=practice)
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


@transaction.atomic
def remind_submitter(*, practice_id: int, base_url: str, today=None) -> bool:
    """Email the submitter of a stale practice, once per verification: the mark and the
    email share one transaction, so a failed send leaves the practice to remind (the
    queue retries it) and a second delivery of the same reminder finds it marked and
    sends nothing. False when there is nothing (more) to remind."""
    today = today or timezone.localdate()
    practice = practices_to_remind(today).filter(pk=practice_id).first()
    if practice is None or not mark_reminded(practice=practice, on=today):
        return False
    deliver_email(**stale_reminder_email(practice, base_url=base_url))
    return True


def submit_practice(*, practice: Practice, by) -> Review:
    return decide_on_practice(practice=practice, decision=ReviewDecision.SUBMITTED, by=by)


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
    """Create a draft submitted by `by`, or edit `practice`: its fields and tags. An
    official writes practices of their own city (theirs when they name none), a curator
    of any city."""
    tags = {name: values.pop(name) for name in PRACTICE_EDITABLE_TAGS if name in values}
    unknown = set(values) - set(PRACTICE_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be written.") for name in unknown})
    if practice is None:
        if not can_submit_practice(by):
            raise PermissionDenied(_("Only verified city officials and curators submit practices."))
        practice = Practice(status=PracticeStatus.DRAFT, submitted_by=by)
        if not is_curator(by):
            values.setdefault("city", official_city(by))
    elif not can_edit_practice(by, practice):
        raise PermissionDenied(_("Only its submitter edits a practice until it is published."))
    city = values.get("city")
    if city is not None and not is_curator(by) and city != official_city(by):
        raise ValidationError({"city": _("An official submits practices of their own city.")})
    creating = practice.pk is None
    for name, value in values.items():
        setattr(practice, name, value)
    if creating:
        # The slug is allocated from the title when the practice is saved.
        practice.full_clean(exclude=["slug"])
        save_with_free_slug(practice, title=practice.title, fallback="practice")
    else:
        practice.full_clean()
        practice.save()
    for name, items in tags.items():
        getattr(practice, name).set(items)
    return practice


# What an adoption's recorder may change afterwards; its practice and city identify it.
ADOPTION_EDITABLE_FIELDS = ["stage", "year", "event", "notes", "evidence_url"]


def _check_may_record(by, city) -> None:
    if not can_record_adoption(by, city):
        raise PermissionDenied(_("Officials record adoptions for their own city only."))


def take_up_refusals(practice: Practice, city: City, *, taken_up_already: bool) -> dict:
    """Why `city` cannot take `practice` up, by field (none when it can): only a published
    practice of another city, once per city (`taken_up_already` says whether it has)."""
    errors = {}
    if practice.status != PracticeStatus.PUBLISHED:
        errors["practice"] = _("Only a published practice can be taken up.")
    if practice.city_id is not None and practice.city_id == city.pk:
        errors["city"] = _("A city does not take up its own practice.")
    elif taken_up_already:
        errors["city"] = _("%(city)s has already taken up this practice: update it instead.") % {
            "city": city.name
        }
    return errors


def validate_adoption(adoption: Adoption) -> None:
    """The rules of an adoption and the model's own validation (its year and the year of
    the event it was learned at), each error named after its field so that forms and the
    API show it where it belongs."""
    errors = take_up_refusals(
        adoption.practice,
        adoption.city,
        taken_up_already=Adoption.objects.filter(practice=adoption.practice, city=adoption.city)
        .exclude(pk=adoption.pk)
        .exists(),
    )
    if adoption.event is not None and not event_involves_city(adoption.event, adoption.city):
        errors["event"] = _("%(city)s neither hosted nor joined this event.") % {
            "city": adoption.city.name
        }
    try:
        # A field already refused is not checked twice (the model would repeat the
        # refusal of a second adoption by the same city as a non-field error).
        adoption.full_clean(exclude=list(errors))
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages)
    if errors:
        raise ValidationError(errors)


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
