from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from .models import Action, Event, Participation, Roadmap


def event_detail(request, slug):
    event = get_object_or_404(
        Event.objects.with_references().prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("city__country"),
            ),
            "organizers",
            "supporters",
            "pillars",
            "sdgs",
            "roadmaps",
        ),
        slug=slug,
    )
    return render(request, "exchanges/event_detail.html", {"event": event})


def roadmap_detail(request, slug):
    roadmap = get_object_or_404(
        Roadmap.objects.with_progress()
        .select_related("event__host_city")
        .prefetch_related(
            "commitments",
            "signatory_cities",
            "signatory_organizations",
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("carried_out_by").prefetch_related(
                    "responsible_cities", "responsible_organizations"
                ),
            ),
        ),
        slug=slug,
    )
    return render(request, "exchanges/roadmap_detail.html", {"roadmap": roadmap})
