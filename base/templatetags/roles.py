from django import template

from base import permissions

register = template.Library()


@register.filter
def is_curator(user) -> bool:
    return permissions.is_curator(user)


@register.filter
def is_verified_official(user) -> bool:
    return permissions.official_city(user) is not None


@register.filter
def organizes_event(user, event) -> bool:
    return permissions.organizes_event(user, event)


@register.filter
def can_edit_event(user, event) -> bool:
    return permissions.can_edit_event(user, event)


@register.filter
def can_edit_practice(user, practice) -> bool:
    return permissions.can_edit_practice(user, practice)


@register.filter
def can_register_delegates(user, event) -> bool:
    return permissions.can_register_delegates(user, event)


@register.filter
def can_receive_delegates(user, event) -> bool:
    return permissions.can_receive_delegates(user, event)
