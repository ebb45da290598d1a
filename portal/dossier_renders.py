"""PDF dossiers rendered once per content version and language, off the request path.

Rendering a dossier to PDF takes seconds of CPU, so a request never does it (except when
tasks run eagerly, without a broker: `make run`). A request for a PDF that is not in the
shared cache claims its rendering (one claim per content version, language and site:
parallel requests and extra query strings render nothing more), queues it
(portal.tasks.render_dossier_pdf) and answers 202; the worker puts the bytes in the
shared cache, where every host finds them. New renders are throttled per client
(`DOSSIER_RENDER_RATE`); waiting for one already claimed is not.
"""

import hashlib
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.throttling import SimpleRateThrottle

from base.cache import content_version

from .dossier import dossier_events, event_dossier
from .dossier_pdf import render_pdf

# A claimed rendering that has not finished by then (its worker died) may be claimed again.
RENDER_CLAIM_SECONDS = 300
# How long a client waits before asking again (Retry-After, and the page's refresh).
RETRY_AFTER_SECONDS = 5


@dataclass(frozen=True)
class DossierPdf:
    """One rendering of a dossier: which event, in which language, linking to which site,
    from which content version."""

    slug: str
    language: str
    site_url: str
    version: str

    @classmethod
    def current(cls, *, slug: str, language: str, site_url: str) -> "DossierPdf":
        return cls(slug=slug, language=language, site_url=site_url, version=content_version())

    @property
    def cache_key(self) -> str:
        site = hashlib.sha256(self.site_url.encode()).hexdigest()[:16]
        return f"exchanges:dossier-pdf:{self.version}:{self.language}:{site}:{self.slug}"

    @property
    def claim_key(self) -> str:
        return f"{self.cache_key}:rendering"

    def as_task_arguments(self) -> dict:
        return asdict(self)


def cached_pdf(rendering: DossierPdf) -> bytes | None:
    return cache.get(rendering.cache_key)


def render_claimed(rendering: DossierPdf) -> bool:
    """Whether a rendering of this dossier is queued or running."""
    return cache.get(rendering.claim_key) is not None


def claim_render(rendering: DossierPdf) -> bool:
    """Claim the rendering; False when someone else did (on any host)."""
    return cache.add(rendering.claim_key, 1, timeout=RENDER_CLAIM_SECONDS)


def render_and_store(rendering: DossierPdf) -> bool:
    """Render the dossier and keep its bytes in the shared cache; False when there is
    nothing to render (already rendered, or the event has no dossier any more)."""
    try:
        if cached_pdf(rendering) is not None:
            return False
        event = dossier_events().filter(slug=rendering.slug).first()
        if event is None or not event.has_dossier:
            return False
        with translation.override(rendering.language):
            context = {
                "dossier": event_dossier(event),
                "generated_on": timezone.localdate(),
                "page_url": rendering.site_url.rstrip("/")
                + reverse("event-dossier", kwargs={"slug": event.slug}),
                "pdf": True,
            }
            html = render_to_string("exchanges/dossier.html", context)
        pdf = render_pdf(html, base_url=rendering.site_url)
        cache.set(rendering.cache_key, pdf, timeout=settings.DOSSIER_PDF_CACHE_SECONDS)
        return True
    finally:
        cache.delete(rendering.claim_key)


class DossierRenderThrottle(SimpleRateThrottle):
    """New PDF renderings a client may ask for (`DOSSIER_RENDER_RATE`, per address as for
    the API's anonymous clients, behind TRUSTED_PROXY_COUNT proxies)."""

    scope = "dossier-render"

    def get_rate(self) -> str:
        return settings.DOSSIER_RENDER_RATE

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
