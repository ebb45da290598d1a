"""Every email the portal sends goes through the task queue (base.tasks.send_email).

A request, a command or a task *queues* an email: `queue_email()` hands the message to
the queue once the transaction that decided it commits, so that a rolled-back decision
sends nothing and a mail server that is down never breaks the request. The queue
delivers it, retrying with backoff, and a message that still fails is logged and
listed for staff (admin: "Failed tasks").

Each email is written in its recipient's language (their membership's `language`,
under `translation.override`), greets them by name (`recipient_name`), and its links
are reversed under that language, so they lead to the pages of that language.

Delivery is at least once, and at most once where the database can tell: each message
carries a stable key, recorded (`SentEmail`) in the transaction that sends it. A
delivery that finds its key recorded sends nothing. A worker that dies after the mail
server accepted the message but before that transaction commits sends it again.
"""

import logging
import traceback
from uuid import uuid4

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction

from .models import FailedTask, SentEmail

logger = logging.getLogger(__name__)


def recipient_name(user) -> str:
    """How an email greets `user`: their full name, else their username."""
    return user.get_full_name() or user.get_username()


def new_email_key(kind: str) -> str:
    """A key for a message that has no natural one (a password reset, say)."""
    return f"{kind}:{uuid4().hex}"


def queue_email(
    *, key: str, subject: str, body: str, to: list[str], attachments: list[dict] | None = None
) -> None:
    """Queue one plain-text email, sent once the current transaction commits.
    `attachments`: text files, each `{"filename", "content", "mimetype"}` (a calendar
    invitation, say), carried as JSON by the queue."""
    from .tasks import send_email

    message = {"key": key, "subject": subject, "body": body, "to": list(to)}
    if attachments:
        message["attachments"] = [dict(attachment) for attachment in attachments]

    def enqueue():
        try:
            send_email.delay(**message)
        except Exception as error:
            # The broker is unreachable: the message is kept for staff to queue again.
            logger.exception("Could not queue the email %s", key)
            FailedTask.objects.create(
                task_id="",
                task_name=send_email.name,
                description=send_email.describe((), message),
                arguments={"args": [], "kwargs": message},
                error=repr(error),
                traceback=traceback.format_exc(),
            )

    transaction.on_commit(enqueue)


@transaction.atomic
def deliver_email(
    *, key: str, subject: str, body: str, to: list[str], attachments: list[dict] | None = None
) -> bool:
    """Send the message now unless a delivery with the same key already did; False
    when it did. The key is recorded in the transaction that sends, so a failed send
    records nothing and is tried again, and a concurrent delivery of the same key waits
    on the first and then finds it."""
    _sent, created = SentEmail.objects.get_or_create(key=key)
    if not created:
        logger.info("Email %s already sent; not sending it again", key)
        return False
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    for attachment in attachments or []:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    message.send()
    return True
