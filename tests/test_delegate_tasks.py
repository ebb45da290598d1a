"""The delegates' background tasks, each run twice as a redelivered task would be: the
seat offer and its confirmation emails, the attendance certificate and the visa letter
PDFs. A second run sends or renders nothing more, and a task for a registration that
has moved on does nothing."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from exchanges import tasks as exchange_tasks
from exchanges.models import AttendanceCertificate, RegistrationStatus, VisaLetter
from portal import tasks as portal_tasks
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(city):
    return EventFactory(
        host_city=city,
        slug="maputo-markets",
        title="Hygiene, health and markets",
        start_date=timezone.localdate() + datetime.timedelta(days=30),
        status="planned",
    )


@pytest.fixture
def offered(event):
    return RegistrationFactory(
        event=event,
        name="Thandi Zulu",
        email="thandi@durban.gov.za",
        language="pt",
        status=RegistrationStatus.PENDING,
        offer_expires_at=timezone.now() + datetime.timedelta(days=3),
    )


def delegate_mails(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_the_seat_offer_is_emailed_once_in_the_delegates_language(
    offered, django_capture_on_commit_callbacks
):
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert exchange_tasks.notify_seat_offered.run(registration_id=offered.pk) is True
    (message,) = delegate_mails("thandi@durban.gov.za")
    with translation.override("pt"):
        subject = _("A seat is free for you at “%(title)s”: please confirm") % {
            "title": "Hygiene, health and markets"
        }
    assert message.subject == subject
    assert subject.startswith("Há uma vaga")  # in Portuguese
    assert "Thandi Zulu" in message.body
    assert f"/registrations/{offered.pk}/confirm/" in message.body


def test_no_offer_email_once_the_offer_is_over(offered):
    offered.status = RegistrationStatus.WAITLISTED
    offered.offer_expires_at = None
    offered.save()
    assert exchange_tasks.notify_seat_offered.run(registration_id=offered.pk) is False
    assert exchange_tasks.notify_seat_offered.run(registration_id=10**9) is False
    assert mail.outbox == []


def test_the_confirmed_seat_is_emailed_once_with_its_invitation(
    offered, official, django_capture_on_commit_callbacks
):
    # Still waiting for confirmation: nothing to say yet.
    assert exchange_tasks.notify_offer_confirmed.run(registration_id=offered.pk) is False
    offered.status = RegistrationStatus.CONFIRMED
    offered.offer_expires_at = None
    offered.save()
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert exchange_tasks.notify_offer_confirmed.run(registration_id=offered.pk) is True
    (message,) = delegate_mails("thandi@durban.gov.za")
    assert [name for name, _content, _type in message.attachments] == ["maputo-markets.ics"]
    # The host city's official hears the seat is taken, once, in their language.
    (notice,) = delegate_mails(official.email)
    assert notice.subject == "Thandi Zulu confirmed a seat at “Hygiene, health and markets”"
    assert "/events/maputo-markets/registrations/" in notice.body


@pytest.fixture
def checked_in(event):
    return RegistrationFactory(
        event=event,
        name="Ana Machava",
        language="pt",
        status=RegistrationStatus.CONFIRMED,
        checked_in_at=timezone.now(),
        needs_visa_letter=True,
    )


def test_a_certificate_is_rendered_once(checked_in):
    certificate = AttendanceCertificate.objects.create(registration=checked_in, language="pt")
    assert portal_tasks.render_certificate_pdf.run(certificate_id=certificate.pk) is True
    certificate.refresh_from_db()
    first = bytes(certificate.pdf)
    assert first.startswith(b"%PDF")
    assert portal_tasks.render_certificate_pdf.run(certificate_id=certificate.pk) is False
    certificate.refresh_from_db()
    assert bytes(certificate.pdf) == first
    # Erased since (anonymization): nothing to render.
    certificate.delete()
    assert portal_tasks.render_certificate_pdf.run(certificate_id=certificate.pk) is False


def test_a_visa_letter_is_rendered_once(checked_in):
    letter = VisaLetter.objects.create(
        registration=checked_in, signer_name="Ana Moreira", signer_title="Director of Markets"
    )
    assert portal_tasks.render_visa_letter_pdf.run(letter_id=letter.pk) is True
    letter.refresh_from_db()
    first = bytes(letter.pdf)
    assert first.startswith(b"%PDF")
    assert portal_tasks.render_visa_letter_pdf.run(letter_id=letter.pk) is False
    letter.refresh_from_db()
    assert bytes(letter.pdf) == first
