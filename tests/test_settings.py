"""Settings come from the environment; with DEBUG off the portal refuses to start
without a secret key and turns on the secure defaults."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def settings_of(module: str, **env) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(env)
    code = (
        "import django, json; from django.conf import settings; django.setup(); "
        "print(json.dumps({'debug': settings.DEBUG, 'ssl': getattr(settings, "
        "'SECURE_SSL_REDIRECT', False), 'secure_cookie': settings.SESSION_COOKIE_SECURE, "
        "'hsts': settings.SECURE_HSTS_SECONDS, 'engine': settings.DATABASES['default']"
        "['ENGINE'], 'name': settings.DATABASES['default']['NAME']}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": module},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = settings_of("config.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_off_turns_on_the_secure_settings():
    import json

    result = settings_of("config.settings.production", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["debug"] is False
    assert values["ssl"] is True
    assert values["secure_cookie"] is True
    assert values["hsts"] > 0


def test_development_defaults_to_debug_and_sqlite():
    import json

    result = settings_of("config.settings.local")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["debug"] is True
    assert values["engine"] == "django.db.backends.sqlite3"


def test_database_url_selects_postgresql():
    import json

    result = settings_of(
        "config.settings.local", DATABASE_URL="postgres://user:pw@db.example.org:5432/network"
    )
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "network"


def test_debug_off_in_development_also_needs_a_secret_key():
    result = settings_of("config.settings.local", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
