"""Writes on exchanges: registering and cancelling delegates, following up roadmaps.

Confirmed registrations never exceed an event's capacity, also under concurrent
requests: each write locks the event's row, so registrations for one event are
decided one at a time.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from base.dates import months_before
from cities.models import City

from .models import (
    Action,
    ActionUpdate,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
)


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
    """Register a person: confirmed while the capacity lasts, waitlisted after."""
    if not consent:
        raise ValidationError(
            {"consent": _("The registrant must consent to the processing of their data.")}
        )
    event = Event.objects.select_for_update().get(pk=event.pk)
    refusal = registration_refusal(event, today=today)
    if refusal:
        raise ValidationError({"event": refusal})
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
    """Change a roadmap action's status, keeping who, when and the evidence."""
    action = Action.objects.select_for_update().get(pk=action.pk)
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
    return update


def anonymize_registrations(*, today: datetime.date | None = None) -> int:
    """Erase names and emails of registrations for events that ended 12 months ago or
    more, keeping city, role and status for statistics. Returns how many were erased."""
    today = today or timezone.localdate()
    cutoff = months_before(today, 12)
    now = timezone.now()
    return Registration.objects.filter(
        event__end_date__lte=cutoff, anonymized_at__isnull=True
    ).update(
        name=_("Anonymized delegate"),
        email=Concat(Value("anonymized-"), Cast("id", CharField()), Value("@invalid.example")),
        anonymized_at=now,
    )


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
]
EVENT_EDITABLE_TAGS = ["pillars", "sdgs", "sectors", "organizers", "supporters"]


def _unique_event_slug(title: str) -> str:
    from django.utils.text import slugify

    base = (slugify(title) or "event")[:100]
    slug, n = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def save_event(
    *,
    by,
    event: Event | None = None,
    participants: list[dict] | None = None,
    modality: str | None = None,
    city: City | None = None,
    **values,
) -> Event:
    """Create or edit an event with its participating cities, then recompute its modality.

    `participants` ([{"city", "role", "delegation_size"}]), when given, replaces the
    participating cities. `modality`, when given, is a curator's override. `city`, when
    given, is the official's city, which must host or join the event.
    """
    from .models import Participation

    tags = {name: values.pop(name) for name in EVENT_EDITABLE_TAGS if name in values}
    unknown = set(values) - set(EVENT_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be written.") for name in unknown})
    if event is None:
        event = Event()
    for name, value in values.items():
        setattr(event, name, value)
    if not event.slug:
        event.slug = _unique_event_slug(event.title or "")
    if modality:
        event.modality = modality
        event.modality_overridden = True
    elif not event.modality:
        event.modality = "south-south"  # placeholder until the participants are saved
    errors = {}
    if event.start_date and event.end_date and event.end_date < event.start_date:
        errors["end_date"] = _("The event ends before it starts.")
    if (
        event.registration_deadline
        and event.end_date
        and event.registration_deadline > event.end_date
    ):
        errors["registration_deadline"] = _("The registration deadline is after the event.")
    if participants is not None:
        seen = set()
        for item in participants:
            if item["city"].pk in seen:
                errors["participants"] = _("A city takes part only once: %(city)s.") % {
                    "city": item["city"]
                }
            seen.add(item["city"].pk)
        if city is not None and event.host_city_id != city.pk and city.pk not in seen:
            errors.setdefault("participants", _("Your city must host or take part in the event."))
    elif (
        city is not None
        and event.host_city_id != city.pk
        and (event.pk is None or not event.participations.filter(city=city).exists())
    ):
        errors["host_city"] = _("Your city must host or take part in the event.")
    if errors:
        raise ValidationError(errors)
    event.full_clean()
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
    return event
