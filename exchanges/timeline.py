"""The evidence trail of roadmap actions: each change of status, who made it and why."""

from django.db.models import Prefetch

from .models import ActionUpdate


def updates_prefetch(lookup: str = "updates") -> Prefetch:
    """An action's updates, oldest first, with their author and event in the same query."""
    return Prefetch(
        lookup,
        queryset=ActionUpdate.objects.select_related("by", "event").order_by("at", "id"),
    )


def public_name(user) -> str:
    """How a page or the API names the person who recorded an update: their full name,
    else their username, never an email address (usernames may be one)."""
    if user is None:
        return ""
    full_name = user.get_full_name().strip()
    if full_name:
        return full_name
    return user.get_username().split("@", 1)[0]
