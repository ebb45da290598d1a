"""The queries each benchmarked URL makes: run in its own process (`python
bench/counting.py URL...` with the server's environment), it requests every URL once
through Django's test client, in process, and prints {url: number of queries} as JSON.

Counted beside the server rather than inside it, so that nothing in the served code
exists for the bench alone; the settings, database and URLs are the server's."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def count_queries(urls: list[str]) -> dict[str, int]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="en")
    counts = {}
    for url in urls:
        accept = "application/json" if url.startswith("/api/") else "text/html"
        client.get(url, HTTP_ACCEPT=accept)  # warm: the first request reads settings
        with CaptureQueriesContext(connection) as queries:
            client.get(url, HTTP_ACCEPT=accept)
        counts[url] = len(queries.captured_queries)
    return counts


if __name__ == "__main__":
    print(json.dumps(count_queries(sys.argv[1:])))
