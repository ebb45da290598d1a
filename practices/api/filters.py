import django_filters
from django.utils.translation import gettext_lazy as _

from base.api.filters import (
    ChoiceFilter,
    SearchFilter,
    StableOrderingFilter,
    StrictBooleanFilter,
    YearFilter,
    pillar_filter,
    reference_filter,
    sdg_filter,
)
from base.models import SDG, Convention, Criterion, LearningStage, Pillar
from cities.api.filters import (
    city_filter,
    country_filter,
    organization_filter,
    region_filter,
    sector_filter,
)
from exchanges.models import Event
from practices import search
from practices.models import (
    LEGACY_ADOPTION_STAGES,
    Adoption,
    AdoptionStage,
    Practice,
    PracticeStatus,
)
from practices.review_cards import by_review_score, with_review_score
from practices.selectors import (
    practice_city_q,
    practice_country_q,
    practice_region_q,
    practice_year_q,
)
from practices.transfer import current_stage


class PracticeOrderingFilter(StableOrderingFilter):
    """Also orders by `review_score`, annotated only when asked for."""

    def filter(self, qs, value):
        if any(param.lstrip("-") == "review_score" for param in value or ()):
            qs = with_review_score(qs)
        return super().filter(qs, value)

    def get_ordering_value(self, param):
        if param.lstrip("-") == "review_score":
            return by_review_score(descending=param.startswith("-"))
        return super().get_ordering_value(param)


class PracticeFilterSet(django_filters.FilterSet):
    pillar = pillar_filter()
    sdg = sdg_filter()
    city = city_filter(
        method="filter_city",
        help_text=_("A city's slug: practices it leads or that also run in it."),
    )
    country = country_filter(
        method="filter_country",
        help_text=_("A country's ISO code: practices in it or in one of its cities."),
    )
    region = region_filter(
        method="filter_region", help_text=_("An ILO region: practices in one of its countries.")
    )
    sector = sector_filter()
    criterion = reference_filter(
        Criterion.objects.all(),
        "slug",
        field_name="criteria",
        help_text=_(
            "A criterion the practice meets: sustainability, innovation or horizontal-cooperation."
        ),
    )
    convention = reference_filter(
        Convention.objects.all(),
        "number",
        {"type": "integer", "minimum": 1, "maximum": 999},
        field_name="conventions",
        help_text=_("The number of an ILO convention the practice helps apply, e.g. 155."),
    )
    stage = reference_filter(
        LearningStage.objects.all(),
        "slug",
        field_name="stages",
        help_text=_("A stage of the learning cycle's slug, e.g. territorial-diagnosis."),
    )
    year = YearFilter(method="filter_year", help_text=_("Practices running in that year."))
    organization = organization_filter(
        field_name="organizations", help_text=_("The slug of an implementing partner.")
    )
    stale = StrictBooleanFilter(
        method="filter_stale",
        help_text=_("Not verified for 24 months (true), or verified since (false)."),
    )
    status = ChoiceFilter(
        choices=PracticeStatus.choices,
        help_text=_(
            "Review status. Curators see every practice; other accounts the published ones "
            "and those they submitted; anonymous clients only published ones."
        ),
    )
    q = SearchFilter(search.search_practices)
    ordering = PracticeOrderingFilter(
        fields=["title", "published_at", "verified_on", "start_year", "end_year", "review_score"],
        help_text=_(
            "Fields to order by, separated by commas; a leading '-' reverses the order. "
            "review_score is the total (4 to 20) of the practice's latest review card; "
            "practices never scored come last in either direction."
        ),
    )

    class Meta:
        model = Practice
        fields = []

    def filter_city(self, queryset, name, city):
        return queryset.filter(practice_city_q(city))

    def filter_country(self, queryset, name, country):
        return queryset.filter(practice_country_q(country))

    def filter_region(self, queryset, name, region):
        return queryset.filter(practice_region_q(region))

    def filter_year(self, queryset, name, year: int):
        return queryset.filter(practice_year_q(year))

    def filter_stale(self, queryset, name, stale: bool):
        return queryset.stale() if stale else queryset.fresh()


class AdoptionFilterSet(django_filters.FilterSet):
    practice = reference_filter(
        # A callable: unpublished practices exist only for those who may see them.
        lambda request: Practice.objects.visible_to(request.user),
        "slug",
        help_text=_("The slug of the practice adopted."),
    )
    city = city_filter(help_text=_("The slug of the adopting city."))
    stage = ChoiceFilter(
        choices=[*AdoptionStage.choices, *((old, old) for old in LEGACY_ADOPTION_STAGES)],
        method="filter_stage",
        help_text=_(
            'How far the adoption has gone ("exploring" and "adopted" are read as '
            '"studying" and "sustained").'
        ),
    )
    event = reference_filter(
        Event.objects.all(),
        "slug",
        help_text=_("The slug of the event where the city learned the practice."),
    )
    q = SearchFilter(search.search_adoptions)
    ordering = StableOrderingFilter(
        fields=[("year", "year"), ("practice__title", "practice"), ("city__name", "city")]
    )

    class Meta:
        model = Adoption
        fields = []

    def filter_stage(self, queryset, name, stage):
        return queryset.filter(stage=current_stage(stage))


class PillarFilterSet(django_filters.FilterSet):
    q = SearchFilter(search.search_pillars)
    ordering = StableOrderingFilter(fields=["position", "name", "practices_count", "events_count"])

    class Meta:
        model = Pillar
        fields = []


class SDGFilterSet(django_filters.FilterSet):
    q = SearchFilter(search.search_sdgs)
    ordering = StableOrderingFilter(fields=["number", "name", "practices_count", "events_count"])

    class Meta:
        model = SDG
        fields = []
