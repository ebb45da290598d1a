"""Background tasks of the site: rendering the PDF dossiers of events off the request
path (a dossier shows practices, so it lives in the site layer), the delegates'
certificates and visa letters, and the nightly bulk dumps of the open data."""

from celery import shared_task
from django.db import OperationalError

from base.tasks import RecordedTask
from exchanges.models import AttendanceCertificate, VisaLetter

from . import dumps, exchange_documents
from .dossier_renders import DossierPdf, render_and_store


# A rendering that fails is not retried for long: it rarely fails for a passing reason,
# and the next reader's request queues it again anyway.
@shared_task(
    base=RecordedTask,
    name="portal.tasks.render_dossier_pdf",
    autoretry_for=(OperationalError,),
    max_retries=2,
)
def render_dossier_pdf(*, slug: str, language: str, site_url: str, version: str) -> bool:
    """Render one dossier's PDF into the shared cache; idempotent: a rendering already
    cached is not done again."""
    rendering = DossierPdf(slug=slug, language=language, site_url=site_url, version=version)
    return render_and_store(rendering)


@shared_task(base=RecordedTask, name="portal.tasks.write_open_data_dumps")
def write_open_data_dumps() -> str:
    """Write tonight's bulk dumps of the open data (celery beat, nightly)."""
    return dumps.write_dumps()


@shared_task(base=RecordedTask, name="portal.tasks.render_certificate_pdf")
def render_certificate_pdf(*, certificate_id: int) -> bool:
    """Render one attendance certificate's PDF; idempotent: one already rendered (or
    erased since) is left alone."""
    certificate = (
        exchange_documents.certificates().filter(pk=certificate_id, pdf__isnull=True).first()
    )
    if certificate is None:
        return False
    pdf = exchange_documents.render_certificate(certificate)
    AttendanceCertificate.objects.filter(pk=certificate_id, pdf__isnull=True).update(pdf=pdf)
    return True


@shared_task(base=RecordedTask, name="portal.tasks.render_visa_letter_pdf")
def render_visa_letter_pdf(*, letter_id: int) -> bool:
    """Render one visa invitation letter's PDF; idempotent like the certificates'."""
    letter = (
        VisaLetter.objects.select_related("registration__event__host_city__country")
        .filter(pk=letter_id, pdf__isnull=True)
        .first()
    )
    if letter is None:
        return False
    pdf = exchange_documents.render_visa_letter(letter)
    VisaLetter.objects.filter(pk=letter_id, pdf__isnull=True).update(pdf=pdf)
    return True
