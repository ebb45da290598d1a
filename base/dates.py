import calendar
import datetime
from collections.abc import Mapping

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

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
