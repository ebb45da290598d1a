"""What drf-spectacular needs beyond its own introspection."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema_serializer
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS

from .renderers import (
    BYTE_ORDER_MARK_PARAMETER,
    CSVRenderer,
    GeoJSONRenderer,
    ICalendarRenderer,
    StreamingRenderer,
)


class FilterSetSchema(DjangoFilterExtension):
    """Describes every filter by its help text, also those whose schema is declared
    explicitly (years, SDG numbers), which drf-spectacular leaves undescribed."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        help_text = filter_field.extra.get("help_text")
        for parameter in parameters:
            if help_text and not parameter.get("description"):
                parameter["description"] = str(help_text)
        return parameters


class LicenseSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.URLField()


@extend_schema_serializer(many=False)
class FeatureCollectionSerializer(serializers.Serializer):
    """A GeoJSON FeatureCollection (RFC 7946)."""

    type = serializers.ChoiceField(choices=["FeatureCollection"])
    license = LicenseSerializer(help_text=_("The licence of the data."))
    features = serializers.ListField(child=serializers.DictField())


EXPORT_RESPONSES = {
    CSVRenderer: OpenApiResponse(
        OpenApiTypes.STR,
        description=_(
            "Every matching row (not one page), one line each; nested references by their "
            "slug, number or code, lists joined with '; '. The Link header names the "
            "licence of the data."
        ),
    ),
    GeoJSONRenderer: OpenApiResponse(
        FeatureCollectionSerializer,
        description=_("Every matching row as a point feature, its other fields as the properties."),
    ),
    ICalendarRenderer: OpenApiResponse(
        OpenApiTypes.STR,
        description=_(
            "An iCalendar file (RFC 5545) with every matching event; X-LICENSE and "
            "X-LICENSE-URL name the licence of the data."
        ),
    ),
}


class ErrorSerializer(serializers.Serializer):
    """The body of every error but a request's bad values (base.api.exceptions)."""

    detail = serializers.CharField()


# The body of a 400 about the values sent: each field or parameter named, with its
# messages; a nested object's errors nest by field, a list's by position.
VALIDATION_ERROR = {
    "type": "object",
    "description": _(
        "Each field or parameter with a wrong value, with its messages; the errors of a "
        "nested object or list nest the same way. Errors about no field are under "
        "`non_field_errors`."
    ),
    "additionalProperties": {
        "anyOf": [
            {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}},
            {"type": "object"},
        ]
    },
}

# (status, description) of the errors every operation may answer. Errors are JSON
# whatever the format asked for (see ReadOnlyViewSet.finalize_response).
BAD_REQUEST = _(
    "Bad input: a body that is not JSON or nests too deeply (`detail`), or values that "
    "cannot be used, each one named with what is wrong with it."
)
UNAUTHORIZED = _("The token or session sent is not valid, or this needs one.")
FORBIDDEN = _("The client may not do this.")
NOT_FOUND = _("No such object, or a page beyond the last.")
UNSUPPORTED_MEDIA_TYPE = _("The body is not application/json.")
THROTTLED = _("Too many requests: retry after the number of seconds in Retry-After.")


BYTE_ORDER_MARK = OpenApiParameter(
    BYTE_ORDER_MARK_PARAMETER,
    OpenApiTypes.BOOL,
    description=_(
        "With format=csv: start the file with a UTF-8 byte order mark, so that Excel keeps accents."
    ),
)


class AutoSchema(openapi.AutoSchema):
    """Documents the exports of a list next to its page of JSON, the errors a client may
    get with their bodies, and that reading needs no authentication."""

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.method == "GET" and any(
            isinstance(renderer, CSVRenderer) for renderer in self.view.get_renderers()
        ):
            parameters = [*parameters, BYTE_ORDER_MARK]
        return parameters

    def get_auth(self):
        auths = super().get_auth()
        # ActionPermission opens every read to anonymous clients.
        if self.method in SAFE_METHODS and {} not in auths:
            auths.append({})
        return auths

    def get_response_serializers(self):
        page = super().get_response_serializers()
        if getattr(self.view, "action", None) != "list":
            return page
        exports = [r for r in self.view.get_renderers() if isinstance(r, StreamingRenderer)]
        return {
            (200, "application/json"): page,
            **{(200, r.media_type): EXPORT_RESPONSES[type(r)] for r in exports},
        }

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in self.error_responses().items():
            responses.setdefault(
                str(code),
                self._get_response_for_code(response, str(code), ["application/json"], direction),
            )
        return responses

    def error_responses(self) -> dict[int, OpenApiResponse]:
        error = self.resolve_serializer(ErrorSerializer, "response").ref
        bad_request = {"anyOf": [error, self.validation_error_component().ref]}
        responses = {
            400: OpenApiResponse(bad_request, description=BAD_REQUEST),
            401: OpenApiResponse(error, description=UNAUTHORIZED),
        }
        if self.may_be_forbidden():
            responses[403] = OpenApiResponse(error, description=FORBIDDEN)
        # Also an unknown `?format=` on the views that are not ReadOnlyViewSets.
        responses[404] = OpenApiResponse(error, description=NOT_FOUND)
        if self.has_request_body():
            responses[415] = OpenApiResponse(error, description=UNSUPPORTED_MEDIA_TYPE)
        responses[429] = OpenApiResponse(error, description=THROTTLED)
        return responses

    def has_request_body(self) -> bool:
        # As drf-spectacular decides: only these methods document a body.
        return self.method in ("PUT", "PATCH", "POST") and self.get_request_serializer() is not None

    def may_be_forbidden(self) -> bool:
        """Writes may be refused; reads only where a permission says it refuses some
        (`refuses_reads(view)`, as ActionPermission does for its ruled reads)."""
        if self.method not in SAFE_METHODS:
            return True
        return any(
            getattr(permission, "refuses_reads", lambda view: False)(self.view)
            for permission in self.view.get_permissions()
        )

    def validation_error_component(self) -> ResolvedComponent:
        component = ResolvedComponent(
            name="ValidationError",
            type=ResolvedComponent.SCHEMA,
            object="ValidationError",
            schema=VALIDATION_ERROR,
        )
        self.registry.register_on_missing(component)
        return component
