from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from sources.models import Citation, Quote, Source


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["slug", "title", "publisher", "year", "kind", "url"]


class CitationSerializer(serializers.ModelSerializer):
    """Where a record, or one of its fields, comes from."""

    source = SourceSerializer()
    supports = serializers.CharField(
        help_text=_("The field of the record this passage supports; empty for the whole record.")
    )

    class Meta:
        model = Citation
        fields = ["source", "locator", "quote", "url", "supports"]


class QuoteSerializer(serializers.ModelSerializer):
    source = SourceSerializer(allow_null=True)

    class Meta:
        model = Quote
        fields = ["text", "speaker", "speaker_role", "language", "source", "locator"]
