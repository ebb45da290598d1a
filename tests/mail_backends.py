"""Email backends for the tests that run real workers (tests/test_worker_lost.py)."""

import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend


class SlowFileEmailBackend(EmailBackend):
    """Says it is sending (a `sending` file next to the emails), then takes its time: a
    worker killed meanwhile has sent nothing."""

    def send_messages(self, email_messages):
        Path(self.file_path, "sending").touch()
        time.sleep(float(os.environ.get("SLOW_EMAIL_SECONDS", "120")))
        return super().send_messages(email_messages)
