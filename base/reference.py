"""Reference names (pillars, SDGs, sectors, criteria) shown in the reader's language.

The reference data keeps its official English names in the database, and the same
names are marked for translation in code (`REFERENCE_NAMES` below, the tag labels in
`matching/tagging.py`), so the catalogues carry the official French, Spanish and
Portuguese names. `TranslatedNameField` hands out these names as `ReferenceName`: a
`str` holding the English name whose `str()` is its translation in the active
language. Templates, serializers, forms' choice labels and `%`/f-string formatting all
call `str()`, so every page and API response shows the name in the reader's language
without each of them having to know; comparisons, lookups, ordering and what is saved
keep the English name (a form never writes a translation back: it is handed the
English one). A name without a translation (a sector a curator added) shows as stored.
"""

from __future__ import annotations

from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.utils.translation import gettext, gettext_noop


class ReferenceName(str):
    __slots__ = ()

    def __str__(self) -> str:
        return gettext(str.__str__(self))

    def __repr__(self) -> str:
        return f"ReferenceName({str.__repr__(self)})"

    @property
    def original(self) -> str:
        """The name as stored, in English."""
        return str.__str__(self)


def plain(value):
    return str.__str__(value) if isinstance(value, ReferenceName) else value


class _ReferenceNameAttribute(DeferredAttribute):
    """Wraps what is assigned, so that a new or refreshed object translates too."""

    def __set__(self, instance, value):
        name_class = self.field.name_class
        if isinstance(value, str) and not isinstance(value, name_class):
            value = name_class(value)
        instance.__dict__[self.field.attname] = value


class TranslatedNameField(models.CharField):
    descriptor_class = _ReferenceNameAttribute
    # What the field's values are: a subclass of ReferenceName translates otherwise.
    name_class = ReferenceName

    def from_db_value(self, value, expression, connection):
        return None if value is None else self.name_class(value)

    def get_prep_value(self, value):
        return plain(super().get_prep_value(value))

    def value_from_object(self, obj):
        return plain(super().value_from_object(obj))

    def deconstruct(self):
        # The same column as a CharField: migrations need not know.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs


# Names the reference data migrations store (the pillars' full names and the SDGs'
# are marked in matching/tagging.py).
REFERENCE_NAMES = [
    # The pillars' short names.
    gettext_noop("Employment"),
    gettext_noop("Social protection"),
    gettext_noop("Social dialogue"),
    gettext_noop("Rights at work"),
    # The criteria of a good practice (Maputo roadmap).
    gettext_noop("Sustainability"),
    gettext_noop("Innovation"),
    gettext_noop("Horizontal cooperation"),
    # Key sectors of the urban economy.
    gettext_noop("Tourism"),
    gettext_noop("Manufacturing"),
    gettext_noop("Commerce and markets"),
    gettext_noop("Education"),
    gettext_noop("Public administration"),
    gettext_noop("Services"),
    gettext_noop("Construction"),
    gettext_noop("Transport"),
    gettext_noop("Utilities"),
    gettext_noop("Agriculture"),
    gettext_noop("Fisheries"),
    gettext_noop("Handicrafts"),
    gettext_noop("Waste management and recycling"),
    gettext_noop("Health and care"),
    gettext_noop("Information and communication technology"),
    gettext_noop("Finance and microfinance"),
    gettext_noop("Mining"),
    gettext_noop("Creative industries"),
]
