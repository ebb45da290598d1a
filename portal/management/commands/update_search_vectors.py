from django.core.management.base import BaseCommand
from django.db import connection, transaction

from base.fulltext import SEARCHED_COLUMNS, fts5_table, refresh_sql, sqlite_refresh_sql


class Command(BaseCommand):
    help = (
        "Recompute the full-text search vectors (PostgreSQL) or FTS5 indexes (SQLite) of "
        "cities, events, roadmaps and practices. Database triggers keep them current on "
        "every write; run this after changing how texts are indexed, or after loading rows "
        "with the triggers off."
    )

    def handle(self, *args, verbosity, **options):
        with transaction.atomic(), connection.cursor() as cursor:
            for table in SEARCHED_COLUMNS:
                if connection.vendor == "postgresql":
                    cursor.execute(refresh_sql(table))
                    rows = cursor.rowcount
                else:
                    for statement in sqlite_refresh_sql(table):
                        cursor.execute(statement)
                    cursor.execute(f"SELECT count(*) FROM {fts5_table(table)}")
                    (rows,) = cursor.fetchone()
                if verbosity:
                    self.stdout.write(f"{table}: {rows} rows")
