"""What the API's write actions share: turning a service's ValidationError into a 400
that names the field."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from base.models import SDG, Pillar, Sector


def as_api_error(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(dict(error.message_dict))
    return ValidationError({"non_field_errors": error.messages})


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
