"""Fresh knowledge: stale practices marked on their page and in the API, listed for
curators to verify, their submitters reminded once by `remind_stale`, and the one-button
confirmation the reminder links to."""

import datetime
import time
from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from rest_framework.test import APIClient

from base.models import FailedTask, Role
from practices.confirmation import CONFIRM_LINK_MAX_AGE, confirm_path, confirm_token
from practices.models import Practice, stale_cutoff
from practices.services import verify_practice
from practices.tasks import send_stale_reminder
from tests.factories import PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def submitter(db):
    user = UserFactory(username="submitter", email="submitter@example.org")
    user.groups.add(Group.objects.get(name=Role.OFFICIAL))
    return user


@pytest.fixture
def stale(submitter):
    return PracticeFactory(
        slug="maputo-markets",
        title="Maputo markets",
        submitted_by=submitter,
        verified_on=stale_cutoff() - 400 * DAY,
    )


def remind(*args) -> str:
    out = StringIO()
    call_command("remind_stale", "--base-url", "https://peercities.example", *args, stdout=out)
    return out.getvalue()


def confirm_url_in(message) -> str:
    line = next(line for line in message.body.splitlines() if "/confirm/" in line)
    return line.strip().removeprefix("https://peercities.example")


# The 24 months' boundary, on the page and in the API.


@pytest.mark.parametrize(
    ("offset", "is_stale"),
    [(DAY, False), (datetime.timedelta(0), False), (-DAY, True)],
    ids=["a day before 24 months", "24 months to the day", "a day after 24 months"],
)
def test_stale_after_24_months_on_the_page_and_in_the_api(client, offset, is_stale):
    # Verified on the cutoff (24 months ago to the day) is still fresh.
    practice = PracticeFactory(verified_on=stale_cutoff() + offset)
    page = client.get(practice.get_absolute_url()).content.decode()
    assert ("Needs review" in page) is is_stale
    if is_stale:
        assert f"Last verified on {date_format(practice.verified_on)}:" in page
    api = APIClient()
    assert api.get(f"/api/v1/practices/{practice.slug}/").json()["stale"] is is_stale
    listed = api.get("/api/v1/practices/", {"stale": "true"}).json()["results"]
    assert [row["slug"] for row in listed] == ([practice.slug] if is_stale else [])


def test_the_page_offers_the_submitter_to_confirm(client, stale, submitter, official):
    client.force_login(submitter)
    assert "Confirm it is still current" in client.get(stale.get_absolute_url()).content.decode()
    client.force_login(official)
    assert (
        "Confirm it is still current" not in client.get(stale.get_absolute_url()).content.decode()
    )


# The curators' list and their Verify action.


def test_curators_see_stale_practices_and_verify_them(client, curator, stale):
    fresh = PracticeFactory(title="Fresh practice")
    client.force_login(curator)
    queue = client.get(reverse("review-queue")).content.decode()
    stale_section = queue[queue.index('id="stale"') :]
    assert "Maputo markets" in stale_section
    assert fresh.title not in stale_section
    response = client.post(reverse("review-verify", args=[stale.slug]))
    assert response.status_code == 302
    stale.refresh_from_db()
    assert stale.verified_on == timezone.localdate()
    assert not stale.stale
    queue = client.get(reverse("review-queue")).content.decode()
    assert "is verified: it is current for 24 more months" in queue
    assert "Maputo markets" not in queue[queue.index('id="stale"') :]


@pytest.mark.parametrize("who", ["official", "partner", "submitter"])
def test_only_curators_verify_from_the_queue(client, request, stale, who):
    client.force_login(request.getfixturevalue(who))
    assert client.post(reverse("review-verify", args=[stale.slug])).status_code == 403
    stale.refresh_from_db()
    assert stale.stale


def test_verify_is_a_post(client, curator, stale):
    client.force_login(curator)
    assert client.get(reverse("review-verify", args=[stale.slug])).status_code == 405


# remind_stale.


def test_the_reminder_is_sent_once_and_not_twice(stale, submitter):
    PracticeFactory(slug="fresh", submitted_by=submitter)
    assert remind().strip().endswith("1 reminder to submitters of stale practices queued")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["submitter@example.org"]
    assert "Maputo markets" in message.subject
    assert "https://peercities.example/practices/maputo-markets/confirm/" in message.body
    stale.refresh_from_db()
    assert stale.stale_reminder_sent_on == timezone.localdate()

    assert "0 reminders" in remind()
    assert len(mail.outbox) == 1


def test_reminded_again_only_after_verification_and_staleness_again(stale, curator):
    remind()
    verify_practice(practice=stale, by=curator)
    remind()
    assert len(mail.outbox) == 1
    # 24 months later, stale again: reminded once more.
    Practice.objects.filter(pk=stale.pk).update(verified_on=stale_cutoff() - DAY)
    remind()
    remind()
    assert len(mail.outbox) == 2


