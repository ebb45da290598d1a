"""What the API's write serializers share."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import empty

from base.models import SDG, Pillar, Sector

# The message of a value of the wrong JSON type, by the type the field takes.
WRONG_TYPE = {
    str: _("Enter a string."),
    int: _("Enter a whole number."),
    float: _("Enter a number."),
    bool: _("Enter true or false."),
    list: _("Enter a list."),
    dict: _("Enter an object."),
}


def related_json_type(field: serializers.RelatedField) -> type:
    """A related object is named by its slug, code (strings) or number (an integer)."""
    lookup = getattr(field, "slug_field", "pk")
    model_field = field.get_queryset().model._meta.get_field(lookup)
    return int if isinstance(model_field, models.IntegerField | models.AutoField) else str


def json_type(field: serializers.Field) -> type | None:
    """The JSON type a write field takes, as the schema documents it; None for any."""
    if isinstance(field, serializers.BooleanField):
        return bool
    if isinstance(field, serializers.IntegerField):
        return int
    if isinstance(field, serializers.FloatField | serializers.DecimalField):
        return float
    if isinstance(
        field, serializers.ListField | serializers.ManyRelatedField | serializers.ListSerializer
    ):
        return list
    if isinstance(field, serializers.BaseSerializer | serializers.DictField):
        return dict
    if isinstance(field, serializers.RelatedField):
        return related_json_type(field)
    if isinstance(field, serializers.ChoiceField):
        if field.choices and all(isinstance(key, int) for key in field.choices):
            return int
        return str
    if isinstance(field, serializers.CharField | serializers.DateField | serializers.TimeField):
        return str
    return None


def has_json_type(value, expected: type) -> bool:
    if isinstance(value, bool):
        return expected is bool
    if expected is float:
        return isinstance(value, int | float)
    return isinstance(value, expected)


def type_errors(field: serializers.Field, value) -> list | None:
    """What is wrong with the JSON types of `value` for `field`, or None: DRF would turn
    a number into a string and "1" into a number, accepting what the schema forbids."""
    expected = json_type(field)
    if value is None or expected is None:
        return None
    if not has_json_type(value, expected):
        return [WRONG_TYPE[expected]]
    child = getattr(field, "child", None) or getattr(field, "child_relation", None)
    if expected is list and child is not None and not isinstance(child, StrictJSONTypes):
        for item in value:
            errors = type_errors(child, item)
            if errors:
                return errors
    return None


class StrictJSONTypes:
    """Mixed into a write serializer: each value must have the JSON type the schema gives
    its field (a string, a whole number, true or false, a list, an object), or the
    request is a 400 naming the field. Nested write serializers check their own."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            errors = {}
            for name, field in self.fields.items():
                value = data.get(field.field_name, empty)
                if field.read_only or value is empty:
                    continue
                wrong = type_errors(field, value)
                if wrong:
                    errors[name] = wrong
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class WriteSerializer(StrictJSONTypes, serializers.Serializer):
    """The base of the API's request bodies."""


class CommentSerializer(WriteSerializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class TagsWriteSerializer(WriteSerializer):
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
