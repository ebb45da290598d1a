"""Small nested references to events and roadmaps."""

from rest_framework import serializers

from exchanges.models import Event, Roadmap


class EventReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = ["slug", "title", "start_date"]


class RoadmapReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Roadmap
        fields = ["slug", "title"]
