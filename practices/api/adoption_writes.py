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
from practices.models import AdoptionStage, Practice
from practices.services import delete_adoption, record_adoption, update_adoption

from .serializers import AdoptionSerializer


class AdoptionUpdateSerializer(WriteSerializer):
    stage = serializers.ChoiceField(choices=AdoptionStage.choices)
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
        adoption = record_adoption(by=request.user, **values)
        return self._detail(adoption, status.HTTP_201_CREATED)

    @extend_schema(responses={200: AdoptionSerializer})
    def update(self, request, *args, **kwargs):
        adoption = self.get_object()
        serializer = self.get_serializer(
            adoption, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        adoption = update_adoption(adoption=adoption, by=request.user, **serializer.validated_data)
        return self._detail(adoption)

    def destroy(self, request, *args, **kwargs):
        delete_adoption(adoption=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
