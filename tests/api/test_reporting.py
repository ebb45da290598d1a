"""The API of commitment reporting and of exchanges before and after: progress reports,
check-in, certificates and their verification, visa letters, learning notes; with the
refusals (400 naming the field, 403, 404) and forged or expired certificate signatures."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import signing
from django.utils import timezone

from base.models import Role
from cities.models import Membership
from exchanges.models import LearningNote, RegistrationStatus
from exchanges.reporting import next_due_date
from portal.exchange_documents import CERTIFICATE_SALT
from tests.factories import (
    ActionFactory,
    CityFactory,
    CommitmentFactory,
    EventFactory,
    ParticipationFactory,
    ProgressReportFactory,
    RegistrationFactory,
    RoadmapFactory,
    UserFactory,
)
from tests.utils import assert_constant_queries, run_commit_callbacks

pytestmark = pytest.mark.django_db

ADOPTED = datetime.date(2012, 11, 8)


@pytest.fixture
def roadmap(city):
    roadmap = RoadmapFactory(slug="maputo-roadmap", adopted_on=ADOPTED)
    commitment = CommitmentFactory(roadmap=roadmap, number=2, report_every_months=6)
    action = ActionFactory(roadmap=roadmap, commitment=commitment, report_every_months=6)
    action.responsible_cities.add(city)
    return roadmap


def other_official():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=Role.OFFICIAL))
    Membership.objects.create(user=user, city=CityFactory(), verified_at=timezone.now())
    return user


# Progress reports


def test_roadmaps_carry_schedules_lights_and_reports(api, roadmap):
    action = roadmap.actions.get()
    ProgressReportFactory(commitment=roadmap.commitments.get(), city=CityFactory(slug="durban"))
    body = api.get(f"/api/v1/roadmaps/{roadmap.slug}/").json()
    (commitment,) = body["commitments"]
    assert commitment["report_every_months"] == 6
    assert commitment["light"] == "inactive"
    assert commitment["reports"][0]["city"]["slug"] == "durban"
    assert commitment["reports"][0]["period_ends_on"] == "2013-05-08"
    (row,) = body["actions"]
    assert row["id"] == action.pk and row["light"] == "inactive" and row["reports"] == []


def test_an_official_reports_on_their_citys_action(api, official, roadmap):
    action = roadmap.actions.get()
    api.force_authenticate(official)
    response = api.post(
        f"/api/v1/roadmaps/{roadmap.slug}/reports/",
        {"action": action.pk, "status": "at-risk", "summary": "The trainer is not found yet."},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["city"]["slug"] == "maputo" and body["status"] == "at-risk"
    assert body["period_ends_on"] == next_due_date(ADOPTED, 6, timezone.localdate()).isoformat()
    light = api.get(f"/api/v1/roadmaps/{roadmap.slug}/").json()["actions"][0]["light"]
    assert light == "at-risk"
    # The same period again: a 400 saying so.
    again = api.post(
        f"/api/v1/roadmaps/{roadmap.slug}/reports/",
        {"commitment": 2, "status": "on-track", "summary": "Met."},
        format="json",
    )
    assert again.status_code == 201
    again = api.post(
        f"/api/v1/roadmaps/{roadmap.slug}/reports/",
        {"commitment": 2, "status": "on-track", "summary": "Met."},
        format="json",
    )
    assert again.status_code == 400


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"commitment": 2, "status": "fine", "summary": "x"}, "status"),
        ({"commitment": 2, "status": "on-track"}, "summary"),
        ({"status": "on-track", "summary": "x"}, "action"),
        ({"commitment": "2", "status": "on-track", "summary": "x"}, "commitment"),
        ({"commitment": 2, "status": "on-track", "summary": "x", "city": "elsewhere"}, "city"),
        (
            {"commitment": 2, "status": "on-track", "summary": "x", "evidence_url": "no"},
            "evidence_url",
        ),
    ],
)
def test_bad_reports_are_400s_naming_the_field(api, official, roadmap, payload, field):
    CityFactory(slug="elsewhere")  # another city than the official's
    api.force_authenticate(official)
    response = api.post(f"/api/v1/roadmaps/{roadmap.slug}/reports/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_reports_refused_to_others_and_unknown_items(api, roadmap, curator):
    url = f"/api/v1/roadmaps/{roadmap.slug}/reports/"
    payload = {"commitment": 2, "status": "on-track", "summary": "x"}
    assert api.post(url, payload, format="json").status_code in (401, 403)
    api.force_authenticate(other_official())
    assert api.post(url, payload, format="json").status_code == 403
    api.force_authenticate(curator)
    assert api.post(url, {**payload, "commitment": 9}, format="json").status_code == 404
    assert api.post("/api/v1/roadmaps/nothing/reports/", payload, format="json").status_code == 404
    unscheduled = CommitmentFactory(roadmap=roadmap, number=3)
    response = api.post(url, {**payload, "commitment": unscheduled.number}, format="json")
    assert response.status_code == 400 and "commitment" in response.json()


def test_roadmap_list_queries_do_not_grow_with_reports(api, roadmap):
    def grow():
        for number in range(3, 6):
            commitment = CommitmentFactory(roadmap=roadmap, number=number, report_every_months=3)
            ProgressReportFactory(commitment=commitment, city=CityFactory())
        other = RoadmapFactory()
        ProgressReportFactory(commitment=CommitmentFactory(roadmap=other, report_every_months=12))

    assert_constant_queries(lambda: api.get("/api/v1/roadmaps/"), grow)


# Check-in, certificates, visa letters


@pytest.fixture
def event(city):
    return EventFactory(host_city=city, slug="maputo-markets")


@pytest.fixture
def delegate(event):
    return RegistrationFactory(
        event=event, name="Ana Machava", status=RegistrationStatus.CONFIRMED, needs_visa_letter=True
    )


def test_organizers_check_in_and_issue_certificates(api, official, event, delegate):
    api.force_authenticate(official)
    base = f"/api/v1/events/{event.slug}"
    assert api.post(f"{base}/certificates/").status_code == 400  # nobody checked in
    response = api.post(f"{base}/registrations/{delegate.pk}/check-in/")
    assert response.status_code == 200 and response.json()["checked_in_at"]
    again = api.post(f"{base}/registrations/{delegate.pk}/check-in/")
    assert again.status_code == 400 and "status" in again.json()
    response = api.post(f"{base}/certificates/")
    assert response.status_code == 200
    (certificate,) = response.json()
    assert certificate["name"] == "Ana Machava" and certificate["ready"] is False
    run_commit_callbacks()
    token = certificate["verify_url"].rstrip("/").rsplit("/", 1)[1]
    api.force_authenticate(None)
    verified = api.get(f"/api/v1/certificates/{token}/")
    assert verified.status_code == 200
    assert verified.json()["valid"] is True and verified.json()["name"] == "Ana Machava"
    assert "email" not in verified.json()
    assert verified.json()["event"]["slug"] == event.slug


def test_forged_and_expired_certificate_signatures_are_404s(
    api, official, event, delegate, settings
):
    api.force_authenticate(official)
    api.post(f"/api/v1/events/{event.slug}/registrations/{delegate.pk}/check-in/")
    (certificate,) = api.post(f"/api/v1/events/{event.slug}/certificates/").json()
    token = certificate["verify_url"].rstrip("/").rsplit("/", 1)[1]
    api.force_authenticate(None)
    pk = signing.loads(token, salt=CERTIFICATE_SALT)
    for bad in (token[:-3] + "abc", signing.dumps(pk, salt="elsewhere"), "x"):
        response = api.get(f"/api/v1/certificates/{bad}/")
        assert response.status_code == 404 and "detail" in response.json()
    settings.CERTIFICATE_VERIFICATION_DAYS = 0
    assert api.get(f"/api/v1/certificates/{token}/").status_code == 404  # expired


def test_check_in_refusals(api, official, event, delegate):
    base = f"/api/v1/events/{event.slug}"
    assert api.post(f"{base}/registrations/{delegate.pk}/check-in/").status_code in (401, 403)
    participant = other_official()
    ParticipationFactory(event=event, city=participant.membership.city)
    api.force_authenticate(participant)
    assert api.post(f"{base}/registrations/{delegate.pk}/check-in/").status_code == 403
    assert api.post(f"{base}/certificates/").status_code == 403
    api.force_authenticate(official)
    assert api.post(f"{base}/registrations/999999/check-in/").status_code == 404
    elsewhere = RegistrationFactory(status=RegistrationStatus.CONFIRMED)
    assert api.post(f"{base}/registrations/{elsewhere.pk}/check-in/").status_code == 404
    waitlisted = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    response = api.post(f"{base}/registrations/{waitlisted.pk}/check-in/")
    assert response.status_code == 400 and "status" in response.json()


def test_visa_letters(api, official, event, delegate):
    official.first_name, official.last_name = "Ana", "Moreira"
    official.save()
    url = f"/api/v1/events/{event.slug}/registrations/{delegate.pk}/visa-letter/"
    assert api.post(url, {"signer_title": "Director"}, format="json").status_code in (401, 403)
    participant = other_official()
    ParticipationFactory(event=event, city=participant.membership.city)
    api.force_authenticate(participant)
    assert api.post(url, {"signer_title": "Mayor"}, format="json").status_code == 403
    api.force_authenticate(official)
    missing = api.post(url, {}, format="json")
    assert missing.status_code == 400 and "signer_title" in missing.json()
    response = api.post(url, {"signer_title": "Director of Markets"}, format="json")
    assert response.status_code == 201
    assert response.json()["signer_name"] == "Ana Moreira"
    again = api.post(url, {"signer_title": "Director of Markets"}, format="json")
    assert again.status_code == 400 and "registration" in again.json()
    not_asked = RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    url = f"/api/v1/events/{event.slug}/registrations/{not_asked.pk}/visa-letter/"
    assert api.post(url, {"signer_title": "Director"}, format="json").status_code == 400
    url = f"/api/v1/events/{event.slug}/registrations/999999/visa-letter/"
    assert api.post(url, {"signer_title": "Director"}, format="json").status_code == 404


# Learning notes


def test_learning_note_draft_edit_publish(api, official, event):
    url = f"/api/v1/events/{event.slug}/learning-note/"
    assert api.get(url).status_code == 404
    assert api.post(f"{url}draft/").status_code in (401, 403)
    api.force_authenticate(official)
    drafted = api.post(f"{url}draft/")
    assert drafted.status_code == 201 and drafted.json()["status"] == "draft"
    api.force_authenticate(None)
    assert api.get(url).status_code == 404  # a draft is the organizers'
    api.force_authenticate(official)
    bad = api.put(url, {"title": "", "body": "x"}, format="json")
    assert bad.status_code == 400 and "title" in bad.json()
    wrong_type = api.put(url, {"title": "Note", "body": "x", "publish": "yes"}, format="json")
    assert wrong_type.status_code == 400 and "publish" in wrong_type.json()
    published = api.put(
        url, {"title": "Note", "body": "## Lessons", "publish": True}, format="json"
    )
    assert published.status_code == 200 and published.json()["status"] == "published"
    api.force_authenticate(None)
    assert api.get(url).json()["body"] == "## Lessons"
    assert api.put(url, {"title": "Mine", "body": "x"}, format="json").status_code in (401, 403)
    participant = other_official()
    ParticipationFactory(event=event, city=participant.membership.city)
    api.force_authenticate(participant)
    assert api.put(url, {"title": "Mine", "body": "x"}, format="json").status_code == 403
    assert LearningNote.objects.get().title == "Note"
    api.force_authenticate(official)
    assert api.post(f"{url}draft/").status_code == 400  # published: edit it instead


def test_learning_note_of_a_planned_event_is_refused(api, official, city):
    planned = EventFactory(host_city=city, status="planned")
    api.force_authenticate(official)
    response = api.post(f"/api/v1/events/{planned.slug}/learning-note/draft/")
    assert response.status_code == 400 and "event" in response.json()
    assert api.post("/api/v1/events/nothing/learning-note/draft/").status_code == 404
