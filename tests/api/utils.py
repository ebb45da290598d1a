from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext

from base.models import SDG, Pillar, Sector


@contextmanager
def captured_queries():
    """The SQL run inside the block, as a list that fills when the block ends."""
    with CaptureQueriesContext(connection) as context:
        queries: list[str] = []
        yield queries
    queries.extend(query["sql"] for query in context.captured_queries)


def assert_same_query_count(first: list[str], second: list[str]) -> None:
    """Fail when two runs of a request took a different number of queries, showing the SQL
    of both so the query that repeats per row stands out."""
    if len(first) != len(second):
        listing = "\n".join(["-- first:", *first, f"-- second ({len(second)} queries):", *second])
        raise AssertionError(f"{len(first)} queries, then {len(second)}:\n{listing}")


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def keys(response, key: str = "slug") -> set:
    """The identifiers of the rows of a list response."""
    return {row[key] for row in results(response)}


def streamed(response) -> str:
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content).decode()


def pillars(*slugs):
    return Pillar.objects.filter(slug__in=slugs)


def sdgs(*numbers):
    return SDG.objects.filter(number__in=numbers)


def sectors(*slugs):
    return Sector.objects.filter(slug__in=slugs)
