"""Nothing is lost when a worker dies mid-task: a real `celery worker` on Redis takes an
email, is killed (SIGKILL) while sending it, and another worker delivers it (tasks are
acknowledged late, and Redis hands back what a dead worker held after the visibility
timeout).

Needs PostgreSQL (DATABASE_URL: the workers read the test database) and Redis
(WORKER_REDIS_URL, by default database 7 of 127.0.0.1:6379, which it empties); skipped
otherwise. Bounded: about a minute and a half at most.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection

from base.models import SentEmail

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("WORKER_REDIS_URL", "redis://127.0.0.1:6379/7")
VISIBILITY_TIMEOUT = 3
# `make worker`'s command, one task at a time in the worker's own process.
WORKER_COMMAND = [
    sys.executable,
    "-m",
    "celery",
    "-A",
    "config",
    "worker",
    "--pool=solo",
    "--without-gossip",
    "--without-mingle",
    "--loglevel=INFO",
]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def redis_answers(url: str) -> bool:
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.flushdb()  # this test's own database
        client.close()
    except Exception:  # any failure: no Redis to run workers on
        return False
    return True


def shared_database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip("workers need a database they can share: set DATABASE_URL=postgres://...")
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return (
        f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


class Worker:
    """`celery -A config worker` in its own process group, as `make worker` starts it."""

    def __init__(self, name: str, environment: dict[str, str], log_dir: Path) -> None:
        self.log = open(log_dir / f"worker-{name}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [*WORKER_COMMAND, "--hostname", f"{name}@%h"],
            cwd=ROOT,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.log.close()


def wait_for(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_an_email_whose_worker_is_killed_mid_send_is_sent_by_another(tmp_path):
    database_url = shared_database_url()
    if not redis_answers(REDIS_URL):
        pytest.skip(f"workers need Redis: none answers at {REDIS_URL}")
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=REDIS_URL,
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
        EMAIL_FILE_PATH=str(outbox),
    )
    sender = Celery(broker=REDIS_URL)
    first = second = None
    try:
        first = Worker(
            "first",
            {**environment, "EMAIL_BACKEND": "tests.mail_backends.SlowFileEmailBackend"},
            tmp_path,
        )
        sender.send_task(
            "base.tasks.send_email",
            kwargs={
                "key": "worker-lost:1",
                "subject": "Your good practice is published",
                "body": "Congratulations.",
                "to": ["submitter@example.org"],
            },
        )
        wait_for((outbox / "sending").exists, timeout=60, what="the first worker to send")
        first.kill()  # mid-send: nothing sent, nothing acknowledged
        assert not [path for path in outbox.iterdir() if path.name != "sending"]
        assert not SentEmail.objects.exists()
        # kombu scans for unacknowledged messages past their visibility timeout when a
        # worker starts, then only every tenth restore cycle: start the next worker once
        # the message is due, as a worker started after a crash would find it.
        time.sleep(VISIBILITY_TIMEOUT + 2)

        second = Worker(
            "second",
            {**environment, "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend"},
            tmp_path,
        )

        def sent() -> list[Path]:
            return [path for path in outbox.iterdir() if path.name != "sending"]

        wait_for(sent, timeout=90, what="the second worker to deliver the email")
        (email,) = sent()
        assert "Your good practice is published" in email.read_text()
        assert "submitter@example.org" in email.read_text()
        assert SentEmail.objects.filter(key="worker-lost:1").exists()
    finally:
        for worker in (first, second):
            if worker is not None:
                worker.kill()
        sender.close()
