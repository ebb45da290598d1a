"""The evidence trail of roadmap actions: each change of status, who made it and why."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from .models import ActionUpdate


def updates_prefetch(lookup: str = "updates") -> Prefetch:
    """An action's updates, oldest first, with their author, the author's city and the
    event in the same query."""
    return Prefetch(
        lookup,
        queryset=ActionUpdate.objects.select_related("by__membership__city", "event").order_by(
            "at", "id"
        ),
    )


def public_name(user) -> str:
    """How a page or the API names the person who recorded an update: their full name
    and city, or either alone; never their login, which is no one else's business and
    may be an email address. Empty when there is neither."""
    if user is None:
        return ""
    full_name = user.get_full_name().strip()
    membership = getattr(user, "membership", None)
    city = membership.city.name if membership is not None and membership.city else ""
    if full_name and city:
        return _("%(name)s (%(city)s)") % {"name": full_name, "city": city}
    return full_name or city
