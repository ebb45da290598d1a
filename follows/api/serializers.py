from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from base.api.references import PillarReferenceSerializer
from base.api.writes import WriteSerializer
from base.models import Pillar
from cities.api.references import CityReferenceSerializer
from cities.models import City
from exchanges.api.references import EventReferenceSerializer
from exchanges.models import Event

from ..models import TARGET_FIELDS, Follow, Frequency, TargetKind


class FollowSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(
        choices=TargetKind.choices, read_only=True, help_text=_("What is followed.")
    )
    city = CityReferenceSerializer(allow_null=True, read_only=True)
    pillar = PillarReferenceSerializer(allow_null=True, read_only=True)
    event = EventReferenceSerializer(allow_null=True, read_only=True)

    class Meta:
        model = Follow
        fields = ["id", "kind", "city", "pillar", "event", "frequency", "created_at"]
        read_only_fields = fields


class FollowUpdateSerializer(WriteSerializer):
    frequency = serializers.ChoiceField(
        choices=Frequency.choices, help_text=_("How often its news comes: daily or weekly.")
    )


class FollowCreateSerializer(FollowUpdateSerializer):
    """Exactly one of `city`, `pillar` and `event`, by slug."""

    frequency = serializers.ChoiceField(
        choices=Frequency.choices,
        required=False,
        default=Frequency.WEEKLY,
        help_text=_("How often its news comes: daily or weekly (weekly by default)."),
    )
    city = serializers.SlugRelatedField(
        slug_field="slug", queryset=City.objects.all(), required=False
    )
    pillar = serializers.SlugRelatedField(
        slug_field="slug", queryset=Pillar.objects.all(), required=False
    )
    event = serializers.SlugRelatedField(
        slug_field="slug", queryset=Event.objects.all(), required=False
    )

    def validate(self, data):
        given = [field for field in TARGET_FIELDS if data.get(field) is not None]
        if len(given) != 1:
            raise serializers.ValidationError(_("Give exactly one of city, pillar and event."))
        return data
