from django.core.management.base import BaseCommand
from django.db import connection, transaction

from portal.fulltext import SEARCHED_COLUMNS, vector_sql


class Command(BaseCommand):
    help = (
        "Recompute the full-text search vectors of cities, events, roadmaps and practices "
        "(PostgreSQL). Database triggers keep them current on every write; run this after "
        "changing the text search configuration, or after loading rows with the triggers off."
    )

    def handle(self, *args, verbosity, **options):
        if connection.vendor != "postgresql":
            if verbosity:
                self.stdout.write("No search vectors on this database: it searches with icontains.")
            return
        with transaction.atomic(), connection.cursor() as cursor:
            for table, columns in SEARCHED_COLUMNS.items():
                cursor.execute(
                    f"UPDATE {table} SET search_vector = {vector_sql(columns, row=table)}"
                )
                if verbosity:
                    self.stdout.write(f"{table}: {cursor.rowcount} rows")
