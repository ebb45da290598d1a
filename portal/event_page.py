"""An event's page: the event with its roadmaps, the practices presented there and the
actions carried out at it. It shows practices, above exchanges in the layers, so it
lives in the site layer."""

from django.shortcuts import get_object_or_404, render

from exchanges.models import LearningNote, LearningNoteStatus
from exchanges.rules import DEFINITION as MODALITY_DEFINITION
from exchanges.selectors import events_with_details
from exchanges.views import registration_status
from practices.models import Practice


def event_detail(request, slug):
    event = get_object_or_404(
        events_with_details(
            practices=Practice.objects.published()
            .select_related("city__country")
            .prefetch_related("pillars", "sdgs", "countries", "translations")
        ),
        slug=slug,
    )
    return render(
        request,
        "exchanges/event_detail.html",
        {
            "event": event,
            "host_listed": any(p.city_id == event.host_city_id for p in event.participations.all()),
            "registration": registration_status(event),
            "learning_note": LearningNote.objects.filter(
                event=event, status=LearningNoteStatus.PUBLISHED
            ).first(),
            "modality_definition": MODALITY_DEFINITION,
        },
    )
