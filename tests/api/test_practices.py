"""Good practices, adoptions, pillars and SDGs."""

import csv
import io

import pytest

from tests.api.utils import keys, results, streamed

pytestmark = pytest.mark.django_db

PUBLISHED = {"chefchaouen-ecotourism", "maputo-markets", "lao-women-entrepreneurs"}

PRACTICE_FILTERS = [
    ({}, PUBLISHED),
    ({"pillar": "employment"}, {"chefchaouen-ecotourism", "lao-women-entrepreneurs"}),
    ({"sdg": "8"}, {"chefchaouen-ecotourism", "maputo-markets"}),
    ({"city": "maputo"}, {"maputo-markets"}),
    # By its city's country, by its own countries, or both.
    ({"country": "MZ"}, {"maputo-markets"}),
    ({"country": "LA"}, {"lao-women-entrepreneurs"}),
    ({"country": "MA"}, {"chefchaouen-ecotourism"}),
    ({"region": "africa"}, {"chefchaouen-ecotourism", "maputo-markets"}),
    ({"region": "asia-pacific"}, {"lao-women-entrepreneurs"}),
    ({"sector": "commerce"}, {"maputo-markets", "lao-women-entrepreneurs"}),
    ({"criterion": "innovation"}, {"maputo-markets", "lao-women-entrepreneurs"}),
    ({"year": "2009"}, {"chefchaouen-ecotourism", "lao-women-entrepreneurs"}),
    # Still running: no end year.
    ({"year": "2020"}, {"maputo-markets"}),
    ({"year": "2004"}, set()),
    ({"organization": "ilo"}, {"lao-women-entrepreneurs"}),
    ({"stale": "true"}, {"maputo-markets"}),
    ({"stale": "false"}, {"chefchaouen-ecotourism", "lao-women-entrepreneurs"}),
    ({"status": "published"}, PUBLISHED),
    ({"status": "draft"}, set()),
    ({"q": "ENTREPRENEURSHIP"}, {"lao-women-entrepreneurs"}),
    ({"pillar": "employment", "region": "africa"}, {"chefchaouen-ecotourism"}),
    ({"sdg": "8", "stale": "false", "sector": "tourism"}, {"chefchaouen-ecotourism"}),
]


def test_practice_filters(api, network, subtests):
    for params, expected in PRACTICE_FILTERS:
        with subtests.test(params=params):
            assert keys(api.get("/api/v1/practices/", params)) == expected


def test_each_row_matches_the_stale_filter(api, network):
    for value, stale in (("true", True), ("false", False)):
        rows = results(api.get("/api/v1/practices/", {"stale": value}))
        assert rows
        assert all(row["stale"] is stale for row in rows)


def test_unpublished_practices_show_to_their_submitter_and_curators_only(
    api, network, official, curator
):
    assert keys(api.get("/api/v1/practices/")) == PUBLISHED
    assert api.get("/api/v1/practices/maputo-submitted/").status_code == 404
    assert api.get("/api/v1/practices/durban-draft/").status_code == 404

    api.force_authenticate(official)
    assert keys(api.get("/api/v1/practices/")) == PUBLISHED | {"maputo-submitted"}
    assert api.get("/api/v1/practices/maputo-submitted/").status_code == 200
    assert api.get("/api/v1/practices/durban-draft/").status_code == 404

    api.force_authenticate(curator)
    assert keys(api.get("/api/v1/practices/")) == PUBLISHED | {"maputo-submitted", "durban-draft"}
    assert keys(api.get("/api/v1/practices/", {"status": "draft"})) == {"durban-draft"}
    assert keys(api.get("/api/v1/practices/", {"status": "submitted"})) == {"maputo-submitted"}


def test_practice_detail_carries_results_adoptions_and_verification(api, network):
    body = api.get("/api/v1/practices/chefchaouen-ecotourism/").json()
    assert body["results"] == [
        {
            "indicator": "Guest houses",
            "kind": "outcome",
            "value_before": 12.0,
            "value_after": 38.0,
            "unit": "%",
            "year": None,
            "sex": "",
            "age_min": None,
            "age_max": None,
        }
    ]
    adoptions = {adoption["city"]["slug"]: adoption for adoption in body["adoptions"]}
    assert adoptions["lleida"] == {
        "city": {"slug": "lleida", "name": "Lleida", "country": {"code": "ES", "name": "Spain"}},
        "stage": "adapting",
        "year": 2014,
        "adopted_on": None,
        "date_precision": "day",
        "event": {
            "slug": "lleida-2013",
            "title": "Lleida forum on intermediary cities",
            "start_date": "2013-06-20",
        },
        "mentor_city": None,
        "changes": "",
        "stage_changes": [],
        "results": [],
    }
    assert adoptions["durban"]["event"] is None
    assert body["verified_on"] is not None
    assert body["stale"] is False
    assert body["events"][0]["slug"] == "lleida-2013"
    assert body["city"]["slug"] == "chefchaouen"
    assert body["countries"] == [{"code": "MA", "name": "Morocco"}]
    assert body["criteria"] == [{"slug": "sustainability", "name": "Sustainability"}]
    assert body["description"].startswith("**Green**")
    assert "<strong>Green</strong>" in body["description_html"]
    assert "<script>" not in body["description_html"]


