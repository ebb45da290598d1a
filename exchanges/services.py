"""Writes on exchanges: registering and cancelling delegates, following up roadmaps.

Confirmed registrations never exceed an event's capacity, also under concurrent
requests: each write locks the event's row, so registrations for one event are
decided one at a time.
"""

import datetime

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from base.cache import bump_content_version
from base.dates import months_before
from base.permissions import (
    can_receive_delegates,
    can_register_delegate_of,
    can_report_progress,
    is_bound_by_registration_limit,
    is_curator,
    official_city,
    organizes_event,
    participating_city,
)
from base.slugs import save_with_free_slug
from base.tasks import enqueue
from cities.models import City

from .models import (
    Action,
    ActionStatus,
    ActionUpdate,
    AttendanceCertificate,
    Commitment,
    DelegationMember,
    Event,
    EventStatus,
    Participation,
    ParticipationRole,
    ProgressReport,
    Registration,
    RegistrationStatus,
    VisaLetter,
)
from .reporting import next_due_date
from .selectors import event_involves_city, events_citable_by
from .signals import EVENT_CANCELLED, EVENT_CREATED, EVENT_UPDATED, action_updated, event_saved

# How long a delegate offered a seat from the waiting list has to confirm it.
OFFER_TIME = datetime.timedelta(days=3)


def get_language_code() -> str:
    """The language of the request (or task) registering: the delegates' emails are
    written in it unless a delegate chose another."""
    return (get_language() or "en")[:2]


def registration_refusal(event: Event, *, today: datetime.date | None = None) -> str | None:
    """Why `event` takes no registration now, or None when it does."""
    today = today or timezone.localdate()
    if event.status == EventStatus.CANCELLED:
        return _("This event is cancelled.")
    if event.capacity is None or event.status != EventStatus.OPEN:
        return _("This event does not take registrations.")
    if event.registration_deadline is not None and today > event.registration_deadline:
        return _("Registrations closed on %(date)s.") % {"date": event.registration_deadline}
    if today > event.end_date:
        return _("This event is over.")
    return None


class DelegationError(ValidationError):
    """A delegation refused: what is wrong with each delegate, by row (0-based, in the
    order given), and with the delegation as a whole (`event`, `delegates`).

    As a plain ValidationError it reads `{"delegates": ["Delegate 2 (email): ..."]}`
    (the pages); `detail()` gives the API's nested shape, `{"delegates": {1: {"email":
    [...]}}}`, as DRF gives the errors of a list of objects: by position, only the
    refused ones."""

    def __init__(self, *, rows: dict[int, dict[str, list[str]]], count: int, general: dict):
        self.rows = rows
        self.count = count
        self.general = general
        flat = {key: list(messages) for key, messages in general.items()}
        for index, errors in sorted(rows.items()):
            for field, messages in errors.items():
                for message in messages:
                    flat.setdefault("delegates", []).append(
                        _("Delegate %(number)s (%(field)s): %(message)s")
                        % {"number": index + 1, "field": field, "message": message}
                    )
        super().__init__(flat)

    def detail(self) -> dict:
        detail = {key: list(messages) for key, messages in self.general.items()}
        if self.rows:
            detail["delegates"] = dict(sorted(self.rows.items()))
        return detail


DELEGATE_FIELDS = {
    "name",
    "email",
    "role",
    "city",
    "consent",
    "language",
    "needs_visa_letter",
    "interpretation_needs",
    "accessibility_needs",
}


