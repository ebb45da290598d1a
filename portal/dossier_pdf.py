"""Rendering a dossier's HTML to PDF on the server with WeasyPrint.

WeasyPrint fetches the stylesheets the HTML links. It must not ask the web server for
them (the server may be this very process, busy answering the request, or unreachable
from itself behind a proxy), so static files are read from disk: from the finders'
sources in development, from STATIC_ROOT once collected. Nothing else is fetched.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.templatetags.static import static
from django.utils._os import safe_join
from weasyprint import HTML, default_url_fetcher


def static_file(url: str) -> Path | None:
    """The file on disk behind a static file's URL, or None when `url` names none."""
    prefix = urlsplit(static("")).path
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


def render_pdf(html: str, *, base_url: str) -> bytes:
    return HTML(string=html, base_url=base_url, url_fetcher=url_fetcher).write_pdf()
