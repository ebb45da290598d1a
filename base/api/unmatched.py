"""What answers a path under /api/ that no route of the API matches.

A path missing only its trailing slash is served by the route it names: Django's
APPEND_SLASH would answer a redirect, which a client follows as a GET without its body
(or, under DEBUG, a 500 for a POST). Any other path is a JSON 404, like every other error
of the API, never the site's HTML page."""

from django.http import JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from rest_framework.exceptions import NotFound


@csrf_exempt  # The view it hands the request to checks CSRF itself (DRF's session auth).
def unmatched(request, path=""):
    if not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not unmatched:
            request.resolver_match = match
            return match.func(request, *match.args, **match.kwargs)
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=NotFound.status_code)
