# Translated titles and summaries searched too: on PostgreSQL, the vectors' triggers read
# them (and a trigger on the translations recomputes their text's vector); on SQLite, the
# FTS5 index of practices (see base.fulltext: its triggers are put back after every
# migrate).

from django.db import migrations

from base.fulltext import (
    current_install_sql,
    install_sql,
    run_on_postgresql,
    run_on_sqlite,
    sqlite_create_index_sql,
    sqlite_drop_index_sql,
    uninstall_sql,
    SEARCHED_COLUMNS,
    LANGUAGE_COLUMNS,
)

TABLES = ["practices_practice"]


def previous_install_sql(table):
    """The vectors as the first migration built them: without the translations."""
    return install_sql(
        table, SEARCHED_COLUMNS[table], language_column=LANGUAGE_COLUMNS[table], as_written=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0008_dates_in_window"),
    ]

    operations = [
        migrations.RunPython(
            run_on_postgresql([sql for table in TABLES for sql in current_install_sql(table)]),
            run_on_postgresql(
                [
                    sql
                    for table in TABLES
                    for sql in uninstall_sql(table) + previous_install_sql(table)
                ]
            ),
        ),
        migrations.RunPython(
            run_on_sqlite([sqlite_create_index_sql(table) for table in TABLES]),
            run_on_sqlite([sql for table in TABLES for sql in sqlite_drop_index_sql(table)]),
        ),
    ]
