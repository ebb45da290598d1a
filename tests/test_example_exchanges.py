"""The demo's made-up example exchange is listed (marked "Example") but counted by no
figure of the network: not on the home page, the city page, the dashboard or the
cooperation network."""

import datetime

import pytest

from exchanges.models import Event
from portal.network import network_graph
from tests.factories import CityFactory, EventFactory, ParticipationFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def exchanges():
    maputo = CityFactory(slug="maputo", name="Maputo")
    durban = CityFactory(slug="durban", name="Durban", country=country("ZA"))
    real = EventFactory(
        slug="real",
        title="Peer learning event 0",
        host_city=maputo,
        start_date=datetime.date(2013, 6, 10),
    )
    ParticipationFactory(event=real, city=durban)
    example = EventFactory(
        slug="example",
        title="Example exchange",
        host_city=maputo,
        start_date=datetime.date(2031, 3, 1),
        status="planned",
        is_example=True,
    )
    ParticipationFactory(event=example, city=durban)
    return real, example


def test_the_example_is_listed_but_not_counted_on_the_home_page(client, exchanges):
    response = client.get("/")
    assert response.context["figures"]["events"] == 1
    assert "Example exchange" in response.content.decode()  # an upcoming exchange
    assert client.get("/events/example/").status_code == 200


def test_the_city_page_counts_no_example(client, exchanges):
    response = client.get("/cities/durban/")
    assert response.status_code == 200
    assert response.context["exchange_count"] + response.context["forum_count"] == 1


def test_the_dashboard_and_the_network_leave_examples_out(client, exchanges):
    figure = client.get("/dashboard/data.json").json()["exchanges_by_year"]
    assert figure["years"] == [2013]
    assert [edge["titles"] for edge in network_graph()["edges"]] == [["Peer learning event 0"]]


def test_of_record_drops_examples_and_cancelled_events(exchanges):
    assert exchanges
    EventFactory(slug="cancelled", status="cancelled")
    assert list(Event.objects.of_record().values_list("slug", flat=True)) == ["real"]
    assert set(Event.objects.without_examples().values_list("slug", flat=True)) == {
        "real",
        "cancelled",
    }
