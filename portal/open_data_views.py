"""The open data's addresses: `robots.txt`, the DCAT-AP catalogue and the nightly bulk
dumps (`/data/<file>`, always the newest complete run)."""

import json

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from base.i18n import path_in_language

from . import dumps
from .catalogue import catalogue

# Not for crawlers: the admin, the accounts' pages and the curators' review area, in
# every language.
PRIVATE_PATHS = ["/admin/", "/accounts/", "/review/"]


@require_safe
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    prefixed = [
        path_in_language(path, code)
        for path in PRIVATE_PATHS[1:]
        for code, _ in settings.LANGUAGES
        if code != settings.LANGUAGE_CODE
    ]
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in PRIVATE_PATHS + prefixed)]
    lines += ["", f"Sitemap: {settings.SITE_URL.rstrip('/')}/sitemap.xml"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(max_age=3600, public=True)
def catalogue_jsonld(request):
    return HttpResponse(
        json.dumps(catalogue(), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/ld+json; charset=utf-8",
    )


# A file's media type, by its extension.
MEDIA_TYPES = {output: media_type for output, (_, media_type) in dumps.FORMATS.items()}
MEDIA_TYPES["md"] = "text/markdown"


@require_safe
@cache_control(max_age=3600, public=True)
def open_data_dump(request, filename):
    path = dumps.dump_path(filename)
    if path is None:  # an unknown file, or no dump written yet
        raise Http404
    extension = filename.rpartition(".")[2]
    return FileResponse(
        default_storage.open(path, "rb"),
        content_type=f"{MEDIA_TYPES[extension]}; charset=utf-8",
        as_attachment=extension != "md",
        filename=f"peercities-{filename}",
    )
