"""The workflows through the web forms, with every refusal of the permission matrix."""

import csv as csvlib
import io

import pytest
from django.core import mail
from django.urls import reverse

from base.models import Pillar
from exchanges.models import ActionStatus, Event, RegistrationStatus
from practices.models import Practice, PracticeStatus, ReviewDecision
from practices.services import decide_on_practice, submit_practice
from tests.factories import (
    REVIEW_CARD,
    ActionFactory,
    CityFactory,
    PracticeFactory,
    RegistrationFactory,
    UserFactory,
    country,
)

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


# Accounts


def test_sign_in_and_out_through_the_forms(client, official):
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert b"csrfmiddlewaretoken" in page.content
    response = client.post("/accounts/login/", {"username": "official", "password": PASSWORD})
    assert response.status_code == 302
    home = client.get("/")
    assert reverse("my-city").encode() in home.content
    assert b"Sign out" in home.content
    assert client.post("/accounts/logout/").status_code == 200
    assert b"Sign in" in client.get("/").content


def test_header_links_by_role(client, curator, partner):
    client.force_login(curator)
    assert reverse("review-queue").encode() in client.get("/").content
    client.force_login(partner)
    content = client.get("/").content
    assert reverse("review-queue").encode() not in content
    assert reverse("my-city").encode() not in content


def test_password_reset_sends_an_email(client, official, django_capture_on_commit_callbacks):
    # Queued (base.mail) once the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password_reset/", {"email": official.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_password_change(client, official):
    client.force_login(official)
    assert client.get("/accounts/password_change/").status_code == 200
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a new Pass phrase 42",
            "new_password2": "a new Pass phrase 42",
        },
    )
    assert response.status_code == 302
    official.refresh_from_db()
    assert official.check_password("a new Pass phrase 42")


def test_curator_verifies_an_official(client, curator, unverified):
    client.force_login(curator)
    page = client.get(reverse("review-officials"))
    assert b"unverified" in page.content
    pk = unverified.membership.pk
    response = client.post(reverse("review-official-verify", args=[pk]))
    assert response.status_code == 302
    unverified.membership.refresh_from_db()
    assert unverified.membership.verified_at is not None
    assert unverified.membership.verified_by == curator


@pytest.mark.parametrize("who", ["official", "partner", "unverified"])
def test_only_curators_verify_officials(client, request, who, unverified):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("review-officials")).status_code == 403
    response = client.post(reverse("review-official-verify", args=[unverified.membership.pk]))
    assert response.status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    for url in [
        reverse("review-queue"),
        reverse("my-city"),
        reverse("practice-create"),
        reverse("event-create"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


# Practices: submit, review, publish


def practice_data(**overrides):
    data = {
        "title": "Street vendors cooperative",
        "summary": "Informal vendors organized.",
        "description": "**Bold** <script>alert(1)</script>",
        "start_year": "2010",
        "end_year": "2012",
        "pillars": ["social-dialogue"],
        "submit": "1",
    }
    data.update(overrides)
    return data


def test_official_submits_and_curator_publishes_with_emails(
    client, official, curator, city, django_capture_on_commit_callbacks
):
    client.force_login(official)
    response = client.post(reverse("practice-create"), practice_data(city=city.pk))
    assert response.status_code == 302
    practice = Practice.objects.get(title="Street vendors cooperative")
    assert practice.status == PracticeStatus.SUBMITTED
    assert practice.submitted_by == official
    assert practice.city == city
    # The submitter sees it, the public does not.
    assert client.get(practice.get_absolute_url()).status_code == 200

    client.force_login(curator)
    queue = client.get(reverse("review-queue"))
    assert practice.title.encode() in queue.content
    # Request changes needs a comment.
    client.post(reverse("review-decide", args=[practice.slug, "request-changes"]), {"comment": ""})
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("review-decide", args=[practice.slug, "request-changes"]),
            {"comment": "Add the results."},
        )
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.CHANGES_REQUESTED
    assert len(mail.outbox) == 1
    assert official.email in mail.outbox[0].to
    assert "Add the results." in mail.outbox[0].body

    # The official edits and resubmits; the queue shows what changed.
    client.force_login(official)
    response = client.post(
        reverse("practice-edit", args=[practice.slug]),
        practice_data(city=city.pk, summary="Informal vendors organized, 3,000 members."),
    )
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.SUBMITTED
    client.force_login(curator)
    queue = client.get(reverse("review-queue")).content.decode()
    assert "Resubmitted after changes" in queue
    page = client.get(reverse("review-practice", args=[practice.slug])).content.decode()
    assert "Changes since the last review" in page
    assert "3,000 members" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("review-decide", args=[practice.slug, "publish"]), REVIEW_CARD)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED
    assert practice.published_at is not None
    assert len(mail.outbox) == 2
    assert "published" in mail.outbox[1].subject
    client.logout()
    catalogue = client.get(reverse("practice-list")).content.decode()
    assert practice.title in catalogue
    detail = client.get(practice.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in detail


def test_reject_from_the_queue_emails_the_submitter(
    client, curator, official, django_capture_on_commit_callbacks
):
    practice = PracticeFactory(status="draft", submitted_by=official, published_at=None)
    submit_practice(practice=practice, by=official)
    client.force_login(curator)
    url = reverse("review-decide", args=[practice.slug, "reject"])
    # Asked first, on the server: the comment is carried to the confirming POST.
    asked = client.post(url, {"comment": "Out of scope."})
    assert asked.status_code == 200
    assert 'name="comment" value="Out of scope."' in asked.content.decode()
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"comment": "Out of scope.", "confirmed": "yes"})
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.REJECTED
    assert mail.outbox[0].to == [official.email]


