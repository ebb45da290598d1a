"""`POST /api/v1/events/{slug}/delegations/`: a delegation registered in one request, all
or nothing, each refused delegate named by its position; 401/403/404 like the other
registration endpoints."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from base.models import Role
from cities.models import Membership
from tests.factories import CityFactory, EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def maputo_official(db):
    maputo = CityFactory(slug="maputo", name="Maputo")
    user = UserFactory(username="maputo-official")
    user.groups.add(Group.objects.get(name=Role.OFFICIAL))
    Membership.objects.create(user=user, city=maputo, verified_at=timezone.now())
    return user


@pytest.fixture
def durban_event(db):
    today = timezone.localdate()
    return EventFactory(
        slug="durban-event",
        host_city=CityFactory(slug="durban", name="Durban"),
        status="open",
        capacity=2,
        registrations_per_official=3,
        start_date=today + datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=32),
    )


URL = "/api/v1/events/durban-event/delegations/"


def delegate(n, **extra):
    return {
        "name": f"Delegate {n}",
        "email": f"delegate{n}@example.org",
        "role": "local-government",
        "consent": True,
        **extra,
    }


def test_a_delegation_is_registered_in_one_request(api, maputo_official, durban_event):
    api.force_authenticate(maputo_official)
    response = api.post(
        URL,
        {
            "delegates": [
                delegate(1, needs_visa_letter=True, interpretation_needs="Portuguese"),
                delegate(2, language="fr", accessibility_needs="Step-free access"),
                delegate(3, role="workers"),
            ]
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    registrations = response.json()["registrations"]
    assert [r["status"] for r in registrations] == ["confirmed", "confirmed", "waitlisted"]
    assert {r["city"] for r in registrations} == {"maputo"}
    assert registrations[0]["needs_visa_letter"] is True
    assert registrations[0]["interpretation_needs"] == "Portuguese"
    assert registrations[1]["language"] == "fr"
    assert registrations[2]["offer_expires_at"] is None


def test_a_delegate_s_language_defaults_to_the_request_s(api, maputo_official, durban_event):
    api.force_authenticate(maputo_official)
    response = api.post(URL, {"delegates": [delegate(1)]}, format="json", HTTP_ACCEPT_LANGUAGE="pt")
    assert response.json()["registrations"][0]["language"] == "pt"


def test_bad_input_is_a_400_naming_the_row_and_the_field(api, maputo_official, durban_event):
    api.force_authenticate(maputo_official)
    response = api.post(
        URL,
        {"delegates": [delegate(1), delegate(2, email="nope", role="astronaut")]},
        format="json",
    )
    assert response.status_code == 400
    # By position, as DRF names the items of a list: only the refused ones.
    errors = response.json()["delegates"]
    assert set(errors) == {"1"}
    assert set(errors["1"]) == {"email", "role"}
    response = api.post(URL, {"delegates": [delegate(1, needs_visa_letter="yes")]}, format="json")
    assert response.status_code == 400
    assert response.json()["delegates"]["0"] == {"needs_visa_letter": ["Enter true or false."]}
    for body in ({}, {"delegates": []}, {"delegates": "Ana"}):
        response = api.post(URL, body, format="json")
        assert response.status_code == 400
        assert "delegates" in response.json()
    assert not durban_event.registrations.exists()


def test_the_service_s_refusals_are_named_by_row_and_nothing_is_saved(
    api, maputo_official, durban_event
):
    RegistrationFactory(event=durban_event, email="taken@example.org")
    api.force_authenticate(maputo_official)
    response = api.post(
        URL,
        {
            "delegates": [
                delegate(1),
                delegate(2, email="Taken@example.org"),
                delegate(3, email="DELEGATE1@example.org"),
                delegate(4, consent=False),
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert "0" not in body["delegates"]
    assert body["delegates"]["1"] == {
        "email": ["This person is already registered for this event."]
    }
    assert body["delegates"]["2"] == {"email": ["This person is listed twice in the delegation."]}
    assert "consent" in body["delegates"]["3"]
    # Four delegates exceed the limit of three per official: said of the delegation.
    assert "you may add 3 more" in body["event"][0]
    assert durban_event.registrations.count() == 1


def test_another_city_s_delegate_is_refused_to_an_official(api, maputo_official, durban_event):
    api.force_authenticate(maputo_official)
    response = api.post(URL, {"delegates": [delegate(1, city="durban")]}, format="json")
    assert response.status_code == 400
    assert response.json()["delegates"]["0"] == {
        "city": ["You register the delegates of your own city only."]
    }


def test_a_closed_event_is_a_400_on_the_event(api, maputo_official, durban_event):
    durban_event.status = "planned"
    durban_event.save()
    api.force_authenticate(maputo_official)
    response = api.post(URL, {"delegates": [delegate(1)]}, format="json")
    assert response.status_code == 400
    assert response.json() == {"event": ["This event does not take registrations."]}


def test_anonymous_partner_unknown_event(api, durban_event):
    assert api.post(URL, {"delegates": [delegate(1)]}, format="json").status_code == 401
    partner = UserFactory(username="partner")
    partner.groups.add(Group.objects.get(name=Role.PARTNER))
    api.force_authenticate(partner)
    assert api.post(URL, {"delegates": [delegate(1)]}, format="json").status_code == 403
    response = api.post(
        "/api/v1/events/nowhere/delegations/", {"delegates": [delegate(1)]}, format="json"
    )
    assert response.status_code == 404
    assert api.get(URL).status_code == 405
    assert not durban_event.registrations.exists()


def test_organizers_register_any_city_s_delegates_without_limit(api, durban_event):
    organizer = UserFactory(username="durban-official")
    organizer.groups.add(Group.objects.get(name=Role.OFFICIAL))
    Membership.objects.create(
        user=organizer, city=durban_event.host_city, verified_at=timezone.now()
    )
    CityFactory(slug="dakar", name="Dakar")
    api.force_authenticate(organizer)
    response = api.post(
        URL,
        {"delegates": [delegate(n, city="dakar") for n in range(5)]},
        format="json",
    )
    assert response.status_code == 201
    assert {r["city"] for r in response.json()["registrations"]} == {"dakar"}