@transaction.atomic
def register_delegation(
    *,
    event: Event,
    by,
    delegates: list[dict],
    language: str | None = None,
    today: datetime.date | None = None,
) -> list[Registration]:
    """Register a delegation in one go, all or nothing: each delegate is confirmed while
    the capacity lasts and waitlisted after, in the order given.

    Each delegate is a dict of `name`, `email`, `role`, `consent` (must be true), and
    optionally `city`, `language` (of their emails; `language` else, the page's),
    `needs_visa_letter`, `interpretation_needs`, `accessibility_needs`. `by` is the
    account registering (None: the admin, a script): an official registers the
    delegates of their own city (their city when `city` is left out), up to the
    event's limit per official; the event's organizers anyone, without limit. Each
    person (email, whatever its case) registers once per event unless cancelled.

    Raises DelegationError naming each refused delegate by row; nothing is saved then.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    refusal = registration_refusal(event, today=today)
    if refusal:
        raise DelegationError(rows={}, count=len(delegates), general={"event": [refusal]})
    if not delegates:
        raise DelegationError(
            rows={}, count=0, general={"delegates": [_("Name at least one delegate.")]}
        )
    # The event's row is locked: the checks below hold until the delegation is saved.
    rows: dict[int, dict[str, list[str]]] = {}
    general: dict[str, list[str]] = {}
    seen_emails: set[str] = set()
    own_city = official_city(by) if by is not None else None
    registrations = []
    for index, delegate in enumerate(delegates):
        errors: dict[str, list[str]] = {}
        unknown = set(delegate) - DELEGATE_FIELDS
        for name in sorted(unknown):
            errors[name] = [_("This field cannot be written.")]
        city = delegate.get("city", own_city)
        if not delegate.get("consent"):
            errors["consent"] = [_("The registrant must consent to the processing of their data.")]
        if by is not None and not can_register_delegate_of(by, event, city):
            errors["city"] = [_("You register the delegates of your own city only.")]
        email = (delegate.get("email") or "").strip()
        if email.lower() in seen_emails:
            errors["email"] = [_("This person is listed twice in the delegation.")]
        elif email and event.registrations.active().of_email(email).exists():
            errors["email"] = [_("This person is already registered for this event.")]
        seen_emails.add(email.lower())
        registration = Registration(
            event=event,
            name=delegate.get("name", ""),
            email=email,
            role=delegate.get("role", ""),
            city=city,
            registered_by=by,
            language=delegate.get("language") or language or get_language_code(),
            needs_visa_letter=bool(delegate.get("needs_visa_letter", False)),
            interpretation_needs=delegate.get("interpretation_needs", ""),
            accessibility_needs=delegate.get("accessibility_needs", ""),
            consented_at=timezone.now(),
            status=RegistrationStatus.WAITLISTED,
        )
        try:
            # The one-per-email constraint is checked above, with the rows not yet saved.
            registration.full_clean(exclude=["event", "registered_by"], validate_constraints=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
        if errors:
            rows[index] = errors
        registrations.append(registration)
    if by is not None:
        general.update(_limit_errors(event=event, by=by, adding=len(delegates)))
    if rows or general:
        raise DelegationError(rows=rows, count=len(delegates), general=general)
    seats = event.registrations.holding_seats().count()
    for registration in registrations:
        if seats < event.capacity:
            registration.status = RegistrationStatus.CONFIRMED
            seats += 1
        registration.save()
    ids = [registration.pk for registration in registrations]
    transaction.on_commit(lambda: _queue_registered_notice(ids))
    return registrations


def _limit_errors(*, event: Event, by, adding: int) -> dict[str, list[str]]:
    """The event's limit of registrations per official, for `adding` more."""
    limit = event.registrations_per_official
    if limit is None or not is_bound_by_registration_limit(by, event):
        return {}
    made = event.registrations.active().filter(registered_by=by).count()
    if made + adding <= limit:
        return {}
    if made >= limit:
        message = ngettext(
            "You have registered %(limit)s delegate for this event: the most one official may.",
            "You have registered %(limit)s delegates for this event: the most one official may.",
            limit,
        ) % {"limit": limit}
        return {"event": [message]}
    message = ngettext(
        "One official may register %(limit)s delegate for this event; you may add %(left)s more.",
        "One official may register %(limit)s delegates for this event; you may add %(left)s more.",
        limit,
    ) % {"limit": limit, "left": limit - made}
    return {"event": [message]}


def register_delegate(
    *,
    event: Event,
    name: str,
    email: str,
    role: str,
    consent: bool,
    city: City | None = None,
    registered_by=None,
    today: datetime.date | None = None,
    **needs,
) -> Registration:
    """Register one person: a delegation of one (see `register_delegation`), its
    refusals by field rather than by row. `needs`: `language`, `needs_visa_letter`,
    `interpretation_needs`, `accessibility_needs`."""
    delegate = {"name": name, "email": email, "role": role, "consent": consent, "city": city}
    delegate.update(needs)
    try:
        (registration,) = register_delegation(
            event=event, by=registered_by, delegates=[delegate], today=today
        )
    except DelegationError as error:
        errors = {key: list(messages) for key, messages in error.general.items()}
        for field, messages in error.rows.get(0, {}).items():
            errors.setdefault(field, []).extend(messages)
        raise ValidationError(errors) from None
    return registration


