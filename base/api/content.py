"""How the API shows a text's translations (see portal/content.py)."""

from rest_framework import serializers

from base.content import Language


class TranslationSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=Language.choices, read_only=True)
    title = serializers.CharField(read_only=True)
    summary = serializers.CharField(read_only=True)
