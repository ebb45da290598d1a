"""The project configuration: settings, root URLs, WSGI/ASGI entry points and the Celery
application. It may import any app; no app imports it. Importing it loads the Celery
application, so that tasks queued from Django (web processes, commands) use it."""

from .celery import app as celery_app

__all__ = ("celery_app",)
