import os

from django.core.wsgi import get_wsgi_application

from base.checks import refuse_to_serve_on_errors

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# gunicorn runs no system checks: a configuration they reject stops the worker here.
refuse_to_serve_on_errors()