def test_dry_run_sends_nothing(stale):
    output = remind("--dry-run")
    assert "would remind submitter@example.org of maputo-markets" in output
    assert "1 submitter of stale practices would be reminded" in output
    assert not mail.outbox
    stale.refresh_from_db()
    assert stale.stale_reminder_sent_on is None


def test_nobody_to_remind_without_a_submitter_or_an_email(submitter):
    old = stale_cutoff() - DAY
    PracticeFactory(verified_on=old, submitted_by=None)
    PracticeFactory(verified_on=old, submitted_by=UserFactory(email=""))
    PracticeFactory(verified_on=old, submitted_by=submitter, status="draft", published_at=None)
    assert "0 reminders" in remind()
    assert not mail.outbox


def test_a_failed_send_leaves_the_practice_to_remind(stale, caplog):
    # The mail server is down: the queue retries, then records the failure for staff;
    # the command itself does not fail.
    with mock.patch.object(
        EmailMessage, "send", autospec=True, side_effect=OSError("SMTP down")
    ) as send:
        assert "1 reminder" in remind()
    assert send.call_count == 1 + send_stale_reminder.max_retries
    failure = FailedTask.objects.get()
    assert failure.task_name == "practices.tasks.send_stale_reminder"
    assert "SMTP down" in failure.error
    assert "failed for good" in caplog.text
    stale.refresh_from_db()
    assert stale.stale_reminder_sent_on is None
    remind()
    assert len(mail.outbox) == 1


# The confirmation link.


def test_the_link_opens_a_page_that_confirms_on_its_button(client, stale, submitter):
    remind()
    url = confirm_url_in(mail.outbox[0])
    client.force_login(submitter)
    page = client.get(url)
    assert page.status_code == 200
    assert "Confirm it is still current" in page.content.decode()
    stale.refresh_from_db()
    assert stale.stale, "a GET must not confirm"

    response = client.post(url)
    assert response.status_code == 302
    assert response.url == stale.get_absolute_url()
    stale.refresh_from_db()
    assert stale.verified_on == timezone.localdate()
    assert stale.stale_reminder_sent_on is None
    page = client.get(response.url).content.decode()
    assert "is confirmed as current" in page
    assert "Needs review" not in page


def test_a_used_link_is_refused(client, stale, submitter):
    url = confirm_path(stale)
    client.force_login(submitter)
    client.post(url)
    response = client.post(url)
    assert response.status_code == 400
    assert "nothing left to confirm" in response.content.decode()


def test_a_curator_may_confirm(client, stale, curator):
    client.force_login(curator)
    assert client.post(confirm_path(stale)).status_code == 302
    stale.refresh_from_db()
    assert not stale.stale


@pytest.mark.parametrize("who", ["official", "partner"])
def test_another_user_gets_a_403(client, request, stale, who):
    client.force_login(request.getfixturevalue(who))
    url = confirm_path(stale)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    stale.refresh_from_db()
    assert stale.stale


def test_an_anonymous_visitor_signs_in_first_and_comes_back(client, stale):
    url = confirm_path(stale)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "next=" in response.url
    assert client.post(url).status_code == 302
    stale.refresh_from_db()
    assert stale.stale


def test_an_expired_link_is_refused_with_a_fresh_one_offered(client, stale, submitter):
    too_old = time.time() - CONFIRM_LINK_MAX_AGE.total_seconds() - 60
    with mock.patch("django.core.signing.time.time", return_value=too_old):
        url = reverse("practice-confirm", args=[stale.slug, confirm_token(stale)])
    client.force_login(submitter)
    response = client.post(url)
    assert response.status_code == 400
    page = response.content.decode()
    assert "This link has expired" in page
    assert "/confirm/" in page  # a fresh link, for the submitter
    stale.refresh_from_db()
    assert stale.stale


@pytest.mark.parametrize("mangle", ["tampered", "other practice"])
def test_a_bad_link_is_refused(client, stale, submitter, mangle):
    if mangle == "tampered":
        url = confirm_path(stale)[:-4] + "abcd/"
    else:
        other = PracticeFactory(submitted_by=submitter, verified_on=stale.verified_on)
        url = reverse("practice-confirm", args=[stale.slug, confirm_token(other)])
    client.force_login(submitter)
    response = client.post(url)
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    stale.refresh_from_db()
    assert stale.stale


def test_an_unknown_practice_is_a_404(client, submitter):
    client.force_login(submitter)
    assert client.get("/practices/nope/confirm/x:y:z/").status_code == 404
