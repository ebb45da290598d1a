"""The OpenAPI schema documents every endpoint, filter and response; the docs work
without the internet."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db

LIST_FILTERS = {
    "countries": {"region", "global_south"},
    "cities": {"country", "region", "population_class", "sector", "network", "global_south"},
    "organizations": {"kind", "country"},
    "partnerships": {"city", "kind", "status"},
    "events": {
        "city",
        "host",
        "country",
        "region",
        "kind",
        "status",
        "modality",
        "pillar",
        "sdg",
        "sector",
        "year",
        "start_after",
        "start_before",
    },
    "roadmaps": {"event", "city"},
    "practices": {
        "pillar",
        "sdg",
        "city",
        "country",
        "region",
        "sector",
        "criterion",
        "year",
        "organization",
        "stale",
        "status",
    },
    "adoptions": {"practice", "city", "stage", "event"},
    "pillars": set(),
    "sdgs": set(),
}
DETAIL_PATHS = {
    "countries": "{code}",
    "sdgs": "{number}",
    "adoptions": "{id}",
}
EXPORTS = {
    "cities": {"text/csv", "application/geo+json"},
    "events": {"text/csv", "text/calendar"},
    "practices": {"text/csv"},
}


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def parameters(schema, path) -> dict[str, dict]:
    return {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}


def test_the_schema_validates_without_a_warning(tmp_path):
    # Fails on any warning: an undocumented field type, a clashing enum name...
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "s.yml")


def test_every_endpoint_is_documented_with_its_filters(schema):
    for endpoint, filters in LIST_FILTERS.items():
        documented = parameters(schema, f"/api/v1/{endpoint}/")
        assert filters | {"q", "ordering", "page", "page_size"} <= set(documented), endpoint
        for name in filters | {"q", "ordering"}:
            assert documented[name].get("description"), (endpoint, name)
        detail = DETAIL_PATHS.get(endpoint, "{slug}")
        assert f"/api/v1/{endpoint}/{detail}/" in schema["paths"]


def test_filters_document_their_allowed_values(schema):
    events = parameters(schema, "/api/v1/events/")
    assert events["region"]["schema"]["enum"] == [
        "africa",
        "americas",
        "arab-states",
        "asia-pacific",
        "europe-central-asia",
    ]
    assert set(events["modality"]["schema"]["enum"]) == {
        "south-south",
        "triangular",
        "north-south",
        "north-north",
        "multilateral",
    }
    assert events["sdg"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 17}
    assert events["year"]["schema"]["type"] == "integer"
    assert events["start_after"]["schema"] == {"type": "string", "format": "date"}
    assert "employment" in events["pillar"]["description"]
    assert "-start_date" in events["ordering"]["schema"]["items"]["enum"]
    cities = parameters(schema, "/api/v1/cities/")
    assert set(cities["population_class"]["schema"]["enum"]) == {
        "small",
        "intermediary",
        "large",
        "metropolis",
    }
    assert cities["global_south"]["schema"]["type"] == "boolean"
    assert cities["page_size"]["schema"]["maximum"] == 100
    practices = parameters(schema, "/api/v1/practices/")
    assert "changes-requested" in practices["status"]["schema"]["enum"]
    assert practices["stale"]["schema"]["type"] == "boolean"


def test_lists_document_their_exports(schema):
    for endpoint in LIST_FILTERS:
        operation = schema["paths"][f"/api/v1/{endpoint}/"]["get"]
        content = set(operation["responses"]["200"]["content"])
        assert content == {"application/json", *EXPORTS.get(endpoint, ())}, endpoint
        formats = parameters(schema, f"/api/v1/{endpoint}/").get("format")
        if endpoint in EXPORTS:
            assert len(formats["schema"]["enum"]) == len(EXPORTS[endpoint]) + 1
        else:
            assert formats is None


def test_response_shapes(schema):
    components = schema["components"]["schemas"]
    page = components["PaginatedEventList"]["properties"]
    assert set(page) == {"count", "next", "previous", "results"}
    detail = components["EventDetail"]["properties"]
    assert {"participants", "organizers", "supporters", "outcomes", "roadmaps"} <= set(detail)
    assert components["Participant"]["properties"]["role"]["$ref"].endswith("RoleEnum")
    roadmap = components["Roadmap"]["properties"]
    assert {"commitments", "actions", "progress", "signatories"} <= set(roadmap)
    practice = components["PracticeDetail"]["properties"]
    assert {"results", "adoptions", "verified_on", "stale"} <= set(practice)
    assert {"practices_count", "events_count"} <= set(components["Pillar"]["properties"])
    assert {"practices_count", "events_count"} <= set(components["SDG"]["properties"])
    assert set(components["CityReference"]["properties"]) == {"slug", "name", "country"}


def test_reads_need_no_authentication(schema):
    security = schema["paths"]["/api/v1/cities/"]["get"]["security"]
    assert {} in security
    assert {"tokenAuth": []} in security


def test_the_docs_use_only_local_assets(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(assets) >= 4
    for asset in assets:
        # Served by this site: a path, never another host.
        assert asset.startswith("/") and not asset.startswith("//"), asset
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), asset
    # The start-up script is a file too, so a CSP without 'unsafe-inline' lets it run.
    assert "<script>" not in html
    script = client.get("/api/docs/", {"script": ""})
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield method.upper(), path, operation


def test_openapi_spec_validator_accepts_the_schema(schema):
    validator = pytest.importorskip(
        "openapi_spec_validator", reason="openapi-spec-validator: pip install -e '.[dev]'"
    )
    validator.validate(schema)


def test_request_and_response_bodies_are_separate_components(schema):
    # A write names a city by its slug and gets it back as an object: one shape each.
    components = schema["components"]["schemas"]
    assert components["EventWriteRequest"]["properties"]["host_city"]["type"] == "string"
    assert components["EventDetail"]["properties"]["host_city"]["$ref"].endswith("/CityReference")
    organizations = components["PracticeWriteRequest"]["properties"]["organizations"]
    assert organizations["items"]["type"] == "string"
    assert "EventWrite" not in components and "PracticeWrite" not in components
    key = components["Suggestion"]["properties"]["key"]
    assert {"type": "integer"} in key["oneOf"] and {"type": "string"} in key["oneOf"]
    for method, path, operation in operations(schema):
        # Partial updates answer the whole object, as full updates (or reads) do.
        if method == "PATCH":
            whole = schema["paths"][path].get("put") or schema["paths"][path]["get"]
            assert operation["responses"]["200"] == whole["responses"]["200"], path


def test_write_bodies_are_json_only(schema):
    for _method, path, operation in operations(schema):
        if "requestBody" in operation:
            assert set(operation["requestBody"]["content"]) == {"application/json"}, path


def test_every_operation_documents_its_errors_with_their_bodies(schema):
    error = {"$ref": "#/components/schemas/Error"}
    bad_request = {"anyOf": [error, {"$ref": "#/components/schemas/ValidationError"}]}
    for method, path, operation in operations(schema):
        responses = operation["responses"]
        assert {"400", "401", "404", "429"} <= set(responses), (method, path)
        if method != "GET":
            assert "403" in responses, (method, path)
        if "requestBody" in operation:
            assert "415" in responses, (method, path)
        for code, response in responses.items():
            if code.startswith("4"):
                body = response["content"]["application/json"]["schema"]
                assert body == (bad_request if code == "400" else error), (method, path, code)
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"detail"}


def test_documented_success_statuses_are_those_answered(schema):
    paths = schema["paths"]
    assert set(paths["/api/v1/adoptions/{id}/"]["delete"]["responses"]) == {
        "204", "400", "401", "403", "404", "429"
    }  # fmt: skip
    assert "201" in paths["/api/v1/events/"]["post"]["responses"]
    # Reading registrations needs an account allowed to.
    registrations = paths["/api/v1/events/{slug}/registrations/"]["get"]["responses"]
    assert {"200", "401", "403"} <= set(registrations)


def test_every_numeric_parameter_has_bounds(schema):
    for method, path, operation in operations(schema):
        for parameter in operation.get("parameters", ()):
            value = parameter["schema"]
            value = value.get("items", value)
            if value.get("type") in ("integer", "number"):
                assert {"minimum", "maximum"} <= set(value), (method, path, parameter["name"])
    peers = parameters(schema, "/api/v1/cities/{slug}/peers/")
    assert peers["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 50}
    page_size = parameters(schema, "/api/v1/cities/")["page_size"]["schema"]
    assert (page_size["minimum"], page_size["maximum"]) == (1, 100)
