"""The documents of an exchange's delegates, rendered to PDF off the request path (by
portal.tasks), in the delegate's language: attendance certificates and visa invitation
letters.

A certificate carries a signed address (`certificate_token`) where anyone may check that
it is genuine: the public verification page says valid or not, and shows only the
delegate's name and the event. The signature (django.core.signing, salted, timestamped)
cannot be forged without SECRET_KEY and expires after CERTIFICATE_VERIFICATION_DAYS.
Certificates and letters are deleted when their registration is anonymized: the
address then answers "not valid", and nothing is left to download.
"""

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from base.site import site_absolute_url, site_url
from exchanges.models import AttendanceCertificate, VisaLetter

from .dossier_pdf import render_pdf

CERTIFICATE_SALT = "peercities.attendance-certificate"


def certificate_token(certificate: AttendanceCertificate) -> str:
    return signing.dumps(certificate.pk, salt=CERTIFICATE_SALT, compress=True)


def certificate_url(certificate: AttendanceCertificate) -> str:
    """The public address that verifies `certificate`, on the public site."""
    token = certificate_token(certificate)
    with translation.override(certificate.language):
        return site_absolute_url(reverse("certificate-verify", kwargs={"token": token}))


def certificates():
    """Certificates with what verifying and rendering them show."""
    return AttendanceCertificate.objects.select_related(
        "registration__event__host_city__country", "registration__city__country"
    )


def verified_certificate(token: str) -> AttendanceCertificate | None:
    """The certificate `token` was signed for, or None: a forged, altered or expired
    signature, or a certificate erased (anonymized) or withdrawn."""
    try:
        pk = signing.loads(
            token,
            salt=CERTIFICATE_SALT,
            max_age=settings.CERTIFICATE_VERIFICATION_DAYS * 86400,
        )
    except signing.BadSignature:  # SignatureExpired is one
        return None
    if not isinstance(pk, int):
        return None
    return (
        certificates()
        .filter(
            pk=pk,
            registration__checked_in_at__isnull=False,
            registration__anonymized_at__isnull=True,
        )
        .first()
    )


def render_certificate(certificate: AttendanceCertificate) -> bytes:
    with translation.override(certificate.language):
        html = render_to_string(
            "exchanges/certificate.html",
            {
                "certificate": certificate,
                "registration": certificate.registration,
                "event": certificate.registration.event,
                "verify_url": certificate_url(certificate),
                "pdf": True,
            },
        )
    return render_pdf(html, base_url=site_url())


def render_visa_letter(letter: VisaLetter) -> bytes:
    with translation.override(letter.language):
        html = render_to_string(
            "exchanges/visa_letter.html",
            {
                "letter": letter,
                "registration": letter.registration,
                "event": letter.registration.event,
                "today": timezone.localdate(),
                "pdf": True,
            },
        )
    return render_pdf(html, base_url=site_url())
