from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
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


class ChallengeStatus(models.TextChoices):
    LOOKING = "looking-for-partners", _("Looking for partners")
    FORMED = "partnership-formed", _("Partnership formed")
    CLOSED = "closed", _("Closed")


class ChallengeQuerySet(models.QuerySet):
    def open(self):
        """Challenges still looking for partners."""
        return self.filter(status=ChallengeStatus.LOOKING)

    def with_references(self):
        return self.select_related("city__country").prefetch_related("pillars", "sdgs", "sectors")


class Challenge(models.Model):
    """What a city struggles with and seeks partners for ("our market vendors lack
    sanitation and a voice"), matched to practices, cities and exchanges that may help
    (matching.challenge_matches)."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    city = models.ForeignKey(
        "cities.City",
        verbose_name=_("city"),
        on_delete=models.CASCADE,
        related_name="posted_challenges",
    )
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"))
    pillars = models.ManyToManyField(
        "base.Pillar", verbose_name=_("pillars"), blank=True, related_name="challenges"
    )
    sdgs = models.ManyToManyField(
        "base.SDG", verbose_name=_("SDGs"), blank=True, related_name="challenges"
    )
    sectors = models.ManyToManyField(
        "base.Sector", verbose_name=_("sectors"), blank=True, related_name="challenges"
    )
    status = models.CharField(
        _("status"), max_length=24, choices=ChallengeStatus.choices, default=ChallengeStatus.LOOKING
    )
    partner_cities = models.ManyToManyField(
        "cities.City",
        verbose_name=_("partner cities"),
        blank=True,
        related_name="partnered_challenges",
        help_text=_("The cities the partnership was formed with."),
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posted_challenges",
    )
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "title", "id"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ChallengeStatus.values), name="challenge_status_valid"
            ),
            models.CheckConstraint(condition=~models.Q(title=""), name="challenge_has_a_title"),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="challenge_status_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("challenge-detail", kwargs={"slug": self.slug})


class ChallengeOffer(models.Model):
    """A city's answer to a challenge: "we can help"."""

    challenge = models.ForeignKey(
        Challenge, verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="offers"
    )
    city = models.ForeignKey(
        "cities.City",
        verbose_name=_("city"),
        on_delete=models.CASCADE,
        related_name="challenge_offers",
    )
    message = models.TextField(_("how the city can help"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="challenge_offers",
    )
    created_at = models.DateTimeField(_("offered at"), default=timezone.now)

    class Meta:
        ordering = ["challenge", "created_at", "id"]
        verbose_name = _("offer of help")
        verbose_name_plural = _("offers of help")
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "city"], name="challenge_offer_one_per_city"
            ),
            models.CheckConstraint(
                condition=~models.Q(message=""), name="challenge_offer_says_how"
            ),
        ]

    def __str__(self):
        return f"{self.city_id} → {self.challenge_id}"


class ChallengeNotification(models.Model):
    """An official of a matching city to be told of a challenge, in their next digest:
    written when the challenge is posted, read and marked by the digest
    (`matching.challenge_notifications`)."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="notifications")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenge_notifications"
    )
    city = models.ForeignKey(
        "cities.City", on_delete=models.CASCADE, related_name="challenge_notifications"
    )
    reasons = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("challenge notification")
        verbose_name_plural = _("challenge notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "user"], name="challenge_notification_once_per_user"
            ),
        ]

    def __str__(self):
        return f"{self.challenge_id} → {self.user_id}"
