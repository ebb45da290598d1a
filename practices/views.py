from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from .filters import PRACTICE_SORTS, PracticeFilter, practice_facets, practice_sort, sort_practices
from .models import Practice
from .selectors import (
    criteria_checklist,
    mark_editable_adoptions,
    practice_statements,
    practices_with_details,
    submitting_city,
)
from .transfer import transferability_of

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
    practice = get_object_or_404(practices_with_details(request.user), slug=slug)
    may_record = mark_editable_adoptions(request.user, practice)
    return render(
        request,
        "practices/practice_detail.html",
        {
            "practice": practice,
            "may_record": may_record,
            "transferability": transferability_of(practice),
            "statements": practice_statements(practice),
            "reported_by": submitting_city(practice),
            "criteria_checklist": criteria_checklist(practice),
        },
    )
