from django.db import migrations


def seed(apps, schema_editor):
    from portal.site_pages import seed_site_pages

    seed_site_pages(apps.get_model("portal", "SitePage"), apps.get_model("portal", "HistoricalSitePage"))


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_site_pages")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
