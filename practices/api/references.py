"""A small nested reference to a practice."""

from rest_framework import serializers

from practices.models import Practice


class PracticeReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Practice
        fields = ["slug", "title"]
