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


def countries(event):
    return {item["country"]["code"]: item["role"] for item in event["countries"]}


def supported(record, field):
    """The sources of a record that support `field`."""
    return {c["source"]["slug"] for c in record["sources"] if c["supports"] == field}


def test_countries_and_organizations_take_part_as_the_sources_name_them(client, demo):
    maputo = get(client, "events/maputo-hygiene-health-markets-2012/")
    # "other Mozambican municipalities": their country, unnamed cities, and the note says so.
    assert countries(maputo) == {"MZ": "peer"}
    assert "Mozambican municipalities" in maputo["countries"][0]["notes"]
    assert supported(maputo, "country_participations") == {"ilo-city-to-city-handbook-2013"}
    # MILE and Asiye eTafuleni took part, they did not support it.
    roles = {item["organization"]["slug"]: item["role"] for item in maputo["organization_roles"]}
    assert roles == {"mile": "facilitator", "asiye-etafuleni": "peer"}
    assert supported(maputo, "organization_participations") == {
        "mile-maputo-exchange-2012",
        "aet-south-south-learning-exchange",
    }
    # The City of Maputo and the City of Turin as organizers.
    assert {p["city"]["slug"]: p["role"] for p in maputo["participants"]}["maputo"] == "organizer"
    forum = get(client, "events/world-forum-led-turin-2015/")
    assert [(p["city"]["slug"], p["role"]) for p in forum["participants"]] == [
        ("turin", "organizer")
    ]
    # Where the sources name countries rather than cities, with the host's.
    expected = {
        "lleida-intermediary-cities-forum-2013": ({"ZA", "MZ", "BR", "ID", "MA", "AR", "IT"}, "ES"),
        "chiang-mai-led-seminar-2007": ({"CN", "IN", "ID", "LA", "NP", "PH", "LK", "VN"}, "TH"),
        "chefchaouen-urban-rural-policies-2014": (
            {"BJ", "BF", "CI", "ML", "MR", "NE", "SN", "ES"},
            "MA",
        ),
    }
    for slug, (peers, host) in expected.items():
        event = get(client, f"events/{slug}/")
        assert countries(event) == {**dict.fromkeys(peers, "peer"), host: "host"}, slug
        assert supported(event, "country_participations"), slug
    # The roadmap's signatories: the cities named, "other Mozambican cities" in its words.
    roadmap = get(client, "roadmaps/maputo-roadmap-2012/")
    assert "other Mozambican cities" in roadmap["summary"]
    assert roadmap["event"]["slug"] == "maputo-hygiene-health-markets-2012"


def test_dates_known_only_to_the_month_or_year_are_stored_so(client, demo):
    visit = get(client, "events/maputo-delegation-durban-2013/")
    assert (visit["start_date"], visit["end_date"], visit["date_precision"]) == (
        "2013-06-01",
        "2013-06-30",
        "month",
    )
    maputo = next(p for p in visit["participants"] if p["city"]["slug"] == "maputo")
    assert maputo["delegation_size"] == 9
    assert maputo["composition"] == [
        {"category": category, "count": None} for category in ("carriers", "officials", "vendors")
    ]
    page = client.get("/events/maputo-delegation-durban-2013/").content.decode()
    assert '<time datetime="2013-06">June 2013</time>' in page
    assert "1 June 2013" not in page
    periods = {
        "maputo-durban-market-vendors": ("2013-06-01", "month"),
        "ilo-uclg-memorandum-2012": ("2012-09-01", "month"),
        "ilo-vcci-small-enterprise-development": ("2005-01-01", "year"),
    }
    for slug, period in periods.items():
        partnership = get(client, f"partnerships/{slug}/")
        assert (partnership["start_date"], partnership["date_precision"]) == period, slug
    actions = get(client, "roadmaps/maputo-roadmap-2012/")["actions"]
    due = {
        action["title"]: (action["due_date"], action["due_date_precision"]) for action in actions
    }
    durban = "Building the capacities of intermediary cities for local development in Durban"
    assert due[durban] == ("2013-03-31", "month")


def test_a_practice_in_several_cities_is_each_citys(client, demo):
    for city in ("hanoi", "da-nang", "ho-chi-minh-city", "can-tho"):
        rows = get(client, f"practices/?city={city}")["results"]
        assert "viet-nam-integrated-small-enterprise-development" in slugs(rows), city
    for city in ("belo-horizonte", "curitiba"):
        rows = get(client, f"practices/?city={city}")["results"]
        assert "brazil-decent-work-municipal-programmes" in slugs(rows), city
    programmes = get(client, "practices/brazil-decent-work-municipal-programmes/")
    assert slugs(programmes["places"]) == {"br-sao-paulo-metropolitan-region"}
    assert supported(programmes, "places") == {"ilo-city-to-city-handbook-2013"}
    # The Hanoi page lists it and counts it.
    page = client.get("/cities/hanoi/").content.decode()
    assert "Poverty reduction through integrated small enterprise development" in page
    assert "1 good practice<" in page
    assert "No published practice yet." not in page


def test_large_forums_apart_and_the_modality_from_the_sources_definitions(client, demo):
    forums = get(client, "events/?scope=large-forums")["results"]
    assert slugs(forums) == {
        "africities-2012-dakar",
        "uclg-world-congress-rabat-2013",
        "world-forum-led-turin-2015",
    }
    exchanges = get(client, "events/?scope=exchanges&page_size=100")["results"]
    assert not slugs(exchanges) & slugs(forums)
    # Africities in December 2012, as the roadmap planned; the World Forum announced for
    # 15-18 October and held 13-16 October 2015, both said.
    assert get(client, "events/africities-2012-dakar/")["start_date"].startswith("2012-12-")
    forum = get(client, "events/world-forum-led-turin-2015/")
    assert (forum["start_date"], forum["end_date"]) == ("2015-10-13", "2015-10-16")
    assert "15-18" in forum["summary"]
    modality = {
        slug: get(client, f"events/{slug}/")
        for slug in (
            "ilo-uclg-turin-sstc-sessions-2015",
            "maputo-delegation-durban-2013",
            "maputo-hygiene-health-markets-2012",
        )
    }
    # The ILO and UCLG alone make a multilateral meeting, never North-North.
    assert modality["ilo-uclg-turin-sstc-sessions-2015"]["modality"] == "multilateral"
    assert modality["maputo-delegation-durban-2013"]["modality"] == "south-south"
    # Triangular because the EU and Norway supported it, the country taking part counted.
    maputo = modality["maputo-hygiene-health-markets-2012"]
    assert maputo["modality"] == "triangular"
    assert "Mozambique" in maputo["modality_reason"]
    assert "Northern partners" in maputo["modality_reason"]
