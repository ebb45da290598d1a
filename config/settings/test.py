"""Tests: the database comes from DATABASE_URL (PostgreSQL in CI), SQLite otherwise."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from .base import *  # noqa: F403

# The tests run from the checkout, which holds the developer tools (the synthetic network).
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off by default: each test reads its own database, which a response cached by an earlier
# test would hide. The tests of the cache and of the lockout turn them on.
RESPONSE_CACHE_SECONDS = 0
# django-axes needs the request at each authenticate(); the test client's login() does
# not pass it.
AXES_ENABLED = False
# Tasks run in the test's own process, whatever the environment's broker; the tests of
# the task queue start real workers of their own.
CELERY_TASK_ALWAYS_EAGER = True
# The throttle's counts live in the cache, which the tests share: its own tests lower it.
DOSSIER_RENDER_RATE = "10000/hour"
