"""What people follow (a city, a pillar, an event), what happened to it (activities),
and which activities each person's digest already carried (so none is sent twice)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class TargetKind(models.TextChoices):
    CITY = "city", _("City")
    PILLAR = "pillar", _("Decent Work pillar")
    EVENT = "event", _("Exchange")


TARGET_FIELDS = [kind.value for kind in TargetKind]


def _only(field: str) -> Q:
    condition = Q(**{f"{field}__isnull": False})
    for other in TARGET_FIELDS:
        if other != field:
            condition &= Q(**{f"{other}__isnull": True})
    return condition


class FollowQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(user=user)

    def with_targets(self):
        return self.select_related("city__country", "pillar", "event")


class Follow(models.Model):
    """A person follows exactly one city, pillar or event, and hears of it in a daily
    or weekly digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="follows",
    )
    city = models.ForeignKey(
        "cities.City",
        verbose_name=_("city"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
    )
    pillar = models.ForeignKey(
        "base.Pillar",
        verbose_name=_("Decent Work pillar"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
    )
    event = models.ForeignKey(
        "exchanges.Event",
        verbose_name=_("exchange"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
    )
    frequency = models.CharField(
        _("frequency"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    created_at = models.DateTimeField(_("followed since"), default=timezone.now)

    objects = FollowQuerySet.as_manager()

    class Meta:
        ordering = ["user", "-created_at", "-id"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=_only("city") | _only("pillar") | _only("event"),
                name="follow_exactly_one_target",
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="follow_frequency_valid"
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", field],
                    condition=Q(**{f"{field}__isnull": False}),
                    name=f"follow_{field}_once_per_user",
                )
                for field in TARGET_FIELDS
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.target}"

    @property
    def kind(self) -> str | None:
        return next((field for field in TARGET_FIELDS if getattr(self, f"{field}_id")), None)

    @property
    def target(self):
        return getattr(self, self.kind) if self.kind else None

    def clean(self):
        if sum(getattr(self, f"{field}_id") is not None for field in TARGET_FIELDS) != 1:
            raise ValidationError(_("Follow exactly one city, pillar or exchange."))


class ActivityKind(models.TextChoices):
    """What a digest reports. Another app's new kind of news is a new choice here (and
    its migration), recorded with `follows.services.notify_followers()`."""

    PRACTICE_PUBLISHED = "practice-published", _("New good practice")
    EVENT_CREATED = "event-created", _("New exchange")
    EVENT_UPDATED = "event-updated", _("Exchange updated")
    EVENT_HELD = "event-held", _("Exchange held")
    EVENT_CANCELLED = "event-cancelled", _("Exchange cancelled")
    ACTION_UPDATED = "action-updated", _("Roadmap action followed up")


class Activity(models.Model):
    """One change followers hear of: what it is about (cities, pillars, events: a
    follower of any of them hears of it), its title and its page."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=300)
    # The page's path in the default language; each digest translates it into the
    # recipient's (django.urls.translate_url).
    path = models.CharField(_("path"), max_length=500)
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now, db_index=True)
    # Who made the change: they are not told of their own doing.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cities = models.ManyToManyField(
        "cities.City", verbose_name=_("cities"), blank=True, related_name="follow_activities"
    )
    pillars = models.ManyToManyField(
        "base.Pillar",
        verbose_name=_("Decent Work pillars"),
        blank=True,
        related_name="follow_activities",
    )
    events = models.ManyToManyField(
        "exchanges.Event",
        verbose_name=_("exchanges"),
        blank=True,
        related_name="follow_activities",
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ActivityKind.values), name="activity_kind_valid"
            ),
            models.CheckConstraint(condition=Q(path__startswith="/"), name="activity_path_local"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"


class DigestItem(models.Model):
    """An activity a person's digest carried: recorded in the transaction that queues
    the digest, so a digest run twice never carries it again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="digest_items",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="digest_items",
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("digest item")
        verbose_name_plural = _("digest items")
        constraints = [
            models.UniqueConstraint(fields=["user", "activity"], name="digest_item_once_per_user"),
        ]

    def __str__(self):
        return f"{self.user} ← {self.activity}"


class SourceStop(models.Model):
    """A person stopped the items of a digest source (`follows.sources`: the challenges
    their city could help with), from the unsubscribe link of the digest that carried
    them: no digest carries them any more."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="digest_source_stops",
    )
    source = models.CharField(_("source"), max_length=40)
    stopped_at = models.DateTimeField(_("stopped at"), default=timezone.now)

    class Meta:
        verbose_name = _("stopped digest source")
        verbose_name_plural = _("stopped digest sources")
        constraints = [
            models.UniqueConstraint(fields=["user", "source"], name="source_stop_once_per_user"),
        ]

    def __str__(self):
        return f"{self.user} ✕ {self.source}"
