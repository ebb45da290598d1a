"""The workflows through the API, with every refusal of the permission matrix."""

import pytest
from django.core import mail
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from rest_framework.test import APIClient

from base.api.exceptions import exception_handler
from exchanges.models import ActionStatus, Event, Participation, RegistrationStatus
from practices.models import Practice, PracticeStatus
from tests.factories import (
    REVIEW_CARD,
    ActionFactory,
    CityFactory,
    EventFactory,
    PracticeFactory,
    RegistrationFactory,
    country,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    if user is not None:
        api.force_authenticate(user)
    return api


def event_payload(host="maputo", **overrides):
    data = {
        "title": "Maputo meets Durban",
        "kind": "study-visit",
        "host_city": host,
        "start_date": "2030-03-01",
        "end_date": "2030-03-03",
        "status": "open",
        "summary": "A study visit.",
        "capacity": 2,
        "registration_deadline": "2030-02-20",
        "pillars": ["employment"],
        "sdgs": [8],
        "participants": [{"city": "durban", "role": "peer", "delegation_size": 4}],
    }
    data.update(overrides)
    return data


# Events


def test_official_creates_and_edits_an_event(api, official, other_city):
    as_user(api, official)
    response = api.post("/api/v1/events/", event_payload(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["modality"] == "south-south"
    assert body["participants"][0]["city"]["slug"] == "durban"
    assert body["participants"][0]["delegation_size"] == 4
    assert [p["slug"] for p in body["pillars"]] == ["employment"]
    slug = body["slug"]
    CityFactory(slug="barcelona", name="Barcelona", country=country("ES"))
    response = api.patch(
        f"/api/v1/events/{slug}/",
        {"participants": [{"city": "barcelona", "role": "resource"}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["modality"] == "north-south"


def test_only_curators_set_the_modality(api, official, curator, other_city):
    as_user(api, official)
    response = api.post("/api/v1/events/", event_payload(modality="triangular"), format="json")
    assert response.status_code == 400
    assert "modality" in response.json()
    as_user(api, curator)
    response = api.post("/api/v1/events/", event_payload(modality="triangular"), format="json")
    assert response.status_code == 201
    event = Event.objects.get(slug=response.json()["slug"])
    assert event.modality == "triangular" and event.modality_overridden


def test_event_validation_names_the_field(api, official, other_city):
    as_user(api, official)
    response = api.post("/api/v1/events/", event_payload(kind="party"), format="json")
    assert response.status_code == 400
    assert "kind" in response.json()
    response = api.post("/api/v1/events/", event_payload(end_date="2030-01-01"), format="json")
    assert response.status_code == 400
    assert "end_date" in response.json()
    response = api.post("/api/v1/events/", event_payload(start_date="not a date"), format="json")
    assert "start_date" in response.json()


def test_official_of_city_a_cannot_create_or_edit_city_b_events(
    api, official, other_city, durban_event
):
    as_user(api, official)
    response = api.post(
        "/api/v1/events/", event_payload(host="durban", participants=[]), format="json"
    )
    assert response.status_code == 400
    assert "participants" in response.json()
    response = api.patch(f"/api/v1/events/{durban_event.slug}/", {"title": "Mine"}, format="json")
    assert response.status_code == 403


@pytest.mark.parametrize("who", [None, "partner", "unverified"])
def test_anonymous_partner_and_unverified_cannot_write_events(api, request, who, open_event):
    as_user(api, request.getfixturevalue(who) if who else None)
    assert api.post("/api/v1/events/", event_payload(), format="json").status_code in (401, 403)
    response = api.patch(f"/api/v1/events/{open_event.slug}/", {"title": "X"}, format="json")
    assert response.status_code in (401, 403)
    assert not Event.objects.filter(title="X").exists()


# Registrations


def registration(**overrides):
    data = {"name": "Ana", "email": "ana@example.org", "role": "workers", "consent": True}
    data.update(overrides)
    return data


def test_registrations_confirmed_waitlisted_cancelled_and_promoted(api, official, open_event):
    as_user(api, official)
    url = f"/api/v1/events/{open_event.slug}/registrations/"
    statuses = [
        api.post(url, registration(name=n, email=f"{n}@example.org"), format="json").json()[
            "status"
        ]
        for n in ["ana", "bea", "caio"]
    ]
    assert statuses == ["confirmed", "confirmed", "waitlisted"]
    listing = api.get(url).json()
    assert [r["name"] for r in listing] == ["ana", "bea", "caio"]
    first = listing[0]["id"]
    response = api.post(f"{url}{first}/cancel/")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert open_event.registrations.get(name="caio").status == RegistrationStatus.PENDING
    csv = api.get(url + "?format=csv")
    assert csv.status_code == 200
    assert csv["Content-Type"].startswith("text/csv")
    assert "caio@example.org" in b"".join(csv.streaming_content).decode()


def test_registration_needs_consent(api, official, open_event):
    as_user(api, official)
    url = f"/api/v1/events/{open_event.slug}/registrations/"
    response = api.post(url, registration(consent=False), format="json")
    assert response.status_code == 400
    assert "consent" in response.json()
    response = api.post(url, registration(email="nope"), format="json")
    assert "email" in response.json()


def test_registration_refused_for_a_cancelled_event(api, official, open_event):
    open_event.status = "cancelled"
    open_event.save()
    as_user(api, official)
    url = f"/api/v1/events/{open_event.slug}/registrations/"
    response = api.post(url, registration(), format="json")
    assert response.status_code == 400
    assert "event" in response.json()


def test_registrations_are_private(api, official, other_official, partner, curator, durban_event):
    mine = RegistrationFactory(event=durban_event, registered_by=official, name="Mine")
    theirs = RegistrationFactory(event=durban_event, registered_by=other_official, name="Theirs")
    url = f"/api/v1/events/{durban_event.slug}/registrations/"
    as_user(api, official)  # not an organizer: sees their own only, exports nothing
    assert [r["name"] for r in api.get(url).json()] == ["Mine"]
    assert api.get(url + "?format=csv").status_code == 403
    # Someone else's registration is a 404, as one that does not exist: its id tells nothing.
    assert api.post(f"{url}{theirs.pk}/cancel/").status_code == 404
    assert api.post(f"{url}999999/cancel/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status != RegistrationStatus.CANCELLED
    as_user(api, other_official)  # the host city's official: an organizer
    assert {r["name"] for r in api.get(url).json()} == {"Mine", "Theirs"}
    as_user(api, curator)
    assert api.get(url + "?format=csv").status_code == 200
    as_user(api, partner)
    assert api.get(url).status_code == 403
    assert api.post(url, registration(), format="json").status_code == 403
    assert api.post(f"{url}{mine.pk}/cancel/").status_code == 403
    api.force_authenticate(None)
    assert api.get(url).status_code in (401, 403)
    assert api.post(url, registration(), format="json").status_code in (401, 403)


def test_one_registration_per_person_and_event(api, official, open_event):
    as_user(api, official)
    url = f"/api/v1/events/{open_event.slug}/registrations/"
    assert api.post(url, registration(), format="json").status_code == 201
    response = api.post(url, registration(email="ANA@example.org"), format="json")
    assert response.status_code == 400
    assert "email" in response.json()
    assert open_event.registrations.count() == 1


def test_officials_register_their_own_city_s_delegates_up_to_the_limit(
    api, official, other_official, durban_event
):
    durban_event.registrations_per_official = 2
    durban_event.save()
    url = f"/api/v1/events/{durban_event.slug}/registrations/"
    as_user(api, official)  # Maputo's official, at Durban's event
    response = api.post(url, registration(city="durban"), format="json")
    assert response.status_code == 400
    assert "city" in response.json()
    response = api.post(url, registration(city=None), format="json")
    assert response.status_code == 400
    assert "city" in response.json()
    created = api.post(url, registration(city="maputo"), format="json")
    assert created.status_code == 201
    assert created.json()["city"] == "maputo"
    assert api.post(url, registration(email="b@example.org"), format="json").status_code == 201
    response = api.post(url, registration(email="c@example.org"), format="json")
    assert response.status_code == 400
    assert "event" in response.json()
    assert durban_event.registrations.count() == 2
    # The host's official registers delegates of any city, without limit.
    as_user(api, other_official)
    for n in range(3):
        response = api.post(
            url, registration(email=f"guest{n}@example.org", city="maputo"), format="json"
        )
        assert response.status_code == 201, response.json()


def test_organizers_alone_set_the_limit_per_official(
    api, official, other_official, durban_event, city
):
    Participation.objects.create(event=durban_event, city=city, role="peer")
    url = f"/api/v1/events/{durban_event.slug}/"
    as_user(api, official)  # takes part, does not organize
    response = api.patch(url, {"registrations_per_official": 50}, format="json")
    assert response.status_code == 400
    assert "registrations_per_official" in response.json()
    as_user(api, other_official)
    for bad in (0, -1, "many"):
        response = api.patch(url, {"registrations_per_official": bad}, format="json")
        assert response.status_code == 400
        assert "registrations_per_official" in response.json()
    response = api.patch(url, {"registrations_per_official": 3}, format="json")
    assert response.status_code == 200
    assert response.json()["registrations_per_official"] == 3
    response = api.patch(url, {"registrations_per_official": None}, format="json")
    assert response.json()["registrations_per_official"] is None


def test_unverified_official_cannot_register(api, unverified, open_event):
    as_user(api, unverified)
    url = f"/api/v1/events/{open_event.slug}/registrations/"
    assert api.post(url, registration(), format="json").status_code == 403


# Practices


def test_practice_workflow_with_emails(
    api, official, curator, city, django_capture_on_commit_callbacks
):
    as_user(api, official)
    response = api.post(
        "/api/v1/practices/",
        {
            "title": "Market vendors' forum",
            "summary": "Social dialogue with vendors.",
            "description": "See <img src=x onerror=alert(1)> **this**",
            "pillars": ["social-dialogue"],
            "sdgs": [8],
            "start_year": 2011,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["city"]["slug"] == city.slug
    assert "onerror" not in body["description_html"]
    slug = body["slug"]
    assert Practice.objects.get(slug=slug).submitted_by == official
    response = api.post(f"/api/v1/practices/{slug}/submit/")
    assert response.json()["status"] == "submitted"
    # The submitter cannot publish their own practice.
    assert api.post(f"/api/v1/practices/{slug}/publish/").status_code == 403

    as_user(api, curator)
    response = api.post(f"/api/v1/practices/{slug}/request-changes/", {}, format="json")
    assert response.status_code == 400
    assert "comment" in response.json()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"/api/v1/practices/{slug}/request-changes/",
            {"comment": "Add results."},
            format="json",
        )
    assert response.json()["status"] == "changes-requested"
    assert mail.outbox[-1].to == [official.email]

    as_user(api, official)
    response = api.patch(f"/api/v1/practices/{slug}/", {"end_year": 2014}, format="json")
    assert response.status_code == 200
    api.post(f"/api/v1/practices/{slug}/submit/")
    as_user(api, curator)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"/api/v1/practices/{slug}/publish/", {"card": REVIEW_CARD}, format="json"
        )
    assert response.json()["status"] == "published"
    assert response.json()["published_at"]
    assert len(mail.outbox) == 2
    api.force_authenticate(None)
    assert api.get(f"/api/v1/practices/{slug}/").status_code == 200
    # Published: its submitter may no longer edit it.
    as_user(api, official)
    assert api.patch(f"/api/v1/practices/{slug}/", {"title": "X"}, format="json").status_code == 403


def test_reject_needs_a_comment(api, curator):
    practice = PracticeFactory(status="submitted", published_at=None)
    as_user(api, curator)
    response = api.post(f"/api/v1/practices/{practice.slug}/reject/", {"comment": " "})
    assert response.status_code == 400
    assert "comment" in response.json()
    response = api.post(f"/api/v1/practices/{practice.slug}/reject/", {"comment": "No."})
    assert response.json()["status"] == "rejected"


def test_practice_validation_names_the_field(api, official, other_city):
    as_user(api, official)
    response = api.post(
        "/api/v1/practices/",
        {"title": "", "summary": "s", "city": "durban", "pillars": ["nope"]},
        format="json",
    )
    assert response.status_code == 400
    assert {"title", "pillars"} <= set(response.json())
    # Once the request parses, the service's rules answer, also by field.
    response = api.post(
        "/api/v1/practices/", {"title": "t", "summary": "s", "city": "durban"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"city": ["An official submits practices of their own city."]}
    response = api.post(
        "/api/v1/practices/",
        {"title": "t", "summary": "s", "start_year": 2012, "end_year": 2010},
        format="json",
    )
    assert "end_year" in response.json()


def test_unpublished_practices_are_404_for_others(api, official, other_official, partner):
    practice = PracticeFactory(status="submitted", submitted_by=other_official, published_at=None)
    for user in (official, partner):
        as_user(api, user)
        for verb in ["submit", "publish", "reject"]:
            response = api.post(f"/api/v1/practices/{practice.slug}/{verb}/", {"comment": "x"})
            assert response.status_code == 404
        response = api.patch(f"/api/v1/practices/{practice.slug}/", {"title": "X"}, format="json")
        assert response.status_code == 404
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.SUBMITTED


@pytest.mark.parametrize("who", [None, "partner", "unverified"])
def test_anonymous_partner_and_unverified_cannot_submit(api, request, who):
    as_user(api, request.getfixturevalue(who) if who else None)
    response = api.post("/api/v1/practices/", {"title": "t", "summary": "s"}, format="json")
    assert response.status_code in (401, 403)
    published = PracticeFactory()
    response = api.post(f"/api/v1/practices/{published.slug}/reject/", {"comment": "x"})
    assert response.status_code in (401, 403)
    assert not Practice.objects.filter(title="t").exists()


# Roadmap actions


def test_action_status_update(api, official, curator, city, other_city, open_event):
    action = ActionFactory()
    action.responsible_cities.add(city)
    url = f"/api/v1/roadmaps/{action.roadmap.slug}/actions/{action.pk}/status/"
    as_user(api, official)
    response = api.post(url, {"status": "done", "event": open_event.slug}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["roadmap_progress"] == 1.0
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.carried_out_by == open_event
    assert api.post(url, {"status": "finished"}, format="json").status_code == 400

    other = ActionFactory(roadmap=action.roadmap)
    other.responsible_cities.add(other_city)
    other_url = f"/api/v1/roadmaps/{action.roadmap.slug}/actions/{other.pk}/status/"
    assert api.post(other_url, {"status": "done"}, format="json").status_code == 403
    as_user(api, curator)
    assert api.post(other_url, {"status": "dropped"}, format="json").status_code == 200


def test_an_official_links_only_an_event_their_city_hosts_or_joins(
    api, official, curator, city, durban_event, open_event
):
    action = ActionFactory()
    action.responsible_cities.add(city)
    url = f"/api/v1/roadmaps/{action.roadmap.slug}/actions/{action.pk}/status/"
    as_user(api, official)
    response = api.post(url, {"status": "done", "event": durban_event.slug}, format="json")
    assert response.status_code == 400
    assert "event" in response.json()
    action.refresh_from_db()
    assert action.status == ActionStatus.PLANNED and action.carried_out_by is None
    assert not action.updates.exists()
    Participation.objects.create(event=durban_event, city=city, role="learner")
    response = api.post(url, {"status": "done", "event": durban_event.slug}, format="json")
    assert response.status_code == 200
    as_user(api, curator)
    other = EventFactory()
    response = api.post(url, {"status": "done", "event": other.slug}, format="json")
    assert response.status_code == 200


@pytest.mark.parametrize("who", [None, "partner", "unverified"])
def test_action_status_refused(api, request, who, city):
    action = ActionFactory()
    action.responsible_cities.add(city)
    as_user(api, request.getfixturevalue(who) if who else None)
    url = f"/api/v1/roadmaps/{action.roadmap.slug}/actions/{action.pk}/status/"
    assert api.post(url, {"status": "done"}, format="json").status_code in (401, 403)


def test_official_cannot_hand_their_event_to_another_city(api, official, open_event, other_city):
    as_user(api, official)
    response = api.patch(
        f"/api/v1/events/{open_event.slug}/", {"host_city": "durban"}, format="json"
    )
    assert response.status_code == 400
    assert "host_city" in response.json()
    open_event.refresh_from_db()
    assert open_event.host_city.slug == "maputo"


# Services raise Django's errors; the API answers them once (portal/api/exceptions.py).


@pytest.mark.parametrize(
    ("error", "body"),
    [
        (ValidationError({"end_date": "Too early."}), {"end_date": ["Too early."]}),
        (ValidationError("Not now."), {"non_field_errors": ["Not now."]}),
        (ValidationError({NON_FIELD_ERRORS: ["Not now."]}), {"non_field_errors": ["Not now."]}),
        (ValidationError(["One.", "Two."]), {"non_field_errors": ["One.", "Two."]}),
    ],
)
def test_a_service_validation_error_is_a_400_by_field(error, body):
    response = exception_handler(error, {})
    assert (response.status_code, response.data) == (400, body)


def test_a_service_permission_refusal_is_a_403_with_its_reason():
    response = exception_handler(PermissionDenied("Not yours."), {})
    assert (response.status_code, response.data) == (403, {"detail": "Not yours."})


def test_the_service_refusals_reach_the_client_by_field(api, official, other_city, open_event):
    as_user(api, official)
    response = api.post("/api/v1/events/", event_payload(end_date="2030-01-01"), format="json")
    assert response.status_code == 400
    assert response.json()["end_date"] == ["The event ends before it starts."]
    response = api.post(
        "/api/v1/events/", event_payload(registration_deadline="2031-01-01"), format="json"
    )
    assert response.json() == {
        "registration_deadline": ["The registration deadline is after the event."]
    }
    registration = RegistrationFactory(event=open_event, status="cancelled", registered_by=official)
    url = f"/api/v1/events/{open_event.slug}/registrations/{registration.pk}/cancel/"
    response = api.post(url)
    assert (response.status_code, response.json()) == (
        400,
        {"status": ["This registration is already cancelled."]},
    )
