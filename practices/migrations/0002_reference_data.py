from django.db import migrations

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


def load(apps, schema_editor):
    Pillar = apps.get_model("practices", "Pillar")
    SDG = apps.get_model("practices", "SDG")
    Criterion = apps.get_model("practices", "Criterion")
    for slug, name, short_name, position in PILLARS:
        Pillar.objects.update_or_create(
            slug=slug, defaults={"name": name, "short_name": short_name, "position": position}
        )
    for number, name, colour in SDGS:
        SDG.objects.update_or_create(number=number, defaults={"name": name, "colour": colour})
    for slug, name in CRITERIA:
        Criterion.objects.update_or_create(slug=slug, defaults={"name": name})


def unload(apps, schema_editor):
    apps.get_model("practices", "Pillar").objects.all().delete()
    apps.get_model("practices", "SDG").objects.all().delete()
    apps.get_model("practices", "Criterion").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
