"""Project configuration. Importing it loads the Celery application, so that tasks queued
from Django (web processes, commands) use it."""

from .celery import app as celery_app

__all__ = ("celery_app",)
