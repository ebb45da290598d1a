from django.core.management.base import BaseCommand
from django.db import connection, transaction

from base.fulltext import SEARCHED_COLUMNS, current_vector_sql


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
            for table in SEARCHED_COLUMNS:
                cursor.execute(f"UPDATE {table} SET search_vector = {current_vector_sql(table)}")
                if verbosity:
                    self.stdout.write(f"{table}: {cursor.rowcount} rows")
