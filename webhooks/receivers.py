"""Notifications queued when practices are published and events change.

The apps that make those changes sit below this one and may not import it: their
services send signals (practices.signals, exchanges.signals), connected here.
"""

from django.conf import settings
from django.urls import reverse

from exchanges.signals import EVENT_CANCELLED, EVENT_CREATED, EVENT_UPDATED, event_saved
from practices.signals import practice_published

from .models import EventType
from .services import queue_notification

EVENT_TYPE_OF_CHANGE = {
    EVENT_CREATED: EventType.EVENT_CREATED,
    EVENT_UPDATED: EventType.EVENT_UPDATED,
    EVENT_CANCELLED: EventType.EVENT_CANCELLED,
}


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def practice_reference(practice) -> dict:
    """A small reference to a published practice: a partner reads the rest from the
    API (`api_url`), always the current version."""
    return {
        "slug": practice.slug,
        "title": practice.title,
        "published_at": practice.published_at.isoformat() if practice.published_at else None,
        "api_url": _absolute(reverse("api-v1:practice-detail", kwargs={"slug": practice.slug})),
        "url": _absolute(practice.get_absolute_url()),
    }


def event_reference(event) -> dict:
    return {
        "slug": event.slug,
        "title": event.title,
        "status": event.status,
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat(),
        "api_url": _absolute(reverse("api-v1:event-detail", kwargs={"slug": event.slug})),
        "url": _absolute(event.get_absolute_url()),
    }


def on_practice_published(sender, *, practice, **kwargs):
    queue_notification(
        event_type=EventType.PRACTICE_PUBLISHED,
        payload_id=practice.slug,
        data=practice_reference(practice),
    )


def on_event_saved(sender, *, event, change, **kwargs):
    queue_notification(
        event_type=EVENT_TYPE_OF_CHANGE[change],
        payload_id=event.slug,
        data=event_reference(event),
    )


def connect() -> None:
    practice_published.connect(on_practice_published, dispatch_uid="webhooks.practice_published")
    event_saved.connect(on_event_saved, dispatch_uid="webhooks.event_saved")
