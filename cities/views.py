from django.core.paginator import Paginator
from django.http import JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition, require_safe

from .filters import CityFilter
from .models import City

CITIES_PER_PAGE = 24


def map_points(cities) -> list[dict]:
    """What a map needs of each city, for `json_script`."""
    return [
        {
            "name": city.name,
            "country": str(city.country.name),
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
            "country": str(country),
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