def _queue_registered_notice(registration_ids: list[int]) -> None:
    from .tasks import notify_registered

    enqueue(notify_registered, registration_ids=registration_ids)


def _queue_offer_notice(registration_id: int) -> None:
    from .tasks import notify_seat_offered

    enqueue(notify_seat_offered, registration_id=registration_id)


def _queue_confirmed_notice(registration_id: int) -> None:
    from .tasks import notify_offer_confirmed

    enqueue(notify_offer_confirmed, registration_id=registration_id)


def _offer_freed_seats(event: Event, *, now: datetime.datetime) -> list[Registration]:
    """Offer each seat the capacity leaves free to the oldest waitlisted registration,
    who has until OFFER_TIME from now to confirm it; the offers made. The event's row
    must be locked by the caller."""
    if event.capacity is None:
        return []
    free = event.capacity - event.registrations.holding_seats().count()
    if free <= 0:
        return []
    offered = list(
        event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by(
            "created_at", "id"
        )[:free]
    )
    for registration in offered:
        registration.status = RegistrationStatus.PENDING
        registration.offer_expires_at = now + OFFER_TIME
        registration.save(update_fields=["status", "offer_expires_at"])
        transaction.on_commit(lambda pk=registration.pk: _queue_offer_notice(pk))
    return offered


