"""Issue #15: a city that only takes part in another city's event cannot take it over.

The audit's attack: an official of a participating city PATCHed the event to make their
city its host (200), then listed and exported every delegate's name and email, while the
real host was locked out. Only the host city's officials and curators change the host,
the participating cities and the registration settings; a participating city changes
its own participation (role, delegation size), nothing else. The service holds the rule,
so the API and the web forms refuse alike.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from base.models import Role
from cities.models import Membership
from exchanges.models import Event
from exchanges.services import save_event
from tests.factories import CityFactory, ParticipationFactory, RegistrationFactory, UserFactory
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def joined_event(durban_event, city):
    """Durban's event, which Maputo (the `official`'s city) joins as a peer, with a
    delegate registered by each city."""
    ParticipationFactory(event=durban_event, city=city, role="peer", delegation_size=2)
    durban_event.registration_deadline = durban_event.start_date - datetime.timedelta(days=5)
    durban_event.save()
    return durban_event


@pytest.fixture
def delegates(joined_event, official, other_official, city, other_city):
    return {
        "maputo": RegistrationFactory(
            event=joined_event, registered_by=official, city=city, email="mine@maputo.mz"
        ),
        "durban": RegistrationFactory(
            event=joined_event,
            registered_by=other_official,
            city=other_city,
            email="theirs@durban.gov.za",
        ),
    }


def event_url(event):
    return f"/api/v1/events/{event.slug}/"


def csv_text(response) -> str:
    return b"".join(response.streaming_content).decode()


# The attack, through the API


def test_a_participating_city_cannot_take_the_event_over(
    api, official, other_official, joined_event, delegates
):
    api.force_authenticate(official)
    response = api.patch(
        event_url(joined_event),
        {"host_city": "maputo", "participants": [{"city": "maputo", "role": "host"}]},
        format="json",
    )

    assert response.status_code == 400
    assert {"host_city", "participants"} <= set(response.json())
    joined_event.refresh_from_db()
    assert joined_event.host_city.slug == "durban"
    assert joined_event.participations.get(city__slug="maputo").role == "peer"

    # The attacker sees their own delegate only, and exports nothing.
    registrations = f"{event_url(joined_event)}registrations/"
    assert [r["email"] for r in api.get(registrations).json()] == ["mine@maputo.mz"]
    assert api.get(registrations + "?format=csv").status_code == 403

    # The real host still lists and exports every delegate.
    api.force_authenticate(other_official)
    listed = {r["email"] for r in api.get(registrations).json()}
    assert listed == {"mine@maputo.mz", "theirs@durban.gov.za"}
    export = api.get(registrations + "?format=csv")
    assert export.status_code == 200
    assert "theirs@durban.gov.za" in csv_text(export)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"host_city": "maputo"}, "host_city"),
        ({"capacity": 500}, "capacity"),
        ({"status": "cancelled"}, "status"),
        ({"registration_deadline": None}, "registration_deadline"),
        ({"registrations_per_official": 100}, "registrations_per_official"),
        ({"title": "Ours now"}, "title"),
        ({"organizers": []}, None),  # unchanged: nothing to refuse
        ({"participants": [{"city": "maputo", "role": "host"}]}, "participants"),
        ({"participants": []}, "participants"),  # removing itself and the others
        (
            {
                "participants": [
                    {"city": "maputo", "role": "peer", "delegation_size": 2},
                    {"city": "lichinga", "role": "learner"},
                ]
            },
            "participants",
        ),
    ],
)
def test_a_participating_city_changes_nothing_but_its_participation(
    api, official, joined_event, changes, field
):
    CityFactory(slug="lichinga", name="Lichinga")
    before = Event.objects.get(pk=joined_event.pk)
    api.force_authenticate(official)

    response = api.patch(event_url(joined_event), changes, format="json")

    if field is None:
        assert response.status_code == 200, response.json()
        return
    assert response.status_code == 400
    assert field in response.json()
    after = Event.objects.get(pk=joined_event.pk)
    for name in (
        "host_city_id",
        "capacity",
        "status",
        "title",
        "registration_deadline",
        "registrations_per_official",
    ):
        assert getattr(after, name) == getattr(before, name)
    assert list(after.participations.values_list("city__slug", "role")) == [("maputo", "peer")]


def test_a_participating_city_cannot_rewrite_another_city_s_participation(
    api, official, joined_event
):
    lichinga = CityFactory(slug="lichinga", name="Lichinga")
    ParticipationFactory(event=joined_event, city=lichinga, role="learner", delegation_size=3)
    api.force_authenticate(official)
    response = api.patch(
        event_url(joined_event),
        {
            "participants": [
                {"city": "maputo", "role": "peer", "delegation_size": 2},
                {"city": "lichinga", "role": "learner", "delegation_size": 30},
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    assert "participants" in response.json()
    assert joined_event.participations.get(city=lichinga).delegation_size == 3


def test_a_participating_city_edits_its_own_role_and_delegation(api, official, joined_event):
    api.force_authenticate(official)
    response = api.patch(
        event_url(joined_event),
        {"participants": [{"city": "maputo", "role": "learner", "delegation_size": 6}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    participation = joined_event.participations.get(city__slug="maputo")
    assert (participation.role, participation.delegation_size) == ("learner", 6)


def test_a_full_put_with_unchanged_values_passes_for_a_participant(api, official, joined_event):
    api.force_authenticate(official)
    body = api.get(event_url(joined_event)).json()
    payload = {
        "title": body["title"],
        "kind": body["kind"],
        "host_city": body["host_city"]["slug"],
        "start_date": body["start_date"],
        "end_date": body["end_date"],
        "status": body["status"],
        "summary": body["summary"],
        "capacity": body["capacity"],
        "participants": [{"city": "maputo", "role": "peer", "delegation_size": 5}],
    }
    response = api.put(event_url(joined_event), payload, format="json")
    assert response.status_code == 200, response.json()
    assert joined_event.participations.get(city__slug="maputo").delegation_size == 5


def test_the_host_and_curators_keep_every_right(api, other_official, curator, joined_event):
    lichinga = CityFactory(slug="lichinga", name="Lichinga")
    api.force_authenticate(other_official)
    response = api.patch(
        event_url(joined_event),
        {
            "capacity": 40,
            "registrations_per_official": 3,
            "participants": [
                {"city": "maputo", "role": "host"},
                {"city": "lichinga", "role": "learner"},
            ],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["registrations_per_official"] == 3
    joined_event.refresh_from_db()
    assert joined_event.capacity == 40
    assert joined_event.participations.filter(city=lichinga).exists()

    # The host hands its event over to a city that takes part, and keeps taking part.
    response = api.patch(
        event_url(joined_event),
        {
            "host_city": "maputo",
            "participants": [
                {"city": "durban", "role": "peer"},
                {"city": "maputo", "role": "host"},
            ],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["host_city"]["slug"] == "maputo"

    api.force_authenticate(curator)
    response = api.patch(event_url(joined_event), {"host_city": "lichinga"}, format="json")
    assert response.status_code == 200, response.json()


def test_an_official_of_a_city_that_does_not_take_part_is_refused(api, joined_event):
    outsider = UserFactory(username="dakar-official", groups=[Role.OFFICIAL])
    Membership.objects.create(
        user=outsider, city=CityFactory(slug="dakar"), verified_at=timezone.now()
    )
    api.force_authenticate(outsider)
    response = api.patch(event_url(joined_event), {"host_city": "dakar"}, format="json")
    assert response.status_code == 403
    joined_event.refresh_from_db()
    assert joined_event.host_city.slug == "durban"


# The rule is the service's


def test_the_service_refuses_a_participant_the_host_and_the_other_cities(
    official, other_official, joined_event, city
):
    with pytest.raises(ValidationError) as error:
        save_event(by=official, event=joined_event, host_city=city)
    assert "host_city" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        save_event(
            by=official,
            event=joined_event,
            participants=[{"city": city, "role": "host", "delegation_size": 2}],
        )
    assert "participants" in error.value.message_dict
    joined_event.refresh_from_db()
    assert joined_event.host_city.slug == "durban"
    # The host's official may.
    save_event(by=other_official, event=joined_event, capacity=9)
    joined_event.refresh_from_db()
    assert joined_event.capacity == 9


def test_the_service_refuses_someone_whose_city_does_not_take_part(joined_event, partner):
    with pytest.raises(PermissionDenied):
        save_event(by=partner, event=joined_event, title="Mine")
    with pytest.raises(PermissionDenied):
        save_event(by=partner, title="New", kind="forum")


def test_the_service_refuses_an_official_setting_the_modality(official, joined_event):
    with pytest.raises(ValidationError) as error:
        save_event(by=official, event=joined_event, modality="triangular")
    assert "modality" in error.value.message_dict


# The same through the web forms


def test_a_participant_s_edit_page_is_their_participation_only(client, official, joined_event):
    client.force_login(official)
    url = reverse("event-edit", args=[joined_event.slug])
    page = client.get(url)
    content = page.content.decode()
    assert page.status_code == 200
    assert 'name="delegation_size"' in content
    assert 'name="host_city"' not in content and 'name="capacity"' not in content
    assert 'value="host"' not in content  # hosting is the host city's decision
    detail = client.get(joined_event.get_absolute_url()).content.decode()
    assert "Edit your city's participation" in detail
    assert "Edit this exchange" not in detail


def test_a_participant_cannot_take_the_event_over_through_the_form(
    client, official, joined_event, city
):
    client.force_login(official)
    url = reverse("event-edit", args=[joined_event.slug])
    # The whole event form, as the attack would post it: only the participation is read.
    response = client.post(
        url,
        {
            "title": "Ours now",
            "host_city": city.pk,
            "capacity": "500",
            "role": "host",
            "delegation_size": "7",
            "participants-TOTAL_FORMS": "1",
            "participants-INITIAL_FORMS": "0",
            "participants-0-city": city.pk,
            "participants-0-role": "host",
        },
    )
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    joined_event.refresh_from_db()
    assert joined_event.host_city.slug == "durban"
    assert joined_event.title != "Ours now"
    assert joined_event.participations.get(city=city).role == "peer"

    response = client.post(url, {"role": "learner", "delegation_size": "7"})
    assert response.status_code == 302
    participation = joined_event.participations.get(city=city)
    assert (participation.role, participation.delegation_size) == ("learner", 7)
    joined_event.refresh_from_db()
    assert joined_event.host_city.slug == "durban"
    assert joined_event.participations.count() == 1


def test_the_web_registrations_of_a_participant_show_no_other_city_s_delegate(
    client, official, other_official, joined_event, delegates
):
    url = reverse("event-registrations", args=[joined_event.slug])
    client.force_login(official)
    content = client.get(url).content.decode()
    assert "mine@maputo.mz" in content and "theirs@durban.gov.za" not in content
    assert client.get(url + "?format=csv").status_code == 403
    client.force_login(other_official)
    assert (
        "theirs@durban.gov.za"
        in b"".join(client.get(url + "?format=csv").streaming_content).decode()
    )


def test_the_host_edits_the_whole_event_through_the_form(client, other_official, joined_event):
    client.force_login(other_official)
    content = client.get(reverse("event-edit", args=[joined_event.slug])).content.decode()
    assert 'name="host_city"' in content
    assert 'name="registrations_per_official"' in content


def test_the_registration_lists_keep_a_constant_query_count(
    official, other_official, joined_event, city, other_city
):
    url = f"{event_url(joined_event)}registrations/"
    page = reverse("event-registrations", args=[joined_event.slug])
    RegistrationFactory(event=joined_event, registered_by=official, city=city)
    RegistrationFactory(event=joined_event, registered_by=other_official, city=other_city)
    clients = []
    for user in (official, other_official):  # a participant and the host
        api, web = APIClient(), Client()
        api.force_authenticate(user)
        web.force_login(user)
        clients.append((api, web))

    def grow():
        for _ in range(3):
            RegistrationFactory(event=joined_event, registered_by=official, city=city)
            RegistrationFactory(
                event=joined_event, registered_by=other_official, city=CityFactory()
            )

    def requests():
        for api, web in clients:
            assert api.get(url).status_code == 200
            assert web.get(page).status_code == 200

    requests()  # sessions and caches warm
    assert_constant_queries(requests, grow)
