"""The roadmap list (`/roadmaps/`) and the roadmap page (`/roadmaps/<slug>/`)."""

import datetime

import pytest

from exchanges.models import ActionStatus
from exchanges.views import ROADMAPS_PER_PAGE
from tests.factories import (
    ActionFactory,
    CityFactory,
    CommitmentFactory,
    EventFactory,
    OrganizationFactory,
    RoadmapFactory,
)
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def maputo_roadmap():
    maputo = CityFactory(slug="maputo", name="Maputo")
    durban = CityFactory(slug="durban", name="Durban")
    event = EventFactory(slug="maputo-2012", title="Maputo peer learning event", host_city=maputo)
    roadmap = RoadmapFactory(
        slug="maputo-roadmap",
        title="Maputo roadmap",
        event=event,
        adopted_on=datetime.date(2012, 11, 8),
        summary="Adopted by local government representatives.",
    )
    roadmap.signatory_cities.add(maputo, durban)
    roadmap.signatory_organizations.add(OrganizationFactory(name="Cities Alliance"))
    first = CommitmentFactory(
        roadmap=roadmap,
        number=1,
        text="Promote South-South cooperation",
        sub_points=["Share experience from other cities"],
    )
    CommitmentFactory(roadmap=roadmap, number=2, text="Build capacity")
    dakar = EventFactory(title="Africities in Dakar")
    done = ActionFactory(
        roadmap=roadmap,
        commitment=first,
        title="Meet in Dakar",
        status=ActionStatus.DONE,
        carried_out_by=dakar,
        due_date=datetime.date(2012, 12, 1),
    )
    done.responsible_cities.add(maputo)
    done.responsible_organizations.add(OrganizationFactory(name="UCLG"))
    ActionFactory(roadmap=roadmap, title="Visit Durban", status=ActionStatus.IN_PROGRESS)
    ActionFactory(roadmap=roadmap, title="Roundtable in Brazil", status=ActionStatus.PLANNED)
    ActionFactory(roadmap=roadmap, title="Session in Rabat", status=ActionStatus.DROPPED)
    return roadmap


def test_roadmap_page_shows_commitments_actions_statuses_and_progress(client, maputo_roadmap):
    response = client.get("/roadmaps/maputo-roadmap/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Maputo roadmap</h1>" in html
    assert "8 November 2012" in html
    assert 'href="/events/maputo-2012/"' in html
    assert '<li value="1">Promote South-South cooperation' in html
    assert "Share experience from other cities" in html
    assert '<li value="2">Build capacity' in html
    for title in ("Meet in Dakar", "Visit Durban", "Roundtable in Brazil", "Session in Rabat"):
        assert title in html
    assert "Commitment 1" in html
    assert "Africities in Dakar" in html
    assert "UCLG" in html and 'href="/cities/maputo/"' in html
    # One action of four is done: dropped actions count in the total.
    assert '<progress id="progress-' in html and 'max="100" value="25"' in html
    assert "1 of 4 actions done" in html
    for label in ("Planned", "In progress", "Done", "Dropped"):
        assert f'">{label}</span> 1' in html
    assert "Cities Alliance" in html and "Durban" in html
    assert "<title>Maputo roadmap · PeerCities</title>" in html
    assert (
        '<meta name="description" content="Adopted by local government representatives.">' in html
    )


def test_roadmap_without_actions_has_no_progress_bar(client):
    RoadmapFactory(slug="empty")
    html = client.get("/roadmaps/empty/").content.decode()
    assert "<progress" not in html
    assert "No action planned yet." in html


def test_roadmap_page_of_an_unknown_roadmap_is_404(client):
    assert client.get("/roadmaps/atlantis/").status_code == 404


def test_roadmap_page_query_count_does_not_grow_with_rows(client, maputo_roadmap):
    def grow():
        for _ in range(3):
            CommitmentFactory(roadmap=maputo_roadmap)
            action = ActionFactory(roadmap=maputo_roadmap, carried_out_by=EventFactory())
            action.responsible_cities.add(CityFactory(), CityFactory())
            action.responsible_organizations.add(OrganizationFactory())
            maputo_roadmap.signatory_cities.add(CityFactory())
            maputo_roadmap.signatory_organizations.add(OrganizationFactory())

    url = "/roadmaps/maputo-roadmap/"
    assert_constant_queries(lambda: client.get(url), grow)


def test_roadmap_list_shows_progress_and_filters(client, maputo_roadmap):
    other = RoadmapFactory(title="Lleida declaration")
    other.signatory_cities.add(CityFactory(slug="lleida"))
    response = client.get("/roadmaps/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Maputo roadmap" in html and "Lleida declaration" in html
    assert "1 of 4 actions done" in html
    maputo_only = client.get("/roadmaps/?city=durban")
    assert [r.title for r in maputo_only.context["page_obj"]] == ["Maputo roadmap"]
    searched = client.get("/roadmaps/?q=lleida")
    assert [r.title for r in searched.context["page_obj"]] == ["Lleida declaration"]


def test_the_roadmap_city_filter_is_a_text_box_taking_a_slug_or_a_name(client, maputo_roadmap):
    html = client.get("/roadmaps/").content.decode()

    assert '<select name="city"' not in html
    assert 'name="city"' in html and "data-city-suggestions" in html
    by_name = client.get("/roadmaps/?city=Durban")
    assert [r.title for r in by_name.context["page_obj"]] == ["Maputo roadmap"]


@pytest.mark.parametrize("query", ["city=atlantis", "page=99", "page=x", "q=%25"])
def test_roadmap_list_takes_bad_values_gracefully(client, maputo_roadmap, query):
    assert client.get(f"/roadmaps/?{query}").status_code == 200


def test_roadmap_list_paginates(client):
    for n in range(ROADMAPS_PER_PAGE + 1):
        RoadmapFactory(title=f"Roadmap {n:02d}")
    first = client.get("/roadmaps/")
    assert len(first.context["page_obj"]) == ROADMAPS_PER_PAGE
    second = client.get("/roadmaps/?page=2")
    assert len(second.context["page_obj"]) == 1


def test_roadmap_list_query_count_does_not_grow(client, maputo_roadmap):
    def grow():
        for _ in range(4):
            roadmap = RoadmapFactory()
            ActionFactory(roadmap=roadmap, status=ActionStatus.DONE)
            CommitmentFactory(roadmap=roadmap)

    assert_constant_queries(lambda: client.get("/roadmaps/"), grow)
