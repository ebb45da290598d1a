"""Tests: the database comes from DATABASE_URL (PostgreSQL in CI), SQLite otherwise."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off by default: each test reads its own database, which a response cached by an earlier
# test would hide. The tests of the cache and of the lockout turn them on.
RESPONSE_CACHE_SECONDS = 0
# django-axes needs the request at each authenticate(); the test client's login() does
# not pass it.
AXES_ENABLED = False
