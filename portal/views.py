from django import forms
from django.db.models import Count, Q
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

from base.models import Pillar
from cities.models import City, Country
from cities.views import map_points_url
from exchanges.models import Event
from exchanges.selectors import EventScope, events_of_scope
from practices.models import Practice, PracticeStatus

from .search import search_network


def home(request):
    published = Practice.objects.published()
    upcoming = list(Event.objects.upcoming().with_references().order_by("start_date")[:4])
    # Beside upcoming exchanges, four recent ones; alone, two rows of three.
    recent = Event.objects.past().with_references().order_by("-start_date")[: 4 if upcoming else 6]
    context = {
        "figures": {
            "cities": City.objects.count(),
            "countries": Country.objects.with_cities().count(),
            # Large forums are not exchanges of the network (exchanges.selectors), nor
            # are made-up examples.
            "events": events_of_scope(
                Event.objects.without_examples(), EventScope.EXCHANGES
            ).count(),
            "practices": published.count(),
        },
        "map_points_url": map_points_url(),
        "upcoming_events": upcoming,
        "recent_events": recent,
        "latest_practices": published.select_related("city__country")
        .prefetch_related("pillars", "sdgs", "countries", "translations")
        .order_by("-published_at", "title")[:6],
        "pillars": Pillar.objects.annotate(
            practices_count=Count("practices", filter=Q(practices__status=PracticeStatus.PUBLISHED))
        ),
    }
    return render(request, "portal/home.html", context)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False, strip=True)


def search(request):
    form = SearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    sections = search_network(q)
    return render(
        request,
        "portal/search.html",
        {
            "form": form,
            "q": q,
            "sections": sections,
            "total": sum(section.count for section in sections),
        },
    )


def favicon(request):
    """For what asks the old way (feed readers, the browsable API): the PNG icon. Resolved
    per request: the hashed static name exists only once `collectstatic` has run."""
    return HttpResponsePermanentRedirect(static("img/favicon-32.png"))
