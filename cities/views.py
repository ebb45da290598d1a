from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition, require_safe

from exchanges.filters import in_list_order, involving_cities_q
from exchanges.models import Action, Event, Participation, ParticipationRole
from practices.models import Adoption, Practice

from .filters import CityFilter
from .models import City, Partnership

CITIES_PER_PAGE = 24


def map_points(cities) -> list[dict]:
    """What a map needs of each city, for `json_script`."""
    return [
        {
            "name": city.name,
            "country": city.country.name,
            "lat": float(city.latitude),
            "lng": float(city.longitude),
            "url": city.get_absolute_url(),
        }
        for city in cities
    ]


MAP_POINTS_SECONDS = 300


def map_points_url(query: QueryDict | None = None) -> str:
    """Where a map loads its cities from (`city_map_points`), under the directory's
    filters in `query` (its page left out)."""
    params = query.copy() if query is not None else QueryDict(mutable=True)
    params.pop("page", None)
    url = reverse("city-map-points")
    encoded = params.urlencode()
    return f"{url}?{encoded}" if encoded else url


def _map_points_etag(request) -> str:
    from base.cache import content_version

    return f"{content_version()}-{request.GET.urlencode()}"


@require_safe
@condition(etag_func=_map_points_etag)
def city_map_points(request):
    """`/cities/map-points.json`: the cities of the directory under its filters (none: every
    city) as map points ([{name, country, lat, lng, url}]), for the maps of the home page
    and the directory to load: with thousands of cities they would weigh down every page
    that shows a map. Tagged with the content version, so a browser or proxy asks again
    cheaply (304) until the network changes."""
    filterset = CityFilter(request.GET, queryset=City.objects.order_by("name"))
    detail = reverse("city-detail", kwargs={"slug": "-"})[: -len("-/")]
    points = [
        {
            "name": name,
            "country": country,
            "lat": float(lat),
            "lng": float(lng),
            "url": f"{detail}{slug}/",
        }
        for name, country, lat, lng, slug in filterset.qs.values_list(
            "name", "country__name", "latitude", "longitude", "slug"
        )
    ]
    response = JsonResponse(points, safe=False)
    patch_cache_control(response, public=True, max_age=MAP_POINTS_SECONDS)
    return response


def city_role(event, city) -> str:
    """The part `city` plays in `event`, from its `city_participations` (prefetched)."""
    if event.host_city_id == city.pk:
        return str(ParticipationRole.HOST.label)
    return " ".join(str(p.get_role_display()) for p in event.city_participations)


def city_list(request):
    filterset = CityFilter(
        request.GET,
        queryset=City.objects.with_references().prefetch_related("sectors").order_by("name"),
    )
    page = Paginator(filterset.qs, CITIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "cities/city_list.html",
        {
            "filterset": filterset,
            "page_obj": page,
            "map_points_url": map_points_url(request.GET),
        },
    )


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
            Event.objects.filter(involving_cities_q(pk=city.pk))
            .with_references()
            .prefetch_related(
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
    practices = (
        city.practices.published()
        .select_related("city__country")
        .prefetch_related("pillars", "sdgs", "countries", "translations")
        .order_by("title")
    )
    adoptions = (
        Adoption.objects.filter(city=city, practice__in=Practice.objects.published())
        .select_related("practice__city__country", "event")
        .prefetch_related("practice__countries")
        .order_by("practice__title")
    )
    actions = (
        Action.objects.filter(responsible_cities=city)
        .select_related("roadmap", "carried_out_by")
        .order_by("roadmap__title", "position", "pk")
    )
    return render(
        request,
        "cities/city_detail.html",
        {
            "city": city,
            "events": events,
            "practices": practices,
            "adoptions": adoptions,
            "actions": actions,
            "map_points": map_points([city]),
        },
    )
