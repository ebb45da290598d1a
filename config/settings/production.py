"""Production: DEBUG off, a SECRET_KEY required, hashed and compressed static files."""

import os

os.environ.setdefault("DEBUG", "false")

from .base import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
