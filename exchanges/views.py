from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .filters import EventFilter, RoadmapFilter, in_list_order
from .forms import ProgressReportForm
from .models import ActionFollowUp, ActionStatus, Event, Roadmap
from .reporting import Light, ReportStatus
from .selectors import roadmaps_with_details
from .services import registration_refusal, report_progress

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
    seats_taken = event.registrations.holding_seats().count()
    return {
        "refusal": registration_refusal(event),
        "deadline": event.registration_deadline,
        "capacity": event.capacity,
        "places_left": max(event.capacity - seats_taken, 0),
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
    scheduled = [*roadmap.commitments.all(), *roadmap.actions.all()]
    lights = Counter(item.reporting_light() for item in scheduled)
    return render(
        request,
        "exchanges/roadmap_detail.html",
        {
            "roadmap": roadmap,
            "statuses": statuses,
            "lights": [
                {"value": light.value, "count": lights[light]} for light in Light if lights[light]
            ],
            "report_statuses": ReportStatus.choices,
            "overdue": follow_ups[ActionFollowUp.OVERDUE],
            "not_recorded": follow_ups[ActionFollowUp.NOT_RECORDED],
        },
    )


@login_required
@require_POST
def roadmap_report(request, slug):
    """A progress report sent from the roadmap's page, on one of its commitments or
    actions; back to the page with what happened."""
    roadmap = get_object_or_404(Roadmap, slug=slug)
    form = ProgressReportForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label or field
            for error in errors:
                messages.error(request, f"{label}: {error}")
        return redirect(roadmap.get_absolute_url())
    data = form.cleaned_data
    commitment = action = None
    if data["commitment"]:
        commitment = get_object_or_404(roadmap.commitments, pk=data["commitment"])
    elif data["action"]:
        action = get_object_or_404(roadmap.actions, pk=data["action"])
    try:
        report_progress(
            by=request.user,
            commitment=commitment,
            action=action,
            status=data["status"],
            summary=data["summary"],
            evidence_url=data["evidence_url"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your progress report is recorded."))
    item = commitment or action
    anchor = f"#{'commitment' if commitment else 'action'}-{item.pk}" if item else ""
    return redirect(roadmap.get_absolute_url() + anchor)
