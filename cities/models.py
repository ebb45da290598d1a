from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from base.dates import DatePrecision, format_period, period_start_q, precision_errors

from .countries import CountryNameField
from .rules import PopulationClass, population_class, population_class_q


class Region(models.TextChoices):
    """The ILO's regions."""

    AFRICA = "africa", _("Africa")
    AMERICAS = "americas", _("Americas")
    ARAB_STATES = "arab-states", _("Arab States")
    ASIA_PACIFIC = "asia-pacific", _("Asia and the Pacific")
    EUROPE_CENTRAL_ASIA = "europe-central-asia", _("Europe and Central Asia")


class CountryQuerySet(models.QuerySet):
    def with_cities(self):
        """The countries some city of the network is in: each looked up in the cities'
        country index, where joining every city and removing duplicates read them all."""
        return self.filter(Exists(City.objects.filter(country=OuterRef("pk"))))


class Country(models.Model):
    code = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    # The English name; shown in the reader's language (cities/countries.py).
    name = CountryNameField(_("name"), max_length=100)
    region = models.CharField(_("region"), max_length=32, choices=Region.choices)
    global_south = models.BooleanField(_("Global South"))

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"), name="country_code_iso_alpha2"
            ),
            models.CheckConstraint(
                condition=Q(region__in=Region.values), name="country_region_valid"
            ),
        ]

    def __str__(self):
        return str(self.name)


class OrganizationKind(models.TextChoices):
    INTERNATIONAL = "international", _("International organization")
    DONOR = "donor", _("Donor")
    LOCAL_GOVERNMENT_ASSOCIATION = (
        "local-government-association",
        _("Local government association"),
    )
    NATIONAL_GOVERNMENT = "national-government", _("National government")
    WORKERS = "workers", _("Workers' organization")
    EMPLOYERS = "employers", _("Employers' organization")
    NGO = "ngo", _("Non-governmental organization")
    TRAINING = "training", _("Training institution")
    ACADEMIC = "academic", _("Academic institution")


