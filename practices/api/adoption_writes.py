"""The API's writes on adoptions: officials record, update and delete their own city's
adoptions, curators those of any city (`base.permissions.can_record_adoption`)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.response import Response

from base.api.writes import WriteSerializer
from base.dates import DatePrecision
from base.permissions import official_city
from cities.models import City
from exchanges.models import Event
from practices.models import LEGACY_ADOPTION_STAGES, AdoptionStage, Practice
from practices.services import (
    delete_adoption,
    record_adoption,
    set_adoption_results,
    update_adoption,
)

from .serializers import AdoptionSerializer


class AdoptionResultWriteSerializer(WriteSerializer):
    indicator = serializers.IntegerField(
        min_value=1,
        help_text=_("The position of the indicator among the practice's results, from 1."),
    )
    value_before = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True
    )
    value_after = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True
    )


# The stages of transfer journeys, and the two names used before them (still accepted:
# exploring is studying, adopted is sustained).
STAGE_CHOICES = [*AdoptionStage.choices, *((old, old) for old in LEGACY_ADOPTION_STAGES)]


class AdoptionUpdateSerializer(WriteSerializer):
    stage = serializers.ChoiceField(
        choices=STAGE_CHOICES,
        help_text=_(
            "How far the city has gone; a new stage is a step of its journey. "
            '"exploring" and "adopted" are read as "studying" and "sustained".'
        ),
    )
    stage_on = serializers.DateField(
        required=False, help_text=_("The day the stage was reached; today when left out.")
    )
    stage_note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text=_("What happened at this step; required to say why it was abandoned."),
    )
    stage_evidence_url = serializers.URLField(required=False, allow_blank=True, max_length=500)
    mentor_city = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=City.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The slug of the city that coached the transfer."),
    )
    changes = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text=_("What was changed from the original practice."),
    )
    results = AdoptionResultWriteSerializer(
        many=True,
        required=False,
        help_text=_(
            "What the city measured on the original's indicators; replaces those recorded."
        ),
    )
    year = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=_("Not later than this year."),
    )
    adopted_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_(
            "When the sources date the adoption more precisely than its year: the first "
            "day of its month with `date_precision` month (the year follows it)."
        ),
    )
    date_precision = serializers.ChoiceField(
        choices=DatePrecision.choices,
        required=False,
        help_text=_("How precisely `adopted_on` is known."),
    )
    event = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Event.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The slug of the event where the city learned the practice."),
    )
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    evidence_url = serializers.URLField(required=False, allow_blank=True, max_length=500)

    def validate(self, data):
        # An adoption is the pair of its practice and city: another pair is another one.
        fixed = {"practice", "city"} & set(self.initial_data) if self.instance else set()
        if fixed:
            message = _("This cannot be changed: delete the adoption and record another.")
            raise serializers.ValidationError(dict.fromkeys(sorted(fixed), message))
        return data


class AdoptionCreateSerializer(AdoptionUpdateSerializer):
    practice = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Practice.objects.all(),
        help_text=_("The slug of a published practice."),
    )
    city = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=City.objects.all(),
        required=False,
        help_text=_("The slug of the adopting city; an official's own city when left out."),
    )

    def validate_practice(self, practice):
        user = self.context["request"].user
        if not Practice.objects.visible_to(user).filter(pk=practice.pk).exists():
            # As if it did not exist: an unpublished practice is nobody else's business.
            raise serializers.ValidationError(
                _("Object with slug=%(value)s does not exist.") % {"value": practice.slug}
            )
        return practice


def _results(adoption, rows: list[dict]) -> list[dict]:
    """The results as the service takes them: each indicator (a position among the
    practice's results) as its Result, None when there is no such position."""
    indicators = list(adoption.practice.results.all())
    return [
        {
            "result": indicators[row["indicator"] - 1]
            if row["indicator"] <= len(indicators)
            else None,
            "value_before": row.get("value_before"),
            "value_after": row.get("value_after"),
        }
        for row in rows
    ]


class AdoptionWriteMixin(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin
):
    """Create, update and delete, mixed into AdoptionViewSet; the rules are in
    portal.api.permissions.RULES, and the city of a new adoption is checked here."""

    def get_serializer_class(self):
        if self.action == "create":
            return AdoptionCreateSerializer
        if self.action in ("update", "partial_update"):
            return AdoptionUpdateSerializer
        return super().get_serializer_class()

    def _detail(self, adoption, code=status.HTTP_200_OK):
        data = AdoptionSerializer(adoption, context=self.get_serializer_context()).data
        return Response(data, status=code)

    @extend_schema(responses={201: AdoptionSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        if "city" not in values:
            values["city"] = official_city(request.user)
            if values["city"] is None:
                raise serializers.ValidationError({"city": _("This field is required.")})
        results = values.pop("results", None)
        adoption = record_adoption(by=request.user, **values)
        if results is not None:
            set_adoption_results(
                adoption=adoption, by=request.user, results=_results(adoption, results)
            )
        return self._detail(adoption, status.HTTP_201_CREATED)

    @extend_schema(responses={200: AdoptionSerializer})
    def update(self, request, *args, **kwargs):
        adoption = self.get_object()
        serializer = self.get_serializer(
            adoption, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        results = values.pop("results", None)
        adoption = update_adoption(adoption=adoption, by=request.user, **values)
        if results is not None:
            set_adoption_results(
                adoption=adoption, by=request.user, results=_results(adoption, results)
            )
        return self._detail(adoption)

    def destroy(self, request, *args, **kwargs):
        delete_adoption(adoption=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
