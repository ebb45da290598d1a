"""Filter types shared by the API's filter sets.

Every filter validates its value: a value it cannot use is a 400 naming the parameter,
never a silently ignored parameter.
"""

from collections.abc import Callable

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import fields, filters
from django_filters.constants import EMPTY_VALUES
from django_filters.widgets import CSVWidget
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from base.models import SDG, Pillar

# Dates go up to the year 9999, so do years that filter on them.
MIN_YEAR, MAX_YEAR = 1, 9999


class RefusesEmpty:
    """Mixed into a form field of a typed parameter (a date, a number, true or false):
    `?start_before=` sent empty is a 400, not a filter silently dropped. The schema types
    these parameters, and an empty string is none of those types."""

    default_error_messages = {"empty": _("Enter a value, or leave the parameter out.")}

    def to_python(self, value):
        if value == "":
            raise forms.ValidationError(self.error_messages["empty"], code="empty")
        return super().to_python(value)


class ChoiceFilter(filters.ChoiceFilter):
    """One of the documented values (the schema's `enum`); empty is none of them."""

    field_class = type("ChoiceField", (RefusesEmpty, fields.ChoiceField), {})


class NonEmptyCSVField(fields.BaseCSVField):
    def clean(self, value):
        # The widget reads `?ordering=` as an empty list, absent as None; `?ordering=,`
        # names no field either.
        if value == [] or (value and any(item.strip() == "" for item in value)):
            raise forms.ValidationError(RefusesEmpty.default_error_messages["empty"], code="empty")
        return super().clean(value)


def reference_filter(
    queryset: QuerySet, to_field_name: str, schema=OpenApiTypes.STR, **kwargs
) -> filters.ModelChoiceFilter:
    """A filter on a related object named by its slug, code or number; naming one that
    does not exist is an error. `schema` documents the value, which drf-spectacular
    cannot infer when the filter goes through a method."""
    filter_class = filters.ModelChoiceFilter if schema == OpenApiTypes.STR else NumberReference
    return extend_schema_field(schema)(
        filter_class(queryset=queryset, to_field_name=to_field_name, **kwargs)
    )


class NumberReference(filters.ModelChoiceFilter):
    """A related object named by its number (an SDG): an empty value is no number."""

    field_class = type("NumberReferenceField", (RefusesEmpty, forms.ModelChoiceField), {})


def pillar_filter(**kwargs):
    kwargs.setdefault("field_name", "pillars")
    kwargs.setdefault(
        "help_text",
        _(
            "A Decent Work pillar's slug: employment, social-protection, social-dialogue "
            "or rights-at-work."
        ),
    )
    return reference_filter(Pillar.objects.all(), "slug", **kwargs)


def sdg_filter(**kwargs):
    kwargs.setdefault("field_name", "sdgs")
    kwargs.setdefault("help_text", _("A Sustainable Development Goal's number, 1 to 17."))
    return reference_filter(
        SDG.objects.all(), "number", {"type": "integer", "minimum": 1, "maximum": 17}, **kwargs
    )


class SearchFilter(filters.CharFilter):
    """`?q=`: delegates to the model's search function, the one place that decides what a
    search matches, so it can improve without touching filter sets or views."""

    def __init__(self, search: Callable[[QuerySet, str], QuerySet], **kwargs):
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("help_text", _("Words to search for."))
        super().__init__(**kwargs)
        self.search = search

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return self.search(qs, value)


class RepeatableCSVWidget(CSVWidget):
    """Values separated by commas, in one parameter or in several of the same name
    (`?ordering=-population,name` or `?ordering=-population&ordering=name`), in order."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else []
        if len(values) < 2:
            return super().value_from_datadict(data, files, name)
        return [item for value in values for item in value.split(",")]


class StableOrderingFilter(filters.OrderingFilter):
    """`?ordering=`: the requested order, then the order the rows already had (a search's
    ranking, or the model's own), then the primary key.

    Rows that tie on the requested fields would otherwise come back in any order, and a
    client paging through them could see a row twice or never."""

    base_field_class = NonEmptyCSVField

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            _(
                "Fields to order by, separated by commas or in repeated parameters; a "
                "leading '-' reverses the order."
            ),
        )
        kwargs.setdefault("widget", RepeatableCSVWidget)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        requested = [self.get_ordering_value(param) for param in value or () if param]
        current = qs.query.order_by or qs.model._meta.ordering
        return qs.order_by(*requested, *current, "pk")


class DateFilter(filters.DateFilter):
    """A date, YYYY-MM-DD."""

    field_class = type("DateField", (RefusesEmpty, forms.DateField), {})


class StrictBooleanField(RefusesEmpty, forms.Field):
    """`true` or `false`; anything else is an error, not the absence of a filter."""

    default_error_messages = {"invalid": _("Enter true or false.")}
    values = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return self.values[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField


@extend_schema_field({"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR})
class YearFilter(filters.NumberFilter):
    """A calendar year: a whole number a date can have."""

    field_class = type("YearField", (RefusesEmpty, forms.IntegerField), {})

    def __init__(self, **kwargs):
        super().__init__(min_value=MIN_YEAR, max_value=MAX_YEAR, **kwargs)
