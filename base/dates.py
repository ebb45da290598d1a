import calendar
import datetime
from collections.abc import Mapping

from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast, ExtractDay, ExtractMonth
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy, gettext_noop
from django.utils.translation import gettext as _

# The months' names as Django's dates use them ("26 November 2012"), marked here so that
# the project's catalogues carry them and win over Django's: its Portuguese catalogue
# capitalizes them ("26 de Novembro de 2012"), where Brazilian Portuguese, like French
# and Spanish, writes them in lower case ("26 de novembro de 2012").
# Translators: a month's name inside a date, in lower case where the language wants it.
MONTH_NAMES = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier, clamped to the end of a shorter month
    (31 March minus one month is 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day))


# The window of a date written in the network: no record goes back before 1990, and
# nothing is planned more than ten years ahead. A date outside it is a typo (2204 for
# 2024) or an attack (9999-12-31 broke the calendar export). The lower bound is also a
# database constraint (`on_or_after_earliest_date`); the upper one moves with today.
EARLIEST_DATE = datetime.date(1990, 1, 1)
YEARS_AHEAD = 10


def years_after(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` years later, 29 February becoming 28 February."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def latest_date(today: datetime.date | None = None) -> datetime.date:
    return years_after(today or timezone.localdate(), YEARS_AHEAD)


def date_window_errors(
    dates: Mapping[str, datetime.date | None], *, today: datetime.date | None = None
) -> dict[str, str]:
    """An error for each of the named `dates` outside the window, by field name, for a
    model's `clean()`; None is no date and no error."""
    last = latest_date(today)
    message = _("Give a date between %(first)s and %(last)s.") % {
        "first": EARLIEST_DATE.isoformat(),
        "last": last.isoformat(),
    }
    return {
        name: message
        for name, day in dates.items()
        if day is not None and not EARLIEST_DATE <= day <= last
    }


def year_window_error(year: int | None, *, today: datetime.date | None = None) -> str | None:
    """Why `year` (of something that has happened) is outside the window, or None."""
    this_year = (today or timezone.localdate()).year
    if year is None or EARLIEST_DATE.year <= year <= this_year:
        return None
    return _("Give a year between %(first)s and %(last)s.") % {
        "first": EARLIEST_DATE.year,
        "last": this_year,
    }


def on_or_after_earliest_date(field: str, *, nullable: bool = False) -> Q:
    """The condition of a CheckConstraint: `field` is not before the window."""
    condition = Q(**{f"{field}__gte": EARLIEST_DATE})
    return Q(**{f"{field}__isnull": True}) | condition if nullable else condition


def day_after(day: datetime.date) -> datetime.date:
    """The next day; the last day of the calendar (9999-12-31) has none and stays."""
    return day if day == datetime.date.max else day + datetime.timedelta(days=1)


# The origin of revision numbers: seconds since then fit RFC 5545's 32-bit INTEGER
# until 2088.
REVISION_EPOCH = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def revision_number(updated_at: datetime.datetime) -> int:
    """A number that grows with each change of a record (an iCalendar SEQUENCE), read
    from the moment of its last change: no counter to keep."""
    return max(0, int((updated_at - REVISION_EPOCH).total_seconds()))


class DatePrecision(models.TextChoices):
    """How precisely the sources date something: "June 2013" is stored as the first and
    last day of June with precision `month`, and shown as "June 2013", never as
    "1 June - 30 June 2013"."""

    DAY = "day", gettext_lazy("day")
    MONTH = "month", gettext_lazy("month")
    YEAR = "year", gettext_lazy("year")


def _last_day(day: datetime.date, precision: str) -> datetime.date:
    if precision == DatePrecision.YEAR:
        return day.replace(month=12, day=31)
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def precision_errors(
    precision: str,
    *,
    start: tuple[str, datetime.date | None],
    end: tuple[str, datetime.date | None],
) -> dict[str, str]:
    """For a model's `clean()`: a period dated to the month (or year) starts on the first
    day of a month (of a year) and ends on the last day of one. The start is also a
    database constraint (`period_start_q`)."""
    (start_name, start_day), (end_name, end_day) = start, end
    errors = {}
    if precision == DatePrecision.DAY:
        return errors
    if start_day and start_day != _first_day(start_day, precision):
        errors[start_name] = (
            _("A date known to the month starts on the first of the month.")
            if precision == DatePrecision.MONTH
            else _("A date known to the year starts on 1 January.")
        )
    if end_day and end_day != _last_day(end_day, precision):
        errors[end_name] = (
            _("A date known to the month ends on the last day of a month.")
            if precision == DatePrecision.MONTH
            else _("A date known to the year ends on 31 December.")
        )
    return errors


def _first_day(day: datetime.date, precision: str) -> datetime.date:
    if precision == DatePrecision.YEAR:
        return day.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return day.replace(day=1)
    return day


def period_start_q(field: str, precision_field: str) -> Q:
    """The condition of a CheckConstraint: a date known to the month (year) is the first
    day of its month (year)."""
    # Cast: when full_clean() checks the constraint the date is a literal, whose type
    # PostgreSQL cannot guess for EXTRACT.
    day = Cast(field, models.DateField())
    first_of_month = Exact(ExtractDay(day), 1)
    return (
        Q(**{precision_field: DatePrecision.DAY})
        | (Q(**{precision_field: DatePrecision.MONTH}) & Q(first_of_month))
        | (
            Q(**{precision_field: DatePrecision.YEAR})
            & Q(first_of_month)
            & Q(Exact(ExtractMonth(day), 1))
        )
    )


EN_DASH = "\u2013"


# Languages that write month names in lower case ("juin 2013", "junio de 2013",
# "junho de 2013"), whatever case Django's translations give them.
LOWER_CASE_MONTHS = frozenset({"fr", "es", "pt"})


def format_date(day: datetime.date, precision: str = DatePrecision.DAY) -> str:
    """`day` as precisely as it is known, in the active language: "7 November 2012",
    "juin 2013", "junio de 2013", "2013"."""
    if precision == DatePrecision.YEAR:
        return str(day.year)
    text = date_format(
        day, "YEAR_MONTH_FORMAT" if precision == DatePrecision.MONTH else "DATE_FORMAT"
    )
    if (get_language() or "").split("-")[0] in LOWER_CASE_MONTHS:
        month = date_format(day, "F")
        text = text.replace(month, month.lower(), 1)
    return text


def period_parts(
    start: datetime.date, end: datetime.date | None = None, precision: str = DatePrecision.DAY
) -> list[tuple[datetime.date, str]]:
    """The ends of a period as they are written, each with its date: one when both ends
    fall in the same day, month or year of that precision, else two."""
    first = format_date(start, precision)
    if end is None:
        return [(start, first)]
    last = format_date(end, precision)
    return [(start, first)] if first == last else [(start, first), (end, last)]


def format_period(
    start: datetime.date, end: datetime.date | None = None, precision: str = DatePrecision.DAY
) -> str:
    """The one way a date or a span of dates is written on pages, in the dossier and in
    calendars: each end as precisely as it is known, and once when both ends fall in the
    same day, month or year of that precision ("June 2013", not "1 June - 30 June 2013")."""
    return f" {EN_DASH} ".join(text for _day, text in period_parts(start, end, precision))


def iso_date(day: datetime.date, precision: str = DatePrecision.DAY) -> str:
    """`day` for a machine (an HTML `<time datetime>`): 2013-06-01, 2013-06 or 2013."""
    if precision == DatePrecision.YEAR:
        return f"{day.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


# The UN General Assembly adopted the 2030 Agenda and its SDGs on 25 September 2015
# (resolution 70/1). An event or practice that started before then did not name them:
# its SDG tags were mapped later, by the network's curators, and pages say so.
SDG_ADOPTION_DATE = datetime.date(2015, 9, 25)


def sdgs_mapped_later(start: datetime.date | None) -> bool:
    """Whether SDG tags on something that started on `start` were mapped after the fact."""
    return start is not None and start < SDG_ADOPTION_DATE
