"""Taking a participating city off an exchange asks first: the form's POST shows what
will be removed, and only the confirming POST (carrying every field back) saves it."""

import pytest
from django.urls import reverse

from exchanges.models import Event

from .test_web import event_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited_event(client, official, city, other_city):
    client.force_login(official)
    data = event_data(
        city,
        sdgs=["8", "11"],
        **{"participants-0-city": other_city.pk, "participants-0-role": "peer"},
    )
    assert client.post(reverse("event-create"), data).status_code == 302
    return Event.objects.get(title="Maputo meets Durban")


def removal_data(city, other_city, **overrides):
    return event_data(
        city,
        title="Maputo meets Durban, again",
        sdgs=["8", "11"],
        **{
            "participants-TOTAL_FORMS": "1",
            "participants-INITIAL_FORMS": "1",
            "participants-0-city": other_city.pk,
            "participants-0-role": "peer",
            "participants-0-DELETE": "on",
        },
        **overrides,
    )


def test_removing_a_participating_city_asks_first_and_changes_nothing(
    client, edited_event, city, other_city
):
    url = reverse("event-edit", args=[edited_event.slug])
    response = client.post(url, removal_data(city, other_city))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Remove participating cities?" in content
    assert other_city.name in content
    # The whole form goes back with the confirming button, both SDGs included.
    assert 'name="sdgs" value="8"' in content and 'name="sdgs" value="11"' in content
    assert 'name="confirmed" value="yes"' in content
    edited_event.refresh_from_db()
    assert edited_event.title == "Maputo meets Durban"
    assert edited_event.participations.filter(city=other_city).exists()


def test_the_confirming_post_removes_the_city_and_saves_the_rest(
    client, edited_event, city, other_city
):
    url = reverse("event-edit", args=[edited_event.slug])
    response = client.post(url, removal_data(city, other_city, confirmed="yes"))
    assert response.status_code == 302
    edited_event.refresh_from_db()
    assert edited_event.title == "Maputo meets Durban, again"
    assert not edited_event.participations.filter(city=other_city).exists()
    assert sorted(edited_event.sdgs.values_list("number", flat=True)) == [8, 11]


def test_an_edit_that_keeps_every_city_saves_at_once(client, edited_event, city, other_city):
    url = reverse("event-edit", args=[edited_event.slug])
    data = removal_data(city, other_city)
    del data["participants-0-DELETE"]
    assert client.post(url, data).status_code == 302
    edited_event.refresh_from_db()
    assert edited_event.title == "Maputo meets Durban, again"
    assert edited_event.participations.filter(city=other_city).exists()
