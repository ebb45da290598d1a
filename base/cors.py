"""Cross-origin reads of the API, for partners' web apps (maps, calendars).

django-cors-headers answers the preflight and adds the headers; the settings limit it
to `/api/`, any origin, no credentials, and GET, HEAD and OPTIONS. This narrows it once
more to what a partner's page may do: read anonymously. A response to a write, or to a
request that carries a token, gets no `Access-Control-Allow-Origin`, so a page of
another site never reads it.
"""

from corsheaders.conf import conf
from corsheaders.middleware import CorsMiddleware
from django.http import HttpRequest


class AnonymousReadCorsMiddleware(CorsMiddleware):
    def is_enabled(self, request: HttpRequest) -> bool:
        return (
            request.method in conf.CORS_ALLOW_METHODS
            and "HTTP_AUTHORIZATION" not in request.META
            and super().is_enabled(request)
        )
