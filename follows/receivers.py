"""What followers hear of, recorded from the signals of the apps below this one
(practices.signals, exchanges.signals), which may not import it."""

from django.utils import timezone

from exchanges.models import EventStatus
from exchanges.signals import EVENT_CANCELLED, EVENT_CREATED, action_updated, event_saved
from practices.signals import practice_published

from .models import ActivityKind
from .services import notify_followers


def on_practice_published(sender, *, practice, **kwargs):
    """A practice published in a city or tagged with a pillar (or presented at an
    exchange); a re-publication after changes is news again."""
    notify_followers(
        key=f"practice-published:{practice.pk}:{practice.published_at.isoformat()}",
        kind=ActivityKind.PRACTICE_PUBLISHED,
        title=practice.title,
        path=practice.get_absolute_url(),
        cities=[practice.city] if practice.city_id else [],
        pillars=practice.pillars.all(),
        events=practice.events.all(),
    )


def _event_kind(event, change) -> str:
    if change == EVENT_CREATED:
        return ActivityKind.EVENT_CREATED
    if change == EVENT_CANCELLED:
        return ActivityKind.EVENT_CANCELLED
    if event.status == EventStatus.HELD:
        return ActivityKind.EVENT_HELD
    return ActivityKind.EVENT_UPDATED


def on_event_saved(sender, *, event, change, by=None, **kwargs):
    """An exchange added, changed, held or cancelled: news for the followers of the
    exchange, of the cities that host or join it and of its pillars."""
    now = timezone.now()
    notify_followers(
        key=f"event:{event.pk}:{now.isoformat()}",
        kind=_event_kind(event, change),
        title=event.title,
        path=event.get_absolute_url(),
        cities={event.host_city, *(p.city for p in event.participations.all())},
        pillars=event.pillars.all(),
        events=[event],
        actor=by,
        occurred_at=now,
    )


def on_action_updated(sender, *, update, **kwargs):
    """A roadmap action followed up: news for the followers of its responsible cities,
    of the exchange where the roadmap was adopted and of the one that carried it out."""
    action = update.action
    roadmap = action.roadmap
    events = [e for e in (roadmap.event, action.carried_out_by) if e is not None]
    notify_followers(
        key=f"action-updated:{update.pk}",
        kind=ActivityKind.ACTION_UPDATED,
        title=f"{action.title} ({roadmap.title})",
        path=roadmap.get_absolute_url(),
        cities=action.responsible_cities.all(),
        events=events,
        actor=update.by,
        occurred_at=update.at,
    )


def connect() -> None:
    practice_published.connect(on_practice_published, dispatch_uid="follows.practice_published")
    event_saved.connect(on_event_saved, dispatch_uid="follows.event_saved")
    action_updated.connect(on_action_updated, dispatch_uid="follows.action_updated")
