from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from exchanges.models import Event

from .filters import PracticeFilter, practice_facets
from .models import Adoption, Practice

PRACTICES_PER_PAGE = 20


def practice_list(request):
    filterset = PracticeFilter(request.GET, queryset=Practice.objects.published())
    practices = (
        filterset.qs.select_related("city__country")
        .prefetch_related("pillars", "sdgs", "countries")
        .order_by("-published_at", "title", "pk")
    )
    page = Paginator(practices, PRACTICES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "practices/practice_list.html",
        {"filterset": filterset, "page_obj": page, "facets": practice_facets(filterset)},
    )


def practice_detail(request, slug):
    practice = get_object_or_404(
        Practice.objects.visible_to(request.user)
        .select_related("city__country")
        .prefetch_related(
            "countries",
            "organizations",
            "pillars",
            "sdgs",
            "sectors",
            "criteria",
            "results",
            Prefetch("events", queryset=Event.objects.with_references()),
            Prefetch(
                "adoptions",
                queryset=Adoption.objects.select_related("city__country", "event").order_by(
                    "city__name"
                ),
            ),
        ),
        slug=slug,
    )
    return render(request, "practices/practice_detail.html", {"practice": practice})
