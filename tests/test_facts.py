"""A sample of the fact table (docs/facts.md), checked through the API on the loaded
demo: each fact as the sources state it, and every record with its sources."""

import pytest

from cities.models import Partnership
from exchanges.models import Event, Roadmap
from practices.models import Adoption, Practice
from sources.models import Citation, SourceKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_network, db):
    return demo_network


def get(client, path):
    response = client.get(f"/api/v1/{path}")
    assert response.status_code == 200, path
    return response.json()


def slugs(items):
    return {item["slug"] for item in items}


def test_every_record_of_the_demo_cites_a_source(demo):
    for model in (Event, Practice, Roadmap, Partnership, Adoption):
        records = model.objects.prefetch_related("citations")
        if model is Event:
            # The example exchange is made up for newcomers to try registering, and says so.
            records = records.exclude(is_example=True)
        for record in records:
            assert record.citations.all(), f"{model.__name__} {record.pk} has no source"


def test_facts_no_seed_states_rest_on_a_public_record_quoted(demo):
    web = Citation.objects.filter(source__kind=SourceKind.WEB_RECORD).select_related("source")
    assert web.exists()
    for citation in web:
        assert citation.source.url, citation.pk


def test_maputo_2012_days_organizers_supporters_and_quotes(client, demo):
    event = get(client, "events/maputo-hygiene-health-markets-2012/")
    assert (event["start_date"], event["end_date"]) == ("2012-11-07", "2012-11-09")
    day_sources = {c["source"]["slug"] for c in event["sources"] if c["supports"] == "start_date"}
    assert day_sources == {"mile-maputo-exchange-2012", "aet-south-south-learning-exchange"}
    assert "mile" not in slugs(event["supporters"])
    assert "asiye-etafuleni" not in slugs(event["supporters"])
    assert {1, 5, 8, 10, 16} <= {sdg["number"] for sdg in event["sdgs"]}
    assert event["sdgs_mapped_later"] is True
    dobson = next(q for q in event["quotes"] if q["speaker"] == "Richard Dobson")
    assert dobson["text"].startswith("All towns and cities are different")
    assert "uclg-maputo-learning-report" in slugs(event["publications"])
    # Only the cities the sources name take part.
    assert {p["city"]["slug"] for p in event["participants"]} == {
        "maputo",
        "durban",
        "belo-horizonte",
        "porto-alegre",
    }


def test_the_roadmap_signatories_as_the_source_states_them(client, demo):
    roadmap = get(client, "roadmaps/maputo-roadmap-2012/")
    assert slugs(c for c in roadmap["signatories"]["cities"]) == {
        "maputo",
        "belo-horizonte",
        "porto-alegre",
        "durban",
    }
    assert roadmap["signatories"]["organizations"] == []
    assert roadmap["adopted_on"] == "2012-11-08"
    assert "Norwegian Ministry of Cooperation" in roadmap["summary"]


def test_disputed_tags_are_fixed(client, demo):
    def tags(slug):
        practice = get(client, f"practices/{slug}/")
        return slugs(practice["pillars"]), {sdg["number"] for sdg in practice["sdgs"]}

    assert 14 not in tags("sri-lanka-ornamental-fish-value-chain")[1]
    assert "rights-at-work" not in tags("water-public-community-agreements")[0]
    assert "social-protection" not in tags("banda-aceh-meuraxa-livelihood-recovery")[0]
    assert "social-dialogue" not in tags("viet-nam-integrated-small-enterprise-development")[0]
    assert "rights-at-work" in tags("dar-es-salaam-informal-construction-workers")[0]
    sessions = get(client, "events/ilo-uclg-turin-sstc-sessions-2015/")
    assert {1, 8, 10, 16} <= {sdg["number"] for sdg in sessions["sdgs"]}


def test_names_and_details_as_the_sources_give_them(client, demo):
    aceh = get(client, "practices/banda-aceh-meuraxa-livelihood-recovery/")
    assert "Baitul Quirad Baiturrahman" in {o["name"] for o in aceh["organizations"]}
    assert "Quirad" in aceh["description"]
    chiang_mai = get(client, "events/chiang-mai-led-seminar-2007/")
    assert "14th Asian Regional Meeting" in chiang_mai["summary"]
    assert "(2006)" in chiang_mai["summary"]
    delegation = get(client, "events/maputo-delegation-durban-2013/")
    assert "August 2013" in delegation["outcomes"]
    odienne = get(client, "events/odienne-intermediary-cities-forum-2017/")
    assert "Five recommendations" not in odienne["outcomes"]


def test_inspiration_is_not_adoption_and_every_source_practice_is_public(client, demo):
    adoptions = get(client, "adoptions/?practice=brazil-state-decent-work-agendas")
    assert adoptions["count"] == 0
    for slug in ("brazil-private-sector-small-business-capacity", "china-employment-promotion-law"):
        assert get(client, f"practices/{slug}/")["status"] == "published"


def test_a_handbook_practice_shows_its_sourced_results(client, demo):
    makassar = get(client, "practices/makassar-dumpsite-child-scavengers/")
    statements = {s["statement"]: s["sourced"] for s in makassar["statements"]}
    assert statements["results"] and statements["description"]
    assert not statements["sdgs"]  # the curators' mapping, not the handbook's
    assert "ilo-city-to-city-handbook-2013" in slugs(makassar["publications"])
