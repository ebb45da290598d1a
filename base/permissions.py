"""Who may do what: the one place that decides, for the web views and the API alike.

Anonymous visitors and partners read published content. Verified city officials
write for their own city: its profile, its practices until published, its delegates,
the roadmap actions it owns. An event is organized by its host city: the host's
officials change it and see its registrations, while the officials of a city that
takes part change only their own city's participation. Curators may do everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

from .models import Role

if TYPE_CHECKING:  # the objects the rules read, from the apps above this one
    from cities.models import City
    from exchanges.models import Action, Commitment, Event, Registration
    from matching.models import Challenge
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


def can_manage_webhooks(user) -> bool:
    """Partners (and curators) subscribe their systems to the network's news."""
    if user is None or not user.is_authenticated:
        return False
    return is_curator(user) or Role.PARTNER in _group_names(user)


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


def organizes_event(user, event: Event) -> bool:
    """The event's organizers: the officials of its host city, and curators. They alone
    change the host, the participating cities and the registration settings, and see
    every registration. Taking part in an event confers none of this: no account
    speaks for an organizing organization, so the host city stands for them."""
    if is_curator(user):
        return True
    city = official_city(user)
    return city is not None and event.host_city_id == city.pk


def participating_city(user, event: Event) -> City | None:
    """The city `user` speaks for when it takes part in `event` without hosting it."""
    city = official_city(user)
    if city is None or event.host_city_id == city.pk or event.pk is None:
        return None
    return city if event.participations.filter(city=city).exists() else None


def can_edit_event(user, event: Event) -> bool:
    """Organizers edit the whole event; a participating city's officials, their city's
    participation only (role and delegation size)."""
    return organizes_event(user, event) or participating_city(user, event) is not None


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


def can_register_delegate_of(user, event: Event, city: City | None) -> bool:
    """Officials register the delegates of their own city; the event's organizers and
    curators those of any city (or of none)."""
    if organizes_event(user, event):
        return True
    own = official_city(user)
    return own is not None and city is not None and city.pk == own.pk


def is_bound_by_registration_limit(user, event: Event) -> bool:
    """The event's limit of registrations per official binds all but its organizers."""
    return not organizes_event(user, event)


def can_manage_registrations(user, event: Event) -> bool:
    """The event's organizers see, export and cancel every registration of the event;
    others only those they made."""
    return organizes_event(user, event)


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


def can_report_progress(user, item: Action | Commitment) -> bool:
    """Progress reports on an action come from its responsible cities' officials, on a
    commitment from those of the cities responsible for one of its actions; curators
    report on any."""
    if is_curator(user):
        return True
    city = official_city(user)
    if city is None:
        return False
    if hasattr(item, "responsible_cities"):
        # From the prefetched cities when a page or the API read them with the action.
        return any(responsible.pk == city.pk for responsible in item.responsible_cities.all())
    return item.actions.filter(responsible_cities=city).exists()


def can_receive_delegates(user, event: Event) -> bool:
    """Checking delegates in, issuing their attendance certificates and visa invitation
    letters, and writing the exchange's learning note: the event's organizers."""
    return organizes_event(user, event)


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


def can_post_challenge(user) -> bool:
    """Officials post their own city's challenges, curators those of any city."""
    return is_curator(user) or official_city(user) is not None


def can_edit_challenge(user, challenge: Challenge) -> bool:
    """The officials of the challenge's city, and curators, edit it and change its status."""
    if is_curator(user):
        return True
    own = official_city(user)
    return own is not None and own.pk == challenge.city_id


def can_offer_help(user, challenge: Challenge) -> bool:
    """An official of another city answers "we can help" for their city; a curator for
    any other city."""
    if is_curator(user):
        return True
    own = official_city(user)
    return own is not None and own.pk != challenge.city_id


def can_see_duplicates(user) -> bool:
    """Curators see the likely duplicates among challenges and among practices."""
    return is_curator(user)


def can_see_contacts(user) -> bool:
    """The names of the officials to contact show to the network's members only: officials
    and curators, not to anonymous visitors."""
    return is_curator(user) or official_city(user) is not None
