import os

from django.core.asgi import get_asgi_application

from base.checks import refuse_to_serve_on_errors

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_asgi_application()

# An ASGI server runs no system checks: a configuration they reject stops it here.
refuse_to_serve_on_errors()
