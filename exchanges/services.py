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
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from base.cache import bump_content_version
from base.dates import months_before
from base.permissions import (
    can_register_delegate_of,
    is_bound_by_registration_limit,
    is_curator,
    official_city,
    organizes_event,
    participating_city,
)
from base.slugs import save_with_free_slug
from cities.models import City

from .models import (
    Action,
    ActionUpdate,
    Event,
    EventStatus,
    Participation,
    ParticipationRole,
    Registration,
    RegistrationStatus,
)
from .selectors import event_involves_city, events_citable_by
from .signals import EVENT_CANCELLED, EVENT_CREATED, EVENT_UPDATED, action_updated, event_saved


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


@transaction.atomic
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
) -> Registration:
    """Register a person: confirmed while the capacity lasts, waitlisted after.

    Each person (email, whatever its case) registers once per event unless cancelled.
    `registered_by`, when given, is the account registering: an official registers
    the delegates of their own city, up to the event's limit per official; the
    event's organizers register anyone, for any city, without limit.
    """
    if not consent:
        raise ValidationError(
            {"consent": _("The registrant must consent to the processing of their data.")}
        )
    event = Event.objects.select_for_update().get(pk=event.pk)
    refusal = registration_refusal(event, today=today)
    if refusal:
        raise ValidationError({"event": refusal})
    # The event's row is locked: the checks below hold until this registration is saved.
    if registered_by is not None:
        _check_registrant(event=event, city=city, registered_by=registered_by)
    if event.registrations.active().of_email(email).exists():
        raise ValidationError({"email": _("This person is already registered for this event.")})
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    registration = Registration(
        event=event,
        name=name,
        email=email,
        role=role,
        city=city,
        registered_by=registered_by,
        consented_at=timezone.now(),
        status=(
            RegistrationStatus.CONFIRMED
            if confirmed < event.capacity
            else RegistrationStatus.WAITLISTED
        ),
    )
    registration.full_clean()
    registration.save()
    return registration


def _check_registrant(*, event: Event, city: City | None, registered_by) -> None:
    if not can_register_delegate_of(registered_by, event, city):
        raise ValidationError({"city": _("You register the delegates of your own city only.")})
    limit = event.registrations_per_official
    if limit is None or not is_bound_by_registration_limit(registered_by, event):
        return
    made = event.registrations.active().filter(registered_by=registered_by).count()
    if made >= limit:
        message = ngettext(
            "You have registered %(limit)s delegate for this event: the most one official may.",
            "You have registered %(limit)s delegates for this event: the most one official may.",
            limit,
        )
        raise ValidationError({"event": message % {"limit": limit}})


@transaction.atomic
def cancel_registration(*, registration: Registration) -> Registration | None:
    """Cancel a registration; a freed seat goes to the oldest waitlisted registration,
    which is returned."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration.refresh_from_db()
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError({"status": _("This registration is already cancelled.")})
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status"])
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    if event.capacity is None or confirmed >= event.capacity:
        return None
    promoted = (
        event.registrations.filter(status=RegistrationStatus.WAITLISTED)
        .order_by("created_at", "id")
        .first()
    )
    if promoted is not None:
        promoted.status = RegistrationStatus.CONFIRMED
        promoted.save(update_fields=["status"])
    return promoted


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
    count = Registration.objects.filter(
        event__end_date__lte=cutoff, anonymized_at__isnull=True
    ).update(
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
    "host_city",
    "venue",
    "start_date",
    "end_date",
    "status",
    "summary",
    "objectives",
    "outcomes",
    "report_url",
    "capacity",
    "registration_deadline",
    "registrations_per_official",
]
EVENT_EDITABLE_TAGS = ["pillars", "sdgs", "sectors", "organizers", "supporters"]


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
    if given.keys() != current.keys() or any(
        given[pk] != current[pk] for pk in current if pk != city.pk
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

    `participants` ([{"city", "role", "delegation_size"}]), when given, replaces the
    participating cities. `modality`, when given, is a curator's override.

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
        event.participations.all().delete()
        for item in participants:
            participation = Participation(
                event=event,
                city=item["city"],
                role=item["role"],
                delegation_size=item.get("delegation_size"),
            )
            participation.full_clean()
            participation.save()
    event.refresh_modality()
    if creating:
        change = EVENT_CREATED
    elif event.status == EventStatus.CANCELLED and not was_cancelled:
        change = EVENT_CANCELLED
    else:
        change = EVENT_UPDATED
    event_saved.send(sender=Event, event=event, change=change, by=by)
    return event