class Organization(models.Model):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=OrganizationKind.choices)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
    )
    multilateral = models.BooleanField(
        _("multilateral"),
        default=False,
        help_text=_(
            "A multilateral organization or international network of local governments "
            "(the ILO, UCLG, UN agencies): it facilitates exchanges and never makes one "
            "triangular or northern, whatever its seat."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        indexes = [
            models.Index(fields=["name"], name="organization_name_idx"),
            models.Index(fields=["kind"], name="organization_kind_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganizationKind.values), name="organization_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def is_northern(self) -> bool:
        """A donor, or seated outside the Global South: unless multilateral, a Northern
        partner whose support makes a South-South exchange triangular
        (`exchanges.rules`)."""
        if self.kind == OrganizationKind.DONOR:
            return True
        return self.country is not None and not self.country.global_south


class CityQuerySet(models.QuerySet):
    def of_population_class(self, klass: str):
        return self.filter(population_class_q(klass))

    def in_region(self, region: str):
        return self.filter(country__region=region)

    def with_references(self):
        return self.select_related("country")


class City(models.Model):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=150)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="cities"
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    sectors = models.ManyToManyField(
        "base.Sector", verbose_name=_("key sectors"), blank=True, related_name="cities"
    )
    networks = models.ManyToManyField(
        Organization, verbose_name=_("networks"), blank=True, related_name="member_cities"
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # Full-text search on PostgreSQL, kept up to date by a database trigger (see
    # portal/fulltext.py); unused on SQLite.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    objects = CityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        indexes = [
            # The directory's and the API's order: the first page without a sort.
            models.Index(fields=["name", "id"], name="city_name_idx"),
            # Population classes are ranges of population; also an API ordering.
            models.Index(fields=["population"], name="city_population_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90) & Q(latitude__lte=90), name="city_latitude_range"
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180) & Q(longitude__lte=180),
                name="city_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(population__gte=0) | Q(population__isnull=True),
                name="city_population_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(population_year__isnull=True)
                | (Q(population_year__gte=1800) & Q(population_year__lte=2100)),
                name="city_population_year_plausible",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("city-detail", kwargs={"slug": self.slug})

    @property
    def population_class(self) -> str | None:
        return population_class(self.population)

    def get_population_class_display(self):
        klass = self.population_class
        return PopulationClass(klass).label if klass else ""


class PlaceKind(models.TextChoices):
    STATE = "state", _("State")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    ISLAND = "island", _("Island")
    AREA = "area", _("Area")


class Place(models.Model):
    """A place the sources name below or beside the city: a province, a district, an
    island, an area of a city (Meuraxa in Banda Aceh)."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=10, choices=PlaceKind.choices)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="places"
    )
    city = models.ForeignKey(
        City,
        verbose_name=_("in the city"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="places",
        help_text=_("For an area of a city."),
    )

    class Meta:
        ordering = ["country__name", "name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PlaceKind.values), name="place_kind_valid"),
            models.UniqueConstraint(
                fields=["country", "kind", "name"], name="place_one_per_country_kind_name"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()}, {self.country})"

    def clean(self):
        if self.city_id is not None and self.country_id != self.city.country_id:
            raise ValidationError({"city": _("The city is in another country.")})


class PartnershipKind(models.TextChoices):
    TWINNING = "twinning", _("Twinning")
    COOPERATION_AGREEMENT = "cooperation-agreement", _("Cooperation agreement")
    MEMORANDUM = "memorandum", _("Memorandum of understanding")
    PROJECT = "project", _("Project")


class PartnershipStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    IN_PROCESS = "in-process", _("In process")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class Partnership(models.Model):
    """A standing agreement between two or more parties: cities (a twinning, a
    cooperation agreement) or organizations (the ILO-UCLG memorandum of 2012)."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200)
    cities = models.ManyToManyField(
        City, verbose_name=_("cities"), blank=True, related_name="partnerships"
    )
    organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("organizations"),
        blank=True,
        related_name="agreements",
        help_text=_("Organizations that are parties to the agreement (not its supporters)."),
    )
    scope = models.TextField(
        _("scope"),
        blank=True,
        help_text=_("What the parties agreed to cooperate on, in the agreement's own words."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=PartnershipKind.choices)
    status = models.CharField(_("status"), max_length=16, choices=PartnershipStatus.choices)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    date_precision = models.CharField(
        _("dates known to the"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_('The agreement of "September 2012" starts on its first day, to the month.'),
    )
    themes = models.JSONField(
        _("themes"), default=list, blank=True, help_text=_("Short theme labels, one per item.")
    )
    supporters = models.ManyToManyField(
        Organization, verbose_name=_("supporters"), blank=True, related_name="partnerships"
    )
    description = models.TextField(_("description"), blank=True)

    # Where the record comes from (sources app): see docs/provenance.md.
    citations = GenericRelation("sources.Citation")

    class Meta:
        ordering = ["name"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        indexes = [
            models.Index(fields=["name"], name="partnership_name_idx"),
            models.Index(fields=["status"], name="partnership_status_idx"),
            models.Index(fields=["kind"], name="partnership_kind_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="partnership_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=PartnershipKind.values), name="partnership_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=PartnershipStatus.values), name="partnership_status_valid"
            ),
            models.CheckConstraint(
                condition=period_start_q("start_date", "date_precision"),
                name="partnership_start_matches_precision",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = precision_errors(
            self.date_precision,
            start=("start_date", self.start_date),
            end=("end_date", self.end_date),
        )
        if errors:
            raise ValidationError(errors)

    @property
    def dates_display(self) -> str:
        if self.start_date is None:
            return ""
        return format_period(self.start_date, self.end_date, self.date_precision)


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


class Membership(models.Model):
    """What the network knows of an account: the city an official speaks for, the
    language its emails are written in, and what the person wrote when they asked for
    the account (for the curator who verifies them)."""

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
    # The organisation the person works for: a curator's (ILO, UCLG...) names who
    # reviewed a practice on its review card.
    organization = models.ForeignKey(
        "cities.Organization",
        verbose_name=_("organization"),
        on_delete=models.SET_NULL,
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
    # Set from the language the person uses the site in (at sign-in), and on "My data".
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the emails the network sends them."),
    )
    request_message = models.TextField(
        _("message with the account request"), max_length=2000, blank=True
    )

    class Meta:
        # The table of the app it was first created in.
        db_table = "portal_membership"
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=language_codes()), name="membership_language_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.city or '-'})"


def member_organization(user) -> "Organization | None":
    """The organisation `user` works for, or None (no membership, or none recorded)."""
    try:
        return user.membership.organization
    except (Membership.DoesNotExist, AttributeError):
        return None


def member_language(user) -> str:
    """The language `user` reads the network's emails in: their preference, else the
    site's default language (an account without a membership, a new superuser)."""
    try:
        return user.membership.language
    except Membership.DoesNotExist:
        return settings.LANGUAGE_CODE
