"""System checks of the portal's configuration, run by `manage.py check`, `migrate` (so
by `make serve` before it starts gunicorn) and `runserver`; `portal/wsgi.py` and
`portal/asgi.py` run them too, for a server started without manage.py."""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured
from rest_framework.settings import api_settings

# Caches whose counters every process and host shares, incremented atomically.
SHARED_ATOMIC_CACHES = {
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
}


def throttles_use_a_shared_cache(app_configs=None, **kwargs) -> list[Error]:
    """With DEBUG off, the API's rate limits must count in a cache every worker shares:
    in a per-process cache each of the N workers gives a client the whole budget, so
    the limit silently becomes N times the rate."""
    backend = settings.CACHES["default"]["BACKEND"]
    if (
        settings.DEBUG
        or settings.ALLOW_LOCAL_THROTTLES
        or not api_settings.DEFAULT_THROTTLE_CLASSES
        or backend in SHARED_ATOMIC_CACHES
    ):
        return []
    return [
        Error(
            f"The API's rate limits would count in a per-process cache ({backend}): "
            "each worker would allow the whole rate.",
            hint="Set REDIS_URL, or ALLOW_LOCAL_THROTTLES=true for a single process.",
            id="base.E001",
        )
    ]


def refuse_to_serve_on_errors() -> None:
    """What a server started without manage.py (gunicorn) runs before it serves: the
    checks above, an error stopping the worker, and so the server."""
    for error in throttles_use_a_shared_cache():
        raise ImproperlyConfigured(f"{error.id}: {error.msg} {error.hint}")


def register_checks() -> None:
    """From AppConfig.ready."""
    register(throttles_use_a_shared_cache)
