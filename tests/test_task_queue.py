"""The task queue: every email goes through it, retried with backoff and delivered once
per key; a mail server that is down never breaks a request, and what fails for good is
listed for staff; the daily jobs are tasks on celery beat's schedule."""

import datetime
import logging
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from celery import current_app
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnreachable

from base import tasks as portal_tasks
from base.mail import queue_email
from base.models import FailedTask, Role, SentEmail
from exchanges import tasks as exchange_tasks
from practices import tasks as practice_tasks
from practices.models import Practice, PracticeStatus, stale_cutoff
from tests.factories import EventFactory, PracticeFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent

MESSAGE = {
    "key": "test:1",
    "subject": "Hello",
    "body": "A message.",
    "to": ["someone@example.org"],
}


def smtp_down():
    return mock.patch.object(
        EmailMessage, "send", autospec=True, side_effect=ConnectionRefusedError("SMTP down")
    )


@pytest.fixture
def submitted(official):
    return PracticeFactory(
        title="Street vendors cooperative",
        status=PracticeStatus.SUBMITTED,
        published_at=None,
        submitted_by=official,
    )


# The mail task.


def test_an_email_is_delivered_once_however_often_its_task_runs():
    assert portal_tasks.send_email.delay(**MESSAGE).get() is True
    # Redelivered (a worker lost before acknowledging it): nothing more is sent.
    assert portal_tasks.send_email.delay(**MESSAGE).get() is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Hello"
    assert mail.outbox[0].to == ["someone@example.org"]
    assert SentEmail.objects.filter(key="test:1").exists()


def test_a_failed_send_is_retried_and_then_delivered(caplog):
    real_send = EmailMessage.send
    attempts = []

    def flaky(message, *args, **kwargs):
        attempts.append(1)
        if len(attempts) < 3:
            raise ConnectionRefusedError("SMTP down")
        return real_send(message, *args, **kwargs)

    with (
        caplog.at_level(logging.WARNING),
        mock.patch.object(EmailMessage, "send", autospec=True, side_effect=flaky),
    ):
        portal_tasks.send_email.delay(**MESSAGE)
    assert len(attempts) == 3
    assert len(mail.outbox) == 1
    assert caplog.text.count("failed, retrying") == 2
    assert not FailedTask.objects.exists()


def test_retries_back_off_exponentially_and_stay_within_the_visibility_timeout(settings):
    task = portal_tasks.send_email
    assert task.autoretry_for and task.retry_backoff == 30 and task.retry_jitter
    assert task.max_retries == 8
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert task.retry_backoff_max < visibility


def test_an_email_that_keeps_failing_is_logged_and_listed_for_staff(caplog):
    with smtp_down() as send:
        portal_tasks.send_email.delay(**MESSAGE)
    assert send.call_count == 1 + portal_tasks.send_email.max_retries
    assert "failed for good" in caplog.text
    failure = FailedTask.objects.get()
    assert failure.task_name == "base.tasks.send_email"
    assert failure.description == "Hello → someone@example.org"
    assert "SMTP down" in failure.error
    assert failure.retries == portal_tasks.send_email.max_retries
    # Nothing recorded as sent: queued again, it is delivered.
    assert not SentEmail.objects.exists()


def test_mail_is_queued_only_when_its_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                queue_email(**MESSAGE)
                raise RuntimeError("the decision failed")
        except RuntimeError:
            pass
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(**{**MESSAGE, "key": "test:2"})
    assert len(mail.outbox) == 1


def test_an_unreachable_broker_breaks_nothing_and_keeps_the_message(
    django_capture_on_commit_callbacks, caplog
):
    with (
        mock.patch.object(
            portal_tasks.send_email, "delay", side_effect=BrokerUnreachable("Redis down")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        queue_email(**MESSAGE)
    assert "Could not queue the email test:1" in caplog.text
    failure = FailedTask.objects.get()
    assert failure.arguments["kwargs"]["body"] == "A message."


# A curator's decision while the mail server is down (issue #15).


def test_a_decision_is_saved_and_answered_when_the_mail_server_is_down(
    client, curator, submitted, django_capture_on_commit_callbacks
):
    client.force_login(curator)
    with smtp_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("review-decide", args=[submitted.slug, "request-changes"]),
            {"comment": "Add the results."},
        )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == PracticeStatus.CHANGES_REQUESTED
    failure = FailedTask.objects.get()
    assert "Changes requested" in failure.description

    # The mail server is back: staff queue it again from the admin, and it goes.
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:base_failedtask_changelist"),
            {"action": "queue_again", "_selected_action": [failure.pk]},
        )
    assert response.status_code == 302
    assert not FailedTask.objects.exists()
    assert len(mail.outbox) == 1
    assert "Add the results." in mail.outbox[0].body


def test_an_api_decision_is_answered_when_the_mail_server_is_down(
    curator, submitted, django_capture_on_commit_callbacks
):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(curator)
    with smtp_down(), django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"/api/v1/practices/{submitted.slug}/reject/",
            {"comment": "Out of scope."},
            format="json",
        )
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    assert FailedTask.objects.filter(task_name="base.tasks.send_email").count() == 1


