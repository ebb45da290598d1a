"""A person's webhook subscriptions in their data download (deleted with the account)."""

from .models import Subscription


def subscriptions_owned(user) -> list[dict]:
    return [
        {
            "url": subscription.url,
            "events": subscription.events,
            "active": subscription.active,
            "created_at": subscription.created_at.isoformat(),
        }
        for subscription in Subscription.objects.filter(owner=user).order_by("pk")
    ]
