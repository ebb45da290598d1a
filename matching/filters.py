"""The challenge list's filters on the page (the API's are in matching.api.challenges:
the same fields, the same rows)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from base.models import SDG, Pillar, Sector
from cities.models import City

from .models import Challenge, ChallengeStatus
from .search import search_challenges


class ChallengeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ChallengeStatus.choices, empty_label=_("All statuses")
    )
    city = django_filters.ModelChoiceFilter(
        label=_("City"),
        queryset=City.objects.filter(posted_challenges__isnull=False).distinct().order_by("name"),
        to_field_name="slug",
        empty_label=_("All cities"),
    )
    pillar = django_filters.ModelChoiceFilter(
        label=_("Decent Work pillar"),
        queryset=Pillar.objects.all(),
        to_field_name="slug",
        field_name="pillars",
        empty_label=_("All pillars"),
    )
    sdg = django_filters.ModelChoiceFilter(
        label=_("SDG"),
        queryset=SDG.objects.all(),
        to_field_name="number",
        field_name="sdgs",
        empty_label=_("All SDGs"),
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        to_field_name="slug",
        field_name="sectors",
        empty_label=_("All sectors"),
    )

    class Meta:
        model = Challenge
        fields = []

    def filter_q(self, queryset, name, value):
        return search_challenges(queryset, value)
