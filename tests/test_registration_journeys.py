"""The registration journey: a delegation registered in one call (all or nothing, each
refusal by row), a seat freed up offered to the first waiting with a deadline and a
signed link, the offers that expire going to the next, the emails of each step in
their recipient's language, and the pages (opening registration, cancelling after a
confirmation, the empty registrations page)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from base.models import Role
from cities.models import Membership
from exchanges.models import Registration, RegistrationStatus
from exchanges.offers import offer_path
from exchanges.services import (
    OFFER_TIME,
    DelegationError,
    cancel_registration,
    confirm_offer,
    expire_offers,
    open_registration,
    register_delegation,
)
from exchanges.tasks import expire_seat_offers
from tests.factories import CityFactory, EventFactory, RegistrationFactory, UserFactory
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(city):
    """An exchange hosted by the official's city (Maputo), open with two seats."""
    today = timezone.localdate()
    return EventFactory(
        slug="open-event",
        title="Street markets",
        host_city=city,
        status="open",
        capacity=2,
        start_date=today + datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=32),
        registration_deadline=today + datetime.timedelta(days=20),
    )


@pytest.fixture
def guest_official(db):
    """An official of Durban, a city taking part: bound by the per-official limit."""
    durban = CityFactory(slug="durban", name="Durban")
    user = UserFactory(username="durban-official", first_name="Thandi", last_name="Zulu")
    user.groups.add(Group.objects.get(name=Role.OFFICIAL))
    Membership.objects.create(user=user, city=durban, verified_at=timezone.now(), language="pt")
    return user


def delegate(n, **extra):
    return {
        "name": f"Delegate {n}",
        "email": f"delegate{n}@example.org",
        "role": "local-government",
        "consent": True,
        **extra,
    }


def send_all(callbacks):
    """Run the queue as a worker would once the request commits (eager tasks)."""
    return callbacks(execute=True)


# A delegation in one call


def test_a_delegation_is_confirmed_while_seats_last_then_waitlisted(official, event):
    registrations = register_delegation(
        event=event,
        by=official,
        delegates=[
            delegate(1, needs_visa_letter=True, interpretation_needs="Portuguese"),
            delegate(2, role="workers", accessibility_needs="Wheelchair access"),
            delegate(3, language="pt"),
        ],
    )
    assert [r.status for r in registrations] == ["confirmed", "confirmed", "waitlisted"]
    first, second, third = registrations
    assert first.needs_visa_letter and first.interpretation_needs == "Portuguese"
    assert second.role == "workers" and second.accessibility_needs == "Wheelchair access"
    assert third.language == "pt" and first.language == "en"
    # An official's delegates are of their city.
    assert {r.city.slug for r in registrations} == {"maputo"}
    assert all(r.registered_by == official for r in registrations)


def test_a_delegation_is_all_or_nothing_each_refusal_by_row(official, event):
    RegistrationFactory(event=event, email="taken@example.org")
    with pytest.raises(DelegationError) as refused:
        register_delegation(
            event=event,
            by=official,
            delegates=[
                delegate(1),
                delegate(2, email="TAKEN@example.org"),
                delegate(3, email="delegate1@example.org"),
                delegate(4, consent=False, role="astronaut"),
                delegate(5, email="not an email"),
            ],
        )
    rows = refused.value.rows
    assert 0 not in rows
    assert rows[1] == {"email": ["This person is already registered for this event."]}
    assert rows[2] == {"email": ["This person is listed twice in the delegation."]}
    assert set(rows[3]) == {"consent", "role"}
    assert set(rows[4]) == {"email"}
    detail = refused.value.detail()
    assert 0 not in detail["delegates"] and "email" in detail["delegates"][1]
    # As a plain ValidationError (a page), each message names its delegate.
    assert any(m.startswith("Delegate 2 (email)") for m in refused.value.message_dict["delegates"])
    assert event.registrations.count() == 1  # nothing of the delegation was saved


def test_the_limit_per_official_counts_the_whole_delegation(guest_official, event):
    event.registrations_per_official = 2
    event.save()
    with pytest.raises(DelegationError) as refused:
        register_delegation(
            event=event, by=guest_official, delegates=[delegate(n) for n in range(3)]
        )
    assert "you may add 2 more" in refused.value.general["event"][0]
    assert not event.registrations.exists()
    register_delegation(event=event, by=guest_official, delegates=[delegate(1), delegate(2)])
    with pytest.raises(DelegationError) as refused:
        register_delegation(event=event, by=guest_official, delegates=[delegate(3)])
    assert "the most one official may" in refused.value.general["event"][0]


