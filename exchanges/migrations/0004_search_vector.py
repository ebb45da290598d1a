# The weighted search vectors of events and roadmaps (title A, summary B, the rest C),
# kept by triggers and indexed with GIN on PostgreSQL; on SQLite only the columns.

import django.contrib.postgres.search
from django.db import migrations

from portal.fulltext import install_sql, run_on_postgresql, uninstall_sql

EVENT_COLUMNS = {"A": ["title"], "B": ["summary"], "C": ["objectives", "outcomes"]}
ROADMAP_COLUMNS = {"A": ["title"], "B": ["summary"]}


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0003_action_updates"),
        # The text search configuration.
        ("cities", "0003_search_vector"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                blank=True, editable=False, null=True
            ),
        ),
        migrations.AddField(
            model_name="roadmap",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                blank=True, editable=False, null=True
            ),
        ),
        migrations.RunPython(
            run_on_postgresql(
                install_sql("exchanges_event", EVENT_COLUMNS)
                + install_sql("exchanges_roadmap", ROADMAP_COLUMNS)
            ),
            run_on_postgresql(
                uninstall_sql("exchanges_event") + uninstall_sql("exchanges_roadmap")
            ),
        ),
    ]
