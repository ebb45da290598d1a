"""Country names in the reader's language, from pycountry's gettext catalogues of ISO
3166-1 (the Debian iso-codes translations, kept up to date by their translators), never
typed by hand.

`Country.name` keeps the English name; its values are `CountryName`s, whose `str()` is
the name in the active language, so pages, the API (Accept-Language), forms and feeds
show it without knowing. Portuguese follows the Brazilian norm, as the rest of the
site's Portuguese (README, "Languages").
"""

from __future__ import annotations

import csv
import functools
import gettext
import re
import unicodedata
from pathlib import Path

import pycountry
from django import forms
from django.utils import translation
from django.utils.html import format_html_join
from django_filters import ModelChoiceFilter

from base.reference import ReferenceName, TranslatedNameField

# The site's languages and the catalogue each reads; English is the stored name.
CATALOGUE_LOCALES = {"fr": "fr", "es": "es", "pt": "pt_BR"}

# "Russie, Fédération de", "Salomon, Îles": the catalogues' inverted forms (for sorted
# lists), put back in reading order. Lists ("Sainte-Hélène, Ascension et ...") and
# qualifiers ("Islas Vírgenes, Británicas") are left as they are.
INVERTED = re.compile(
    r"^(?P<name>[^,]+), (?P<form>(?:\S+ )*?(?:de|del|da|do|de la|d')|Îles?|Islas?|Ilhas?)$"
)


def _reading_order(name: str) -> str:
    match = INVERTED.match(name)
    if match is None:
        return name
    form = match["form"]
    separator = "" if form.endswith("'") else " "
    return f"{form}{separator}{match['name']}"


@functools.cache
def _codes_by_name() -> dict[str, str]:
    """Our English names (the ones the migration loaded) by code."""
    path = Path(__file__).resolve().parent / "data" / "countries.csv"
    with path.open(encoding="utf-8") as rows:
        return {row["name"]: row["code"] for row in csv.DictReader(rows)}


@functools.cache
def _catalogue(locale: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[locale], fallback=True
    )


@functools.cache
def translated_name(english: str, language: str) -> str:
    """`english` (a country's stored name) in `language`; as stored when the catalogue
    has no translation for it."""
    locale = CATALOGUE_LOCALES.get(language[:2])
    if locale is None:
        return english
    code = _codes_by_name().get(english)
    country = pycountry.countries.get(alpha_2=code) if code else None
    if country is None:
        return english
    # The common name ("Bolivia") where the catalogue has it, else the ISO name (often
    # an inverted official form: "Bolivia, Plurinational State of").
    catalogue = _catalogue(locale)
    for msgid in (getattr(country, "common_name", None), country.name):
        if msgid and msgid in getattr(catalogue, "_catalog", {}):
            return _reading_order(catalogue.gettext(msgid))
    return english


class CountryName(ReferenceName):
    __slots__ = ()

    def __str__(self) -> str:
        return translated_name(str.__str__(self), translation.get_language() or "en")

    def __repr__(self) -> str:
        return f"CountryName({str.__repr__(self)})"


class CountryNameField(TranslatedNameField):
    name_class = CountryName


def sort_key(name: str) -> str:
    """Alphabetical order in any of the languages: accents and case ignored."""
    decomposed = unicodedata.normalize("NFKD", str(name))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class LongSelect(forms.Select):
    """A select of many plain options (no groups, no option attributes but `selected`),
    written here: Django renders a template per option, which made most of the time of
    a list page's filters (250 countries: 14 ms)."""

    template_name = "cities/widgets/long_select.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        options = [
            option
            for _group, group_options, _index in context["widget"]["optgroups"]
            for option in group_options
        ]
        context["widget"]["options_html"] = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for option in options
            ),
        )
        return context


class CountryChoiceField(forms.ModelChoiceField):
    """A select of countries in the reader's alphabetical order, not the English one."""

    widget = LongSelect

    class iterator(forms.models.ModelChoiceIterator):
        def __iter__(self):
            if self.field.empty_label is not None:
                yield ("", self.field.empty_label)
            choices = [self.choice(country) for country in self.queryset]
            yield from sorted(choices, key=lambda choice: sort_key(choice[1]))


class CountryFilter(ModelChoiceFilter):
    field_class = CountryChoiceField
