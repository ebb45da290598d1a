"""Whatever a client sends, the API answers as its schema says, never with a server error.

Schemathesis reads the OpenAPI schema from /api/schema/ and sends each operation
requests made from it: valid ones and, in negative mode, values the schema forbids. Every
answer goes through all of Schemathesis's checks: a documented status, content type,
headers and body; values the schema forbids refused and values it allows accepted; the
`Allow` header of a 405; authentication not ignored. Reads go anonymous; writes go with
a curator's token and with an official's.
"""

from collections import Counter

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import negative_data_rejection

from exchanges.models import Action
from practices.models import Adoption
from tests.factories import RegistrationFactory

# Enough to meet every parameter in both modes while the whole run stays well under a
# minute on two cores.
EXAMPLES_PER_OPERATION = 40

load_all_checks()
ALL_CHECKS = CHECKS.get_all()

# A body or parameter the schema allows may still name no existing object (`"host_city":
# "name"`), break a rule across fields (an end before the start) or hold a character no
# text may (NUL): the schema cannot say which slugs exist, and the API answers those with
# its documented 400 naming the field. Every other check runs as Schemathesis ships it.
SCHEMA_VALID_BUT_REFUSED = ["2xx", "400", "401", "403", "404", "409", "429"]


def configure(loaded):
    loaded.config.checks.positive_data_acceptance.expected_statuses = SCHEMA_VALID_BUT_REFUSED
    return loaded


# Loaded once, at collection: schemathesis.pytest.from_fixture() fails under pytest 9.
schema = configure(schemathesis.openapi.from_wsgi("/api/schema/", WSGIHandler()))
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
def test_every_read_answers_as_documented(case):
    case.call_and_validate(checks=ALL_CHECKS)


# --- writes, with the tokens of a curator and of an official ---------------------------

# Fewer examples per write operation (there are two roles): the whole write run stays
# within a couple of minutes on two cores.
WRITE_EXAMPLES_PER_OPERATION = 20
WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]

writes = configure(schemathesis.openapi.from_wsgi("/api/schema/", WSGIHandler())).include(
    method=WRITE_METHODS
)
writes.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=WRITE_EXAMPLES_PER_OPERATION,
    unique_inputs=True,
)
# The coverage phase sends each write hundreds of boundary bodies: minutes per role.
writes.config.phases.update(phases=["examples", "fuzzing"])

# What the write run met, for the report at the end of the module: (role, status) → count.
OUTCOMES: Counter = Counter()


@pytest.fixture(scope="module", autouse=True)
def report_outcomes():
    yield
    if OUTCOMES:
        lines = [f"  {role} {code}: {count}" for (role, code), count in sorted(OUTCOMES.items())]
        print(f"\nWrite fuzzing: {sum(OUTCOMES.values())} requests", *lines, sep="\n")


@pytest.fixture
def identifiers(served, network, official):
    """Identifiers of rows that exist, by path parameter: most generated requests then
    reach a real event, practice, action or adoption instead of a 404."""
    registration = RegistrationFactory(
        event=network.barcelona_2030, registered_by=official, city=network.maputo
    )
    return {
        "events": {"slug": ["maputo-2012", "barcelona-2030"]},
        "practices": {"slug": ["maputo-submitted", "maputo-markets", "durban-draft"]},
        "roadmaps": {
            "slug": ["maputo-roadmap"],
            "action_id": list(
                Action.objects.filter(roadmap=network.maputo_roadmap).values_list("pk", flat=True)
            ),
        },
        "adoptions": {"id": list(Adoption.objects.values_list("pk", flat=True))},
        "registrations": {"registration_id": [registration.pk]},
    }


@pytest.fixture
def tokens(served, curator, official):
    return {
        role: Token.objects.get_or_create(user=user)[0].key
        for role, user in (("curator", curator), ("official", official))
    }


def point_at_existing_rows(case, identifiers, turn: int) -> bool:
    """Two requests in three aim at existing rows; the third keeps its generated path, and
    so does a request whose path was made to break the schema. Whether the path changed."""
    if turn % 3 == 2 or not case.path_parameters:
        return False
    path = case.meta.components.get(ParameterLocation.PATH) if case.meta else None
    if path is not None and path.mode != GenerationMode.POSITIVE:
        return False
    collection = case.path.split("/")[3]
    parameters = dict(case.path_parameters)
    for name in parameters:
        known = identifiers.get(collection, {}).get(name) or identifiers["registrations"].get(name)
        if known:
            parameters[name] = known[turn % len(known)]
    changed = parameters != case.path_parameters
    case.path_parameters = parameters
    return changed


@pytest.mark.parametrize("role", ["curator", "official"])
@writes.parametrize()
@settings(
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_write_answers_as_documented(case, role, tokens, identifiers):
    pointed = point_at_existing_rows(case, identifiers, sum(OUTCOMES.values()))
    headers = {"Authorization": f"Token {tokens[role]}"}
    response = case.call(headers=headers)
    OUTCOMES[role, response.status_code] += 1
    # A path generated against the schema (a slug of any characters) but swapped here for
    # an existing row's is valid when sent: Schemathesis would still expect it refused.
    excluded = [negative_data_rejection] if pointed else []
    case.validate_response(
        response,
        checks=ALL_CHECKS,
        excluded_checks=excluded,
        headers=headers,
        transport_kwargs={"headers": headers},
    )
