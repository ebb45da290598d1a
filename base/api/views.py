from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from .renderers import (
    CSVRenderer,
    StreamingRenderer,
    byte_order_mark_requested,
    license_link,
)

# Rows fetched per query while an export streams: bounds memory whatever the list's length.
EXPORT_CHUNK_SIZE = 500


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """The base of the API's viewsets: a paginated, filtered list and a detail view.

    - `detail_serializer_class`, when set, serializes the detail view; lists use
      `serializer_class`.
    - `export_renderer_classes` add formats to the list (`?format=csv`, ...): an export
      holds every row that matches the filters, unpaginated and streamed, and links to
      the data's licence.
    - Filters and ordering apply to lists only, the only place they are documented.
    """

    detail_serializer_class = None
    export_renderer_classes = ()

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return super().get_serializer_class()

    def get_export_serializer_class(self, renderer: StreamingRenderer):
        return self.get_serializer_class()

    def get_export_title(self) -> str:
        """The name of a whole export (a calendar's name), where the format has one."""
        return ""

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action == "list":
            renderers += [renderer() for renderer in self.export_renderer_classes]
        return renderers

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.query_params.get("format", None) == "":
            # DRF ignores it and answers JSON; the schema lists the formats there are.
            formats = ", ".join(renderer.format for renderer in self.get_renderers())
            message = _("Unknown format. Choose one of: %(formats)s.") % {"formats": formats}
            raise ValidationError({"format": [message]})

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:
            if request.method not in self.allowed_methods:
                # The method is what is wrong: negotiate anything, the view answers 405.
                return super().perform_content_negotiation(request, force=True)
            # DRF answers an unknown ?format= with a 404; it is a bad parameter.
            formats = ", ".join(renderer.format for renderer in self.get_renderers())
            message = _("Unknown format. Choose one of: %(formats)s.") % {"formats": formats}
            raise ValidationError({"format": [message]}) from None

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def list(self, request, *args, **kwargs):
        if any(issubclass(renderer, CSVRenderer) for renderer in self.export_renderer_classes):
            # A bad `bom` is a 400 whatever the format asked, as the schema documents it.
            byte_order_mark_requested(request.query_params)
        renderer = request.accepted_renderer
        if not isinstance(renderer, StreamingRenderer):
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        serializer_class = self.get_export_serializer_class(renderer)
        context = self.get_serializer_context()
        rows = (
            serializer_class(instance, context=context).data
            for instance in queryset.iterator(chunk_size=EXPORT_CHUNK_SIZE)
        )
        response = renderer.streaming_response(
            rows,
            fields=list(serializer_class(context=context).fields),
            filename=self.basename,
            query=request.query_params,
            title=self.get_export_title(),
        )
        response["Link"] = license_link()
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and isinstance(
            response.accepted_renderer, StreamingRenderer
        ):
            # Exports stream their rows themselves: what else answers an export request
            # is an error (a bad filter, throttling), which a client reads best as JSON.
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        return response
