"""The Celery application: background work (mail, PDF dossiers, the daily jobs) runs on
workers fed through Redis.

Settings are read from Django's settings under the CELERY_ namespace (portal/settings/);
tasks are found in each app's `tasks.py`. Without a broker (`make run`, the tests) tasks
run eagerly, in the process that queues them.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("peercities")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
