from django.db import models
from django.utils.translation import gettext_lazy as _


class ChallengeKind(models.TextChoices):
    PILLAR = "pillar", _("Decent Work pillar")
    SDG = "sdg", _("Sustainable Development Goal")


class CityChallenge(models.Model):
    """What a city works on: a pillar (by slug) or SDG (by number) of one of its published
    practices or of an exchange it hosts or joins. Derived, kept up to date by
    matching.challenges (signals), so that peer matching reads a few rows per city instead of
    every practice and exchange of the network."""

    city = models.ForeignKey("cities.City", on_delete=models.CASCADE, related_name="challenges")
    kind = models.CharField(max_length=10, choices=ChallengeKind.choices)
    key = models.CharField(max_length=120)

    class Meta:
        # The table of the app it was first created in.
        db_table = "cities_citychallenge"
        verbose_name = _("city challenge")
        verbose_name_plural = _("city challenges")
        constraints = [
            models.UniqueConstraint(fields=["city", "kind", "key"], name="city_challenge_unique"),
        ]

    def __str__(self):
        return f"{self.city_id} {self.kind} {self.key}"
