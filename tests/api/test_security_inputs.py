"""Security round two, input findings on the API (issue #15): deep JSON, dates out of
any sane window, races on slugs. Each gets a 400 naming what is wrong, never a 500."""

import io
import json

import pytest
from rest_framework.exceptions import ParseError

from exchanges.models import Action
from portal.api.parsers import MAX_JSON_DEPTH, JSONParser, nesting_depth

# --- deeply nested JSON ------------------------------------------------------------------


def write_endpoints(network) -> list[tuple[str, str]]:
    """(method, URL) of every write operation of the API."""
    action = Action.objects.filter(roadmap=network.maputo_roadmap).first()
    adoption = network.ecotourism.adoptions.first()
    return [
        ("post", "/api/v1/events/"),
        ("put", "/api/v1/events/maputo-2012/"),
        ("patch", "/api/v1/events/maputo-2012/"),
        ("post", "/api/v1/events/barcelona-2030/registrations/"),
        ("post", "/api/v1/practices/"),
        ("put", "/api/v1/practices/maputo-submitted/"),
        ("patch", "/api/v1/practices/maputo-submitted/"),
        ("post", "/api/v1/practices/maputo-submitted/publish/"),
        ("post", "/api/v1/practices/maputo-submitted/request-changes/"),
        ("post", "/api/v1/practices/maputo-submitted/reject/"),
        ("post", "/api/v1/practices/suggest-tags/"),
        ("post", f"/api/v1/roadmaps/maputo-roadmap/actions/{action.pk}/status/"),
        ("post", "/api/v1/adoptions/"),
        ("put", f"/api/v1/adoptions/{adoption.pk}/"),
        ("patch", f"/api/v1/adoptions/{adoption.pk}/"),
    ]


@pytest.mark.parametrize("body", ["[" * 5000, "[" * 5000 + "]" * 5000, '{"a":' * 3000])
def test_a_deeply_nested_body_is_a_400_on_every_write(api, network, curator, body, subtests):
    api.force_authenticate(curator)
    for method, url in write_endpoints(network):
        with subtests.test(method=method, url=url):
            response = getattr(api, method)(url, body, content_type="application/json")
            assert response.status_code == 400, response.content
            assert "JSON parse error" in response.json()["detail"]


def test_a_body_nested_just_past_the_limit_is_refused(api, network, curator):
    api.force_authenticate(curator)
    body = {"text": "markets"}
    for _level in range(MAX_JSON_DEPTH):
        body = {"text": body}
    response = api.post("/api/v1/practices/suggest-tags/", body, format="json")
    assert response.status_code == 400
    assert str(MAX_JSON_DEPTH) in response.json()["detail"]


def parse(text: str):
    return JSONParser().parse(io.BytesIO(text.encode()), "application/json", {})


def test_the_parser_takes_json_up_to_the_limit():
    nested = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert nesting_depth(parse(nested)) == MAX_JSON_DEPTH
    with pytest.raises(ParseError):
        parse("[" + nested + "]")


def test_the_parser_reads_ordinary_bodies_as_before():
    body = {"participants": [{"city": "durban", "role": "peer"}], "sdgs": [8, 11], "q": "x"}
    assert parse(json.dumps(body)) == body
    assert parse("3") == 3
    with pytest.raises(ParseError):
        parse("{not json")


def test_nesting_depth_counts_lists_and_objects():
    assert nesting_depth("text") == 0
    assert nesting_depth([]) == 1
    assert nesting_depth({"a": [1, {"b": []}]}) == 4
    assert nesting_depth([[1], [[2]], 3]) == 3
