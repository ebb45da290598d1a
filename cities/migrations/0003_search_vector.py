# Full-text search on PostgreSQL: the unaccent extension, the `peercities` text search
# configuration (english, unaccented), and the weighted search vector of cities, kept
# by a trigger and indexed with GIN. On SQLite only the (unused) column is added.

import django.contrib.postgres.search
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

from portal.fulltext import (
    CONFIG_SQL,
    DROP_CONFIG_SQL,
    install_sql,
    run_on_postgresql,
    uninstall_sql,
)

TABLE = "cities_city"
COLUMNS = {"A": ["name"], "C": ["description"]}


class Migration(migrations.Migration):
    dependencies = [("cities", "0002_reference_data")]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(
            run_on_postgresql([CONFIG_SQL]), run_on_postgresql([DROP_CONFIG_SQL])
        ),
        migrations.AddField(
            model_name="city",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                blank=True, editable=False, null=True
            ),
        ),
        migrations.RunPython(
            run_on_postgresql(install_sql(TABLE, COLUMNS)),
            run_on_postgresql(uninstall_sql(TABLE)),
        ),
    ]
