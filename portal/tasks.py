"""Background tasks of the site: rendering the PDF dossiers of events off the request
path (a dossier shows practices, so it lives in the site layer), and the nightly bulk
dumps of the open data."""

from celery import shared_task
from django.db import OperationalError

from base.tasks import RecordedTask

from . import dumps
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