def test_practices_csv_honours_filters_and_visibility(api, network, curator):
    text = streamed(api.get("/api/v1/practices/", {"format": "csv", "pillar": "employment"}))
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(text))}
    assert set(rows) == {"chefchaouen-ecotourism", "lao-women-entrepreneurs"}
    assert rows["lao-women-entrepreneurs"]["city"] == ""
    assert rows["lao-women-entrepreneurs"]["countries"] == "LA"
    assert rows["chefchaouen-ecotourism"]["stale"] == "false"
    assert rows["chefchaouen-ecotourism"]["criteria"] == "sustainability"

    api.force_authenticate(curator)
    text = streamed(api.get("/api/v1/practices/", {"format": "csv", "pillar": "employment"}))
    assert len(list(csv.DictReader(io.StringIO(text)))) == 4


ADOPTION_FILTERS = [
    # The adoption of a practice still under review stays hidden.
    (
        {},
        {
            ("chefchaouen-ecotourism", "lleida"),
            ("chefchaouen-ecotourism", "durban"),
            ("maputo-markets", "belo-horizonte"),
        },
    ),
    (
        {"practice": "chefchaouen-ecotourism"},
        {("chefchaouen-ecotourism", "lleida"), ("chefchaouen-ecotourism", "durban")},
    ),
    ({"city": "durban"}, {("chefchaouen-ecotourism", "durban")}),
    ({"stage": "sustained"}, {("maputo-markets", "belo-horizonte")}),
    ({"event": "lleida-2013"}, {("chefchaouen-ecotourism", "lleida")}),
    ({"q": "belo"}, {("maputo-markets", "belo-horizonte")}),
    ({"city": "durban", "stage": "sustained"}, set()),
]


def test_adoption_filters(api, network, subtests):
    for params, expected in ADOPTION_FILTERS:
        with subtests.test(params=params):
            rows = results(api.get("/api/v1/adoptions/", params))
            assert {(row["practice"]["slug"], row["city"]["slug"]) for row in rows} == expected


def test_adoptions_of_unpublished_practices_show_to_their_submitter(api, network, official):
    response = api.get("/api/v1/adoptions/", {"practice": "maputo-submitted"})
    assert response.status_code == 400
    assert "practice" in response.json()

    api.force_authenticate(official)
    rows = results(api.get("/api/v1/adoptions/", {"practice": "maputo-submitted"}))
    assert [(row["city"]["slug"], row["stage"]) for row in rows] == [("durban", "studying")]
    response = api.get(f"/api/v1/adoptions/{rows[0]['id']}/")
    assert response.status_code == 200
    api.force_authenticate(None)
    assert api.get(f"/api/v1/adoptions/{rows[0]['id']}/").status_code == 404


def test_curators_see_adoptions_of_every_practice_and_others_the_published_ones(
    api, network, curator, partner
):
    api.force_authenticate(curator)
    seen = {row["practice"]["slug"] for row in results(api.get("/api/v1/adoptions/"))}
    assert "maputo-submitted" in seen
    api.force_authenticate(partner)
    seen_by_partner = {row["practice"]["slug"] for row in results(api.get("/api/v1/adoptions/"))}
    assert seen_by_partner == seen - {"maputo-submitted"}


def test_pillars_count_published_practices_and_events(api, network):
    rows = results(api.get("/api/v1/pillars/"))
    counts = {row["slug"]: (row["practices_count"], row["events_count"]) for row in rows}
    assert counts == {
        "employment": (2, 2),
        "social-protection": (0, 1),
        "social-dialogue": (1, 2),
        "rights-at-work": (0, 1),
    }
    assert [row["slug"] for row in rows] == [
        "employment",
        "social-protection",
        "social-dialogue",
        "rights-at-work",
    ]
    assert api.get("/api/v1/pillars/employment/").json()["practices_count"] == 2
    by_events = results(api.get("/api/v1/pillars/", {"ordering": "-events_count,position"}))
    assert [row["slug"] for row in by_events] == [
        "employment",
        "social-dialogue",
        "social-protection",
        "rights-at-work",
    ]


def test_sdgs_count_published_practices_and_events(api, network):
    rows = results(api.get("/api/v1/sdgs/", {"page_size": 17}))
    assert [row["number"] for row in rows] == list(range(1, 18))
    counts = {row["number"]: (row["practices_count"], row["events_count"]) for row in rows}
    assert counts[8] == (2, 2)
    assert counts[11] == (1, 2)
    assert counts[5] == (1, 0)
    assert counts[16] == (0, 1)
    assert counts[1] == (0, 0)
    body = api.get("/api/v1/sdgs/8/").json()
    assert body == {
        "number": 8,
        "name": "Decent Work and Economic Growth",
        "colour": "#A21942",
        "practices_count": 2,
        "events_count": 2,
    }
    assert keys(api.get("/api/v1/sdgs/", {"q": "decent work"}), "number") == {8}
    assert keys(api.get("/api/v1/pillars/", {"q": "dialogue"})) == {"social-dialogue"}
