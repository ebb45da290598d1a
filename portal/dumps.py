"""Nightly bulk dumps of the open data: every public city, event, roadmap and practice
as CSV, GeoJSON, iCalendar and JSON files, each with a README of its fields.

A dump is what the API's list answers to an anonymous client, whole and unpaginated:
it is made by the API's own viewsets, filters, serializers and renderers. Each run
writes a new folder of Django's default storage (`open-data/<UTC time>/`), the README
last; readers are served the newest folder holding a README (`/data/<file>`), so a
run in progress or one that failed half-way is never served, and the files a reader
is downloading stay until the run after next.
"""

import datetime
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

from base.api.renderers import CSVRenderer, GeoJSONRenderer, ICalendarRenderer
from base.api.views import EXPORT_CHUNK_SIZE
from base.site import site_host, site_url
from cities.api.views import CityViewSet
from exchanges.api.views import RoadmapViewSet
from practices.api.views import PracticeViewSet

from .api.events import EventViewSet

DUMPS_FOLDER = "open-data"
README = "README.md"
# Runs kept: the newest, and the one before for the readers still downloading it.
RUNS_KEPT = 2

# Format: (renderer, media type). JSON is the list serializer's rows, as an array.
FORMATS = {
    "csv": (CSVRenderer, CSVRenderer.media_type),
    "geojson": (GeoJSONRenderer, GeoJSONRenderer.media_type),
    "ics": (ICalendarRenderer, ICalendarRenderer.media_type),
    "json": (JSONRenderer, "application/json"),
}


@dataclass(frozen=True)
class Dataset:
    name: str
    title: Promise
    description: Promise
    viewset: type
    # The API's route name (`api-v1:<basename>-list`).
    basename: str
    # The page that lists it.
    page: str
    formats: tuple[str, ...]

    @property
    def api_path(self) -> str:
        return reverse(f"api-v1:{self.basename}-list")

    def filename(self, output: str) -> str:
        return f"{self.name}.{output}"


DATASETS = (
    Dataset(
        name="cities",
        title=_("Cities of the PeerCities network"),
        description=_(
            "Cities taking part in city-to-city peer learning on decent work: country, "
            "ILO region, population, coordinates, key sectors and networks."
        ),
        viewset=CityViewSet,
        basename="city",
        page="city-list",
        formats=("csv", "geojson", "json"),
    ),
    Dataset(
        name="events",
        title=_("Peer learning exchanges"),
        description=_(
            "Peer learning events between cities: dates and how precisely they are "
            "known, host city, venue, kind, modality and its reason, large forums, "
            "Decent Work pillars, SDGs and the learning cycle."
        ),
        viewset=EventViewSet,
        basename="event",
        page="event-list",
        formats=("csv", "ics", "json"),
    ),
    Dataset(
        name="roadmaps",
        title=_("Roadmaps"),
        description=_(
            "Roadmaps adopted at exchanges, with their signatories, commitments, "
            "actions and progress."
        ),
        viewset=RoadmapViewSet,
        basename="roadmap",
        page="roadmap-list",
        formats=("json",),
    ),
    Dataset(
        name="practices",
        title=_("Good practices of decent work in cities"),
        description=_(
            "Published good practices with their city, Decent Work pillars, SDGs, "
            "sectors, criteria and results."
        ),
        viewset=PracticeViewSet,
        basename="practice",
        page="practice-list",
        formats=("csv", "json"),
    ),
)


def dump_filenames() -> set[str]:
    return {README} | {
        dataset.filename(output) for dataset in DATASETS for output in dataset.formats
    }


class SiteRequest(HttpRequest):
    """An anonymous GET of the public site (SITE_URL), made outside any HTTP request:
    the dumps see what an anonymous API client sees, with links to the public site."""

    def __init__(self, path: str):
        super().__init__()
        self.method = "GET"
        self.path = self.path_info = path
        self.GET = QueryDict("")
        self.META = {"REQUEST_METHOD": "GET", "QUERY_STRING": ""}
        self.user = AnonymousUser()

    def get_host(self) -> str:
        return site_host()

    def _get_scheme(self) -> str:
        return urlsplit(site_url()).scheme


def _list_view(dataset: Dataset, renderer):
    view = dataset.viewset(
        action_map={"get": "list"}, action="list", args=(), kwargs={}, format_kwarg=None
    )
    request = view.initialize_request(SiteRequest(dataset.api_path))
    request.accepted_renderer = renderer
    request.accepted_media_type = renderer.media_type
    view.request = request
    return view


