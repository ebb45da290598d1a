"""Reads of the cities app that more than one page makes."""

from django.db.models import QuerySet

from base.models import Role

from .models import Membership, Partnership


def unverified_officials() -> QuerySet[Membership]:
    """The officials linked to a city whom no curator has verified yet, oldest first."""
    return (
        Membership.objects.filter(
            user__groups__name=Role.OFFICIAL, verified_at__isnull=True, city__isnull=False
        )
        .select_related("user", "city__country")
        .order_by("user__date_joined", "pk")
    )


def organization_agreements() -> QuerySet[Partnership]:
    """Agreements to which organizations are parties (the ILO-UCLG memorandum of 2012),
    oldest first, with their parties and supporters."""
    return (
        Partnership.objects.filter(organizations__isnull=False)
        .distinct()
        .prefetch_related("organizations", "supporters", "cities")
        .order_by("start_date", "name")
    )
