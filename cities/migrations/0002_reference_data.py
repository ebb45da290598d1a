import csv
from pathlib import Path

from django.db import migrations

COUNTRIES_CSV = Path(__file__).resolve().parent.parent / "data" / "countries.csv"

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
    Country = apps.get_model("cities", "Country")
    Sector = apps.get_model("cities", "Sector")
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
    for slug, name in SECTORS:
        Sector.objects.update_or_create(slug=slug, defaults={"name": name})


def unload(apps, schema_editor):
    apps.get_model("cities", "Sector").objects.filter(slug__in=[s for s, _ in SECTORS]).delete()
    apps.get_model("cities", "Country").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cities", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
