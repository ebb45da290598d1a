import datetime

import pytest
from django.urls import reverse

from exchanges.models import ActionStatus
from tests.factories import (
    ActionFactory,
    CityFactory,
    CommitmentFactory,
    EventFactory,
    ParticipationFactory,
    PracticeFactory,
    ResultFactory,
    RoadmapFactory,
    UserFactory,
)
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_home_lists_the_cities_and_events_of_the_network(client):
    durban = CityFactory(slug="durban", name="Durban")
    EventFactory(title="Maputo peer learning event", start_date=datetime.date(2012, 11, 26))
    EventFactory(
        title="Upcoming exchange in Durban",
        host_city=durban,
        start_date=datetime.date.today() + datetime.timedelta(days=30),
        status="open",
    )
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Durban" in html
    assert "Maputo peer learning event" in html
    assert "Upcoming exchange in Durban" in html
    assert html.index("Upcoming exchanges") < html.index("Upcoming exchange in Durban")


def test_home_query_count_does_not_grow_with_the_network(client):
    def grow(n):
        for _ in range(n):
            event = EventFactory()
            PracticeFactory(city=event.host_city)

    grow(1)
    assert_constant_queries(lambda: client.get("/"), lambda: grow(8))


def test_city_page(client):
    city = CityFactory(slug="maputo", name="Maputo", population=1_101_170, population_year=2017)
    event = EventFactory(title="Learning from Durban")
    ParticipationFactory(event=event, city=city, role="learner")
    PracticeFactory(city=city, title="Market vendors in the city's plans")
    PracticeFactory(city=city, title="A draft", status="draft", published_at=None)
    response = client.get(reverse("city-detail", kwargs={"slug": "maputo"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "1,101,170" in html
    assert "Metropolis" in html
    assert "Learning from Durban" in html
    assert "Market vendors in the city&#x27;s plans" in html
    assert "A draft" not in html


def test_event_page_shows_participants_roles_and_delegations(client):
    event = EventFactory(slug="maputo-2012", title="Maputo peer learning event")
    ParticipationFactory(event=event, city=CityFactory(name="Durban"), delegation_size=4)
    roadmap = RoadmapFactory(event=event, title="Maputo roadmap")
    response = client.get("/events/maputo-2012/")
    html = response.content.decode()
    assert "Durban" in html
    assert ">4<" in html
    assert "Peer" in html
    assert roadmap.get_absolute_url() in html


def test_roadmap_page_shows_commitments_actions_and_progress(client):
    roadmap = RoadmapFactory(slug="maputo-roadmap")
    CommitmentFactory(roadmap=roadmap, number=1, text="Promote South-South cooperation")
    ActionFactory(roadmap=roadmap, title="Meet in Dakar", status=ActionStatus.DONE)
    ActionFactory(roadmap=roadmap, title="Visit Durban", status=ActionStatus.PLANNED)
    html = client.get("/roadmaps/maputo-roadmap/").content.decode()
    assert "Promote South-South cooperation" in html
    assert "Meet in Dakar" in html
    assert 'value="50"' in html


def test_practice_page_sanitizes_markdown_and_shows_results(client):
    practice = PracticeFactory(
        slug="lao-women", description="**Bold** <script>alert(1)</script> [x](javascript:alert(1))"
    )
    ResultFactory(practice=practice, indicator="Monthly sales", value_before=490, value_after=2150)
    html = client.get("/practices/lao-women/").content.decode()
    assert "<strong>Bold</strong>" in html
    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert "Monthly sales" in html
    assert "2150" in html


def test_unpublished_practice_is_hidden_from_visitors_but_not_its_submitter_or_curators(
    client, curator
):
    submitter = UserFactory()
    PracticeFactory(slug="in-review", status="submitted", published_at=None, submitted_by=submitter)
    assert client.get("/practices/in-review/").status_code == 404
    client.force_login(UserFactory())
    assert client.get("/practices/in-review/").status_code == 404
    client.force_login(submitter)
    assert client.get("/practices/in-review/").status_code == 200
    client.force_login(curator)
    assert client.get("/practices/in-review/").status_code == 200


@pytest.mark.parametrize("prefix", ["/cities/", "/events/", "/roadmaps/", "/practices/"])
def test_unknown_slugs_are_404(client, prefix):
    assert client.get(f"{prefix}atlantis/").status_code == 404


def test_pages_answer_under_a_language_prefix(client):
    CityFactory(slug="dakar", name="Dakar")
    assert client.get("/fr/cities/dakar/").status_code == 200
    assert client.get("/pt/").status_code == 200


def test_detail_pages_query_counts_do_not_grow_with_rows(client):
    city = CityFactory(slug="maputo")
    event = EventFactory(slug="big", host_city=city)
    roadmap = RoadmapFactory(slug="plan", event=event)
    practice = PracticeFactory(slug="table", city=city)

    def grow(n):
        for _ in range(n):
            other = EventFactory(host_city=city)
            ParticipationFactory(event=event)
            ActionFactory(roadmap=roadmap, carried_out_by=other).responsible_cities.add(city)
            ResultFactory(practice=practice)
            PracticeFactory(city=city)

    grow(1)
    for url in ["/cities/maputo/", "/events/big/", "/roadmaps/plan/", "/practices/table/"]:
        assert_constant_queries(lambda url=url: client.get(url), lambda: grow(3))
