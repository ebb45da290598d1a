"""Loading any settings module loads the Celery application (config/celery.py) too, so
that every task queued from Django (web processes, commands, workers) goes through it."""

from config import celery_app  # noqa: F401
