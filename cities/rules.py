"""A city's population class: the one place that draws the boundaries.

Intermediary cities are those of 50,000 to 500,000 inhabitants, the definition used
at the Lleida forum on intermediary cities (June 2013).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PopulationClass(models.TextChoices):
    SMALL = "small", _("Small city (under 50,000)")
    INTERMEDIARY = "intermediary", _("Intermediary city (50,000 to 500,000)")
    LARGE = "large", _("Large city (500,001 to 1,000,000)")
    METROPOLIS = "metropolis", _("Metropolis (over 1,000,000)")


# Inclusive population bounds of each class; None means unbounded.
POPULATION_CLASS_BOUNDS: dict[str, tuple[int | None, int | None]] = {
    PopulationClass.SMALL: (0, 49_999),
    PopulationClass.INTERMEDIARY: (50_000, 500_000),
    PopulationClass.LARGE: (500_001, 1_000_000),
    PopulationClass.METROPOLIS: (1_000_001, None),
}


def population_class(population: int | None) -> str | None:
    """The class of a city of that population, or None when the population is unknown."""
    if population is None:
        return None
    for klass, (low, high) in POPULATION_CLASS_BOUNDS.items():
        if population >= low and (high is None or population <= high):
            return str(klass)
    raise ValueError(f"population must be zero or more, got {population}")


def population_class_q(klass: str, field: str = "population") -> models.Q:
    """A filter on `field` that selects the cities of class `klass`."""
    low, high = POPULATION_CLASS_BOUNDS[PopulationClass(klass)]
    q = models.Q(**{f"{field}__gte": low})
    if high is not None:
        q &= models.Q(**{f"{field}__lte": high})
    return q
