"""Writes on cities: an official keeps their city's profile current."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import City

CITY_PROFILE_FIELDS = ["description", "website", "population", "population_year"]


@transaction.atomic
def update_city_profile(*, city: City, by, sectors=None, **values) -> City:
    """Change the profile fields of `city` (not its name, country or position)."""
    unknown = set(values) - set(CITY_PROFILE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be written.") for name in unknown})
    city = City.objects.select_for_update().get(pk=city.pk)
    for name, value in values.items():
        setattr(city, name, value)
    city.full_clean()
    city.save()
    if sectors is not None:
        city.sectors.set(sectors)
    return city
