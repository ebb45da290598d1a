from collections import Counter

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from .filters import EventFilter, RoadmapFilter, in_list_order
from .models import ActionFollowUp, ActionStatus, Event, RegistrationStatus, Roadmap
from .selectors import roadmaps_with_details
from .services import registration_refusal

EVENTS_PER_PAGE = 20
ROADMAPS_PER_PAGE = 20


def event_list(request):
    filterset = EventFilter(request.GET, queryset=Event.objects.with_references())
    page = Paginator(in_list_order(filterset.qs), EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "exchanges/event_list.html", {"filterset": filterset, "page_obj": page})


def registration_status(event: Event) -> dict | None:
    """What the event page says about registering: None when the event takes none."""
    if not event.takes_registrations:
        return None
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    return {
        "refusal": registration_refusal(event),
        "deadline": event.registration_deadline,
        "capacity": event.capacity,
        "places_left": max(event.capacity - confirmed, 0),
    }


def roadmap_list(request):
    filterset = RoadmapFilter(
        request.GET,
        queryset=Roadmap.objects.with_progress()
        .select_related("event__host_city__country")
        .order_by("-adopted_on", "title"),
    )
    page = Paginator(filterset.qs, ROADMAPS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "exchanges/roadmap_list.html", {"filterset": filterset, "page_obj": page}
    )


def roadmap_detail(request, slug):
    roadmap = get_object_or_404(roadmaps_with_details(), slug=slug)
    tally = Counter(action.status for action in roadmap.actions.all())
    follow_ups = Counter(action.follow_up() for action in roadmap.actions.all())
    statuses = [
        {"value": value, "label": label, "count": tally[value]}
        for value, label in ActionStatus.choices
    ]
    return render(
        request,
        "exchanges/roadmap_detail.html",
        {
            "roadmap": roadmap,
            "statuses": statuses,
            "overdue": follow_ups[ActionFollowUp.OVERDUE],
            "not_recorded": follow_ups[ActionFollowUp.NOT_RECORDED],
        },
    )
