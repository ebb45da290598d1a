"""What the API's write serializers share."""

from rest_framework import serializers

from base.models import SDG, Pillar, Sector


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class TagsWriteSerializer(serializers.Serializer):
    """The tags events and practices share, written by slug (SDGs by number)."""

    pillars = serializers.SlugRelatedField(
        slug_field="slug", queryset=Pillar.objects.all(), many=True, required=False
    )
    sdgs = serializers.SlugRelatedField(
        slug_field="number", queryset=SDG.objects.all(), many=True, required=False
    )
    sectors = serializers.SlugRelatedField(
        slug_field="slug", queryset=Sector.objects.all(), many=True, required=False
    )
