"""Who may do what: the one place that decides, for the web views and the API alike.

Anonymous visitors and partners read published content. Verified city officials
write for their own city: events it hosts or joins, its profile, its practices until
published, its delegates, the roadmap actions it owns. Curators may do everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

from .models import Role

if TYPE_CHECKING:  # the objects the rules read, from the apps above this one
    from cities.models import City
    from exchanges.models import Action, Event, Registration
    from practices.models import Practice


def _group_names(user) -> set[str]:
    # Cached on the user object: one query per request, however many checks it makes.
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
    return user._role_names


def is_curator(user) -> bool:
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return False
    return user.is_superuser or Role.CURATOR in _group_names(user)


def official_city(user) -> City | None:
    """The city a verified official speaks for; None for anyone else."""
    if user is None or not user.is_authenticated or Role.OFFICIAL not in _group_names(user):
        return None
    membership = getattr(user, "membership", None)
    if membership is None or membership.verified_at is None:
        return None
    return membership.city


def can_create_event(user) -> bool:
    return is_curator(user) or official_city(user) is not None


def event_involves_city(event: Event, city: City) -> bool:
    return event.host_city_id == city.pk or event.participations.filter(city=city).exists()


def can_edit_event(user, event: Event) -> bool:
    if is_curator(user):
        return True
    city = official_city(user)
    return city is not None and event_involves_city(event, city)


def can_override_modality(user) -> bool:
    return is_curator(user)


def can_edit_city(user, city: City) -> bool:
    return is_curator(user) or official_city(user) == city


def can_submit_practice(user) -> bool:
    return is_curator(user) or official_city(user) is not None


def can_edit_practice(user, practice: Practice) -> bool:
    if is_curator(user):
        return True
    return (
        official_city(user) is not None
        and practice.submitted_by_id == user.pk
        and not practice.is_published
    )


def can_review_practices(user) -> bool:
    return is_curator(user)


def can_register_delegates(user, event: Event) -> bool:
    return is_curator(user) or official_city(user) is not None


def can_manage_registrations(user, event: Event) -> bool:
    """The event's organizers (officials of the host city) and curators see every
    registration of the event; others only those they made."""
    if is_curator(user):
        return True
    city = official_city(user)
    return city is not None and event.host_city_id == city.pk


def can_view_registration(user, registration: Registration) -> bool:
    if can_manage_registrations(user, registration.event):
        return True
    return (
        official_city(user) is not None
        and user.pk is not None
        and registration.registered_by_id == user.pk
    )


def can_update_action(user, action: Action) -> bool:
    if is_curator(user):
        return True
    city = official_city(user)
    return city is not None and action.responsible_cities.filter(pk=city.pk).exists()


def can_record_adoption(user, city: City) -> bool:
    """Officials record the adoptions of their own city, curators those of any city."""
    if is_curator(user):
        return True
    own = official_city(user)
    return own is not None and own == city


def can_record_adoptions(user) -> bool:
    """Whether `user` may record an adoption for some city."""
    return is_curator(user) or official_city(user) is not None


def can_confirm_practice(user, practice: Practice) -> bool:
    """Confirm a published practice is still current: its submitter, or a curator."""
    if is_curator(user):
        return True
    return (
        user is not None
        and user.is_authenticated
        and practice.submitted_by_id is not None
        and practice.submitted_by_id == user.pk
    )
