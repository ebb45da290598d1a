"""The API's front door, `/api/v1/`."""

from django.urls import reverse
from rest_framework import routers


class APIRootView(routers.APIRootView):
    """City-to-city peer learning for decent work: the cities of the PeerCities network,
    their peer learning exchanges, roadmaps and good practices, as open data.

    Each link below is a list; the [documentation](/api/docs/) describes every endpoint,
    filter and answer, from the [OpenAPI 3 schema](/api/schema/). Read anonymously, or
    with `Authorization: Token <key>` for a partner's higher rate limit.
    """

    def get_view_name(self):
        return "API root"

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Where a client finds the documentation and the machine-readable description
        # (RFC 8631), without changing the body: a map of the lists, as before.
        response["Link"] = ", ".join(
            [
                f'<{reverse("api-docs")}>; rel="service-doc"',
                f'<{reverse("api-schema")}>; rel="service-desc"',
            ]
        )
        return response
