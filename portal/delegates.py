"""The organizers' pages for receiving an exchange's delegates: the check-in list (a QR
code per registration, for a phone at the door), attendance certificates and visa
invitation letters; and the public page that verifies a certificate."""

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from base.forms import add_service_errors
from base.permissions import can_receive_delegates
from base.site import site_absolute_url
from exchanges.models import Event, Registration, RegistrationStatus
from exchanges.services import check_in_delegate

from .exchange_documents import certificate_token, verified_certificate
from .services import issue_certificates, issue_visa_letter


def _organized_event(request, slug) -> Event:
    event = get_object_or_404(Event.objects.select_related("host_city"), slug=slug)
    if not can_receive_delegates(request.user, event):
        raise PermissionDenied(_("Only the event's organizers receive its delegates."))
    return event


def _registration(event: Event, pk: int) -> Registration:
    return get_object_or_404(
        event.registrations.select_related("city__country").filter(anonymized_at__isnull=True),
        pk=pk,
    )


def check_in_qr(request, registration: Registration) -> str:
    """An inline SVG QR code of the registration's check-in address (the public one:
    the organizer's phone scans it at the door)."""
    url = site_absolute_url(
        reverse("event-check-in-delegate", args=[registration.event.slug, registration.pk])
    )
    return segno.make(url, error="m").svg_inline(
        scale=3, title=_("Check-in code of %(name)s") % {"name": registration.name}
    )


@login_required
def check_in_list(request, slug):
    """The delegates expected (confirmed) and those checked in, searchable by name, each
    with a check-in button and a QR code leading to it."""
    event = _organized_event(request, slug)
    query = request.GET.get("q", "").strip()[:100]
    registrations = (
        event.registrations.filter(anonymized_at__isnull=True)
        .filter(Q(status=RegistrationStatus.CONFIRMED) | Q(needs_visa_letter=True))
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("city", "certificate", "visa_letter")
        .order_by("name", "pk")
    )
    if query:
        registrations = registrations.filter(name__icontains=query)
    rows = [(r, check_in_qr(request, r)) for r in registrations]
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED)
    response = render(
        request,
        "exchanges/check_in.html",
        {
            "event": event,
            "rows": rows,
            "query": query,
            "confirmed": confirmed.count(),
            "checked_in": confirmed.filter(checked_in_at__isnull=False).count(),
        },
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
def check_in_delegate_view(request, slug, pk):
    """One delegate's card, where the QR code leads: a big button checks them in."""
    event = _organized_event(request, slug)
    registration = _registration(event, pk)
    if request.method == "POST":
        try:
            check_in_delegate(registration=registration, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s has checked in.") % {"name": registration.name})
        return redirect("event-check-in", slug=event.slug)
    response = render(
        request, "exchanges/check_in_delegate.html", {"event": event, "registration": registration}
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_POST
def certificates_issue(request, slug):
    event = _organized_event(request, slug)
    try:
        issued = issue_certificates(event=event, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(count)s certificates issued; each delegate's PDF is being prepared.")
            % {"count": len(issued)},
        )
    return redirect("event-check-in", slug=event.slug)


@login_required
def certificate_pdf(request, slug, pk):
    """A delegate's certificate, for the organizers to hand over or send."""
    event = _organized_event(request, slug)
    registration = _registration(event, pk)
    certificate = getattr(registration, "certificate", None)
    if certificate is None:
        raise Http404(_("No certificate issued."))
    return redirect("certificate-pdf", token=certificate_token(certificate))


class VisaLetterForm(forms.Form):
    signer_title = forms.CharField(
        label=gettext_lazy("Your title"),
        max_length=200,
        help_text=gettext_lazy("As it should appear under your name, e.g. Director of Markets."),
    )


@login_required
def visa_letter(request, slug, pk):
    """Issue a delegate's visa invitation letter (an explicit act of an organizer, who
    signs it with their name and title), or download it once issued."""
    event = _organized_event(request, slug)
    registration = _registration(event, pk)
    letter = getattr(registration, "visa_letter", None)
    if letter is not None and request.method == "GET" and request.GET.get("format") == "pdf":
        if letter.pdf is None:
            return _preparing(request, event)
        response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="visa-letter-{registration.pk}.pdf"'
        )
        patch_cache_control(response, private=True, no_store=True)
        return response
    form = VisaLetterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issue_visa_letter(
                registration=registration,
                by=request.user,
                signer_title=form.cleaned_data["signer_title"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The letter is issued; its PDF is being prepared."))
            return redirect("event-visa-letter", slug=event.slug, pk=registration.pk)
    response = render(
        request,
        "exchanges/visa_letter_form.html",
        {"event": event, "registration": registration, "letter": letter, "form": form},
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


def _preparing(request, event):
    response = render(
        request,
        "exchanges/dossier_preparing.html",
        {"event": event, "retry_after": 5, "throttled": False},
        status=202,
    )
    response["Retry-After"] = "5"
    patch_cache_control(response, no_store=True)
    return response


def certificate_verify(request, token):
    """Anyone holding a certificate checks it here: valid (the delegate's name and the
    event, nothing more) or not valid (forged, altered, expired or erased)."""
    certificate = verified_certificate(token)
    response = render(
        request,
        "exchanges/certificate_verify.html",
        {"certificate": certificate, "token": token},
        status=200 if certificate else 404,
    )
    # Never kept by a shared cache: the answer changes when the delegate is anonymized.
    patch_cache_control(response, private=True, no_store=True)
    return response


def certificate_pdf_by_token(request, token):
    certificate = verified_certificate(token)
    if certificate is None:
        raise Http404(_("This certificate is not valid."))
    if certificate.pdf is None:
        return _preparing(request, certificate.registration.event)
    response = HttpResponse(bytes(certificate.pdf), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="certificate.pdf"'
    patch_cache_control(response, private=True, no_store=True)
    return response


event_urlpatterns = [
    path("check-in/", check_in_list, name="event-check-in"),
    path("check-in/<int:pk>/", check_in_delegate_view, name="event-check-in-delegate"),
    path("certificates/", certificates_issue, name="event-certificates-issue"),
    path("registrations/<int:pk>/certificate/", certificate_pdf, name="event-certificate-pdf"),
    path("registrations/<int:pk>/visa-letter/", visa_letter, name="event-visa-letter"),
]

certificate_urlpatterns = [
    path("<str:token>/", certificate_verify, name="certificate-verify"),
    path("<str:token>/pdf/", certificate_pdf_by_token, name="certificate-pdf"),
]
