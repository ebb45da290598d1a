"""Reads of exchanges: the one place each rule that decides which events, roadmaps and
registrations a list gives is written, for the pages and the API alike.

- An event takes place in every year it overlaps, from its start date to its end date.
- An event involves a city that hosts it or takes part in it; it involves a country
  one of whose cities does, or that takes part itself (Lleida's forum).
- Large forums (Africities, the UCLG Congress, the World Forum on LED) are kept apart
  from peer learning exchanges: `EventScope` and `events_of_scope`, for the home page's
  and the city page's counts and the exchange list's and the API's `scope` filter.
- A roadmap involves a city that signed it or is responsible for one of its actions.
- The organizers of an event (officials of its host city) and curators see all its
  registrations; another verified official sees those they made; nobody else any.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db import models
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from base.permissions import can_manage_registrations, is_curator, official_city
from cities.models import City
from sources.selectors import citations_prefetch, quotes_prefetch

from .models import (
    Action,
    ActionStatus,
    Commitment,
    CountryParticipation,
    Event,
    Participation,
    ProgressReport,
    Roadmap,
)
from .reporting import Light, next_due_date
from .timeline import updates_prefetch


def event_year_q(year: int) -> Q:
    """Events taking place in `year`: those that overlap it, so an exchange that runs over
    the new year is in both years. Bounds on the dates themselves, so that the indexes
    on `start_date` and `end_date` serve."""
    return Q(start_date__lte=datetime.date(year, 12, 31), end_date__gte=datetime.date(year, 1, 1))


def _hosted_or_joined(**city_lookups) -> tuple[QuerySet, QuerySet]:
    """The ids of the events the matching cities host, and of those they join."""
    hosts = (
        Event.objects.order_by()
        .filter(**{f"host_city__{key}": value for key, value in city_lookups.items()})
        .values("pk")
    )
    joined = (
        Participation.objects.order_by()
        .filter(**{f"city__{key}": value for key, value in city_lookups.items()})
        .values("event_id")
    )
    return hosts, joined


def events_involving_cities_q(**city_lookups) -> Q:
    """Events hosted or joined by the cities matching `city_lookups` (lookups on City): the
    union of two indexed semi-joins, which the database plans far better than an OR across
    the host's and the participants' joins."""
    hosts, joined = _hosted_or_joined(**city_lookups)
    return Q(pk__in=hosts.union(joined))


def events_involving_countries_q(**country_lookups) -> Q:
    """Events hosted or joined by a city of the countries matching `country_lookups`
    (lookups on Country), or that such a country takes part in itself.

    One `IN` over the union of the three: with `IN (…) OR IN (…)` PostgreSQL cannot
    semi-join, and once the ids outgrow its work_mem it scans them again for each event
    (a region at 200,000 events took minutes)."""
    hosts, joined = _hosted_or_joined(**{f"country__{k}": v for k, v in country_lookups.items()})
    countries = (
        CountryParticipation.objects.order_by()
        .filter(**{f"country__{key}": value for key, value in country_lookups.items()})
        .values("event_id")
    )
    return Q(pk__in=hosts.union(joined, countries))


class EventScope(models.TextChoices):
    EXCHANGES = "exchanges", _("Peer learning exchanges")
    LARGE_FORUMS = "large-forums", _("Large forums")


def events_of_scope(queryset: QuerySet, scope: str) -> QuerySet:
    """The peer learning exchanges of `queryset`, or its large forums."""
    if scope == EventScope.LARGE_FORUMS:
        return queryset.large_forums()
    return queryset.peer_learning()


def events_involving(city: City, queryset: QuerySet | None = None) -> QuerySet:
    """The events (of `queryset`, all by default) that `city` hosts or takes part in."""
    queryset = Event.objects.all() if queryset is None else queryset
    return queryset.filter(events_involving_cities_q(pk=city.pk))


def event_involves_city(
    event: Event, city: City, *, participant_city_ids: set[int] | None = None
) -> bool:
    """Whether `city` hosts or takes part in `event`: among `participant_city_ids` when
    given (participants about to be saved), else among those saved."""
    if event.host_city_id == city.pk:
        return True
    if participant_city_ids is not None:
        return city.pk in participant_city_ids
    return event.pk is not None and event.participations.filter(city=city).exists()


def roadmap_city_q(city: City) -> Q:
    """Roadmaps that `city` signed or is responsible for an action of: the union of two
    indexed semi-joins."""
    signed = Roadmap.signatory_cities.through.objects.filter(city=city).values("roadmap_id")
    responsible = (
        Action.responsible_cities.through.objects.filter(city=city)
        .order_by()
        .values("action__roadmap_id")
    )
    return Q(pk__in=signed.union(responsible))


def cities_in_roadmaps() -> QuerySet:
    """The cities some roadmap involves, signatories or responsible for an action."""
    return City.objects.filter(
        Q(roadmaps_signed__isnull=False) | Q(roadmap_actions__isnull=False)
    ).distinct()


def registrations_visible_to(user, event: Event) -> QuerySet:
    """The registrations of `event` that `user` may see, in the order they came."""
    registrations = event.registrations.select_related("city", "event", "registered_by").order_by(
        "created_at", "pk"
    )
    if can_manage_registrations(user, event):
        return registrations
    if official_city(user) is not None:
        return registrations.filter(registered_by=user)
    return registrations.none()


def events_with_details(*, practices: QuerySet | None = None) -> QuerySet:
    """Events with all that an event's page and the API's event show: participating cities
    (by role, then name), organizers, supporters, tags, roadmaps with their progress, the
    roadmap actions it carried out and, when `practices` is given (by the site layer:
    practices sit above exchanges), `visible_practices`, its practices among `practices`
    (the published ones, or those a user may see, with what the caller shows of them)."""
    events = Event.objects.with_delegations().prefetch_related(
        Prefetch("roadmaps", queryset=Roadmap.objects.with_progress()),
        Prefetch("roadmap_actions_carried_out", queryset=Action.objects.select_related("roadmap")),
        "translations",
        citations_prefetch(),
        quotes_prefetch(),
    )
    if practices is not None:
        events = events.prefetch_related(
            Prefetch("practices", queryset=practices, to_attr="visible_practices")
        )
    return events


def roadmaps_with_details() -> QuerySet:
    """Roadmaps with all that a roadmap's page and the API's roadmap show: progress, the
    event adopted at, commitments, signatories, and actions with their responsible
    cities and organizations and their timeline."""
    return (
        Roadmap.objects.with_progress()
        .select_related("event__host_city__country")
        .prefetch_related(
            Prefetch(
                "commitments",
                queryset=Commitment.objects.with_last_report().prefetch_related(_reports()),
            ),
            "translations",
            citations_prefetch(),
            Prefetch("signatory_cities", queryset=City.objects.select_related("country")),
            "signatory_organizations",
            Prefetch(
                "actions",
                queryset=Action.objects.with_follow_up()
                .with_last_report()
                .select_related("carried_out_by__host_city", "commitment")
                .prefetch_related(
                    Prefetch("responsible_cities", queryset=City.objects.select_related("country")),
                    "responsible_organizations",
                    updates_prefetch(),
                    _reports(),
                ),
            ),
        )
    )


def _reports() -> Prefetch:
    return Prefetch("reports", queryset=ProgressReport.objects.select_related("city__country"))


def events_citable_by(user) -> QuerySet:
    """The events `user` may cite as having carried out a roadmap action: any for a
    curator, those their city hosts or joins for an official, none for anyone else."""
    if is_curator(user):
        return Event.objects.all()
    city = official_city(user)
    if city is None:
        return Event.objects.none()
    return events_involving(city)


def scheduled_commitments() -> QuerySet:
    """Commitments with a reporting schedule, with their latest report and roadmap."""
    return (
        Commitment.objects.filter(report_every_months__isnull=False)
        .with_last_report()
        .select_related("roadmap")
    )


def scheduled_actions() -> QuerySet:
    """Actions still under way with a reporting schedule, with their latest report and
    roadmap."""
    return (
        Action.objects.filter(report_every_months__isnull=False)
        .exclude(status__in=[ActionStatus.DONE, ActionStatus.DROPPED])
        .with_last_report()
        .select_related("roadmap")
    )


def lights_tally(today: datetime.date | None = None) -> dict[str, int]:
    """How many scheduled commitments and actions show each light, network-wide."""
    today = today or timezone.localdate()
    items = [*scheduled_commitments(), *scheduled_actions()]
    tally = Counter(item.reporting_light(today) for item in items)
    return {light.value: tally[light] for light in Light}


@dataclass(frozen=True)
class ReportDue:
    """A progress report due soon that has not been written: on which item, when, and
    the cities that owe it."""

    item: Commitment | Action
    due_on: datetime.date
    city_ids: frozenset[int]


# Reminders go out this many days before a report is due.
REMINDER_DAYS_AHEAD = 7


def reports_due_soon(today: datetime.date | None = None) -> list[ReportDue]:
    """The reports due within REMINDER_DAYS_AHEAD days that their cities have not written
    yet (a city that reported for the period is not reminded)."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REMINDER_DAYS_AHEAD)
    due = []
    commitments = scheduled_commitments().prefetch_related("actions__responsible_cities")
    actions = scheduled_actions().prefetch_related("responsible_cities")
    for item in [*commitments, *actions]:
        due_on = next_due_date(item.roadmap.adopted_on, item.report_every_months, today)
        if due_on > horizon:
            continue
        if isinstance(item, Commitment):
            cities = {c.pk for a in item.actions.all() for c in a.responsible_cities.all()}
        else:
            cities = {c.pk for c in item.responsible_cities.all()}
        reported = set(
            ProgressReport.objects.filter(
                **{"commitment" if isinstance(item, Commitment) else "action": item},
                period_ends_on=due_on,
            ).values_list("city_id", flat=True)
        )
        if cities - reported:
            due.append(ReportDue(item=item, due_on=due_on, city_ids=frozenset(cities - reported)))
    return due
