from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .reference import TranslatedNameField


class Role(models.TextChoices):
    """Roles are Django groups; these are their names."""

    OFFICIAL = "city-officials", _("City official")
    CURATOR = "curators", _("Curator")
    PARTNER = "partners", _("Partner")


# The reference taxonomies every app tags its content with. Their tables keep the names
# of the apps they were first created in (practices, cities): existing databases move
# without copying a row.


class Pillar(models.Model):
    """One of the four pillars of the ILO's Decent Work Agenda."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = TranslatedNameField(_("name"), max_length=120)
    short_name = TranslatedNameField(_("short name"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), unique=True)

    class Meta:
        db_table = "practices_pillar"
        ordering = ["position"]
        verbose_name = _("Decent Work pillar")
        verbose_name_plural = _("Decent Work pillars")

    def __str__(self):
        return str(self.name)  # in the reader's language


class SDG(models.Model):
    """One of the 17 Sustainable Development Goals."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = TranslatedNameField(_("name"), max_length=120)
    colour = models.CharField(_("colour"), max_length=7)

    class Meta:
        db_table = "practices_sdg"
        ordering = ["number"]
        verbose_name = _("Sustainable Development Goal")
        verbose_name_plural = _("Sustainable Development Goals")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=17), name="sdg_number_1_to_17"
            ),
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9A-Fa-f]{6}$"), name="sdg_colour_hex"
            ),
        ]

    def __str__(self):
        return _("SDG %(number)s: %(name)s") % {"number": self.number, "name": self.name}


class Criterion(models.Model):
    """A criterion a good practice can meet, as listed in the Maputo roadmap."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = TranslatedNameField(_("name"), max_length=80)

    class Meta:
        db_table = "practices_criterion"
        ordering = ["name"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        return str(self.name)  # in the reader's language


class Sector(models.Model):
    """A key sector of the urban economy."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = TranslatedNameField(_("name"), max_length=100)

    class Meta:
        db_table = "cities_sector"
        ordering = ["name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return str(self.name)  # in the reader's language


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


class Convention(models.Model):
    """An ILO convention a practice serves, by its number and its title in NORMLEX."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year adopted"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("ILO convention")
        verbose_name_plural = _("ILO conventions")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="convention_number_positive"),
            models.CheckConstraint(
                condition=Q(year__gte=1919) & Q(year__lte=2100), name="convention_year_plausible"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def code(self) -> str:
        """As NORMLEX writes it: C029, C155."""
        return f"C{self.number:03d}"

    @property
    def normlex_url(self) -> str:
        return (
            "https://normlex.ilo.org/dyn/normlex/en/f?p=NORMLEXPUB:12100:0::NO::"
            f"P12100_ILO_CODE:{self.code}"
        )


class LearningStage(models.Model):
    """A stage of the ILO's local development for decent work approach, where an
    exchange or a practice sits in the peer learning cycle."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = TranslatedNameField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), unique=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("learning cycle stage")
        verbose_name_plural = _("learning cycle stages")
        constraints = [
            models.CheckConstraint(
                condition=Q(position__gte=1), name="learning_stage_position_positive"
            ),
        ]

    def __str__(self):
        return str(self.name)


class LearningFormat(models.Model):
    """A way peers learn at an exchange: a field visit, a World Café, a learning report."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = TranslatedNameField(_("name"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), unique=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("learning format")
        verbose_name_plural = _("learning formats")
        constraints = [
            models.CheckConstraint(
                condition=Q(position__gte=1), name="learning_format_position_positive"
            ),
        ]

    def __str__(self):
        return str(self.name)
