from django.shortcuts import render

from cities.models import City, Country
from exchanges.models import Event
from practices.models import Practice


def home(request):
    published = Practice.objects.published()
    context = {
        "figures": {
            "cities": City.objects.count(),
            "countries": Country.objects.filter(cities__isnull=False).distinct().count(),
            "events": Event.objects.count(),
            "practices": published.count(),
        },
        "cities": City.objects.with_references().order_by("name"),
        "upcoming_events": Event.objects.upcoming().with_references().order_by("start_date")[:6],
        "recent_events": Event.objects.past().with_references().order_by("-start_date")[:12],
        "latest_practices": published.select_related("city__country").order_by(
            "-published_at", "title"
        )[:6],
    }
    return render(request, "portal/home.html", context)
