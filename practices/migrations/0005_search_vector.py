# The weighted search vector of practices (title A, summary B, description C), kept by
# a trigger and indexed with GIN on PostgreSQL; on SQLite only the column. Not kept in
# the practices' history.

import django.contrib.postgres.search
from django.db import migrations

from portal.fulltext import install_sql, run_on_postgresql, uninstall_sql

TABLE = "practices_practice"
COLUMNS = {"A": ["title"], "B": ["summary"], "C": ["description"]}


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0004_review_cards_and_reminders"),
        # The text search configuration.
        ("cities", "0003_search_vector"),
    ]

    operations = [
        migrations.AddField(
            model_name="practice",
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
