"""The modality of a peer learning exchange: the one place that decides it.

All participating cities in the Global South and no organizer or supporter from
outside it is South-South; the same with such an organization (international
organizations and donors always count as outside) is triangular; cities from both
North and South is North-South; only northern cities is North-North.
"""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class Modality(models.TextChoices):
    SOUTH_SOUTH = "south-south", _("South-South")
    TRIANGULAR = "triangular", _("Triangular")
    NORTH_SOUTH = "north-south", _("North-South")
    NORTH_NORTH = "north-north", _("North-North")


def modality_for(*, cities_in_south: Iterable[bool], organizations_outside: Iterable[bool]) -> str:
    """The modality of an exchange between cities (True: in the Global South) with
    organizers and supporters (True: from outside the Global South)."""
    cities = list(cities_in_south)
    if not cities:
        raise ValueError("an exchange needs at least one city to have a modality")
    if all(cities):
        return Modality.TRIANGULAR if any(organizations_outside) else Modality.SOUTH_SOUTH
    if any(cities):
        return Modality.NORTH_SOUTH
    return Modality.NORTH_NORTH


def compute_modality(event) -> str:
    """The default modality of `event`, from its host, participants, organizers and supporters."""
    cities = {event.host_city_id: event.host_city}
    for participation in event.participations.all():
        cities[participation.city_id] = participation.city
    organizations = {org.pk: org for org in event.organizers.all()}
    organizations.update({org.pk: org for org in event.supporters.all()})
    return modality_for(
        cities_in_south=(city.country.global_south for city in cities.values()),
        organizations_outside=(org.is_outside_global_south for org in organizations.values()),
    )
