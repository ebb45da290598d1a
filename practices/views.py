from django.shortcuts import get_object_or_404, render

from .models import Practice


def practice_detail(request, slug):
    practice = get_object_or_404(
        Practice.objects.visible_to(request.user)
        .select_related("city__country")
        .prefetch_related(
            "countries", "organizations", "pillars", "sdgs", "sectors", "criteria", "results"
        ),
        slug=slug,
    )
    return render(request, "practices/practice_detail.html", {"practice": practice})
