"""The portal's background tasks, and the task class every app's tasks use.

Tasks are acknowledged late (config: CELERY_TASK_ACKS_LATE): one a worker was running
when it died runs again on another, so each task must be safe to run twice.
"""

import datetime
import logging
import traceback

from celery import Task, current_app, shared_task
from django.db import OperationalError, transaction
from django.utils import timezone

from .mail import deliver_email
from .models import FailedTask, SentEmail

logger = logging.getLogger(__name__)

# How long a sent email's key is remembered: far longer than any redelivery takes.
SENT_EMAIL_MEMORY = datetime.timedelta(days=30)


class RecordedTask(Task):
    """A task retried with exponential backoff (30 s, 1 min, 2 min... at most 10 min,
    with jitter, 8 times: about half an hour in all) on the errors of a service that
    may come back (a mail server, the database), whose final failure is logged and
    recorded for staff (FailedTask, in the admin)."""

    abstract = True
    autoretry_for = (OSError, OperationalError)
    max_retries = 8
    retry_backoff = 30
    # Below the broker's visibility timeout (settings): a retry waiting longer would be
    # handed to a second worker meanwhile.
    retry_backoff_max = 600
    retry_jitter = True

    def describe(self, args, kwargs) -> str:
        """What staff read in the list of failed tasks."""
        return ", ".join([*map(repr, args), *(f"{k}={v!r}" for k, v in kwargs.items())])[:500]

    def on_retry(self, exc, task_id, args, kwargs, einfo):
        logger.warning(
            "Task %s (%s) failed, retrying: %r", self.name, self.describe(args, kwargs), exc
        )

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        logger.error(
            "Task %s (%s) failed for good: %r", self.name, self.describe(args, kwargs), exc
        )
        try:
            FailedTask.objects.create(
                task_id=task_id or "",
                task_name=self.name,
                description=self.describe(args, kwargs),
                arguments={"args": list(args), "kwargs": dict(kwargs)},
                error=repr(exc),
                traceback=str(einfo) if einfo else "",
                retries=self.request.retries or 0,
            )
        except Exception:  # the database is what failed: the log above is all we have
            logger.exception("Could not record the failure of task %s", self.name)


class EmailTask(RecordedTask):
    abstract = True

    def describe(self, args, kwargs) -> str:
        # The subject and the recipients; the body may hold a signed link.
        return f"{kwargs.get('subject', '')} → {', '.join(kwargs.get('to', []))}"[:500]


@shared_task(base=EmailTask, name="base.tasks.send_email")
def send_email(
    *, key: str, subject: str, body: str, to: list[str], attachments: list[dict] | None = None
) -> bool:
    """Deliver one email queued by `base.mail.queue_email()`; idempotent by `key`."""
    return deliver_email(key=key, subject=subject, body=body, to=to, attachments=attachments)


@shared_task(base=RecordedTask, name="base.tasks.forget_sent_emails")
def forget_sent_emails() -> int:
    """Forget the keys of emails sent long ago (daily): no redelivery comes that late."""
    deleted, _ = SentEmail.objects.filter(sent_at__lt=timezone.now() - SENT_EMAIL_MEMORY).delete()
    return deleted


def enqueue(task, **kwargs) -> None:
    """Hand `task` to the queue now (call it once the deciding transaction commits). A
    broker that cannot be reached fails nothing: the task is kept as a failed task for
    staff to queue again."""
    try:
        task.delay(**kwargs)
    except Exception as error:
        logger.exception("Could not queue the task %s", task.name)
        FailedTask.objects.create(
            task_id="",
            task_name=task.name,
            description=task.describe((), kwargs),
            arguments={"args": [], "kwargs": kwargs},
            error=repr(error),
            traceback=traceback.format_exc(),
        )


@transaction.atomic
def queue_failed_tasks_again(failed_tasks) -> int:
    """Queue the given failed tasks again with their arguments (once the cause of their
    failure is fixed), and forget them; how many were queued. A task fails again into a
    new entry."""
    current_app.loader.import_default_modules()  # every app's tasks.py
    queued = 0
    for failed in failed_tasks.select_for_update():
        task = current_app.tasks.get(failed.task_name)
        if task is None:
            continue
        args = failed.arguments.get("args", [])
        kwargs = failed.arguments.get("kwargs", {})
        transaction.on_commit(lambda task=task, a=args, k=kwargs: task.apply_async(a, k))
        failed.delete()
        queued += 1
    return queued
