"""Whatever a client sends, the API never answers with a server error.

Schemathesis reads the OpenAPI schema from /api/schema/ and sends each operation
requests made from it: valid ones and, in negative mode, values the schema forbids.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode

# Enough to meet every parameter in both modes while the whole run stays well under a
# minute on two cores.
EXAMPLES_PER_OPERATION = 40

# Loaded once, at collection: schemathesis.pytest.from_fixture() fails under pytest 9.
schema = schemathesis.openapi.from_wsgi("/api/schema/", WSGIHandler())
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=EXAMPLES_PER_OPERATION,
    unique_inputs=True,
)


@pytest.fixture
def served(network):
    """The API serving the test network in-process (at the conftest's generous rates)."""
    # As Django's test client does: closing the connection at the end of a request would
    # end the test's transaction, and with it the test data.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("served")
@schema.parametrize()
@settings(
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_request_gets_a_server_error(case):
    response = case.call()
    assert response.status_code < 500, (case.as_curl_command(), response.text[:2000])
