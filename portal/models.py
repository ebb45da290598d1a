from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles are Django groups; these are their names."""

    OFFICIAL = "city-officials", _("City official")
    CURATOR = "curators", _("Curator")
    PARTNER = "partners", _("Partner")


class Membership(models.Model):
    """What the network knows of an account: the city an official speaks for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="membership",
    )
    city = models.ForeignKey(
        "cities.City",
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} ({self.city or '-'})"


class SentEmail(models.Model):
    """An email the queue has delivered, by the stable key its sender gave it: a task
    delivered twice (a worker lost after sending, a retry racing the first attempt)
    finds its key here and sends nothing more. Only the key is kept, no address."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("sent email")
        verbose_name_plural = _("sent emails")

    def __str__(self):
        return self.key


class FailedTask(models.Model):
    """A background task that failed for good, after its retries: kept for staff to see
    in the admin, and to queue again once the cause is fixed."""

    task_id = models.CharField(_("task id"), max_length=255)
    task_name = models.CharField(_("task"), max_length=255, db_index=True)
    description = models.CharField(_("description"), max_length=500, blank=True)
    # What the task needs to run again; for mail, the message itself.
    arguments = models.JSONField(_("arguments"), default=dict, blank=True)
    error = models.TextField(_("error"))
    traceback = models.TextField(_("traceback"), blank=True)
    retries = models.PositiveIntegerField(_("retries"), default=0)
    failed_at = models.DateTimeField(_("failed at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("failed task")
        verbose_name_plural = _("failed tasks")
        ordering = ["-failed_at"]

    def __str__(self):
        return f"{self.task_name} ({self.failed_at:%Y-%m-%d %H:%M})"
