"""Background tasks of the exchanges: the registrations' anonymization (daily, celery
beat) and the rendering of PDF dossiers off the request path."""

from celery import shared_task
from django.db import OperationalError

from portal.tasks import RecordedTask

from . import services
from .dossier_renders import DossierPdf, render_and_store


@shared_task(base=RecordedTask, name="exchanges.tasks.anonymize_registrations")
def anonymize_registrations() -> int:
    """Anonymize the registrations whose event ended 12 months ago (daily); idempotent:
    registrations already anonymized are left alone."""
    return services.anonymize_registrations()


# A rendering that fails is not retried for long: it rarely fails for a passing reason,
# and the next reader's request queues it again anyway.
@shared_task(
    base=RecordedTask,
    name="exchanges.tasks.render_dossier_pdf",
    autoretry_for=(OperationalError,),
    max_retries=2,
)
def render_dossier_pdf(*, slug: str, language: str, site_url: str, version: str) -> bool:
    """Render one dossier's PDF into the shared cache; idempotent: a rendering already
    cached is not done again."""
    rendering = DossierPdf(slug=slug, language=language, site_url=site_url, version=version)
    return render_and_store(rendering)
