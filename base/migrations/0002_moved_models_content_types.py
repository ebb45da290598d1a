# Models moved between apps keep their rows, and their content types follow them: the
# permissions granted on them, admin log entries and anything else pointing to a content
# type stay attached. On a new database there is nothing to relabel yet (content types
# are created after the migrations).

from django.db import migrations

# (old app label, new app label, model name) of the models that changed apps.
MOVED = [
    ("practices", "base", "pillar"),
    ("practices", "base", "sdg"),
    ("practices", "base", "criterion"),
    ("cities", "base", "sector"),
    ("portal", "cities", "membership"),
    ("cities", "matching", "citychallenge"),
]


def relabel(apps, schema_editor, moves=MOVED):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old, new, model in moves:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def relabel_back(apps, schema_editor):
    relabel(apps, schema_editor, [(new, old, model) for old, new, model in MOVED])


class Migration(migrations.Migration):
    dependencies = [
        ("base", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(relabel, relabel_back)]