def test_queue_is_oldest_first(client, curator, official):
    first = PracticeFactory(title="Older one", status="submitted", published_at=None)
    second = PracticeFactory(title="Newer one", status="submitted", published_at=None)
    Practice.objects.filter(pk=second.pk).update(updated_at=first.updated_at.replace(year=2030))
    client.force_login(curator)
    content = client.get(reverse("review-queue")).content.decode()
    assert content.index("Older one") < content.index("Newer one")


@pytest.mark.parametrize("who", ["official", "partner", "unverified"])
def test_only_curators_review(client, request, who):
    practice = PracticeFactory(status="submitted", published_at=None)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("review-queue")).status_code == 403
    response = client.post(reverse("review-decide", args=[practice.slug, "publish"]))
    assert response.status_code == 403
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.SUBMITTED


@pytest.mark.parametrize("who", ["partner", "unverified"])
def test_partners_and_unverified_officials_cannot_submit(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("practice-create")).status_code == 403
    assert client.post(reverse("practice-create"), practice_data()).status_code == 403
    assert not Practice.objects.exists()


def test_someone_elses_unpublished_practice_is_a_404(client, official, other_official):
    practice = PracticeFactory(status="draft", submitted_by=other_official, published_at=None)
    client.force_login(official)
    assert client.get(reverse("practice-edit", args=[practice.slug])).status_code == 404


def test_published_practice_is_not_editable_by_its_submitter(client, official):
    practice = PracticeFactory(submitted_by=official)
    client.force_login(official)
    assert client.get(reverse("practice-edit", args=[practice.slug])).status_code == 403


