# Countries, cities, organizations, partnerships and memberships (under the table name
# of the portal app that first created them), the countries' reference data and the
# cities' search vector. Squashed from cities 0001-0005 and portal 0001 (see replaces):
# the city challenges moved up to matching, the sectors down to base.

import django.contrib.postgres.search
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
import csv
from pathlib import Path

from base.fulltext import current_install_sql, run_on_postgresql, uninstall_sql

COUNTRIES_CSV = Path(__file__).resolve().parent.parent / "data" / "countries.csv"


def load_countries(apps, schema_editor):
    Country = apps.get_model("cities", "Country")
    with COUNTRIES_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            Country.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "region": row["region"],
                    "global_south": row["global_south"] == "true",
                },
            )


class Migration(migrations.Migration):
    initial = True

    # The migrations of the crossed graph this one stands for: a database that applied
    # them has everything this creates, and is only recorded as having applied it.
    replaces = [
        ("cities", "0001_initial"),
        ("cities", "0002_reference_data"),
        ("cities", "0003_search_vector"),
        ("cities", "0004_performance_indexes"),
        ("cities", "0005_city_challenges"),
        ("portal", "0001_initial"),
    ]

    dependencies = [
        ("base", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Country",
            fields=[
                (
                    "code",
                    models.CharField(
                        max_length=2, primary_key=True, serialize=False, verbose_name="ISO code"
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                (
                    "region",
                    models.CharField(
                        choices=[
                            ("africa", "Africa"),
                            ("americas", "Americas"),
                            ("arab-states", "Arab States"),
                            ("asia-pacific", "Asia and the Pacific"),
                            ("europe-central-asia", "Europe and Central Asia"),
                        ],
                        max_length=32,
                        verbose_name="region",
                    ),
                ),
                ("global_south", models.BooleanField(verbose_name="Global South")),
            ],
            options={
                "verbose_name": "country",
                "verbose_name_plural": "countries",
                "ordering": ["name"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("code__regex", "^[A-Z]{2}$")),
                        name="country_code_iso_alpha2",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "region__in",
                                [
                                    "africa",
                                    "americas",
                                    "arab-states",
                                    "asia-pacific",
                                    "europe-central-asia",
                                ],
                            )
                        ),
                        name="country_region_valid",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="City",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(max_length=100, unique=True, verbose_name="slug")),
                ("name", models.CharField(max_length=150, verbose_name="name")),
                (
                    "population",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="population"),
                ),
                (
                    "population_year",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="population year"
                    ),
                ),
                (
                    "latitude",
                    models.DecimalField(decimal_places=6, max_digits=9, verbose_name="latitude"),
                ),
                (
                    "longitude",
                    models.DecimalField(decimal_places=6, max_digits=9, verbose_name="longitude"),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("website", models.URLField(blank=True, verbose_name="website")),
                (
                    "search_vector",
                    django.contrib.postgres.search.SearchVectorField(
                        blank=True, editable=False, null=True
                    ),
                ),
                (
                    "sectors",
                    models.ManyToManyField(
                        blank=True,
                        related_name="cities",
                        to="base.sector",
                        verbose_name="key sectors",
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cities",
                        to="cities.country",
                        verbose_name="country",
                    ),
                ),
            ],
            options={
                "verbose_name": "city",
                "verbose_name_plural": "cities",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Membership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "verified_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="verified at"),
                ),
                (
                    "city",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="memberships",
                        to="cities.city",
                        verbose_name="city",
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="membership",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
                (
                    "verified_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="verified by",
                    ),
                ),
            ],
            options={
                "verbose_name": "membership",
                "verbose_name_plural": "memberships",
                "db_table": "portal_membership",
            },
        ),
        migrations.CreateModel(
            name="Organization",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(max_length=100, unique=True, verbose_name="slug")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("acronym", models.CharField(blank=True, max_length=30, verbose_name="acronym")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("international", "International organization"),
                            ("donor", "Donor"),
                            ("local-government-association", "Local government association"),
                            ("national-government", "National government"),
                            ("workers", "Workers' organization"),
                            ("employers", "Employers' organization"),
                            ("ngo", "Non-governmental organization"),
                            ("training", "Training institution"),
                            ("academic", "Academic institution"),
                        ],
                        max_length=40,
                        verbose_name="kind",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("website", models.URLField(blank=True, verbose_name="website")),
                (
                    "country",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="organizations",
                        to="cities.country",
                        verbose_name="country",
                    ),
                ),
            ],
            options={
                "verbose_name": "organization",
                "verbose_name_plural": "organizations",
                "ordering": ["name"],
            },
        ),
        migrations.AddField(
            model_name="city",
            name="networks",
            field=models.ManyToManyField(
                blank=True,
                related_name="member_cities",
                to="cities.organization",
                verbose_name="networks",
            ),
        ),
        migrations.CreateModel(
            name="Partnership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(max_length=120, unique=True, verbose_name="slug")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("twinning", "Twinning"),
                            ("cooperation-agreement", "Cooperation agreement"),
                            ("memorandum", "Memorandum of understanding"),
                            ("project", "Project"),
                        ],
                        max_length=32,
                        verbose_name="kind",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("proposed", "Proposed"),
                            ("in-process", "In process"),
                            ("active", "Active"),
                            ("ended", "Ended"),
                        ],
                        max_length=16,
                        verbose_name="status",
                    ),
                ),
                ("start_date", models.DateField(blank=True, null=True, verbose_name="start date")),
                ("end_date", models.DateField(blank=True, null=True, verbose_name="end date")),
                (
                    "themes",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Short theme labels, one per item.",
                        verbose_name="themes",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
                (
                    "cities",
                    models.ManyToManyField(
                        related_name="partnerships", to="cities.city", verbose_name="cities"
                    ),
                ),
                (
                    "supporters",
                    models.ManyToManyField(
                        blank=True,
                        related_name="partnerships",
                        to="cities.organization",
                        verbose_name="supporters",
                    ),
                ),
            ],
            options={
                "verbose_name": "partnership",
                "verbose_name_plural": "partnerships",
                "ordering": ["name"],
            },
        ),
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(fields=["name"], name="organization_name_idx"),
        ),
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(fields=["kind"], name="organization_kind_idx"),
        ),
        migrations.AddConstraint(
            model_name="organization",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "international",
                            "donor",
                            "local-government-association",
                            "national-government",
                            "workers",
                            "employers",
                            "ngo",
                            "training",
                            "academic",
                        ],
                    )
                ),
                name="organization_kind_valid",
            ),
        ),
        migrations.AddIndex(
            model_name="city",
            index=models.Index(fields=["name", "id"], name="city_name_idx"),
        ),
        migrations.AddIndex(
            model_name="city",
            index=models.Index(fields=["population"], name="city_population_idx"),
        ),
        migrations.AddConstraint(
            model_name="city",
            constraint=models.CheckConstraint(
                condition=models.Q(("latitude__gte", -90), ("latitude__lte", 90)),
                name="city_latitude_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="city",
            constraint=models.CheckConstraint(
                condition=models.Q(("longitude__gte", -180), ("longitude__lte", 180)),
                name="city_longitude_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="city",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("population__gte", 0), ("population__isnull", True), _connector="OR"
                ),
                name="city_population_non_negative",
            ),
        ),
        migrations.AddConstraint(
            model_name="city",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("population_year__isnull", True),
                    models.Q(("population_year__gte", 1800), ("population_year__lte", 2100)),
                    _connector="OR",
                ),
                name="city_population_year_plausible",
            ),
        ),
        migrations.AddIndex(
            model_name="partnership",
            index=models.Index(fields=["name"], name="partnership_name_idx"),
        ),
        migrations.AddIndex(
            model_name="partnership",
            index=models.Index(fields=["status"], name="partnership_status_idx"),
        ),
        migrations.AddIndex(
            model_name="partnership",
            index=models.Index(fields=["kind"], name="partnership_kind_idx"),
        ),
        migrations.AddConstraint(
            model_name="partnership",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("end_date__isnull", True),
                    ("start_date__isnull", True),
                    ("end_date__gte", models.F("start_date")),
                    _connector="OR",
                ),
                name="partnership_end_not_before_start",
            ),
        ),
        migrations.AddConstraint(
            model_name="partnership",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("kind__in", ["twinning", "cooperation-agreement", "memorandum", "project"])
                ),
                name="partnership_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="partnership",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["proposed", "in-process", "active", "ended"])),
                name="partnership_status_valid",
            ),
        ),
        migrations.RunPython(load_countries, migrations.RunPython.noop),
        migrations.RunPython(
            run_on_postgresql(current_install_sql("cities_city")),
            run_on_postgresql(uninstall_sql("cities_city")),
        ),
    ]