def test_an_official_registers_only_their_own_city_s_delegates(guest_official, event, city):
    with pytest.raises(DelegationError) as refused:
        register_delegation(event=event, by=guest_official, delegates=[delegate(1, city=city)])
    assert refused.value.rows[0] == {"city": ["You register the delegates of your own city only."]}


def test_a_closed_event_or_an_empty_delegation_is_refused(official, event):
    with pytest.raises(DelegationError) as refused:
        register_delegation(event=event, by=official, delegates=[])
    assert "delegates" in refused.value.general
    event.status = "planned"
    event.save()
    with pytest.raises(DelegationError) as refused:
        register_delegation(event=event, by=official, delegates=[delegate(1)])
    assert refused.value.general["event"] == ["This event does not take registrations."]


# Seats offered from the waiting list


def fill(event, official, count=3):
    return register_delegation(
        event=event, by=official, delegates=[delegate(n) for n in range(count)]
    )


def test_a_freed_seat_is_offered_with_a_deadline_then_confirmed(official, event):
    first, _second, third = fill(event, official)
    offered = cancel_registration(registration=first)
    assert offered == third
    third.refresh_from_db()
    assert third.status == RegistrationStatus.PENDING
    assert third.offer_expires_at == pytest.approx(
        timezone.now() + OFFER_TIME, abs=datetime.timedelta(minutes=1)
    )
    # The offered seat is held: a newcomer waits.
    (late,) = register_delegation(event=event, by=official, delegates=[delegate(9)])
    assert late.status == RegistrationStatus.WAITLISTED
    confirm_offer(registration=third)
    third.refresh_from_db()
    assert third.status == RegistrationStatus.CONFIRMED
    assert third.offer_expires_at is None
    with pytest.raises(Exception, match="already confirmed"):
        confirm_offer(registration=third)


def test_an_offer_not_confirmed_in_time_goes_to_the_next(official, event):
    first, _second, third = fill(event, official)
    (fourth,) = register_delegation(event=event, by=official, delegates=[delegate(4)])
    cancel_registration(registration=first)
    third.refresh_from_db()
    with pytest.raises(Exception, match="time to confirm"):
        confirm_offer(registration=third, now=third.offer_expires_at + datetime.timedelta(1))
    assert expire_offers(now=third.offer_expires_at - datetime.timedelta(minutes=1)) == 0
    assert expire_offers(now=third.offer_expires_at + datetime.timedelta(minutes=1)) == 1
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == RegistrationStatus.CANCELLED
    assert fourth.status == RegistrationStatus.PENDING
    # Running it again changes nothing more (the beat task runs every quarter hour).
    assert expire_seat_offers.delay().get() == 0


def test_only_a_pending_registration_has_an_offer_deadline(event):
    pending = RegistrationFactory(event=event, status="pending", offer_expires_at=timezone.now())
    assert pending.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, status="confirmed", offer_expires_at=timezone.now())


def test_a_registration_s_language_is_one_of_the_site_s(event):
    assert RegistrationFactory(event=event, language="fr").pk
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, language="de")


# Opening registration


def test_organizers_open_registration_others_may_not(official, guest_official, city):
    today = timezone.localdate()
    planned = EventFactory(
        host_city=city,
        status="planned",
        start_date=today + datetime.timedelta(days=40),
    )
    with pytest.raises(PermissionDenied):
        open_registration(
            event=planned,
            by=guest_official,
            capacity=10,
            registration_deadline=None,
            registrations_per_official=5,
        )
    open_registration(
        event=planned,
        by=official,
        capacity=10,
        registration_deadline=today + datetime.timedelta(days=20),
        registrations_per_official=5,
    )
    planned.refresh_from_db()
    assert planned.takes_registrations and planned.capacity == 10