def test_form_errors_name_the_field(client, official, city):
    client.force_login(official)
    response = client.post(
        reverse("practice-create"), practice_data(city=city.pk, title="", end_year="2000")
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Title" in content and "This field is required" in content
    assert "The end year comes before the start year." in content


# Events


def event_data(city, **overrides):
    data = {
        "title": "Maputo meets Durban",
        "kind": "study-visit",
        "host_city": city.pk,
        "start_date": "2030-03-01",
        "end_date": "2030-03-03",
        "status": "planned",
        "open_registration": "on",
        "summary": "A study visit.",
        "capacity": "10",
        "registration_deadline": "2030-02-20",
        "participants-TOTAL_FORMS": "3",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "50",
    }
    data.update(overrides)
    return data


def test_official_registers_an_exchange_with_participants(client, official, city, other_city):
    barcelona = CityFactory(slug="barcelona", name="Barcelona", country=country("ES"))
    client.force_login(official)
    assert client.get(reverse("event-create")).status_code == 200
    data = event_data(
        city,
        **{
            "participants-0-city": other_city.pk,
            "participants-0-role": "peer",
            "participants-0-delegation_size": "4",
            "participants-1-city": barcelona.pk,
            "participants-1-role": "resource",
        },
    )
    response = client.post(reverse("event-create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(title="Maputo meets Durban")
    assert event.participations.count() == 2
    assert event.participations.get(city=other_city).delegation_size == 4
    assert event.modality == "north-south"
    assert not event.modality_overridden


def test_official_cannot_create_an_event_for_another_city(client, official, other_city):
    client.force_login(official)
    response = client.post(reverse("event-create"), event_data(other_city))
    assert response.status_code == 200
    assert "Your city must host or take part in the event." in response.content.decode()
    assert not Event.objects.exists()


def test_event_validation_names_the_field(client, official, city):
    client.force_login(official)
    response = client.post(
        reverse("event-create"), event_data(city, end_date="2030-02-01", title="")
    )
    content = response.content.decode()
    assert "The event ends before it starts." in content
    assert "Title" in content


def test_official_of_city_a_cannot_edit_city_b_event(client, official, durban_event):
    client.force_login(official)
    assert client.get(reverse("event-edit", args=[durban_event.slug])).status_code == 403
    response = client.post(
        reverse("event-edit", args=[durban_event.slug]), event_data(durban_event.host_city)
    )
    assert response.status_code == 403


@pytest.mark.parametrize("who", ["partner", "unverified"])
def test_partner_and_unverified_cannot_create_events(client, request, who, city):
    client.force_login(request.getfixturevalue(who))
    assert client.post(reverse("event-create"), event_data(city)).status_code == 403


def test_curator_overrides_the_modality(client, curator, open_event):
    client.force_login(curator)
    data = event_data(open_event.host_city, title=open_event.title, modality="triangular")
    response = client.post(reverse("event-edit", args=[open_event.slug]), data)
    assert response.status_code == 302
    open_event.refresh_from_db()
    assert open_event.modality == "triangular"
    assert open_event.modality_overridden


def test_official_form_has_no_modality(client, official, open_event):
    client.force_login(official)
    content = client.get(reverse("event-edit", args=[open_event.slug])).content.decode()
    assert 'name="modality"' not in content


# Registrations


def registration_data(**overrides):
    """The delegation form posted with one delegate (`consent` is the delegation's)."""
    consent = overrides.pop("consent", "on")
    delegate = {"name": "Ana", "email": "ana@example.org", "role": "local-government"}
    delegate.update(overrides)
    data = {f"delegates-0-{key}": value for key, value in delegate.items()}
    data.update(
        {
            "delegates-TOTAL_FORMS": "1",
            "delegates-INITIAL_FORMS": "0",
            "delegates-MIN_NUM_FORMS": "1",
            "delegates-MAX_NUM_FORMS": "50",
            "delegates-0-language": "en",
            "consent": consent,
        }
    )
    return data


def test_register_confirmed_then_waitlisted_then_promoted(client, official, open_event):
    client.force_login(official)
    url = reverse("event-register", args=[open_event.slug])
    assert b"consent" in client.get(url).content
    first = client.post(url, registration_data(name="Ana"))
    assert "Ana: confirmed." in first.content.decode()
    client.post(url, registration_data(name="Bea", email="bea@example.org"))
    third = client.post(url, registration_data(name="Caio", email="caio@example.org"))
    assert "waiting list" in third.content.decode()
    statuses = dict(open_event.registrations.values_list("name", "status"))
    assert statuses == {"Ana": "confirmed", "Bea": "confirmed", "Caio": "waitlisted"}
    ana = open_event.registrations.get(name="Ana")
    assert ana.consented_at is not None
    # Cancelling asks first: the link opens a page whose button cancels.
    page = client.get(reverse("registration-cancel", args=[ana.pk]))
    assert "Yes, cancel the registration" in page.content.decode()
    assert open_event.registrations.get(name="Ana").status == "confirmed"
    client.post(reverse("registration-cancel", args=[ana.pk]))
    statuses = dict(open_event.registrations.values_list("name", "status"))
    # Caio is offered Ana's seat, held for him until he confirms it.
    assert statuses == {"Ana": "cancelled", "Bea": "confirmed", "Caio": "pending"}


def test_registration_without_consent_is_refused(client, official, open_event):
    client.force_login(official)
    response = client.post(
        reverse("event-register", args=[open_event.slug]), registration_data(consent="")
    )
    assert response.status_code == 200
    assert not open_event.registrations.exists()
    assert "This field is required" in response.content.decode()


def test_registration_after_the_deadline_is_refused(client, official, open_event):
    open_event.registration_deadline = open_event.start_date.replace(year=2000)
    open_event.save()
    client.force_login(official)
    response = client.post(reverse("event-register", args=[open_event.slug]), registration_data())
    assert "Registrations closed" in response.content.decode()
    assert not open_event.registrations.exists()


def test_the_same_person_is_not_registered_twice_through_the_form(client, official, open_event):
    client.force_login(official)
    url = reverse("event-register", args=[open_event.slug])
    client.post(url, registration_data())
    response = client.post(url, registration_data(email="ANA@Example.org"))
    assert "This person is already registered for this event." in response.content.decode()
    assert open_event.registrations.count() == 1


def test_only_organizers_choose_the_delegate_s_city(
    client, official, other_official, city, durban_event
):
    url = reverse("event-register", args=[durban_event.slug])
    client.force_login(official)  # Maputo's official at Durban's event
    assert 'name="delegates-0-city"' not in client.get(url).content.decode()
    # A city slipped into the post is not read: the delegate is Maputo's.
    client.post(url, registration_data(city=durban_event.host_city.pk))
    assert durban_event.registrations.get().city == city
    client.force_login(other_official)  # Durban's: an organizer
    assert 'name="delegates-0-city"' in client.get(url).content.decode()
    client.post(url, registration_data(email="bea@example.org", city=city.pk))
    assert durban_event.registrations.get(email="bea@example.org").city == city


def test_an_official_registers_up_to_the_limit_through_the_form(client, official, durban_event):
    durban_event.registrations_per_official = 1
    durban_event.save()
    client.force_login(official)
    url = reverse("event-register", args=[durban_event.slug])
    client.post(url, registration_data())
    response = client.post(url, registration_data(email="bea@example.org"))
    assert "the most one official may" in response.content.decode()
    assert durban_event.registrations.count() == 1


@pytest.mark.parametrize("who", ["partner", "unverified"])
def test_partner_and_unverified_cannot_register(client, request, who, open_event):
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("event-register", args=[open_event.slug]), registration_data())
    assert response.status_code == 403
    assert not open_event.registrations.exists()


@pytest.mark.parametrize(
    "formula",
    ["=HYPERLINK(1)", "+1+1", "-1+1", "@SUM(A1)", "\tcmd", "\rcmd", "  =1+1", " \t@x"],
)
def test_the_registrations_export_keeps_formulas_as_text_in_every_cell(
    client, other_official, durban_event, formula
):
    # The security audit: the web export guarded only the name column, and only a formula
    # at the very start; now every cell goes through the one CSV writer.
    city = CityFactory(name=formula)
    RegistrationFactory(event=durban_event, name=formula, email="a@example.org", city=city)
    client.force_login(other_official)  # an organizer
    response = client.get(reverse("event-registrations", args=[durban_event.slug]) + "?format=csv")
    rows = list(csvlib.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "name",
        "email",
        "city",
        "role",
        "status",
        "language",
        "needs_visa_letter",
        "interpretation_needs",
        "accessibility_needs",
        "consented_at",
        "created_at",
    ]
    assert rows[1][0] == "'" + formula
    assert rows[1][2] == "'" + formula


def test_registrations_are_seen_by_organizers_and_their_registrant_only(
    client, official, other_official, curator, durban_event
):
    mine = RegistrationFactory(event=durban_event, registered_by=official, name="Mine")
    RegistrationFactory(event=durban_event, registered_by=other_official, name="Theirs")
    url = reverse("event-registrations", args=[durban_event.slug])
    client.force_login(official)  # not an organizer of Durban's event
    content = client.get(url).content.decode()
    assert "Mine" in content and "Theirs" not in content
    assert client.get(url + "?format=csv").status_code == 403
    client.force_login(other_official)  # an organizer
    content = client.get(url).content.decode()
    assert "Mine" in content and "Theirs" in content
    csv = client.get(url + "?format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert "Mine" in b"".join(csv.streaming_content).decode()
    client.force_login(curator)
    assert "Theirs" in client.get(url).content.decode()
    # Cancelling someone else's registration is a 404, as one that does not exist.
    theirs = durban_event.registrations.get(name="Theirs")
    client.force_login(official)
    assert client.post(reverse("registration-cancel", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("registration-cancel", args=[999999])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status != RegistrationStatus.CANCELLED
    assert client.post(reverse("registration-cancel", args=[mine.pk])).status_code == 302
    mine.refresh_from_db()
    assert mine.status == RegistrationStatus.CANCELLED


def test_partner_sees_no_registrations(client, partner, durban_event):
    client.force_login(partner)
    url = reverse("event-registrations", args=[durban_event.slug])
    assert client.get(url).status_code == 403


# My city and roadmap follow-up


def test_my_city_lists_and_updates_actions(client, official, city, open_event):
    action = ActionFactory(title="Study visit to Durban")
    action.responsible_cities.add(city)
    draft = PracticeFactory(
        title="My draft", status="draft", submitted_by=official, city=city, published_at=None
    )
    client.force_login(official)
    content = client.get(reverse("my-city")).content.decode()
    assert open_event.title in content
    assert "Study visit to Durban" in content
    assert draft.title in content and "Draft" in content
    prefix = f"action-{action.pk}"
    response = client.post(
        reverse("action-update", args=[action.pk]),
        {f"{prefix}-status": "done", f"{prefix}-event": open_event.pk},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert action.carried_out_by == open_event
    assert action.updates.get().by == official


def test_action_of_another_city_is_refused(client, official, other_city):
    action = ActionFactory()
    action.responsible_cities.add(other_city)
    client.force_login(official)
    prefix = f"action-{action.pk}"
    response = client.post(reverse("action-update", args=[action.pk]), {f"{prefix}-status": "done"})
    assert response.status_code == 403


def test_an_action_cites_only_an_event_the_city_hosts_or_joins(
    client, official, city, durban_event
):
    action = ActionFactory()
    action.responsible_cities.add(city)
    client.force_login(official)
    prefix = f"action-{action.pk}"
    page = client.get(reverse("my-city")).content.decode()
    assert durban_event.title not in page
    client.post(
        reverse("action-update", args=[action.pk]),
        {f"{prefix}-status": "done", f"{prefix}-event": durban_event.pk},
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.PLANNED and action.carried_out_by is None


@pytest.mark.parametrize("who", ["partner", "unverified", "curator"])
def test_my_city_is_for_verified_officials(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("my-city")).status_code == 403


def test_request_changes_then_resubmit_helper(curator, official):
    practice = PracticeFactory(status="draft", submitted_by=official, published_at=None)
    submit_practice(practice=practice, by=official)
    decide_on_practice(
        decision=ReviewDecision.CHANGES_REQUESTED, practice=practice, by=curator, comment="More"
    )
    from practices.review_views import changes_since_last_review

    assert changes_since_last_review(practice) == []
    UserFactory()  # keeps factories imported


def test_queue_diff_names_changed_tags(client, curator, official):
    practice = PracticeFactory(status="draft", submitted_by=official, published_at=None)
    submit_practice(practice=practice, by=official)
    decide_on_practice(
        decision=ReviewDecision.CHANGES_REQUESTED, practice=practice, by=curator, comment="Tag it."
    )
    practice.pillars.add(Pillar.objects.get(slug="social-protection"))
    practice.title = "Retitled practice"
    practice.save()
    submit_practice(practice=practice, by=official)
    client.force_login(curator)
    assert "Retitled practice" in client.get(reverse("review-queue")).content.decode()
    content = client.get(reverse("review-practice", args=[practice.slug])).content.decode()
    social_protection = str(Pillar.objects.get(slug="social-protection"))
    assert social_protection in content


def test_write_links_on_detail_pages(client, official, open_event, durban_event):
    draft = PracticeFactory(status="draft", submitted_by=official, published_at=None)
    client.force_login(official)
    assert (
        reverse("event-edit", args=[open_event.slug])
        in client.get(open_event.get_absolute_url()).content.decode()
    )
    assert (
        reverse("event-edit", args=[durban_event.slug])
        not in client.get(durban_event.get_absolute_url()).content.decode()
    )
    assert (
        reverse("practice-edit", args=[draft.slug])
        in client.get(draft.get_absolute_url()).content.decode()
    )
    client.logout()
    assert (
        reverse("event-edit", args=[open_event.slug])
        not in client.get(open_event.get_absolute_url()).content.decode()
    )


def test_verified_official_can_then_write(client, curator, unverified, city):
    client.force_login(unverified)
    assert client.get(reverse("practice-create")).status_code == 403
    client.force_login(curator)
    client.post(reverse("review-official-verify", args=[unverified.membership.pk]))
    unverified = type(unverified).objects.get(pk=unverified.pk)
    client.force_login(unverified)
    assert client.get(reverse("practice-create")).status_code == 200
    assert client.get(reverse("my-city")).status_code == 200