def dump_chunks(dataset: Dataset, output: str) -> Iterator[str]:
    """The text of one dump file, chunk by chunk, rows read a chunk at a time."""
    renderer = FORMATS[output][0]()
    view = _list_view(dataset, renderer)
    queryset = view.filter_queryset(view.get_queryset())
    context = view.get_serializer_context()
    if output == "json":
        serializer_class = view.get_serializer_class()
    else:
        serializer_class = view.get_export_serializer_class(renderer)
    rows = (
        serializer_class(instance, context=context).data
        for instance in queryset.iterator(chunk_size=EXPORT_CHUNK_SIZE)
    )
    if output != "json":
        fields = list(serializer_class(context=context).fields)
        yield from renderer.stream(rows, fields, title=str(dataset.title))
        return
    separator = "[\n"
    for row in rows:
        yield separator + json.dumps(row, cls=JSONEncoder, ensure_ascii=False)
        separator = ",\n"
    yield "[]\n" if separator == "[\n" else "\n]\n"


def field_descriptions(dataset: Dataset, output: str) -> list[tuple[str, str]]:
    """(name, description) of each field of a dump file, read from its serializer."""
    renderer = FORMATS[output][0]()
    view = _list_view(dataset, renderer)
    if output == "json":
        serializer_class = view.get_serializer_class()
    else:
        serializer_class = view.get_export_serializer_class(renderer)
    fields = serializer_class(context=view.get_serializer_context()).fields
    return [(name, _description(name, field)) for name, field in fields.items()]


def _description(name: str, field) -> str:
    """A field's help text, else its label unless the label only repeats the name."""
    text = str(field.help_text or field.label or "").strip()
    return "" if text.lower().replace(" ", "_") == name.lower() else text


def readme_text(dataset_list=DATASETS) -> str:
    lines = [
        "# PeerCities open data",
        "",
        f"Written {timezone.now():%Y-%m-%d %H:%M} UTC from {site_url()}/ .",
        f"Licence: {settings.DATA_LICENSE_NAME} ({settings.DATA_LICENSE_URL}).",
        f"Catalogue (DCAT-AP, JSON-LD): {site_url()}/catalog.jsonld",
        "",
        "Each file holds what the API's list answers an anonymous client, whole: "
        "CSV with a header row (lists joined with '; ', references by their slug, "
        "number or code), GeoJSON (RFC 7946), iCalendar (RFC 5545), JSON (an array "
        "of the API's rows).",
    ]
    for dataset in dataset_list:
        lines += ["", f"## {dataset.name}: {dataset.title}", "", str(dataset.description), ""]
        lines.append(f"API: {site_url()}{dataset.api_path}")
        for output in dataset.formats:
            lines += ["", f"### {dataset.filename(output)}", ""]
            if output == "geojson":
                lines += ["Point features; `latitude` and `longitude` make the geometry.", ""]
            if output == "ics":
                lines += ["One VEVENT per event, with these properties.", ""]
            lines += [
                f"- `{name}`: {description}" if description else f"- `{name}`"
                for name, description in field_descriptions(dataset, output)
            ]
    return "\n".join(lines) + "\n"


def _run_folders() -> list[str]:
    """The runs' folders, oldest first (their names are UTC times)."""
    if not default_storage.exists(DUMPS_FOLDER):
        return []
    folders, _files = default_storage.listdir(DUMPS_FOLDER)
    return sorted(folders)


def latest_run() -> str | None:
    """The folder of the newest complete run (its README written), or None."""
    for folder in reversed(_run_folders()):
        if default_storage.exists(f"{DUMPS_FOLDER}/{folder}/{README}"):
            return folder
    return None


def latest_run_time() -> datetime.datetime | None:
    folder = latest_run()
    if folder is None:
        return None
    return datetime.datetime.strptime(folder, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=datetime.UTC)


def dump_path(filename: str) -> str | None:
    """The storage name of a file of the newest complete run, or None."""
    folder = latest_run()
    if folder is None or filename not in dump_filenames():
        return None
    return f"{DUMPS_FOLDER}/{folder}/{filename}"


def _remove_folder(folder: str) -> None:
    path = f"{DUMPS_FOLDER}/{folder}"
    _dirs, files = default_storage.listdir(path)
    for name in files:
        default_storage.delete(f"{path}/{name}")
    default_storage.delete(path)


def write_dumps() -> str:
    """Write every dump and its README into a new run's folder; drop the runs older than
    the last RUNS_KEPT. Returns the folder's name."""
    folder = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = f"{DUMPS_FOLDER}/{folder}"
    for dataset in DATASETS:
        for output in dataset.formats:
            with tempfile.TemporaryFile() as scratch:
                for chunk in dump_chunks(dataset, output):
                    scratch.write(chunk.encode("utf-8"))
                scratch.seek(0)
                default_storage.save(f"{path}/{dataset.filename(output)}", File(scratch))
    # Last: a run is complete, and served, once its README is there.
    default_storage.save(f"{path}/{README}", ContentFile(readme_text().encode("utf-8")))
    for old in _run_folders()[:-RUNS_KEPT]:
        _remove_folder(old)
    return folder
