from django import template
from django.utils import translation
from django.utils.dateformat import format as date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from base.dates import EN_DASH, iso_date, period_parts
from base.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    return mark_safe(render_markdown(text))  # sanitized by nh3


@register.filter
def percent(value: float | None) -> int | None:
    return None if value is None else round(value * 100)


def _luminance(colour: str) -> float:
    """The relative luminance of a `#rrggbb` colour (WCAG 2)."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    red, green, blue = (
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    )
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


DARK_TEXT, LIGHT_TEXT = "#111111", "#ffffff"


@register.filter
def text_colour(background: str) -> str:
    """White text on `background` when it reads well enough (WCAG AA, 4.5:1), else the
    colour that contrasts most: SDG tiles keep their official colours and stay legible."""
    try:
        luminance = _luminance(background)
    except (ValueError, IndexError, AttributeError):
        return DARK_TEXT
    on_white = 1.05 / (luminance + 0.05)
    on_dark = (luminance + 0.05) / (_luminance(DARK_TEXT) + 0.05)
    if on_white >= 4.5 or on_white >= on_dark:
        return LIGHT_TEXT
    return DARK_TEXT


@register.simple_tag(takes_context=True)
def toggle_query(context, name: str, value) -> str:
    """The current URL with filter `name` set to `value`, or removed when it already has
    that value; back to the first page either way."""
    request = context["request"]
    params = request.GET.copy()
    params.pop("page", None)
    if params.get(name) == str(value):
        params.pop(name)
    else:
        params[name] = str(value)
    return f"?{params.urlencode()}" if params else request.path


@register.simple_tag(takes_context=True)
def without_query(context, *names: str) -> str:
    """The current URL without the parameters `names` (nor the page)."""
    request = context["request"]
    params = request.GET.copy()
    for name in (*names, "page"):
        params.pop(name, None)
    return f"?{params.urlencode()}" if params else request.path


@register.filter
def without(items, excluded) -> list:
    """`items` but `excluded` (e.g. a partnership's other cities)."""
    return [item for item in items if item != excluded]


@register.simple_tag
def period(start, end=None, precision="day"):
    """A date or span of dates as precisely as it is known, in `<time>` elements
    (base.dates.period_parts)."""
    if start is None:
        return ""
    times = [
        format_html('<time datetime="{}">{}</time>', iso_date(day, precision), text)
        for day, text in period_parts(start, end, precision)
    ]
    return format_html_join(f" {EN_DASH} ", "{}", ((time,) for time in times))


def _short_month(value) -> str:
    """The month's short name as the active language writes it: "Jun" in English, lower
    case elsewhere ("juin", "junio", "junho", "fev."). Django's "M" title-cases every language
    ("Jui" for juin), and its Portuguese catalogue capitalizes months."""
    if translation.get_language() in (None, "en"):
        return date_format(value, "M")
    return date_format(value, "N").lower()


@register.filter(expects_localtime=True)
def month_year(value) -> str:
    """A month, short: "Jun 2013", "juin 2013", "junio 2013", "junho 2013"."""
    if not value:
        return ""
    return f"{_short_month(value)} {value.year}"


@register.filter(expects_localtime=True)
def day_month_year(value) -> str:
    """A date, short: "5 Jun 2013", "5 juin 2013", "5 junio 2013", "5 junho 2013"."""
    if not value:
        return ""
    return f"{value.day} {_short_month(value)} {value.year}"
