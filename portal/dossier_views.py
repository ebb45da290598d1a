from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .dossier import dossier_events, event_dossier
from .dossier_pdf import render_pdf


def event_dossier_view(request, slug):
    """A held event's dossier, as a print-ready page or (`?format=pdf`) as a PDF."""
    event = get_object_or_404(dossier_events(), slug=slug)
    output = request.GET.get("format", "html")
    if output not in {"html", "pdf"}:
        return HttpResponseBadRequest(_("The dossier comes as html or pdf."))
    if not event.has_dossier:
        # Not found yet: the dossier of an event exists once the event is held.
        return render(request, "exchanges/dossier_unavailable.html", {"event": event}, status=404)
    context = {
        "dossier": event_dossier(event),
        "generated_on": timezone.localdate(),
        "page_url": request.build_absolute_uri(request.path),
    }
    if output == "html":
        return render(request, "exchanges/dossier.html", context)
    html = render_to_string("exchanges/dossier.html", {**context, "pdf": True}, request=request)
    response = HttpResponse(
        render_pdf(html, base_url=request.build_absolute_uri("/")),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="{event.slug}-dossier.pdf"'
    return response
