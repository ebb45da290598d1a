# The FTS5 index of the cities on SQLite (see base.fulltext: its triggers are put back
# after every migrate); nothing on PostgreSQL, whose search vector the first migration
# installs.

from django.db import migrations

from base.fulltext import run_on_sqlite, sqlite_create_index_sql, sqlite_drop_index_sql


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0001_squashed_0005_city_challenges"),
    ]

    operations = [
        migrations.RunPython(
            run_on_sqlite([sqlite_create_index_sql("cities_city")]),
            run_on_sqlite(sqlite_drop_index_sql("cities_city")),
        ),
    ]
