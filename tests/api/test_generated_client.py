"""A client generated from our own schema, by a tool we did not write, reads and writes
through the API: what a partner's generated client does.

openapi-python-client (a dev dependency) generates a package from the schema that
`manage.py spectacular` writes; the tests import every module of it, then drive the live
server with an official's token. The generated client parses each answer into the
schema's models: an answer that does not match its schema fails here.
"""

import datetime
import importlib
import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from practices.models import Adoption

BIN = Path(sys.executable).parent
GENERATOR = shutil.which("openapi-python-client", path=BIN)
PACKAGE = "peercities_client"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="module")
def client_package(tmp_path_factory, django_db_setup, django_db_blocker):
    if GENERATOR is None:
        pytest.skip("openapi-python-client is not installed: pip install -e '.[dev]'")
    directory = tmp_path_factory.mktemp("generated")
    schema_file = directory / "schema.json"
    with django_db_blocker.unblock():
        call_command("spectacular", "--format", "openapi-json", "--file", str(schema_file))
    subprocess.run(
        [
            *(GENERATOR, "generate", "--meta", "none"),
            *("--path", schema_file, "--output-path", directory / PACKAGE),
        ],
        check=True,
        capture_output=True,
        # Its post-processing runs ruff, installed beside it.
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"},
    )
    sys.path.insert(0, str(directory))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(directory))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def module(name: str):
    return importlib.import_module(f"{PACKAGE}.{name}")


def test_every_module_of_the_generated_client_imports(client_package):
    # Bodies offered as JSON, form and multipart with one schema broke the write modules.
    failures = {}
    for found in pkgutil.walk_packages(client_package.__path__, f"{PACKAGE}."):
        try:
            importlib.import_module(found.name)
        except Exception as error:  # Every failure, reported at once.
            failures[found.name] = repr(error)
    assert failures == {}


@pytest.fixture
def api_client(client_package, live_server, official):
    token = Token.objects.create(user=official)
    client = client_package.AuthenticatedClient(
        base_url=live_server.url,
        token=token.key,
        prefix="Token",
        raise_on_unexpected_status=True,
    )
    # Closed after the test: a kept-alive connection would hold the live server's
    # database session, and the test database could not be dropped.
    with client:
        yield client


def call(operation: str, **kwargs):
    """Run an operation of the generated client; its answer, parsed into the schema's model."""
    return module(f"api.{operation}").sync_detailed(**kwargs)


def test_an_official_creates_edits_and_reads_an_event(network, api_client):
    models = module("models")
    created = call(
        "events.events_create",
        client=api_client,
        body=models.EventWriteRequest.from_dict(
            {
                "title": "Maputo workshop on street vendors",
                "kind": "workshop",
                "host_city": "maputo",
                "start_date": "2031-03-02",
                "end_date": "2031-03-03",
                "summary": "Markets and the informal economy.",
                "pillars": ["employment"],
                "sdgs": [8],
                "organizers": ["uclg"],
            }
        ),
    )
    assert created.status_code == 201
    event = created.parsed
    assert isinstance(event, models.EventDetail)
    assert event.host_city.slug == "maputo"
    assert [pillar.slug for pillar in event.pillars] == ["employment"]

    edited = call(
        "events.events_partial_update",
        slug=event.slug,
        client=api_client,
        body=models.PatchedEventWriteRequest.from_dict({"venue": "Maputo City Hall"}),
    )
    # A partial update answers the whole event, as its schema says (an object per city).
    assert isinstance(edited.parsed, models.EventDetail)
    assert edited.parsed.venue == "Maputo City Hall"
    assert edited.parsed.host_city.slug == "maputo"

    read = call("events.events_retrieve", slug=event.slug, client=api_client).parsed
    assert (read.title, read.venue, read.start_date) == (
        "Maputo workshop on street vendors",
        "Maputo City Hall",
        datetime.date(2031, 3, 2),
    )


def test_an_official_creates_edits_and_reads_a_practice(network, api_client):
    models = module("models")
    created = call(
        "practices.practices_create",
        client=api_client,
        body=models.PracticeWriteRequest.from_dict(
            {
                "title": "Vendors' committees in Maputo",
                "summary": "Market vendors negotiate their fees.",
                "city": "maputo",
                "pillars": ["social-dialogue"],
                "sdgs": [8, 11],
                "organizations": ["anamm"],
            }
        ),
    )
    assert created.status_code == 201
    practice = created.parsed
    assert isinstance(practice, models.PracticeDetail)
    assert practice.status.value == "draft"

    edited = call(
        "practices.practices_partial_update",
        slug=practice.slug,
        client=api_client,
        body=models.PatchedPracticeWriteRequest.from_dict({"start_year": 2019}),
    )
    assert isinstance(edited.parsed, models.PracticeDetail)
    assert edited.parsed.start_year == 2019

    read = call("practices.practices_retrieve", slug=practice.slug, client=api_client).parsed
    assert (read.title, read.start_year) == ("Vendors' committees in Maputo", 2019)
    assert sorted(sdg.number for sdg in read.sdgs) == [8, 11]


def test_an_official_records_edits_reads_and_deletes_an_adoption(network, api_client):
    models = module("models")
    created = call(
        "adoptions.adoptions_create",
        client=api_client,
        body=models.AdoptionCreateRequest.from_dict(
            {"practice": "chefchaouen-ecotourism", "stage": "studying", "year": 2024}
        ),
    )
    assert created.status_code == 201
    adoption = created.parsed
    assert isinstance(adoption, models.Adoption)

    edited = call(
        "adoptions.adoptions_partial_update",
        id=adoption.id,
        client=api_client,
        body=models.PatchedAdoptionUpdateRequest.from_dict({"stage": "adapting"}),
    )
    assert isinstance(edited.parsed, models.Adoption)
    assert edited.parsed.stage.value == "adapting"

    read = call("adoptions.adoptions_retrieve", id=adoption.id, client=api_client).parsed
    assert read.stage.value == "adapting"

    deleted = call("adoptions.adoptions_destroy", id=adoption.id, client=api_client)
    assert deleted.status_code == 204
    assert not Adoption.objects.filter(pk=adoption.id).exists()


def test_refusals_parse_into_the_documented_error_bodies(network, api_client):
    models = module("models")
    refused = call(
        "events.events_create",
        client=api_client,
        body=models.EventWriteRequest.from_dict(
            {
                "title": "Nowhere",
                "kind": "workshop",
                "host_city": "atlantis",
                "start_date": "2031-03-02",
                "end_date": "2031-03-03",
                "summary": "No such city.",
            }
        ),
    )
    assert refused.status_code == 400
    assert isinstance(refused.parsed, models.ValidationError)
    assert "host_city" in refused.parsed.additional_properties

    missing = call("events.events_retrieve", slug="no-such-event", client=api_client)
    assert missing.status_code == 404
    assert isinstance(missing.parsed, models.Error)
