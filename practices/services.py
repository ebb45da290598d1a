"""The review workflow of a good practice.

draft or changes-requested → submitted (by its submitter); submitted → published,
changes-requested or rejected (by a curator, the last two with a comment). Each step
is kept in the practice's review history.
"""

import datetime
import os

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from base.cache import bump_content_version
from base.dates import DatePrecision
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
from cities.models import City, member_organization
from exchanges.models import Event
from exchanges.selectors import event_involves_city

from .agreement import decision_in_phrase, status_in_phrase
from .models import (
    DECISIONS_NEEDING_A_COMMENT,
    Adoption,
    AdoptionResult,
    AdoptionStageChange,
    Practice,
    PracticePhoto,
    PracticeStatus,
    PracticeTargetGroup,
    Result,
    Review,
    ReviewCard,
    ReviewDecision,
)
from .notifications import notify_submitter, stale_reminder_email
from .photos import make_thumbnail, validate_photo
from .signals import practice_published
from .transfer import current_stage, transition_error

# The statuses a submitter may submit a practice from.
SUBMITTABLE = {PracticeStatus.DRAFT, PracticeStatus.CHANGES_REQUESTED}
# The statuses each decision may be taken from.
ALLOWED_FROM = {
    ReviewDecision.SUBMITTED: SUBMITTABLE,
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
        review_card = ReviewCard(review=review, organization=member_organization(by), **card)
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
    "context",
    "description",
    "lessons_learned",
    "challenges",
    "language",
    "city",
    "start_year",
    "end_year",
    "budget",
    "budget_currency",
    "beneficiaries",
    "contact_name",
    "contact_email",
    "source_url",
]
PRACTICE_EDITABLE_TAGS = ["pillars", "sdgs", "sectors", "criteria", "countries", "organizations"]
RESULT_FIELDS = [
    "indicator",
    "kind",
    "value_before",
    "value_after",
    "unit",
    "year",
    "sex",
    "age_min",
    "age_max",
]
PHOTO_FIELDS = ["alt_text", "caption", "credit", "position"]


@transaction.atomic
def save_practice(
    *,
    by,
    practice: Practice | None = None,
    target_groups: list[str] | None = None,
    results: list[dict] | None = None,
    photos: list[dict] | None = None,
    **values,
) -> Practice:
    """Create a draft submitted by `by`, or edit `practice`: its fields and tags. An
    official writes practices of their own city (theirs when they name none), a curator
    of any city.

    `target_groups` (TargetGroup values) and `results` (dicts of RESULT_FIELDS, in their
    order) replace what the practice had, when given. `photos` are changes, each a dict:
    `photo` (one of the practice's, or None for a new one), `image` (an upload: required
    for a new photo, replaces the image of an existing one), the PHOTO_FIELDS, and
    `delete` (True removes `photo`)."""
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
    if target_groups is not None:
        _replace_target_groups(practice, target_groups)
    if results is not None:
        _replace_results(practice, results)
    if photos:
        _change_photos(practice, photos)
    return practice


def _replace_target_groups(practice: Practice, groups: list[str]) -> None:
    practice.target_groups.exclude(group__in=groups).delete()
    kept = set(practice.target_groups.values_list("group", flat=True))
    for group in dict.fromkeys(groups):
        if group in kept:
            continue
        row = PracticeTargetGroup(practice=practice, group=group)
        row.full_clean(exclude=["practice"])
        row.save()


def _replace_results(practice: Practice, results: list[dict]) -> None:
    """The practice's results become `results`, in that order (a result is its row in the
    list: they have no identity of their own to keep)."""
    practice.results.all().delete()
    errors = []
    rows = []
    for position, values in enumerate(results):
        unknown = set(values) - set(RESULT_FIELDS)
        if unknown:
            raise ValidationError(
                {
                    "results": _("A result has no field %(names)s.")
                    % {"names": ", ".join(sorted(unknown))}
                }
            )
        row = Result(practice=practice, position=position, **values)
        try:
            row.full_clean(exclude=["practice"])
        except ValidationError as error:
            errors.append(error.message_dict)
        else:
            errors.append({})
        rows.append(row)
    if any(errors):
        raise ValidationError({"results": [ValidationError(error) for error in errors if error]})
    Result.objects.bulk_create(rows)