@transaction.atomic
def cancel_registration(*, registration: Registration) -> Registration | None:
    """Cancel a registration. A freed seat is offered to the oldest waitlisted
    registration, which is returned: it holds the seat for OFFER_TIME, its delegate
    emailed a link to confirm it."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration.refresh_from_db()
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError({"status": _("This registration is already cancelled.")})
    if registration.checked_in_at is not None:
        raise ValidationError(
            {"status": _("This delegate has checked in: the registration stands.")}
        )
    registration.status = RegistrationStatus.CANCELLED
    registration.offer_expires_at = None
    registration.save(update_fields=["status", "offer_expires_at"])
    offered = _offer_freed_seats(event, now=timezone.now())
    return offered[0] if offered else None


@transaction.atomic
def confirm_offer(*, registration: Registration, now: datetime.datetime | None = None):
    """The delegate takes the seat offered to them from the waiting list, before the
    offer expires."""
    now = now or timezone.now()
    Event.objects.select_for_update().filter(pk=registration.event_id).first()
    registration.refresh_from_db()
    if registration.status == RegistrationStatus.CONFIRMED:
        raise ValidationError({"status": _("This seat is already confirmed.")})
    if registration.status != RegistrationStatus.PENDING or registration.offer_expires_at is None:
        raise ValidationError({"status": _("No seat is offered to this registration.")})
    if registration.offer_expires_at < now:
        raise ValidationError(
            {"status": _("The time to confirm this seat is over: it went to the next person.")}
        )
    registration.status = RegistrationStatus.CONFIRMED
    registration.offer_expires_at = None
    registration.full_clean()
    registration.save(update_fields=["status", "offer_expires_at"])
    transaction.on_commit(lambda: _queue_confirmed_notice(registration.pk))
    return registration


@transaction.atomic
def expire_offers(*, now: datetime.datetime | None = None) -> int:
    """Cancel the seats offered from the waiting list and not confirmed in time, and offer
    each to the next person waiting; how many offers expired. Idempotent: an offer
    expires once."""
    now = now or timezone.now()
    event_ids = set(Registration.objects.expired_offers(now).values_list("event_id", flat=True))
    expired = 0
    for event in Event.objects.select_for_update().filter(pk__in=event_ids).order_by("pk"):
        expired += event.registrations.expired_offers(now).update(
            status=RegistrationStatus.CANCELLED, offer_expires_at=None
        )
        _offer_freed_seats(event, now=now)
    if expired:
        # `update()` sends no signal: the cached pages showing the seats left must go.
        bump_content_version()
    return expired


@transaction.atomic
def open_registration(
    *,
    event: Event,
    by,
    capacity: int,
    registration_deadline: datetime.date | None,
    registrations_per_official: int | None,
) -> Event:
    """The event's organizers open it for registration: its capacity, deadline and
    limit per official, and the status "open for registration"."""
    if not organizes_event(by, event):
        raise PermissionDenied(_("Only the event's organizers open its registration."))
    if event.status in (EventStatus.HELD, EventStatus.CANCELLED):
        raise ValidationError(
            {"status": _("A held or cancelled exchange does not take registrations.")}
        )
    if capacity is None:
        raise ValidationError({"capacity": _("Give the number of seats.")})
    if event.end_date < timezone.localdate():
        raise ValidationError({"status": _("This event is over.")})
    return save_event(
        by=by,
        event=event,
        status=EventStatus.OPEN,
        capacity=capacity,
        registration_deadline=registration_deadline,
        registrations_per_official=registrations_per_official,
    )


@transaction.atomic
def update_action_status(
    *,
    action: Action,
    status: str,
    by,
    evidence_url: str = "",
    note: str = "",
    event: Event | None = None,
) -> ActionUpdate:
    """Change a roadmap action's status, keeping who, when and the evidence.

    `event`, the event that carried the action out, must be one `by` may cite: one
    their city hosts or joins (any for a curator), unless the action already cites it.
    """
    action = Action.objects.select_for_update().get(pk=action.pk)
    if (
        event is not None
        and event.pk != action.carried_out_by_id
        and not events_citable_by(by).filter(pk=event.pk).exists()
    ):
        raise ValidationError({"event": _("Your city neither hosts nor joins this event.")})
    update = ActionUpdate(
        action=action,
        previous_status=action.status,
        status=status,
        by=by,
        evidence_url=evidence_url,
        note=note,
        event=event,
    )
    update.full_clean()
    action.status = status
    if event is not None:
        action.carried_out_by = event
    action.full_clean()
    action.save()
    update.save()
    action_updated.send(sender=Action, update=update)
    return update


@transaction.atomic
def anonymize_registrations(*, today: datetime.date | None = None) -> int:
    """Erase names and emails of registrations for events that ended 12 months ago or
    more, keeping city, role and status for statistics. Returns how many were erased.

    Every copy goes too: the admin's log names a registration by `str()`, its delegate's
    name (see `_erase_names_from_the_admin_log`), and anonymous responses cached before
    now may show it (the content version is bumped: `update()` sends no signal).
    Registrations have no history table and no search vector."""
    today = today or timezone.localdate()
    cutoff = months_before(today, 12)
    now = timezone.now()
    anonymized_name = _("Anonymized delegate")
    due = Registration.objects.filter(event__end_date__lte=cutoff, anonymized_at__isnull=True)
    # Certificates and visa letters name the delegate: they go with the name.
    AttendanceCertificate.objects.filter(registration__in=due).delete()
    VisaLetter.objects.filter(registration__in=due).delete()
    count = due.update(
        name=anonymized_name,
        email=Concat(Value("anonymized-"), Cast("id", CharField()), Value("@invalid.example")),
        interpretation_needs="",
        accessibility_needs="",
        anonymized_at=now,
    )
    _erase_names_from_the_admin_log(anonymized_name)
    if count:
        bump_content_version()
    return count


def _erase_names_from_the_admin_log(anonymized_name: str) -> None:
    """Replace the name in the admin log entries of every registration that no longer
    holds one: anonymized, or deleted (nothing else keeps a deleted delegate's name).

    One statement over all of them, not just today's: entries written before this rule,
    or since (an admin editing an anonymized registration logs its anonymized name),
    are set right the same way."""
    still_named = Registration.objects.filter(anonymized_at__isnull=True).values(
        key=Cast("pk", CharField())
    )
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Registration)).exclude(
        object_id__in=still_named
    ).exclude(object_repr__startswith=anonymized_name).update(object_repr=anonymized_name)


EVENT_EDITABLE_FIELDS = [
    "title",
    "language",
    "kind",
    "large_forum",
    "host_city",
    "venue",
    "start_date",
    "end_date",
    "date_precision",
    "status",
    "summary",
    "objectives",
    "outcomes",
    "report_url",
    "capacity",
    "registration_deadline",
    "registrations_per_official",
]
EVENT_EDITABLE_TAGS = [
    "pillars",
    "sdgs",
    "sectors",
    "stages",
    "formats",
    "organizers",
    "supporters",
]


def _field_changes(event: Event, values: dict) -> list[str]:
    """The names of the fields in `values` that differ from `event`'s."""
    changed = []
    for name, value in values.items():
        field = Event._meta.get_field(name)
        if field.is_relation:
            current, value = getattr(event, field.attname), getattr(value, "pk", value)
        else:
            current = getattr(event, name)
        if current != value:
            changed.append(name)
    return changed


def _tag_changes(event: Event, tags: dict) -> list[str]:
    return [
        name
        for name, items in tags.items()
        if set(getattr(event, name).values_list("pk", flat=True)) != {item.pk for item in items}
    ]


def _participation_refusal(event: Event, city: City, participants: list[dict]) -> str | None:
    """Why `participants` changes more of `event` than `city`'s own participation (its
    role and delegation size), or None when it does not."""
    current = {p.city_id: (p.role, p.delegation_size) for p in event.participations.all()}
    given = {item["city"].pk: (item["role"], item.get("delegation_size")) for item in participants}
    compositions = {
        p.city_id: _composition(
            {"category": g.category, "count": g.count} for g in p.composition.all()
        )
        for p in event.participations.all()
    }
    other_compositions_changed = any(
        "composition" in item
        and item["city"].pk != city.pk
        and _composition(item["composition"]) != compositions.get(item["city"].pk)
        for item in participants
    )
    if (
        given.keys() != current.keys()
        or other_compositions_changed
        or any(given[pk] != current[pk] for pk in current if pk != city.pk)
    ):
        return _("You may change only your own city's participation.")
    role = given[city.pk][0]
    if role == ParticipationRole.HOST and current[city.pk][0] != ParticipationRole.HOST:
        return _("Only the host city names the cities that host with it.")
    return None


def _participant_refusals(
    event: Event, city: City, *, values: dict, tags: dict, participants: list[dict] | None
) -> dict[str, str]:
    """What an official of a city taking part in `event` may not change: everything but
    their city's participation."""
    refusal = _("Only the host city's officials may change this.")
    errors = dict.fromkeys(_field_changes(event, values) + _tag_changes(event, tags), refusal)
    if participants is not None:
        participation_refusal = _participation_refusal(event, city, participants)
        if participation_refusal:
            errors["participants"] = participation_refusal
    return errors


def _composition(items) -> list[tuple[str, int | None]]:
    return sorted((item["category"], item.get("count")) for item in items)


def _save_participations(event: Event, participants: list[dict]) -> None:
    """Make `event`'s participating cities those of `participants`: a city already
    taking part keeps its row (its notes, and its delegation's composition unless the
    item gives one: `[{"category", "count"}]` replaces it)."""
    current = {p.city_id: p for p in event.participations.all()}
    listed = {item["city"].pk for item in participants}
    event.participations.exclude(city_id__in=listed).delete()
    for item in participants:
        participation = current.get(item["city"].pk) or Participation(
            event=event, city=item["city"]
        )
        participation.role = item["role"]
        participation.delegation_size = item.get("delegation_size")
        participation.full_clean()
        participation.save()
        if "composition" in item:
            participation.composition.all().delete()
            for category, count in _composition(item["composition"]):
                group = DelegationMember(
                    participation=participation, category=category, count=count
                )
                group.full_clean()
                group.save()


@transaction.atomic
def save_event(
    *,
    by,
    event: Event | None = None,
    participants: list[dict] | None = None,
    modality: str | None = None,
    **values,
) -> Event:
    """Create or edit an event with its participating cities, then recompute its modality.

    `participants` ([{"city", "role", "delegation_size", "composition"?}]), when given,
    replaces the participating cities (see `_save_participations`). `modality`, when
    given, is a curator's override.

    Who may change what (base.permissions): the event's organizers (its host city's
    officials, and curators) change everything; an official's city must still host or
    take part in the event they save. The officials of a city that only takes part
    change their own city's participation, nothing else: not the host, the other
    cities, nor the registration settings.
    """
    tags = {name: values.pop(name) for name in EVENT_EDITABLE_TAGS if name in values}
    unknown = set(values) - set(EVENT_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be written.") for name in unknown})
    if modality and not is_curator(by):
        raise ValidationError({"modality": _("Only curators may set the modality.")})
    city = None if is_curator(by) else official_city(by)
    if event is None:
        if not is_curator(by) and city is None:
            raise PermissionDenied(_("Only verified city officials and curators add events."))
        event = Event()
    else:
        # Compared with what is stored, not with an instance a form may have changed.
        event = Event.objects.select_for_update().get(pk=event.pk)
        if not organizes_event(by, event):
            participant = participating_city(by, event)
            if participant is None:
                raise PermissionDenied(_("Your city neither hosts nor joins this event."))
            errors = _participant_refusals(
                event, participant, values=values, tags=tags, participants=participants
            )
            if errors:
                raise ValidationError(errors)
    creating = event.pk is None
    was_cancelled = not creating and event.status == EventStatus.CANCELLED
    for name, value in values.items():
        setattr(event, name, value)
    if modality:
        event.modality = modality
        event.modality_overridden = True
    elif not event.modality:
        event.modality = "south-south"  # placeholder until the participants are saved
    errors = {}
    participant_city_ids = None
    if participants is not None:
        participant_city_ids = set()
        for item in participants:
            if item["city"].pk in participant_city_ids:
                errors["participants"] = [
                    _("A city takes part only once: %(city)s.") % {"city": item["city"]}
                ]
            participant_city_ids.add(item["city"].pk)
    if city is not None and not event_involves_city(
        event, city, participant_city_ids=participant_city_ids
    ):
        field = "host_city" if participants is None else "participants"
        errors.setdefault(field, [_("Your city must host or take part in the event.")])
    try:
        # A new event's slug is allocated from its title when it is saved.
        event.full_clean(exclude=["slug"] if creating else None)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    if creating:
        save_with_free_slug(event, title=event.title, fallback="event")
    else:
        event.save()
    for name, items in tags.items():
        getattr(event, name).set(items)
    if participants is not None:
        _save_participations(event, participants)
    event.refresh_modality()
    announce_event_saved(event, creating=creating, was_cancelled=was_cancelled, by=by)
    return event


def announce_event_saved(event: Event, *, creating: bool, was_cancelled: bool, by) -> None:
    """Tell the apps above this one (followers' news, webhooks) that `event` was added,
    changed or cancelled: from `save_event` and from the admin alike."""
    if creating:
        change = EVENT_CREATED
    elif event.status == EventStatus.CANCELLED and not was_cancelled:
        change = EVENT_CANCELLED
    else:
        change = EVENT_UPDATED
    event_saved.send(sender=Event, event=event, change=change, by=by)


@transaction.atomic
def report_progress(
    *,
    by,
    status: str,
    summary: str,
    commitment: Commitment | None = None,
    action: Action | None = None,
    evidence_url: str = "",
    city: City | None = None,
    today: datetime.date | None = None,
) -> ProgressReport:
    """Record a responsible city's progress report on a commitment or an action, for the
    period of its schedule that runs today (see exchanges.reporting).

    An official reports for their own city; a curator for the city given, or for none
    (the network's own report)."""
    item = commitment or action
    field = "commitment" if commitment is not None else "action"
    if (commitment is None) == (action is None):
        raise ValidationError({"action": _("Report on one commitment or one action.")})
    if not can_report_progress(by, item):
        raise PermissionDenied(_("Only the responsible cities' officials report on this."))
    if item.report_every_months is None:
        raise ValidationError({field: _("No progress report is scheduled for this.")})
    if action is not None and action.status in {ActionStatus.DONE, ActionStatus.DROPPED}:
        raise ValidationError({"action": _("This action is finished: it reports no more.")})
    if not is_curator(by):
        own = official_city(by)
        if city is not None and city != own:
            raise ValidationError({"city": _("You report for your own city only.")})
        city = own
    today = today or timezone.localdate()
    report = ProgressReport(
        commitment=commitment,
        action=action,
        city=city,
        status=status,
        summary=summary,
        evidence_url=evidence_url,
        by=by,
        period_ends_on=next_due_date(item.roadmap.adopted_on, item.report_every_months, today),
    )
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def check_in_delegate(*, registration: Registration, by) -> Registration:
    """Record that a confirmed delegate has arrived at the event: the organizers'."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not can_receive_delegates(by, registration.event):
        raise PermissionDenied(_("Only the event's organizers check delegates in."))
    if registration.checked_in_at is not None:
        raise ValidationError({"status": _("This delegate has already checked in.")})
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError({"status": _("Only a confirmed delegate checks in.")})
    if registration.anonymized_at is not None:
        raise ValidationError({"status": _("This registration is anonymized.")})
    registration.checked_in_at = timezone.now()
    registration.full_clean()
    registration.save(update_fields=["checked_in_at"])
    return registration