def test_a_decision_mail_is_in_the_curators_language_and_sent_once(
    client, curator, submitted, django_capture_on_commit_callbacks
):
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(
            f"/fr{reverse('review-decide', args=[submitted.slug, 'request-changes'])}",
            {"comment": "Ajoutez les résultats."},
        )
    assert len(mail.outbox) == 1
    assert "Street vendors cooperative" in mail.outbox[0].subject
    review = Practice.objects.get(pk=submitted.pk).reviews.latest("pk")
    assert SentEmail.objects.filter(key=f"review-decision:{review.pk}").exists()
    # The queue delivers the same message again: nothing more is sent.
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_the_password_reset_email_goes_through_the_queue(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="forgot@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "forgot@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/reset/" in mail.outbox[0].body
    assert SentEmail.objects.get().key.startswith("password-reset:")


def test_the_failed_tasks_are_listed_for_curators_without_their_arguments(client, curator):
    FailedTask.objects.create(
        task_id="abc",
        task_name="base.tasks.send_email",
        description="Hello → someone@example.org",
        arguments={"kwargs": {"body": "secret-signed-link"}},
        error="ConnectionRefusedError('SMTP down')",
    )
    failure = FailedTask.objects.get()
    curator.is_staff = True
    curator.save()
    client.force_login(curator)
    listing = client.get(reverse("admin:base_failedtask_changelist"))
    assert listing.status_code == 200
    assert "SMTP down" in listing.content.decode()
    detail = client.get(reverse("admin:base_failedtask_change", args=[failure.pk]))
    assert detail.status_code == 200
    assert "secret-signed-link" not in detail.content.decode()
    # An official without staff access sees nothing of it.
    official = UserFactory()
    official.groups.add(Group.objects.get(name=Role.OFFICIAL))
    client.force_login(official)
    assert client.get(reverse("admin:base_failedtask_changelist")).status_code == 302


# The daily jobs.


def test_the_beat_schedule_names_registered_tasks(settings):
    current_app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled == {
        "practices.tasks.remind_stale_practices",
        "exchanges.tasks.anonymize_registrations",
        "exchanges.tasks.remind_progress_reports",
        "exchanges.tasks.expire_seat_offers",
        "base.tasks.forget_sent_emails",
        "portal.tasks.write_open_data_dumps",
        "webhooks.tasks.forget_old_deliveries",
        "follows.tasks.send_digests",
        "follows.tasks.forget_old_activities",
    }
    assert scheduled <= set(current_app.tasks)


def test_stale_reminders_are_sent_once_even_when_their_task_is_delivered_twice(official):
    practice = PracticeFactory(submitted_by=official, verified_on=stale_cutoff() - 400 * DAY)
    assert practice_tasks.remind_stale_practices(base_url="https://peercities.example") == 1
    assert len(mail.outbox) == 1
    assert "https://peercities.example/practices/" in mail.outbox[0].body
    practice.refresh_from_db()
    assert practice.stale_reminder_sent_on == timezone.localdate()
    again = practice_tasks.send_stale_reminder.delay(
        practice_id=practice.pk, base_url="https://peercities.example"
    )
    assert again.get() is False
    assert practice_tasks.remind_stale_practices() == 0
    assert len(mail.outbox) == 1


def test_anonymization_as_a_task_is_idempotent():
    event = EventFactory(start_date=datetime.date(2012, 11, 26))
    RegistrationFactory.create_batch(2, event=event, name="Amélia Santos")
    assert exchange_tasks.anonymize_registrations.delay().get() == 2
    assert exchange_tasks.anonymize_registrations.delay().get() == 0
    assert not event.registrations.filter(name="Amélia Santos").exists()


def test_the_keys_of_old_sent_emails_are_forgotten():
    old = SentEmail.objects.create(key="old")
    SentEmail.objects.filter(pk=old.pk).update(sent_at=timezone.now() - 31 * DAY)
    SentEmail.objects.create(key="recent")
    assert portal_tasks.forget_sent_emails.delay().get() == 1
    assert list(SentEmail.objects.values_list("key", flat=True)) == ["recent"]


DAY = datetime.timedelta(days=1)


# Configuration: eager without a broker, a real queue with one.


def celery_settings(**environment) -> str:
    script = (
        "import django; django.setup(); from celery import current_app as app; "
        "print(app.conf.task_always_eager, app.conf.broker_url or None, app.conf.task_acks_late, "
        "app.conf.task_reject_on_worker_lost)"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "CELERY_BROKER_URL", "DATABASE_URL"}
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings.local", **environment)
    return subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True
    ).stdout.split()[-4:]


def test_tasks_run_eagerly_without_a_broker_and_are_queued_with_one():
    assert celery_settings() == ["True", "None", "True", "True"]
    assert celery_settings(REDIS_URL="redis://127.0.0.1:6379/7") == [
        "False",
        "redis://127.0.0.1:6379/7",
        "True",
        "True",
    ]
    assert celery_settings(
        REDIS_URL="redis://127.0.0.1:6379/7", CELERY_BROKER_URL="redis://broker:6379/2"
    )[:2] == ["False", "redis://broker:6379/2"]


def test_a_result_can_be_waited_for_even_after_a_joining_flag_was_left_set():
    """What a race between a live server's thread and a test's eager tasks leaves behind
    (see tests/conftest.py, `tasks_may_be_joined`): the next test still reads results."""
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(True)  # as the race leaves it, for the next test
    with pytest.raises(RuntimeError, match=r"Never call result\.get"):
        portal_tasks.forget_sent_emails.delay().get()


def test_the_next_test_waits_for_results_again():
    assert portal_tasks.forget_sent_emails.delay().get() == 0
