# The bottom layer's tables: the reference taxonomies, under the table names of the apps
# that first created them (practices, cities), their reference data, and the full-text
# search configurations every app's search vectors use. Squashed, with the content
# apps' initial migrations, from the graph where exchanges and practices depended on
# each other (see replaces).

from django.db import migrations, models
from django.contrib.postgres.operations import UnaccentExtension

from base.fulltext import (
    CONFIG_SQL,
    DROP_CONFIG_SQL,
    DROP_LANGUAGE_CONFIGS_SQL,
    LANGUAGE_CONFIGS_SQL,
    run_on_postgresql,
)

PILLARS = [
    ("employment", "Employment creation and sustainable enterprises", "Employment", 1),
    ("social-protection", "Social protection", "Social protection", 2),
    ("social-dialogue", "Social dialogue", "Social dialogue", 3),
    ("rights-at-work", "Fundamental principles and rights at work", "Rights at work", 4),
]

# The official short names and colours of the Sustainable Development Goals.
SDGS = [
    (1, "No Poverty", "#E5243B"),
    (2, "Zero Hunger", "#DDA63A"),
    (3, "Good Health and Well-being", "#4C9F38"),
    (4, "Quality Education", "#C5192D"),
    (5, "Gender Equality", "#FF3A21"),
    (6, "Clean Water and Sanitation", "#26BDE2"),
    (7, "Affordable and Clean Energy", "#FCC30B"),
    (8, "Decent Work and Economic Growth", "#A21942"),
    (9, "Industry, Innovation and Infrastructure", "#FD6925"),
    (10, "Reduced Inequalities", "#DD1367"),
    (11, "Sustainable Cities and Communities", "#FD9D24"),
    (12, "Responsible Consumption and Production", "#BF8B2E"),
    (13, "Climate Action", "#3F7E44"),
    (14, "Life Below Water", "#0A97D9"),
    (15, "Life on Land", "#56C02B"),
    (16, "Peace, Justice and Strong Institutions", "#00689D"),
    (17, "Partnerships for the Goals", "#19486A"),
]

# The criteria of a good practice in the Maputo roadmap.
CRITERIA = [
    ("sustainability", "Sustainability"),
    ("innovation", "Innovation"),
    ("horizontal-cooperation", "Horizontal cooperation"),
]

# Key sectors of the urban economy.
SECTORS = [
    ("tourism", "Tourism"),
    ("manufacturing", "Manufacturing"),
    ("commerce", "Commerce and markets"),
    ("education", "Education"),
    ("administration", "Public administration"),
    ("services", "Services"),
    ("construction", "Construction"),
    ("transport", "Transport"),
    ("utilities", "Utilities"),
    ("agriculture", "Agriculture"),
    ("fisheries", "Fisheries"),
    ("handicrafts", "Handicrafts"),
    ("waste-management", "Waste management and recycling"),
    ("health", "Health and care"),
    ("ict", "Information and communication technology"),
    ("finance", "Finance and microfinance"),
    ("mining", "Mining"),
    ("creative-industries", "Creative industries"),
]


def load(apps, schema_editor):
    Pillar = apps.get_model("base", "Pillar")
    SDG = apps.get_model("base", "SDG")
    Criterion = apps.get_model("base", "Criterion")
    Sector = apps.get_model("base", "Sector")
    for slug, name, short_name, position in PILLARS:
        Pillar.objects.update_or_create(
            slug=slug, defaults={"name": name, "short_name": short_name, "position": position}
        )
    for number, name, colour in SDGS:
        SDG.objects.update_or_create(number=number, defaults={"name": name, "colour": colour})
    for slug, name in CRITERIA:
        Criterion.objects.update_or_create(slug=slug, defaults={"name": name})
    for slug, name in SECTORS:
        Sector.objects.update_or_create(slug=slug, defaults={"name": name})


def unload(apps, schema_editor):
    for model in ("Pillar", "SDG", "Criterion", "Sector"):
        apps.get_model("base", model).objects.all().delete()


class Migration(migrations.Migration):
    initial = True

    # The migrations of the crossed graph this one stands for: a database that applied
    # them has everything this creates, and is only recorded as having applied it.
    replaces = [
        ("practices", "0001_initial"),
        ("practices", "0002_reference_data"),
        ("cities", "0001_initial"),
        ("cities", "0002_reference_data"),
        ("cities", "0003_search_vector"),
    ]

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Criterion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(max_length=40, unique=True, verbose_name="slug")),
                ("name", models.CharField(max_length=80, verbose_name="name")),
            ],
            options={
                "verbose_name": "criterion",
                "verbose_name_plural": "criteria",
                "db_table": "practices_criterion",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Pillar",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(max_length=40, unique=True, verbose_name="slug")),
                ("name", models.CharField(max_length=120, verbose_name="name")),
                ("short_name", models.CharField(max_length=60, verbose_name="short name")),
                (
                    "position",
                    models.PositiveSmallIntegerField(unique=True, verbose_name="position"),
                ),
            ],
            options={
                "verbose_name": "Decent Work pillar",
                "verbose_name_plural": "Decent Work pillars",
                "db_table": "practices_pillar",
                "ordering": ["position"],
            },
        ),
        migrations.CreateModel(
            name="Sector",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(unique=True, verbose_name="slug")),
                ("name", models.CharField(max_length=100, verbose_name="name")),
            ],
            options={
                "verbose_name": "sector",
                "verbose_name_plural": "sectors",
                "db_table": "cities_sector",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="SDG",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveSmallIntegerField(unique=True, verbose_name="number")),
                ("name", models.CharField(max_length=120, verbose_name="name")),
                ("colour", models.CharField(max_length=7, verbose_name="colour")),
            ],
            options={
                "verbose_name": "Sustainable Development Goal",
                "verbose_name_plural": "Sustainable Development Goals",
                "db_table": "practices_sdg",
                "ordering": ["number"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("number__gte", 1), ("number__lte", 17)),
                        name="sdg_number_1_to_17",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("colour__regex", "^#[0-9A-Fa-f]{6}$")),
                        name="sdg_colour_hex",
                    ),
                ],
            },
        ),
        UnaccentExtension(),
        migrations.RunPython(
            run_on_postgresql([CONFIG_SQL, LANGUAGE_CONFIGS_SQL]),
            run_on_postgresql([DROP_LANGUAGE_CONFIGS_SQL, DROP_CONFIG_SQL]),
        ),
        migrations.RunPython(load, unload),
    ]