def _change_photos(practice: Practice, changes: list[dict]) -> None:
    """Add, edit and remove the practice's photos; the files of replaced images leave the
    storage once the transaction commits (a refused change keeps them)."""
    stale_files = []
    for change in changes:
        change = dict(change)
        photo = change.pop("photo", None)
        image = change.pop("image", None)
        delete = change.pop("delete", False)
        unknown = set(change) - set(PHOTO_FIELDS)
        if unknown:
            raise ValidationError(
                {
                    "photos": _("A photo has no field %(names)s.")
                    % {"names": ", ".join(sorted(unknown))}
                }
            )
        if photo is not None and photo.practice_id != practice.pk:
            raise ValidationError({"photos": _("This photo belongs to another practice.")})
        if delete:
            if photo is not None:
                # Its files go once committed (models.delete_photo_files).
                photo.delete()
            continue
        if photo is None:
            if image is None:
                raise ValidationError({"photos": _("Choose the photo to add.")})
            photo = PracticePhoto(practice=practice)
        for name, value in change.items():
            setattr(photo, name, value.strip() if isinstance(value, str) else value)
        if image is not None:
            try:
                validate_photo(image)
            except ValidationError as error:
                raise ValidationError({"photos": error.messages}) from None
            if photo.image:
                stale_files += [photo.image.name, photo.thumbnail.name]
            photo.image.save(os.path.basename(image.name), image, save=False)
            make_thumbnail(photo)
        try:
            photo.full_clean(exclude=["practice"])
        except ValidationError as error:
            raise ValidationError(
                {
                    "photos": [
                        f"{name}: {message}" if name != NON_FIELD_ERRORS else message
                        for name, messages in error.message_dict.items()
                        for message in messages
                    ]
                }
            ) from None
        photo.save()
    storage = PracticePhoto._meta.get_field("image").storage
    names = [name for name in stale_files if name]
    if names:
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


# What an adoption's recorder may change afterwards; its practice and city identify it.
ADOPTION_EDITABLE_FIELDS = [
    "stage",
    "year",
    "adopted_on",
    "date_precision",
    "event",
    "notes",
    "evidence_url",
    "mentor_city",
    "changes",
]
# What a move to another stage records beside the adoption's fields (AdoptionStageChange).
STAGE_CHANGE_FIELDS = ["stage_on", "stage_note", "stage_evidence_url"]


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


def _stage_change(
    adoption: Adoption,
    *,
    previous: str,
    by,
    on: datetime.date | None = None,
    note: str = "",
    evidence_url: str = "",
) -> AdoptionStageChange:
    """The step of `adoption`'s journey to its (new) stage, checked against the allowed
    transitions and validated; saved by the caller once the adoption is."""
    error = transition_error(previous or None, adoption.stage)
    if error:
        raise ValidationError({"stage": error})
    change = AdoptionStageChange(
        adoption=adoption,
        stage=adoption.stage,
        previous_stage=previous,
        reached_on=on or timezone.localdate(),
        note=(note or "").strip(),
        evidence_url=(evidence_url or "").strip(),
        event=adoption.event if not previous else None,
        by=by,
    )
    try:
        change.full_clean(exclude=["adoption", "by"])
    except ValidationError as error:
        renamed = {
            "reached_on": "stage_on",
            "note": "stage_note",
            "evidence_url": "stage_evidence_url",
        }
        raise ValidationError(
            {renamed.get(name, name): messages for name, messages in error.message_dict.items()}
        ) from None
    return change


