"""What drf-spectacular needs beyond its own introspection."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
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
    detail = serializers.CharField()


def error(description, schema=ErrorSerializer) -> OpenApiResponse:
    return OpenApiResponse(schema, description=description)


# Errors are JSON whatever the format asked for (see ReadOnlyViewSet.finalize_response).
ERROR_RESPONSES = {
    (401, "application/json"): error(_("The token or session sent is not valid.")),
    (404, "application/json"): error(_("No such object, or a page beyond the last.")),
    (429, "application/json"): error(
        _("Too many requests: retry after the number of seconds in Retry-After.")
    ),
}
BAD_PARAMETERS = error(
    _("Bad query parameters: each one named, with what is wrong with its value."),
    {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
)


BYTE_ORDER_MARK = OpenApiParameter(
    BYTE_ORDER_MARK_PARAMETER,
    OpenApiTypes.BOOL,
    description=_(
        "With format=csv: start the file with a UTF-8 byte order mark, so that Excel keeps accents."
    ),
)


class AutoSchema(openapi.AutoSchema):
    """Documents the exports of a list next to its page of JSON, the errors a client may
    get, and that reading needs no authentication."""

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
            return {200: page, **ERROR_RESPONSES}
        exports = [r for r in self.view.get_renderers() if isinstance(r, StreamingRenderer)]
        return {
            (200, "application/json"): page,
            **{(200, r.media_type): EXPORT_RESPONSES[type(r)] for r in exports},
            (400, "application/json"): BAD_PARAMETERS,
            **ERROR_RESPONSES,
        }
