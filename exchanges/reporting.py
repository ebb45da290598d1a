"""The reporting rule of roadmaps: when the responsible cities owe a progress report on a
commitment or an action, and the light its reports give. One function decides the light
(`reporting_light`), for the roadmap page, the city page, the dashboard and the API alike;
the reminders and the reports' periods read the same due dates (`next_due_date`).

A schedule of every N months runs from the day the roadmap was adopted: a report is due
at the end of each period (adopted on 8 November 2012, every six months: 8 May 2013,
8 November 2013...). A report answers the period it is written in, the next due date on
or after its day. The light is the status of the latest report, unless neither of the
last two due dates got one: then the item is *inactive*. Before any report, and until
two due dates have passed, it *awaits* its first report. Actions done or dropped report
no more and have no light.
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from base.dates import months_before


class ReportStatus(models.TextChoices):
    """What a responsible city says of its progress in a report."""

    ON_TRACK = "on-track", _("On track")
    AT_RISK = "at-risk", _("At risk")
    OFF_TRACK = "off-track", _("Off track")


class Light(models.TextChoices):
    ON_TRACK = "on-track", _("On track")
    AT_RISK = "at-risk", _("At risk")
    OFF_TRACK = "off-track", _("Off track")
    INACTIVE = "inactive", _("Inactive: no report for two periods")
    AWAITING = "awaiting", _("No report yet")


# The icon each light shows beside its words: a light is never told by colour alone.
LIGHT_ICONS = {
    Light.ON_TRACK: "✓",
    Light.AT_RISK: "!",
    Light.OFF_TRACK: "✕",
    Light.INACTIVE: "○",
    Light.AWAITING: "…",
}


def due_date(start: datetime.date, every_months: int, period: int) -> datetime.date:
    """The day the `period`-th report (from 1) is due."""
    return months_before(start, -every_months * period)


def due_dates_passed(
    start: datetime.date, every_months: int, today: datetime.date
) -> list[datetime.date]:
    """The due dates on or before `today`, oldest first."""
    dates = []
    period = 1
    while (day := due_date(start, every_months, period)) <= today:
        dates.append(day)
        period += 1
    return dates


def next_due_date(start: datetime.date, every_months: int, today: datetime.date) -> datetime.date:
    """The first due date on or after `today`: the end of the period a report written
    today answers."""
    period = 1
    while (day := due_date(start, every_months, period)) < today:
        period += 1
    return day


def reporting_light(
    *,
    every_months: int | None,
    start: datetime.date,
    last_status: str | None,
    last_period: datetime.date | None,
    today: datetime.date,
    finished: bool = False,
) -> Light | None:
    """The light of a commitment or an action: None without a schedule or once finished;
    else see the module's rule. `last_status` and `last_period` are those of its latest
    report (the one answering the latest due date), None without any."""
    if every_months is None or finished:
        return None
    passed = due_dates_passed(start, every_months, today)
    if len(passed) >= 2 and (last_period is None or last_period < passed[-2]):
        return Light.INACTIVE
    if last_status is None:
        return Light.AWAITING
    return Light(last_status)
