"""A city's page: its profile with the exchanges it hosts or joins, its practices, the
practices it took up and the roadmap actions it owns. A page that spans the apps, so it
lives in the site layer."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from cities.models import City, Partnership
from cities.views import map_points
from exchanges.filters import in_list_order
from exchanges.models import Action, Event, Participation, ParticipationRole
from exchanges.selectors import EventScope, events_involving, events_of_scope
from matching.models import Challenge
from practices.models import Adoption, Practice
from practices.selectors import city_practices


def city_role(event, city) -> str:
    """The part `city` plays in `event`, from its `city_participations` (prefetched)."""
    if event.host_city_id == city.pk:
        return str(ParticipationRole.HOST.label)
    return " ".join(str(p.get_role_display()) for p in event.city_participations)


def city_detail(request, slug):
    city = get_object_or_404(
        City.objects.with_references().prefetch_related(
            "sectors",
            "networks",
            Prefetch(
                "partnerships",
                queryset=Partnership.objects.prefetch_related(
                    Prefetch("cities", queryset=City.objects.select_related("country"))
                ),
            ),
        ),
        slug=slug,
    )
    events = list(
        in_list_order(
            events_involving(city, Event.objects.with_references()).prefetch_related(
                Prefetch(
                    "participations",
                    queryset=Participation.objects.filter(city=city),
                    to_attr="city_participations",
                )
            )
        )
    )
    for event in events:
        event.city_role = city_role(event, city)
    # Counted by the one rule that keeps large forums apart (exchanges.selectors).
    counts = {
        scope: events_of_scope(
            events_involving(city, Event.objects.without_examples()), scope
        ).count()
        for scope in EventScope
    }
    practices = city_practices(city)
    adoptions = (
        Adoption.objects.filter(city=city, practice__in=Practice.objects.published())
        .select_related("practice__city__country", "event")
        .prefetch_related("practice__countries")
        .order_by("practice__title")
    )
    challenges = Challenge.objects.filter(city=city).order_by("-created_at", "pk")
    actions = (
        Action.objects.filter(responsible_cities=city)
        .with_last_report()
        .select_related("roadmap", "carried_out_by")
        .order_by("roadmap__title", "position", "pk")
    )
    return render(
        request,
        "cities/city_detail.html",
        {
            "city": city,
            "events": events,
            "exchange_count": counts[EventScope.EXCHANGES],
            "forum_count": counts[EventScope.LARGE_FORUMS],
            "practices": practices,
            "adoptions": adoptions,
            "challenges": challenges,
            "actions": actions,
            "map_points": map_points([city]),
        },
    )
