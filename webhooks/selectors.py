"""Reads on webhooks."""

from .models import Delivery, Subscription


def subscriptions_of(user):
    """The subscriptions `user` manages: their own, whoever they are (curators too)."""
    return Subscription.objects.owned_by(user)


def deliveries_of(subscription: Subscription):
    """Its delivery log, newest first."""
    return Delivery.objects.filter(subscription=subscription).order_by("-created_at", "-pk")
