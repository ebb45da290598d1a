"""The queries each benchmarked URL makes, and where its time goes: run in its own process
(`python bench/counting.py URL...` with the server's environment), it requests every URL
through Django's test client, in process, and prints as JSON, for each URL, the number
of queries one request makes, and the medians over a few requests of the time in the
database (each query's execution and transfer, timed around the driver's call) and in
Python (the rest of the request in process: the ORM building objects and prefetching,
serializers, templates, middleware). What the server's median adds to both is HTTP and
the server itself.

Counted beside the server rather than inside it, so that nothing in the served code
exists for the bench alone; the settings, database and URLs are the server's."""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5


def profile(urls: list[str]) -> dict[str, dict]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="en")
    spent = {"sql": 0.0, "queries": 0}

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent["sql"] += time.perf_counter() - started
            spent["queries"] += 1

    figures = {}
    with connection.execute_wrapper(timed):
        for url in urls:
            accept = "application/json" if url.startswith("/api/") else "text/html"
            client.get(url, HTTP_ACCEPT=accept)  # warm: the first request reads settings
            totals, sqls, counts = [], [], []
            for _ in range(RUNS):
                spent.update(sql=0.0, queries=0)
                started = time.perf_counter()
                client.get(url, HTTP_ACCEPT=accept)
                totals.append(time.perf_counter() - started)
                sqls.append(spent["sql"])
                counts.append(spent["queries"])
            total, sql = statistics.median(totals) * 1000, statistics.median(sqls) * 1000
            figures[url] = {"queries": counts[-1], "sql_ms": sql, "python_ms": total - sql}
    return figures


if __name__ == "__main__":
    print(json.dumps(profile(sys.argv[1:])))
