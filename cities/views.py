from django.shortcuts import get_object_or_404, render

from exchanges.models import Event

from .models import City


def city_detail(request, slug):
    city = get_object_or_404(
        City.objects.with_references().prefetch_related("sectors", "networks"), slug=slug
    )
    events = Event.objects.involving_city(city).with_references().order_by("-start_date")
    practices = city.practices.published().order_by("title")
    return render(
        request, "cities/city_detail.html", {"city": city, "events": events, "practices": practices}
    )
