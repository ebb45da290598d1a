from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from base.permissions import is_curator, official_city
from exchanges.models import Event

from .filters import PRACTICE_SORTS, PracticeFilter, practice_facets, practice_sort, sort_practices
from .models import Adoption, Practice, PracticeStatus

PRACTICES_PER_PAGE = 20


def practice_list(request):
    filterset = PracticeFilter(request.GET, queryset=Practice.objects.published())
    sort = practice_sort(request.GET)
    practices = sort_practices(
        filterset.qs.select_related("city__country").prefetch_related(
            "pillars", "sdgs", "countries", "translations"
        ),
        sort,
    )
    page = Paginator(practices, PRACTICES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "practices/practice_list.html",
        {
            "filterset": filterset,
            "page_obj": page,
            "facets": practice_facets(filterset),
            "sort": sort,
            "sorts": PRACTICE_SORTS,
        },
    )


def practice_detail(request, slug):
    practice = get_object_or_404(
        Practice.objects.visible_to(request.user)
        .select_related("city__country")
        .prefetch_related(
            "translations",
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
    # Officials may record and update their own city's adoption, curators any.
    curator = is_curator(request.user)
    own_city = None if curator else official_city(request.user)
    for adoption in practice.adoptions.all():
        adoption.editable = curator or (own_city is not None and adoption.city_id == own_city.pk)
    # An official whose city took it up already updates that adoption instead.
    may_record = practice.status == PracticeStatus.PUBLISHED and (
        curator
        or (
            own_city is not None
            and own_city.pk != practice.city_id
            and all(adoption.city_id != own_city.pk for adoption in practice.adoptions.all())
        )
    )
    return render(
        request,
        "practices/practice_detail.html",
        {"practice": practice, "may_record": may_record},
    )
