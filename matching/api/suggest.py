"""`POST /api/v1/practices/suggest-tags/`: the pillars and SDGs a practice's text is
about, for the practice form (see matching.tagging)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from base.api.writes import WriteSerializer
from matching.tagging import suggest_tags

# Longer than any practice's title, summary and description together.
MAX_TEXT_LENGTH = 50_000


class SuggestTagsRequestSerializer(WriteSerializer):
    text = serializers.CharField(
        max_length=MAX_TEXT_LENGTH,
        allow_blank=True,
        trim_whitespace=False,
        help_text=_(
            "The practice's text: title, summary, description, in any of the four languages."
        ),
    )


@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "integer"}]})
class SlugOrNumberField(serializers.Field):
    """A pillar's slug (a string) or an SDG's number (an integer), as it is."""

    def to_representation(self, value):
        return value


class SuggestionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("pillar", _("Pillar")), ("sdg", _("SDG"))])
    key = SlugOrNumberField(help_text=_("The pillar's slug, or the SDG's number (an integer)."))
    label = serializers.CharField()
    score = serializers.FloatField(help_text=_("From 0 to 1; 0.5 is just enough to suggest."))
    triggers = serializers.ListField(
        child=serializers.CharField(), help_text=_("The words of the text that suggest it.")
    )


class SuggestTagsResponseSerializer(serializers.Serializer):
    suggestions = SuggestionSerializer(many=True)


class SuggestTagsView(GenericAPIView):
    """Suggest Decent Work pillars and SDGs for a practice from its text, each with the
    words that triggered it. Pillars come first, then SDGs, each best first.

    A computation that reads and writes nothing: open to any client, throttled like
    every request."""

    permission_classes = [AllowAny]
    serializer_class = SuggestTagsRequestSerializer
    pagination_class = None
    filter_backends = ()

    @extend_schema(
        operation_id="practices_suggest_tags",
        tags=["practices"],
        request=SuggestTagsRequestSerializer,
        responses=SuggestTagsResponseSerializer,
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        suggestions = suggest_tags(serializer.validated_data["text"])
        return Response({"suggestions": [suggestion.as_dict() for suggestion in suggestions]})
