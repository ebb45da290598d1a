"""Exchanges before and after: checking delegates in, their attendance certificates (PDF,
signed verification), visa invitation letters, and the learning note drafted from the
exchange's records; who may do each, and what anonymization leaves of them."""

import datetime
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from pypdf import PdfReader

from base.models import Role
from cities.models import Membership
from exchanges.models import (
    AttendanceCertificate,
    LearningNote,
    LearningNoteStatus,
    RegistrationStatus,
    VisaLetter,
)
from exchanges.services import anonymize_registrations, cancel_registration, check_in_delegate
from portal.exchange_documents import CERTIFICATE_SALT, certificate_token, verified_certificate
from portal.services import (
    draft_learning_note,
    edit_learning_note,
    issue_certificates,
    issue_visa_letter,
)
from tests.factories import (
    AdoptionFactory,
    CityFactory,
    EventFactory,
    OrganizationFactory,
    ParticipationFactory,
    PracticeFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.utils import assert_constant_queries, run_commit_callbacks

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(city):
    return EventFactory(host_city=city, slug="maputo-markets", title="Hygiene, health and markets")


@pytest.fixture
def delegate(event):
    return RegistrationFactory(
        event=event,
        name="Ana Machava",
        status=RegistrationStatus.CONFIRMED,
        needs_visa_letter=True,
        language="pt",
        city=CityFactory(name="Durban"),
    )


@pytest.fixture
def participant_official(event):
    """An official of a city that takes part in the event without hosting it."""
    city = CityFactory()
    ParticipationFactory(event=event, city=city)
    user = UserFactory()
    user.groups.add(Group.objects.get(name=Role.OFFICIAL))
    Membership.objects.create(user=user, city=city, verified_at=timezone.now())
    return user


# Constraints, each on both sides


def test_only_a_confirmed_delegate_is_checked_in():
    RegistrationFactory(status=RegistrationStatus.CONFIRMED, checked_in_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(status=RegistrationStatus.WAITLISTED, checked_in_at=timezone.now())


def test_a_visa_letter_is_signed_with_a_name_and_a_title(delegate):
    other = RegistrationFactory(event=delegate.event)
    VisaLetter.objects.create(registration=other, signer_name="Ana", signer_title="Director")
    with pytest.raises(IntegrityError), transaction.atomic():
        VisaLetter.objects.create(registration=delegate, signer_name="Ana", signer_title="")


def test_a_published_note_has_its_date_and_a_draft_none(event):
    LearningNote.objects.create(event=event, title="t", body="b")
    other = EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        LearningNote.objects.create(
            event=other, title="t", body="b", status=LearningNoteStatus.PUBLISHED
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        LearningNote.objects.create(event=other, title="t", body="b", published_at=timezone.now())


# Check-in


def test_organizers_check_delegates_in_on_a_phone_page(client, official, event, delegate):
    client.force_login(official)
    page = client.get(f"/events/{event.slug}/check-in/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ana Machava" in html and "<svg" in html  # the QR code, inline
    assert f"/events/{event.slug}/check-in/{delegate.pk}/" in html
    response = client.post(f"/events/{event.slug}/check-in/{delegate.pk}/", follow=True)
    assert "Ana Machava has checked in." in response.content.decode()
    delegate.refresh_from_db()
    assert delegate.checked_in_at is not None
    # Twice is refused, saying why.
    response = client.post(f"/events/{event.slug}/check-in/{delegate.pk}/", follow=True)
    assert "already checked in" in response.content.decode()
    # The search by name.
    assert "Ana Machava" not in client.get(f"/events/{event.slug}/check-in/?q=zzz").content.decode()


def test_check_in_is_for_the_organizers_only(client, participant_official, event, delegate):
    assert client.get(f"/events/{event.slug}/check-in/").status_code == 302  # sign in first
    client.force_login(participant_official)
    assert client.get(f"/events/{event.slug}/check-in/").status_code == 403
    assert client.post(f"/events/{event.slug}/check-in/{delegate.pk}/").status_code == 403
    with pytest.raises(PermissionDenied):
        check_in_delegate(registration=delegate, by=participant_official)


def test_a_waitlisted_delegate_does_not_check_in_and_a_checked_in_one_stays(curator, delegate):
    waitlisted = RegistrationFactory(event=delegate.event, status=RegistrationStatus.WAITLISTED)
    with pytest.raises(ValidationError):
        check_in_delegate(registration=waitlisted, by=curator)
    check_in_delegate(registration=delegate, by=curator)
    with pytest.raises(ValidationError):
        cancel_registration(registration=delegate)


def test_check_in_page_queries_do_not_grow_with_delegates(client, official, event, delegate):
    client.force_login(official)

    def grow():
        for _ in range(4):
            registration = RegistrationFactory(
                event=event, status=RegistrationStatus.CONFIRMED, city=CityFactory()
            )
            check_in_delegate(registration=registration, by=official)
        issue_certificates(event=event, by=official)

    assert_constant_queries(lambda: client.get(f"/events/{event.slug}/check-in/"), grow)


# Certificates


def test_certificates_for_checked_in_delegates_in_their_language(official, event, delegate):
    absent = RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    with pytest.raises(ValidationError):
        issue_certificates(event=event, by=official)  # nobody checked in yet
    check_in_delegate(registration=delegate, by=official)
    (certificate,) = issue_certificates(event=event, by=official)
    run_commit_callbacks()
    certificate.refresh_from_db()
    assert certificate.registration == delegate and certificate.language == "pt"
    assert bytes(certificate.pdf).startswith(b"%PDF")
    assert not AttendanceCertificate.objects.filter(registration=absent).exists()
    # Issuing again issues only to those who have none.
    assert issue_certificates(event=event, by=official) == []


def test_the_pdf_is_in_the_delegates_language_and_its_printed_address_verifies_it(
    client, official, event, delegate
):
    check_in_delegate(registration=delegate, by=official)
    (certificate,) = issue_certificates(event=event, by=official)
    run_commit_callbacks()
    certificate.refresh_from_db()
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(bytes(certificate.pdf))).pages
    )
    assert "Certificado de participação" in text and "Certificamos que" in text
    assert "Certificate of attendance" not in text
    # The address printed on it is the signed verification page, in Portuguese.
    [address] = re.findall(r"https?://\S+/certificates/\S+/", text.replace("\n", ""))
    path = re.sub(r"^https?://[^/]+", "", address)
    assert path.startswith("/pt/certificates/")
    page = client.get(path)
    assert page.status_code == 200 and "Ana Machava" in page.content.decode()
    assert client.get(path.replace("/certificates/", "/certificates/x")).status_code == 404


def test_only_organizers_issue_certificates(participant_official, event, delegate):
    with pytest.raises(PermissionDenied):
        issue_certificates(event=event, by=participant_official)


@pytest.fixture
def certificate(official, event, delegate):
    check_in_delegate(registration=delegate, by=official)
    (certificate,) = issue_certificates(event=event, by=official)
    run_commit_callbacks()
    return certificate


def test_the_verification_page_says_valid_with_name_and_event_only(client, certificate):
    response = client.get(f"/certificates/{certificate_token(certificate)}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Valid certificate" in html and "Ana Machava" in html
    assert "Hygiene, health and markets" in html
    assert certificate.registration.email not in html
    assert "no-store" in response["Cache-Control"]
    pdf = client.get(f"/certificates/{certificate_token(certificate)}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_forged_or_expired_signature_is_not_valid(client, certificate, settings):
    token = certificate_token(certificate)
    forged = signing.dumps(certificate.pk, salt="another-salt", compress=True)
    for bad in (token[:-2] + "xx", forged, "nothing"):
        response = client.get(f"/certificates/{bad}/")
        assert response.status_code == 404
        assert "Not a valid certificate" in response.content.decode()
        assert client.get(f"/certificates/{bad}/pdf/").status_code == 404
    old = signing.TimestampSigner(salt=CERTIFICATE_SALT)
    settings.CERTIFICATE_VERIFICATION_DAYS = 1
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("time.time", lambda: timezone.now().timestamp() - 3 * 86400)
        expired = signing.dumps(certificate.pk, salt=CERTIFICATE_SALT, compress=True)
    assert old.unsign_object(expired, max_age=None) == certificate.pk  # genuine, but old
    assert verified_certificate(expired) is None
    assert client.get(f"/certificates/{expired}/").status_code == 404


def test_anonymization_erases_certificates_and_letters(client, certificate, official, delegate):
    issue_visa_letter(registration=delegate, by=official, signer_title="Director of Markets")
    token = certificate_token(certificate)
    event = delegate.event
    event.start_date = datetime.date(2012, 11, 7)
    event.end_date = datetime.date(2012, 11, 9)
    event.save()
    anonymize_registrations()
    assert not AttendanceCertificate.objects.exists()
    assert not VisaLetter.objects.exists()
    assert client.get(f"/certificates/{token}/").status_code == 404


# Visa letters


def test_an_organizer_issues_a_signed_visa_letter(client, official, event, delegate):
    official.first_name, official.last_name = "Ana", "Moreira"
    official.save()
    client.force_login(official)
    url = f"/events/{event.slug}/registrations/{delegate.pk}/visa-letter/"
    assert client.post(url, {"signer_title": ""}).status_code == 200  # the form, with its error
    response = client.post(url, {"signer_title": "Director of Markets"}, follow=True)
    assert "The letter is issued" in response.content.decode()
    letter = VisaLetter.objects.get(registration=delegate)
    assert (letter.signer_name, letter.signer_title) == ("Ana Moreira", "Director of Markets")
    assert client.get(f"{url}?format=pdf").status_code == 202  # being rendered
    run_commit_callbacks()
    pdf = client.get(f"{url}?format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]


def test_visa_letters_only_when_asked_and_by_organizers(
    client, official, participant_official, event, delegate
):
    other = RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    with pytest.raises(ValidationError):
        issue_visa_letter(registration=other, by=official, signer_title="Director")
    with pytest.raises(PermissionDenied):
        issue_visa_letter(registration=delegate, by=participant_official, signer_title="Mayor")
    client.force_login(participant_official)
    url = f"/events/{event.slug}/registrations/{delegate.pk}/visa-letter/"
    assert client.get(url).status_code == 403
    issue_visa_letter(registration=delegate, by=official, signer_title="Director")
    with pytest.raises(ValidationError):
        issue_visa_letter(registration=delegate, by=official, signer_title="Director")


# Learning notes


@pytest.fixture
def recorded_event(event):
    event.objectives = "Identify areas for cooperation on markets."
    event.outcomes = "A roadmap on South-South cooperation."
    event.save()
    ParticipationFactory(event=event, city=CityFactory(name="Belo Horizonte"), role="resource")
    practice = PracticeFactory(title="Working in partnership with informal traders")
    practice.events.add(event)
    AdoptionFactory(practice=practice, event=event, city=CityFactory(name="Dakar"))
    event.organizers.add(OrganizationFactory(name="Mozambican Municipalities"))
    return event


def test_the_draft_is_written_from_the_records(official, recorded_event):
    note = draft_learning_note(event=recorded_event, by=official)
    assert note.status == LearningNoteStatus.DRAFT
    for expected in (
        "Belo Horizonte",
        "Identify areas for cooperation",
        "A roadmap on South-South cooperation",
        "Working in partnership with informal traders",
        "Dakar",
        "Organized by Mozambican Municipalities.",
    ):
        assert expected in note.body


def test_organizers_edit_and_publish_and_it_joins_the_dossier(client, official, recorded_event):
    client.force_login(official)
    url = f"/events/{recorded_event.slug}/learning-note/"
    dossier = f"/events/{recorded_event.slug}/dossier/"
    lessons = "\n## Lessons learned\n"
    client.post(url, {"intent": "draft"})
    note = LearningNote.objects.get(event=recorded_event)
    client.logout()
    assert client.get(url).status_code == 404  # a draft is the organizers'
    assert "Lessons learned" not in client.get(dossier).content.decode()
    client.force_login(official)
    response = client.post(
        url, {"intent": "publish", "title": note.title, "body": note.body + lessons}
    )
    assert response.status_code == 302
    client.logout()
    assert "Lessons learned" in client.get(url).content.decode()
    assert "Lessons learned" in client.get(dossier).content.decode()
    event_page = client.get(recorded_event.get_absolute_url()).content.decode()
    assert "Read the learning note" in event_page
    # A published note is not drafted over.
    with pytest.raises(ValidationError):
        draft_learning_note(event=recorded_event, by=official)


def test_only_organizers_write_the_note_of_a_held_event(
    client, official, participant_official, recorded_event
):
    client.force_login(participant_official)
    url = f"/events/{recorded_event.slug}/learning-note/"
    assert client.post(url, {"intent": "draft"}).status_code == 403
    with pytest.raises(PermissionDenied):
        draft_learning_note(event=recorded_event, by=participant_official)
    planned = EventFactory(host_city=recorded_event.host_city, status="planned")
    with pytest.raises(ValidationError):
        draft_learning_note(event=planned, by=official)
    note = draft_learning_note(event=recorded_event, by=official)
    with pytest.raises(PermissionDenied):
        edit_learning_note(note=note, by=participant_official, title="x", body="y")
