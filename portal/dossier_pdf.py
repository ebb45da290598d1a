"""Rendering a dossier's HTML to PDF on the server with WeasyPrint.

WeasyPrint fetches the stylesheets the HTML links. It must not ask the web server for
them (the server may be this very process, busy answering the request, or unreachable
from itself behind a proxy), so static files are read from disk: from the finders'
sources in development, from STATIC_ROOT once collected. Nothing else is fetched.

The PDF is tagged (PDF/UA-1: screen readers follow its headings, lists and tables) and
its XMP metadata carry its title, its language and the data's licence.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import SubElement, fromstring, register_namespace, tostring

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.utils._os import safe_join
from weasyprint import HTML, default_url_fetcher
from weasyprint.pdf.metadata import NS, generate_rdf_metadata

# PDF/UA-1 (ISO 14289-1): a tagged PDF, for readers of every ability.
PDF_VARIANT = "pdf/ua-1"

XMP_RIGHTS = "http://ns.adobe.com/xap/1.0/rights/"
CREATIVE_COMMONS = "http://creativecommons.org/ns#"
register_namespace("xmpRights", XMP_RIGHTS)
register_namespace("cc", CREATIVE_COMMONS)


def static_file(url: str) -> Path | None:
    """The file on disk behind a static file's URL, or None when `url` names none."""
    # STATIC_URL itself, not static(""): the manifest storage knows no file named "".
    prefix = urlsplit(settings.STATIC_URL).path
    path = unquote(urlsplit(url).path)
    if not path.startswith(prefix):
        return None
    relative = path.removeprefix(prefix)
    try:
        found = finders.find(relative)
        if found:
            return Path(found)
        if settings.STATIC_ROOT:
            candidate = Path(safe_join(settings.STATIC_ROOT, relative))
            if candidate.is_file():
                return candidate
    except SuspiciousFileOperation:  # a path that climbs out of the static folders
        return None
    return None


def url_fetcher(url: str, *args, **kwargs) -> dict:
    if url.startswith("data:"):
        return default_url_fetcher(url, *args, **kwargs)
    file = static_file(url)
    if file is None:
        # WeasyPrint logs the refusal and renders without the resource.
        raise ValueError(f"not fetched while rendering a PDF: {url}")
    mime_type, _ = mimetypes.guess_type(file.name)
    fetched = {
        "string": file.read_bytes(),
        "mime_type": mime_type or "application/octet-stream",
        "redirected_url": url,
    }
    if fetched["mime_type"].startswith("text/"):
        fetched["encoding"] = "utf-8"
    return fetched


def _rdf(tag: str, namespace: str = "rdf") -> str:
    return f"{{{NS.get(namespace, namespace)}}}{tag}"


def rdf_metadata_with_licence(metadata, variant, version, conformance) -> bytes:
    """WeasyPrint's XMP metadata (title, authors, description, PDF/UA part) with the
    document's language (dc:language) and the data's licence (dc:rights, xmpRights and
    Creative Commons' cc:license)."""
    rdf = fromstring(generate_rdf_metadata(metadata, variant, version, conformance))
    description = SubElement(rdf, _rdf("Description"), {_rdf("about"): ""})
    if metadata.lang:
        bag = SubElement(SubElement(description, _rdf("language", NS["dc"])), _rdf("Bag"))
        SubElement(bag, _rdf("li")).text = metadata.lang
    rights = SubElement(SubElement(description, _rdf("rights", NS["dc"])), _rdf("Alt"))
    SubElement(
        rights, _rdf("li"), {"xml:lang": "x-default"}
    ).text = f"{settings.DATA_LICENSE_NAME} {settings.DATA_LICENSE_URL}"
    SubElement(description, _rdf("Marked", XMP_RIGHTS)).text = "True"
    SubElement(description, _rdf("WebStatement", XMP_RIGHTS)).text = settings.DATA_LICENSE_URL
    SubElement(
        description,
        _rdf("license", CREATIVE_COMMONS),
        {_rdf("resource"): settings.DATA_LICENSE_URL},
    )
    return tostring(rdf, encoding="utf-8")


def render_pdf(html: str, *, base_url: str) -> bytes:
    document = HTML(string=html, base_url=base_url, url_fetcher=url_fetcher).render(
        pdf_variant=PDF_VARIANT, pdf_tags=True
    )
    document.metadata.generate_rdf_metadata = rdf_metadata_with_licence
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