@transaction.atomic
def record_adoption(
    *,
    practice: Practice,
    city: City,
    stage: str,
    year: int | None = None,
    adopted_on: datetime.date | None = None,
    date_precision: str = DatePrecision.DAY,
    event: Event | None = None,
    notes: str = "",
    evidence_url: str = "",
    mentor_city: City | None = None,
    changes: str = "",
    stage_on: datetime.date | None = None,
    stage_note: str = "",
    stage_evidence_url: str = "",
    by,
) -> Adoption:
    """Record that `city` took up `practice`: an official for their own city, a curator
    for any. Only a published practice of another city can be taken up, once per city.
    The stage it starts at is the first step of its journey, dated `stage_on` (today by
    default), with its note and evidence (the adoption's own when left out)."""
    _check_may_record(by, city)
    adoption = Adoption(
        practice=practice,
        city=city,
        stage=current_stage(stage),
        year=year,
        adopted_on=adopted_on,
        date_precision=date_precision,
        event=event,
        notes=notes.strip(),
        evidence_url=evidence_url.strip(),
        mentor_city=mentor_city,
        changes=changes.strip(),
    )
    validate_adoption(adoption)
    change = _stage_change(
        adoption,
        previous="",
        by=by,
        on=stage_on,
        note=stage_note or adoption.notes,
        evidence_url=stage_evidence_url or adoption.evidence_url,
    )
    _save_adoption(adoption)
    change.adoption = adoption
    change.save()
    return adoption


@transaction.atomic
def update_adoption(*, adoption: Adoption, by, **values) -> Adoption:
    """Change an adoption's fields. A new stage is a step of its journey (allowed by
    `practices.transfer.allowed_next_stages`), recorded with `stage_on` (today by
    default), `stage_note` (required to abandon it: why) and `stage_evidence_url`."""
    _check_may_record(by, adoption.city)
    step = {name: values.pop(name) for name in STAGE_CHANGE_FIELDS if name in values}
    unknown = set(values) - set(ADOPTION_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    adoption = Adoption.objects.select_for_update().get(pk=adoption.pk)
    previous = adoption.stage
    for name, value in values.items():
        if name == "stage":
            value = current_stage(value)
        setattr(adoption, name, value.strip() if isinstance(value, str) else value)
    validate_adoption(adoption)
    change = None
    if adoption.stage != previous:
        change = _stage_change(
            adoption,
            previous=previous,
            by=by,
            on=step.get("stage_on"),
            note=step.get("stage_note", ""),
            evidence_url=step.get("stage_evidence_url", ""),
        )
    elif any(step.values()):
        raise ValidationError(
            {"stage": _("A step's date, note and evidence go with a change of stage.")}
        )
    _save_adoption(adoption)
    if change is not None:
        change.save()
    return adoption


@transaction.atomic
def set_adoption_results(*, adoption: Adoption, by, results: list[dict]) -> Adoption:
    """Replace the results the adopting city measured: each `{"result": Result,
    "value_before", "value_after"}` on an indicator of the original practice, once."""
    _check_may_record(by, adoption.city)
    rows, errors, seen = [], [], set()
    for number, values in enumerate(results, start=1):
        result = values.get("result")
        row = AdoptionResult(
            adoption=adoption,
            result=result,
            value_before=values.get("value_before"),
            value_after=values.get("value_after"),
        )
        if result is None or result.practice_id != adoption.practice_id:
            problem = _("use an indicator of the practice the city took up.")
        elif result.pk in seen:
            problem = _("give each indicator once.")
        elif row.value_before is None and row.value_after is None:
            problem = _("give a value before, after, or both.")
        else:
            problem = None
            seen.add(result.pk)
        if problem:
            errors.append(
                _("Result %(number)s: %(problem)s") % {"number": number, "problem": problem}
            )
        rows.append(row)
    if errors:
        raise ValidationError({"results": errors})
    adoption.results.all().delete()
    AdoptionResult.objects.bulk_create(rows)
    bump_content_version()
    return adoption


@transaction.atomic
def delete_adoption(*, adoption: Adoption, by) -> None:
    _check_may_record(by, adoption.city)
    adoption.delete()