def test_the_open_registration_page(client, official, guest_official, city):
    today = timezone.localdate()
    planned = EventFactory(
        host_city=city, status="planned", start_date=today + datetime.timedelta(days=40)
    )
    url = reverse("event-open-registration", args=[planned.slug])
    client.force_login(official)
    assert "Open registration" in client.get(planned.get_absolute_url()).content.decode()
    response = client.post(url, {"capacity": "", "registrations_per_official": "5"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    response = client.post(
        url,
        {
            "capacity": "12",
            "registration_deadline": (today + datetime.timedelta(days=400)).isoformat(),
            "registrations_per_official": "5",
        },
    )
    assert "The registration deadline is after the event." in response.content.decode()
    response = client.post(url, {"capacity": "12", "registrations_per_official": "5"})
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.status == "open" and planned.capacity == 12
    client.force_login(guest_official)
    assert client.get(url).status_code == 403


def test_the_event_form_opens_registration_as_one_step(client, official, city):
    client.force_login(official)
    content = client.get(reverse("event-create")).content.decode()
    step = content[content.index('class="registration-step"') :]
    for name in ("open_registration", "capacity", "registration_deadline"):
        assert f'name="{name}"' in step.split("</fieldset>")[0]
    data = {
        "title": "Open without seats",
        "kind": "workshop",
        "host_city": city.pk,
        "start_date": "2030-03-01",
        "end_date": "2030-03-02",
        "status": "planned",
        "open_registration": "on",
        "summary": "A workshop.",
        "participants-TOTAL_FORMS": "0",
        "participants-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("event-create"), data)
    assert "Give the number of seats to open registration." in response.content.decode()
    response = client.post(reverse("event-create"), {**data, "capacity": "30"})
    assert response.status_code == 302


# Pages: the delegation form, cancelling, the empty list


def delegation_post(*rows, consent="on"):
    data = {
        "delegates-TOTAL_FORMS": str(max(len(rows), 3)),
        "delegates-INITIAL_FORMS": "0",
        "delegates-MIN_NUM_FORMS": "1",
        "delegates-MAX_NUM_FORMS": "50",
        "consent": consent,
    }
    for index in range(max(len(rows), 3)):
        data[f"delegates-{index}-language"] = "en"
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"delegates-{index}-{key}"] = value
    return data


def test_the_delegation_form_registers_every_row_or_names_the_bad_one(client, official, event):
    client.force_login(official)
    url = reverse("event-register", args=[event.slug])
    ana = {"name": "Ana", "email": "ana@example.org", "role": "local-government"}
    bad = {"name": "Bea", "email": "ana@EXAMPLE.org", "role": "workers"}
    response = client.post(url, delegation_post(ana, bad))
    content = response.content.decode()
    assert "This person is listed twice in the delegation." in content
    assert not event.registrations.exists()
    caio = {
        "name": "Caio",
        "email": "caio@example.org",
        "role": "workers",
        "language": "pt",
        "needs_visa_letter": "on",
        "interpretation_needs": "Portuguese",
    }
    response = client.post(url, delegation_post(ana, caio))
    assert "2 delegates are registered" in response.content.decode()
    caio = event.registrations.get(name="Caio")
    assert caio.language == "pt" and caio.needs_visa_letter
    assert caio.interpretation_needs == "Portuguese"


def test_the_delegation_form_needs_a_delegate_and_consent(client, official, event):
    client.force_login(official)
    url = reverse("event-register", args=[event.slug])
    response = client.post(url, delegation_post())
    assert "This field is required." in response.content.decode()
    response = client.post(
        url,
        delegation_post({"name": "Ana", "email": "ana@example.org", "role": "ngo"}, consent=""),
    )
    assert response.status_code == 200
    assert not event.registrations.exists()


def test_cancelling_asks_for_confirmation_first(client, official, guest_official, event):
    (registration,) = register_delegation(event=event, by=official, delegates=[delegate(1)])
    url = reverse("registration-cancel", args=[registration.pk])
    client.force_login(official)
    page = client.get(url)
    assert "Cancel the registration of Delegate 1?" in page.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    listing = client.get(reverse("event-registrations", args=[event.slug])).content.decode()
    assert f'href="{url}"' in listing  # a link to the confirmation, not a one-click form
    assert client.post(url).status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    client.force_login(guest_official)
    assert client.get(url).status_code == 404


def test_the_empty_registrations_page_says_what_to_do(client, official, event, city):
    client.force_login(official)
    content = client.get(reverse("event-registrations", args=[event.slug])).content.decode()
    assert "No registration yet." in content
    assert reverse("event-register", args=[event.slug]) in content
    planned = EventFactory(
        host_city=city,
        status="planned",
        start_date=timezone.localdate() + datetime.timedelta(days=40),
    )
    content = client.get(reverse("event-registrations", args=[planned.slug])).content.decode()
    assert reverse("event-open-registration", args=[planned.slug]) in content


def test_the_registrations_page_does_not_grow_in_queries(client, official, event):
    client.force_login(official)
    url = reverse("event-registrations", args=[event.slug])
    count = iter(range(100))

    def grow():
        for _ in range(3):
            n = next(count)
            RegistrationFactory(event=event, city=CityFactory(), email=f"p{n}@example.org")

    assert_constant_queries(lambda: client.get(url), grow)


def test_the_signed_link_confirms_the_offered_seat(client, official, event):
    first, _second, third = fill(event, official)
    cancel_registration(registration=first)
    third.refresh_from_db()
    url = offer_path(third)
    # Opening the link (a mail scanner does) changes nothing; its button confirms.
    page = client.get(url)
    assert page.status_code == 200 and "Confirm my seat" in page.content.decode()
    third.refresh_from_db()
    assert third.status == RegistrationStatus.PENDING
    forged = url.replace(f"/{third.pk}/", f"/{_second.pk}/")
    assert client.post(forged).status_code == 404
    response = client.post(url)
    assert "your seat is confirmed" in response.content.decode()
    third.refresh_from_db()
    assert third.status == RegistrationStatus.CONFIRMED
    # The link answered its offer: it no longer works.
    assert client.get(url).status_code == 404


# Emails, in their recipient's language, through the queue


def test_emails_of_a_delegation_in_each_recipient_s_language(
    official, event, django_capture_on_commit_callbacks
):
    Membership.objects.filter(user=official).update(language="fr")
    official.first_name, official.last_name = "Aida", "Mussa"
    official.save()
    with send_all(django_capture_on_commit_callbacks):
        register_delegation(
            event=event,
            by=official,
            delegates=[delegate(1, language="pt"), delegate(2), delegate(3, language="fr")],
        )
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {
        "delegate1@example.org",
        "delegate2@example.org",
        "delegate3@example.org",
        official.email,
    }
    confirmed_pt = by_recipient["delegate1@example.org"]
    assert confirmed_pt.body.startswith("Olá, Delegate 1,")
    assert "/pt/events/open-event/" in confirmed_pt.body
    ((filename, ics, mimetype),) = confirmed_pt.attachments
    assert filename == "open-event.ics" and mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in ics and "SUMMARY:Street markets" in ics
    waitlisted_fr = by_recipient["delegate3@example.org"]
    assert waitlisted_fr.body.startswith("Bonjour Delegate 3,")
    assert not waitlisted_fr.attachments
    organizer = by_recipient[official.email]
    assert organizer.body.startswith("Bonjour Aida Mussa,")
    assert "Delegate 1" in organizer.body and "Delegate 3" in organizer.body
    assert "/fr/events/open-event/registrations/" in organizer.body
    assert [name for name, _ics, _type in organizer.attachments] == ["open-event.ics"]


def test_emails_when_a_seat_is_offered_and_confirmed(
    official, event, django_capture_on_commit_callbacks
):
    first, _second, third = register_delegation(
        event=event,
        by=official,
        delegates=[delegate(1), delegate(2), delegate(3, language="pt")],
    )
    with send_all(django_capture_on_commit_callbacks):
        cancel_registration(registration=first)
    third.refresh_from_db()
    offer = next(m for m in mail.outbox if m.to == ["delegate3@example.org"])
    assert offer.body.startswith("Olá, Delegate 3,")
    assert offer_path(third).replace("/events/", "/pt/events/", 1) in offer.body
    assert any(m.to == [official.email] and "Delegate 3" in m.body for m in mail.outbox)
    mail.outbox.clear()
    with send_all(django_capture_on_commit_callbacks):
        confirm_offer(registration=third)
    confirmation, organizer = mail.outbox
    assert confirmation.to == ["delegate3@example.org"]
    assert confirmation.attachments[0][0] == "open-event.ics"
    # The organizers hear the seat is taken.
    assert organizer.to == [official.email]
    assert "Delegate 3" in organizer.subject


def test_the_registration_email_is_sent_once_however_often_the_task_runs(
    official, event, django_capture_on_commit_callbacks
):
    from exchanges.tasks import notify_registered

    with send_all(django_capture_on_commit_callbacks):
        (registration,) = register_delegation(event=event, by=official, delegates=[delegate(1)])
    sent = len(mail.outbox)
    with send_all(django_capture_on_commit_callbacks):
        notify_registered.delay(registration_ids=[registration.pk])
    assert len(mail.outbox) == sent


def test_the_example_exchange_is_marked_on_its_page(client, city):
    example = EventFactory(host_city=city, is_example=True)
    with translation.override("en"):
        content = client.get(example.get_absolute_url()).content.decode()
    assert "badge-example" in content and "Example" in content
    assert Registration.objects.count() == 0


def test_an_organizer_s_own_city_is_preset_on_each_delegate(client, official, event, city):
    client.force_login(official)
    content = client.get(reverse("event-register", args=[event.slug])).content.decode()
    assert content.count(f'<option value="{city.pk}" selected>') == 3


def test_expired_offers_refresh_the_cached_pages(official, event):
    from base.cache import content_version

    first, _second, third = fill(event, official)
    cancel_registration(registration=first)
    third.refresh_from_db()
    before = content_version()
    expire_offers(now=third.offer_expires_at + datetime.timedelta(minutes=1))
    assert content_version() != before


def test_a_past_exchange_is_not_opened_for_registration(official, city):
    past = EventFactory(host_city=city, status="planned")  # in 2012
    with pytest.raises(Exception, match="This event is over"):
        open_registration(
            event=past,
            by=official,
            capacity=10,
            registration_deadline=None,
            registrations_per_official=None,
        )
