"""The emails of the exchanges: reminders of the progress reports due on roadmaps, and
those of the registration journey: the delegates' confirmation (with an
iCalendar invitation) or waiting-list notice, the organizers' notice of a new
delegation (with the invitation too), the offer of a seat that frees up (with a signed
link to confirm it before a deadline) and its confirmation, to the delegate and the
organizers.

Each is written in its recipient's language: a delegate's, the language they were
registered in (`Registration.language`); an organizer's, their membership's. Each
greets its recipient by name and links to the pages of that language. They are
composed by the tasks of `exchanges.tasks` and delivered through the queue
(`base.mail`), never inside a request."""

from collections.abc import Callable

from django.contrib.auth.models import Group
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from base.api.renderers import ICalendarRenderer
from base.mail import queue_email, recipient_name
from base.models import Role
from base.site import site_url
from cities.models import Membership, member_language

from .api.serializers import EventCalendarSerializer
from .models import Commitment, Event, Registration, RegistrationStatus
from .offers import offer_path
from .selectors import ReportDue


def officials_of(city_ids) -> list:
    """The verified, active officials of the cities, who receive their reminders."""
    memberships = (
        Membership.objects.filter(
            city_id__in=city_ids,
            verified_at__isnull=False,
            user__is_active=True,
            user__groups__name=Role.OFFICIAL,
        )
        .exclude(user__email="")
        .select_related("user", "city")
        .distinct()
    )
    return [membership.user for membership in memberships]


def queue_report_reminders(due: ReportDue, *, base_url: str) -> int:
    """Queue one reminder per official owing the report, in each one's language; the key
    names the item, the period and the person, so a second run sends nothing more."""
    item = due.item
    kind = "commitment" if isinstance(item, Commitment) else "action"
    queued = 0
    for user in officials_of(due.city_ids):
        with translation.override(member_language(user)):
            roadmap_url = base_url + reverse("roadmap-detail", kwargs={"slug": item.roadmap.slug})
            title = (
                _("Commitment %(number)s") % {"number": item.number}
                if kind == "commitment"
                else item.title
            )
            context = {
                "name": recipient_name(user),
                "title": title,
                "roadmap": item.roadmap.title,
                "due_on": due.due_on,
                "roadmap_url": f"{roadmap_url}#{kind}-{item.pk}",
            }
            queue_email(
                key=f"report-due:{kind}:{item.pk}:{due.due_on.isoformat()}:{user.pk}",
                subject=_("Progress report due on %(date)s: %(title)s")
                % {"date": due.due_on.isoformat(), "title": title},
                body=render_to_string("exchanges/report_due_email.txt", context),
                to=[user.email],
            )
        queued += 1
    return queued


def event_invitation(event: Event) -> dict:
    """The event as an iCalendar file to attach: the same VEVENT as the calendar feed."""
    row = EventCalendarSerializer(event).data
    content = "".join(ICalendarRenderer().stream([row], list(row), title=event.title))
    return {"filename": f"{event.slug}.ics", "content": content, "mimetype": "text/calendar"}


def organizers_of(event: Event):
    """The memberships of the officials of the event's host city who read its news: its
    verified officials with an email address."""
    officials = Group.objects.filter(name=Role.OFFICIAL)
    return (
        Membership.objects.filter(
            city_id=event.host_city_id,
            verified_at__isnull=False,
            user__groups__in=officials,
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__pk")
    )


def _context(event: Event, **extra) -> dict:
    # Reversed under the recipient's language: the links lead to their language's pages.
    return {
        "event": event,
        "event_url": site_url() + event.get_absolute_url(),
        **extra,
    }


def _queue_to_organizers(
    event: Event,
    *,
    key: str,
    subject: Callable[[], str],
    template: str,
    attachments: list[dict] | None = None,
    **context,
) -> None:
    """One email to each organizer of `event`, in their language (`subject` is called
    under it), greeting them by name and linking to the event's registrations."""
    for membership in organizers_of(event):
        user = membership.user
        with translation.override(membership.language):
            values = _context(
                event,
                name=recipient_name(user),
                registrations_url=site_url() + reverse("event-registrations", args=[event.slug]),
                **context,
            )
            queue_email(
                key=f"{key}:{user.pk}",
                subject=subject(),
                body=render_to_string(template, values),
                to=[user.email],
                attachments=attachments,
            )


def queue_registered_emails(registrations: list[Registration]) -> None:
    """Each delegate hears they are registered (confirmed, with the invitation, or on
    the waiting list); each organizer gets the list of the delegation."""
    if not registrations:
        return
    event = registrations[0].event
    for registration in registrations:
        if registration.anonymized_at is not None:
            continue
        confirmed = registration.status == RegistrationStatus.CONFIRMED
        with translation.override(registration.language):
            context = _context(event, registration=registration, name=registration.name)
            if confirmed:
                subject = _("You are registered for “%(title)s”")
            else:
                subject = _("You are on the waiting list for “%(title)s”")
            queue_email(
                key=f"registered:{registration.pk}",
                subject=subject % {"title": event.title},
                body=render_to_string("exchanges/emails/registered.txt", context),
                to=[registration.email],
                attachments=[event_invitation(event)] if confirmed else None,
            )
    _queue_to_organizers(
        event,
        key=f"registered-organizer:{registrations[0].pk}",
        subject=lambda: _("New registrations for “%(title)s”") % {"title": event.title},
        template="exchanges/emails/delegation_registered.txt",
        attachments=[event_invitation(event)],
        registrations=registrations,
    )


def queue_offer_emails(registration: Registration) -> None:
    """A seat freed up: the first person waiting is offered it, with a link to confirm it
    before the offer expires; the organizers are told who moves up."""
    event = registration.event
    with translation.override(registration.language):
        context = _context(
            event,
            registration=registration,
            name=registration.name,
            confirm_url=site_url() + offer_path(registration),
        )
        queue_email(
            key=f"seat-offered:{registration.pk}:{registration.offer_expires_at.isoformat()}",
            subject=_("A seat is free for you at “%(title)s”: please confirm")
            % {"title": event.title},
            body=render_to_string("exchanges/emails/seat_offered.txt", context),
            to=[registration.email],
        )
    _queue_to_organizers(
        event,
        key=f"seat-offered-organizer:{registration.pk}:{registration.offer_expires_at.isoformat()}",
        subject=lambda: (
            _("%(name)s moves up from the waiting list of “%(title)s”")
            % {"name": registration.name, "title": event.title}
        ),
        template="exchanges/emails/moved_up.txt",
        registration=registration,
    )


def queue_offer_confirmed_email(registration: Registration) -> None:
    """The delegate took the seat offered: their confirmation, with the invitation; the
    organizers hear the seat is taken."""
    event = registration.event
    with translation.override(registration.language):
        context = _context(event, registration=registration, name=registration.name)
        queue_email(
            key=f"seat-confirmed:{registration.pk}",
            subject=_("You are registered for “%(title)s”") % {"title": event.title},
            body=render_to_string("exchanges/emails/registered.txt", context),
            to=[registration.email],
            attachments=[event_invitation(event)],
        )
    _queue_to_organizers(
        event,
        key=f"seat-confirmed-organizer:{registration.pk}",
        subject=lambda: (
            _("%(name)s confirmed a seat at “%(title)s”")
            % {"name": registration.name, "title": event.title}
        ),
        template="exchanges/emails/seat_confirmed_organizer.txt",
        registration=registration,
    )
