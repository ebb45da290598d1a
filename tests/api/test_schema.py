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
