import os

from django.core.wsgi import get_wsgi_application

from base.checks import refuse_to_serve_on_errors

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
# The web processes only: see DB_STATEMENT_TIMEOUT_MS in config/settings/base.py.
os.environ.setdefault("DB_STATEMENT_TIMEOUT_MS", "25000")

application = get_wsgi_application()

# gunicorn runs no system checks: a configuration they reject stops the worker here.
refuse_to_serve_on_errors()
