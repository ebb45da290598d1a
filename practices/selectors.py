"""Reads of good practices: the one place each rule that decides which practices a list
gives is written, for the catalogue page and the API alike.

- A practice runs from its start year to its end year; one with no end year is still
  running.
- A practice is in a country or region through its city or one of its own countries.
- A practice is a city's when the city leads it or is one of its other cities.
"""

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from base.models import Criterion
from base.permissions import can_record_adoption, can_record_adoptions, is_curator, official_city
from cities.models import City, Place
from sources.selectors import Statement, citations_prefetch, quotes_prefetch, statements

from .models import Adoption, AdoptionResult, AdoptionStageChange, Practice, PracticeStatus
from .review_cards import prefetch_latest_card


def practice_year_q(year: int) -> Q:
    """Practices running in `year`: started then or before, and ended then or after, or
    not ended (still running)."""
    return Q(start_year__lte=year) & (Q(end_year__gte=year) | Q(end_year__isnull=True))


def running_years(start_year: int, end_year: int | None, *, until: int | None = None) -> range:
    """The years a practice runs in (see `practice_year_q`), for counting them: one with no
    end year runs until this year, or until `until` when that is later."""
    if end_year is None:
        end_year = max(start_year, timezone.localdate().year, until or start_year)
    return range(start_year, end_year + 1)


def practices_in_place(**country_lookups) -> QuerySet:
    """The primary keys of the practices whose city's country, or one of whose countries,
    matches `country_lookups` (lookups on Country): the union of two indexed semi-joins,
    which the database plans far better than an OR across both joins."""
    through_city = (
        Practice.objects.order_by()
        .filter(**{f"city__country__{key}": value for key, value in country_lookups.items()})
        .values("pk")
    )
    through_countries = (
        Practice.countries.through.objects.order_by()
        .filter(**{f"country__{key}": value for key, value in country_lookups.items()})
        .values("practice_id")
    )
    return through_city.union(through_countries)


def practice_city_q(city) -> Q:
    """Practices of `city`: led by it, or running in it too (the four Vietnamese cities).

    One set of ids from both indexes: `city = … OR id IN (…)` made the planner read every
    practice (50 ms at 50,000 practices, for two)."""
    led = Practice.objects.filter(city=city).order_by().values("pk")
    also_in = Practice.other_cities.through.objects.filter(city=city).order_by()
    return Q(pk__in=led.union(also_in.values("practice_id")))


def city_practices(city) -> list[Practice]:
    """The published practices of `city` (`practice_city_q`) as its page lists them, each
    with `elsewhere`: the other cities it runs in, the one that leads it first. Four
    queries, whatever the number of practices and cities."""
    practices = list(
        Practice.objects.published()
        .filter(practice_city_q(city))
        .select_related("city__country")
        .prefetch_related(
            "pillars",
            "sdgs",
            "countries",
            "translations",
            Prefetch("other_cities", queryset=City.objects.order_by("name")),
        )
        .order_by("title")
    )
    for practice in practices:
        runs_in = ([practice.city] if practice.city else []) + list(practice.other_cities.all())
        practice.elsewhere = [other for other in runs_in if other.pk != city.pk]
    return practices


def practice_region_q(region: str) -> Q:
    """Practices in that region: through their city or one of their countries."""
    return Q(pk__in=practices_in_place(region=region))


def practice_country_q(country) -> Q:
    """Practices in that country (a Country or its code): their city's, or one of theirs."""
    return Q(pk__in=practices_in_place(pk=getattr(country, "pk", country)))


def mark_editable_adoptions(user, practice: Practice) -> bool:
    """Mark each of the practice's adoptions (prefetched) `editable` when `user` may update
    it, and say whether `user` may record a new one: a curator for any city, an official
    for their own city when it may take the practice up (`take_up_refusals`)."""
    from .services import take_up_refusals  # the services read through the selectors

    adoptions = practice.adoptions.all()
    for adoption in adoptions:
        adoption.editable = can_record_adoption(user, adoption.city)
    if not can_record_adoptions(user) or practice.status != PracticeStatus.PUBLISHED:
        return False
    if is_curator(user):
        return True
    city = official_city(user)
    taken_up_already = any(adoption.city_id == city.pk for adoption in adoptions)
    return not take_up_refusals(practice, city, taken_up_already=taken_up_already)


def practices_with_details(user) -> QuerySet:
    """The practices `user` may see, with all that a practice's page and the API's
    practice show: places, partners, tags, results, latest review card, related events
    and adoptions (by city name)."""
    from exchanges.models import Event  # exchanges read practices' rules, not the reverse

    return (
        Practice.objects.visible_to(user)
        .select_related("city__country", "submitted_by__membership__city")
        .prefetch_related(
            "translations",
            "countries",
            "organizations",
            "pillars",
            "sdgs",
            "sectors",
            "criteria",
            "results",
            Prefetch("other_cities", queryset=City.objects.select_related("country")),
            Prefetch("places", queryset=Place.objects.select_related("country")),
            "conventions",
            "stages",
            "target_groups",
            "photos",
            prefetch_latest_card(),
            citations_prefetch(),
            quotes_prefetch(),
            Prefetch("events", queryset=Event.objects.with_references()),
            Prefetch("adoptions", queryset=adoptions_with_journeys().order_by("city__name", "pk")),
        )
    )


def drafts_of(user) -> QuerySet:
    """The practices `user` wrote and may still submit: drafts and those sent back with
    changes requested, the last edited first."""
    if not user.is_authenticated:
        return Practice.objects.none()
    return (
        Practice.objects.filter(
            submitted_by=user,
            status__in=[PracticeStatus.DRAFT, PracticeStatus.CHANGES_REQUESTED],
        )
        .select_related("city__country")
        .order_by("-updated_at", "pk")
    )


def adoptions_with_journeys() -> QuerySet:
    """Adoptions with all their journey shows: the steps, the mentor, the results measured
    beside the original's."""
    return Adoption.objects.select_related(
        "city__country", "event", "mentor_city__country", "practice"
    ).prefetch_related(
        Prefetch(
            "stage_changes",
            queryset=AdoptionStageChange.objects.select_related("event", "by"),
        ),
        Prefetch("results", queryset=AdoptionResult.objects.select_related("result")),
    )


# The statements of a practice whose provenance its page and the API show, in order.
# The summary is left out: it digests the description.
PRACTICE_STATEMENTS = [
    ("description", _("Description")),
    ("results", _("Results")),
    ("start_year", _("Years")),
    ("organizations", _("Implementing partners")),
    ("pillars", _("Decent Work pillars")),
    ("sdgs", _("Sustainable Development Goals")),
    ("criteria", _("Criteria met")),
]


def practice_statements(practice: Practice) -> list[Statement]:
    """Which of the practice's statements a source supports (from its prefetched
    citations); the others are as the submitting city reported them."""
    return statements(practice, PRACTICE_STATEMENTS)


def submitting_city(practice: Practice):
    """The city of the account that submitted the practice (its official's city), or
    None: a curator's entry, or a practice loaded from the sources."""
    if practice.submitted_by_id is None:
        return None
    membership = getattr(practice.submitted_by, "membership", None)
    return membership.city if membership is not None else None


def criteria_checklist(practice: Practice) -> list[tuple[Criterion, bool]]:
    """Every criterion with whether the practice meets it (from its prefetched criteria),
    so that a page shows which it meets and which it does not."""
    met = {criterion.pk for criterion in practice.criteria.all()}
    return [(criterion, criterion.pk in met) for criterion in Criterion.objects.all()]
