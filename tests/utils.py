from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(call: Callable[[], object]) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as context:
        call()
    return len(context.captured_queries), [query["sql"] for query in context.captured_queries]


def run_commit_callbacks() -> None:
    """Run what committing the writes so far would run (`transaction.on_commit`): a test
    never commits, and a request in production reads what earlier ones committed."""
    while connection.run_on_commit:
        callbacks, connection.run_on_commit = connection.run_on_commit, []
        for _savepoints, callback, _robust in callbacks:
            callback()


def assert_constant_queries(request: Callable[[], object], grow: Callable[[], object]) -> None:
    """Count the queries of `request`, `grow` the data, count again; fail when the count
    grew, printing the SQL of both runs so the query that repeats per row shows."""
    run_commit_callbacks()
    before, before_sql = count_queries(request)
    grow()
    run_commit_callbacks()
    after, after_sql = count_queries(request)
    if before != after:
        listing = "\n".join(["-- before:", *before_sql, f"-- after ({after}):", *after_sql])
        raise AssertionError(f"query count grows with the rows: {before} -> {after}\n{listing}")
