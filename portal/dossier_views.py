from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from base.site import site_absolute_url, site_url

from . import tasks
from .dossier import dossier_events, event_dossier
from .dossier_renders import (
    RETRY_AFTER_SECONDS,
    DossierPdf,
    DossierRenderThrottle,
    cached_pdf,
    claim_render,
    render_claimed,
)


def event_dossier_view(request, slug):
    """A held event's dossier, as a print-ready page or (`?format=pdf`) as a PDF."""
    event = get_object_or_404(dossier_events(), slug=slug)
    output = request.GET.get("format", "html")
    if output not in {"html", "pdf"}:
        return HttpResponseBadRequest(_("The dossier comes as html or pdf."))
    if not event.has_dossier:
        # Not found yet: the dossier of an event exists once the event is held.
        return render(request, "exchanges/dossier_unavailable.html", {"event": event}, status=404)
    if output == "pdf":
        return _dossier_pdf(request, event)
    context = {
        "dossier": event_dossier(event),
        "generated_on": timezone.localdate(),
        # The public address, never the one the server was reached by (an internal one
        # behind the proxy, printed on paper).
        "page_url": site_absolute_url(request.path),
    }
    return render(request, "exchanges/dossier.html", context)


def _dossier_pdf(request, event):
    """The PDF from the shared cache; else its rendering queued (once, whatever the query
    string or the number of requests) and a 202 page that refreshes until it is ready."""
    rendering = DossierPdf.current(
        slug=event.slug,
        language=translation.get_language(),
        site_url=site_url(),
    )
    pdf = cached_pdf(rendering)
    if pdf is None and not render_claimed(rendering):
        throttle = DossierRenderThrottle()
        if not throttle.allow_request(request, None):
            return _waiting_page(request, event, status=429, retry_after=throttle.wait())
        if claim_render(rendering):
            tasks.render_dossier_pdf.delay(**rendering.as_task_arguments())
        pdf = cached_pdf(rendering)  # already there when tasks run eagerly (no broker)
    if pdf is None:
        return _waiting_page(request, event, status=202, retry_after=RETRY_AFTER_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{event.slug}-dossier.pdf"'
    return response


def _waiting_page(request, event, *, status: int, retry_after: float | None):
    retry_after = max(1, round(retry_after or RETRY_AFTER_SECONDS))
    context = {"event": event, "retry_after": retry_after, "throttled": status == 429}
    response = render(request, "exchanges/dossier_preparing.html", context, status=status)
    response["Retry-After"] = str(retry_after)
    patch_cache_control(response, no_store=True)
    return response
