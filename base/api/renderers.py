"""Exports: whole filtered lists as CSV, GeoJSON or iCalendar, streamed row by row.

An export renderer turns an iterable of serialized rows into chunks of text, so a list
of any length is sent without holding it in memory or cutting it into pages.
"""

import csv
import datetime
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.renderers import BaseRenderer
from rest_framework.utils.encoders import JSONEncoder

# The keys that identify a nested reference, in the order they are looked for.
REFERENCE_KEYS = ("slug", "number", "code")


class StreamingRenderer(BaseRenderer):
    """A renderer for whole lists: the view hands it rows, it answers a streamed file."""

    charset = "utf-8"
    extension = ""

    def stream(
        self, rows: Iterable[Mapping], fields: list[str], *, title: str = ""
    ) -> Iterator[str]:
        """The file's text, chunk by chunk; `title` names the whole list where the format
        has a place for it."""
        raise NotImplementedError

    def preamble(self, query: Mapping[str, str]) -> str:
        """What goes before the rows, as the query parameters ask; raises ValidationError
        for a value it does not know (before the response starts)."""
        return ""

    def streaming_response(
        self,
        rows: Iterable[Mapping],
        *,
        fields: list[str],
        filename: str,
        query: Mapping[str, str] | None = None,
        title: str = "",
    ) -> StreamingHttpResponse:
        chunks = itertools.chain(
            [self.preamble(query or {})], self.stream(rows, fields, title=title)
        )
        response = StreamingHttpResponse(
            (chunk.encode(self.charset) for chunk in chunks),
            content_type=f"{self.media_type}; charset={self.charset}",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.{self.extension}"'
        return response


class _Line:
    """What `csv.writer` writes to: hands back each line instead of storing it."""

    def write(self, line: str) -> str:
        return line


# What a spreadsheet takes for the start of a formula, also after spaces.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_a_formula(text: str) -> bool:
    return text.lstrip(" ").startswith(FORMULA_STARTS)


def csv_cell(value) -> str:
    """A flat cell: a reference by its identifier, a list joined with '; ', and text that
    a spreadsheet would run as a formula kept as text (a leading quote)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return csv_cell(next(value[key] for key in REFERENCE_KEYS if key in value))
    if isinstance(value, list):
        return "; ".join(csv_cell(item) for item in value)
    text = str(value)
    if isinstance(value, str) and looks_like_a_formula(text):
        return "'" + text
    return text


def data_license() -> dict[str, str]:
    """The licence of the open data, as OpenAPI and the GeoJSON export name it."""
    return {"name": settings.DATA_LICENSE_NAME, "url": settings.DATA_LICENSE_URL}


def license_link() -> str:
    """A `Link` header value pointing at the licence (RFC 8288, `license` from RFC 4946)."""
    return f'<{settings.DATA_LICENSE_URL}>; rel="license"'


# `?bom=1` starts a CSV file with a byte order mark: Excel then reads it as UTF-8 and keeps
# accents (Odienné, São Paulo), which it garbles otherwise.
BYTE_ORDER_MARK_PARAMETER = "bom"
BYTE_ORDER_MARK_VALUES = {"0": False, "false": False, "1": True, "true": True}


def byte_order_mark_requested(query: Mapping[str, str]) -> bool:
    if BYTE_ORDER_MARK_PARAMETER not in query:
        return False
    value = query.get(BYTE_ORDER_MARK_PARAMETER, "").strip().lower()
    if value not in BYTE_ORDER_MARK_VALUES:
        message = _("Use 1 or true for a file that starts with a byte order mark, for Excel.")
        raise ValidationError({BYTE_ORDER_MARK_PARAMETER: [message]})
    return BYTE_ORDER_MARK_VALUES[value]


class CSVRenderer(StreamingRenderer):
    """The project's one CSV writer, for the API's exports and the pages' alike: every
    cell goes through `csv_cell`; `?bom=1` adds a byte order mark, for Excel."""

    media_type = "text/csv"
    format = "csv"
    extension = "csv"

    def preamble(self, query):
        return "\ufeff" if byte_order_mark_requested(query) else ""

    def stream(self, rows, fields, *, title=""):
        writer = csv.writer(_Line())
        yield writer.writerow(fields)
        for row in rows:
            yield writer.writerow([csv_cell(row[field]) for field in fields])


class GeoJSONRenderer(StreamingRenderer):
    """A FeatureCollection (RFC 7946) of points, one per row with `latitude` and `longitude`;
    the other fields become the feature's properties."""

    media_type = "application/geo+json"
    format = "geojson"
    extension = "geojson"

    def feature(self, row: Mapping) -> dict:
        properties = dict(row)
        latitude, longitude = properties.pop("latitude"), properties.pop("longitude")
        return {
            "type": "Feature",
            "id": row["slug"],
            "geometry": {"type": "Point", "coordinates": [float(longitude), float(latitude)]},
            "properties": properties,
        }

    def stream(self, rows, fields, *, title=""):
        # A foreign member (RFC 7946, 6.1) naming the licence of the data.
        license_member = json.dumps(data_license(), ensure_ascii=False)
        yield f'{{"type": "FeatureCollection", "license": {license_member}, "features": ['
        separator = ""
        for row in rows:
            yield separator + json.dumps(self.feature(row), cls=JSONEncoder, ensure_ascii=False)
            separator = ", "
        yield "]}\n"


def ical_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545, 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def ical_date(day: datetime.date) -> str:
    return f"{day.year:04}{day.month:02}{day.day:02}"


def ical_value(name: str, value) -> tuple[str, str]:
    """The parameters and the written value of property `name` (RFC 5545, 3.3)."""
    # Formatted by hand: strftime writes year 1 as "1" where RFC 5545 needs four digits.
    if isinstance(value, datetime.datetime):
        moment = value.astimezone(datetime.UTC)
        return "", f"{ical_date(moment)}T{moment.hour:02}{moment.minute:02}{moment.second:02}Z"
    if isinstance(value, datetime.date):
        return ";VALUE=DATE", ical_date(value)
    if isinstance(value, int):
        return "", str(value)
    if name == "GEO":
        latitude, longitude = value
        return "", f"{float(latitude):.6f};{float(longitude):.6f}"
    if name == "URL":
        return "", value
    return "", ical_text(value)


def ical_fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets (RFC 5545, 3.1), never inside
    a UTF-8 character, each continuation starting with a space."""
    parts, current, size, limit = [], [], 0, 75
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, 74
        current.append(char)
        size += octets
    parts.append("".join(current))
    return "\r\n ".join(parts) + "\r\n"


class ICalendarRenderer(StreamingRenderer):
    """An iCalendar file (RFC 5545) with one VEVENT per row.

    A row maps property names (lower case, `_` for `-`) to values: a `datetime.date` is written as
    a DATE, a `datetime` in UTC, `geo` as a (latitude, longitude) pair, `url` as a URI and
    any other string as escaped TEXT. Empty values are left out."""

    media_type = "text/calendar"
    format = "ics"
    extension = "ics"
    product_id = "-//PeerCities//Peer learning events//EN"

    def stream(self, rows, fields, *, title=""):
        yield "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        yield f"PRODID:{self.product_id}\r\nCALSCALE:GREGORIAN\r\n"
        if title:
            # NAME is RFC 7986's; X-WR-CALNAME what most calendar clients still read.
            yield "".join(
                ical_fold(f"{name}:{ical_text(title)}") for name in ("NAME", "X-WR-CALNAME")
            )
        # No standard property names a licence (RFC 5545, 3.8.8.2: an X- property).
        yield ical_fold(f"X-LICENSE:{ical_text(settings.DATA_LICENSE_NAME)}")
        yield ical_fold(f"X-LICENSE-URL:{settings.DATA_LICENSE_URL}")
        stamp = timezone.now()
        for row in rows:
            lines = ["BEGIN:VEVENT", *self.properties({"dtstamp": stamp, **row}), "END:VEVENT"]
            yield "".join(ical_fold(line) for line in lines)
        yield "END:VCALENDAR\r\n"

    def properties(self, row: Mapping) -> Iterator[str]:
        for key, value in row.items():
            if value in (None, ""):
                continue
            name = key.upper().replace("_", "-")
            parameters, written = ical_value(name, value)
            yield f"{name}{parameters}:{written}"
