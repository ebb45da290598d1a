"""Commitment reporting: the schedule and light rule, its constraints, who reports, the
lights on the roadmap, city and dashboard pages, and the reminders before a report is due."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from base.models import Role
from cities.models import Membership
from exchanges.models import ActionStatus, Commitment, ProgressReport
from exchanges.reporting import Light, due_dates_passed, next_due_date, reporting_light
from exchanges.selectors import reports_due_soon
from exchanges.services import report_progress
from exchanges.tasks import remind_progress_reports
from tests.factories import (
    ActionFactory,
    CityFactory,
    CommitmentFactory,
    ProgressReportFactory,
    RoadmapFactory,
    UserFactory,
)
from tests.utils import assert_constant_queries, run_commit_callbacks

pytestmark = pytest.mark.django_db

ADOPTED = datetime.date(2012, 11, 8)


def light(today, last_status=None, last_period=None, every=6, finished=False):
    return reporting_light(
        every_months=every,
        start=ADOPTED,
        last_status=last_status,
        last_period=last_period,
        today=today,
        finished=finished,
    )


# The rule, in one function


def test_due_dates_run_from_the_adoption_every_period():
    assert due_dates_passed(ADOPTED, 6, datetime.date(2013, 11, 8)) == [
        datetime.date(2013, 5, 8),
        datetime.date(2013, 11, 8),
    ]
    assert next_due_date(ADOPTED, 6, datetime.date(2013, 5, 9)) == datetime.date(2013, 11, 8)
    assert next_due_date(ADOPTED, 6, datetime.date(2013, 5, 8)) == datetime.date(2013, 5, 8)
    # The end of a shorter month: 31 January plus one month is 28 February.
    assert next_due_date(datetime.date(2013, 1, 31), 1, datetime.date(2013, 2, 1)) == (
        datetime.date(2013, 2, 28)
    )


def test_no_schedule_or_finished_has_no_light():
    assert light(datetime.date(2014, 1, 1), every=None) is None
    assert light(datetime.date(2014, 1, 1), "on-track", ADOPTED, finished=True) is None


def test_awaiting_the_first_report_until_two_periods_pass():
    assert light(datetime.date(2013, 1, 1)) == Light.AWAITING
    assert light(datetime.date(2013, 6, 1)) == Light.AWAITING  # one due date passed
    assert light(datetime.date(2013, 11, 8)) == Light.INACTIVE  # two passed, no report


@pytest.mark.parametrize("status", ["on-track", "at-risk", "off-track"])
def test_the_latest_report_gives_its_status(status):
    assert light(datetime.date(2013, 12, 1), status, datetime.date(2013, 11, 8)) == status


def test_a_report_for_one_of_the_last_two_periods_keeps_the_light():
    # Reported for May 2013, not November 2013: one period missed, not two.
    assert light(datetime.date(2013, 12, 1), "at-risk", datetime.date(2013, 5, 8)) == "at-risk"
    # Nothing for November 2013 nor May 2014: inactive.
    assert light(datetime.date(2014, 5, 8), "at-risk", datetime.date(2013, 5, 8)) == (
        Light.INACTIVE
    )


# Constraints, each on both sides


def test_a_report_is_about_one_commitment_or_one_action():
    commitment = CommitmentFactory(report_every_months=6)
    ProgressReportFactory(commitment=commitment)  # the good row
    action = ActionFactory(roadmap=commitment.roadmap)
    for target in (
        {"commitment": None, "action": None},
        {"commitment": commitment, "action": action},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            ProgressReport.objects.create(
                status="on-track",
                summary="x",
                period_ends_on=datetime.date(2014, 5, 8),
                **target,
            )


def test_one_report_per_city_and_period():
    city = CityFactory()
    report = ProgressReportFactory(city=city)
    ProgressReportFactory(commitment=report.commitment, city=CityFactory())  # another city
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReportFactory(commitment=report.commitment, city=city)
    # The network's own report (no city) too: one per period.
    ProgressReportFactory(commitment=report.commitment, city=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReportFactory(commitment=report.commitment, city=None)


def test_report_status_and_schedule_are_from_their_lists():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReportFactory(status="fine")
    CommitmentFactory(report_every_months=12)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentFactory(report_every_months=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionFactory(report_every_months=7)


# Who reports, and for which period


@pytest.fixture
def scheduled(city):
    roadmap = RoadmapFactory(adopted_on=ADOPTED)
    commitment = CommitmentFactory(roadmap=roadmap, number=2, report_every_months=6)
    action = ActionFactory(roadmap=roadmap, commitment=commitment, report_every_months=6)
    action.responsible_cities.add(city)
    return commitment, action


def test_an_official_of_a_responsible_city_reports_for_the_running_period(official, scheduled):
    commitment, action = scheduled
    report = report_progress(
        by=official,
        action=action,
        status="at-risk",
        summary="The training waits for its trainer.",
        today=datetime.date(2013, 6, 1),
    )
    assert report.city == official.membership.city
    assert report.period_ends_on == datetime.date(2013, 11, 8)
    # Through the action, the city is responsible for its commitment too.
    on_commitment = report_progress(
        by=official,
        commitment=commitment,
        status="on-track",
        summary="Met.",
        today=datetime.date(2013, 6, 1),
    )
    assert on_commitment.period_ends_on == datetime.date(2013, 11, 8)
    with pytest.raises(ValidationError) as refused:
        report_progress(
            by=official,
            action=action,
            status="on-track",
            summary="Again.",
            today=datetime.date(2013, 7, 1),
        )
    assert "already reported" in str(refused.value)


def test_other_cities_and_unscheduled_items_are_refused(scheduled, curator):
    commitment, action = scheduled
    other = UserFactory()
    other.groups.add(Group.objects.get(name=Role.OFFICIAL))
    Membership.objects.create(user=other, city=CityFactory(), verified_at=timezone.now())
    with pytest.raises(PermissionDenied):
        report_progress(by=other, action=action, status="on-track", summary="Not ours.")
    unscheduled = CommitmentFactory(roadmap=commitment.roadmap, number=5)
    with pytest.raises(ValidationError) as refused:
        report_progress(by=curator, commitment=unscheduled, status="on-track", summary="x")
    assert "commitment" in refused.value.message_dict
    action.status = ActionStatus.DONE
    action.save()
    with pytest.raises(ValidationError):
        report_progress(by=curator, action=action, status="on-track", summary="x")


# Lights on the pages, icon and words


def test_roadmap_page_shows_lights_with_icon_and_words(client, official, scheduled):
    commitment, action = scheduled
    ProgressReportFactory(
        commitment=None,
        action=action,
        status="off-track",
        period_ends_on=next_due_date(ADOPTED, 6, timezone.localdate()),
    )
    client.force_login(official)
    page = client.get(commitment.roadmap.get_absolute_url()).content.decode()
    icon = '<span class="light-icon" aria-hidden="true">✕</span>'
    assert f'class="light light-off-track">{icon} Off track' in page
    assert "light-inactive" in page  # the commitment: no report for years
    assert "Report progress" in page  # the official's city is responsible


def test_the_report_form_of_the_roadmap_page(client, official, scheduled):
    commitment, action = scheduled
    client.force_login(official)
    url = commitment.roadmap.get_absolute_url()
    response = client.post(
        f"{url}report/",
        {"action": action.pk, "status": "on-track", "summary": "Held.", "evidence_url": ""},
        follow=True,
    )
    assert "Your progress report is recorded." in response.content.decode()
    assert action.reports.get().summary == "Held."
    response = client.post(
        f"{url}report/", {"action": action.pk, "status": "bad", "summary": "x"}, follow=True
    )
    assert "Status:" in response.content.decode()


def test_city_page_and_dashboard_show_lights(client, city, scheduled):
    assert "light-inactive" in client.get(city.get_absolute_url()).content.decode()
    dashboard = client.get("/dashboard/")
    assert "Inactive: no report for two periods" in dashboard.content.decode()
    figures = client.get("/dashboard/data.json").json()["reporting_lights"]
    assert {row["light"]: row["count"] for row in figures}["inactive"] == 2


def test_roadmap_page_queries_do_not_grow_with_reports(client, scheduled):
    commitment, _action = scheduled
    url = commitment.roadmap.get_absolute_url()

    def grow():
        for number in range(3, 6):
            more = CommitmentFactory(
                roadmap=commitment.roadmap, number=number, report_every_months=3
            )
            ProgressReportFactory(commitment=more, city=CityFactory())
        extra = ActionFactory(roadmap=commitment.roadmap, report_every_months=12)
        extra.responsible_cities.add(CityFactory())
        ProgressReportFactory(commitment=None, action=extra)

    assert_constant_queries(lambda: client.get(url), grow)


# Reminders


def test_reminders_go_to_the_officials_owing_a_report_in_their_language(
    official, scheduled, monkeypatch
):
    commitment, action = scheduled
    official.membership.language = "fr"
    official.membership.save()
    due_on = next_due_date(ADOPTED, 6, timezone.localdate())
    three_days_before = due_on - datetime.timedelta(days=3)
    due = reports_due_soon(today=three_days_before)
    assert {item.item for item in due} == {commitment, action}
    monkeypatch.setattr(
        "exchanges.tasks.reports_due_soon", lambda: reports_due_soon(today=three_days_before)
    )
    assert remind_progress_reports() == 2
    run_commit_callbacks()
    assert len(mail.outbox) == 2
    assert all(message.to == [official.email] for message in mail.outbox)
    assert "/fr/roadmaps/" in mail.outbox[0].body
    # Idempotent: a second run sends nothing more.
    remind_progress_reports()
    run_commit_callbacks()
    assert len(mail.outbox) == 2


def test_no_reminder_once_the_city_reported_or_far_from_the_due_date(official, scheduled):
    commitment, action = scheduled
    due_on = next_due_date(ADOPTED, 6, timezone.localdate())
    assert reports_due_soon(today=due_on - datetime.timedelta(days=30)) == []
    ProgressReportFactory(
        commitment=None, action=action, city=official.membership.city, period_ends_on=due_on
    )
    due = reports_due_soon(today=due_on - datetime.timedelta(days=1))
    assert [item.item for item in due] == [commitment]


def test_my_data_lists_the_reports_a_person_made(official, scheduled):
    from portal.personal_data import personal_data

    _commitment, action = scheduled
    report_progress(by=official, action=action, status="on-track", summary="Held.")
    (row,) = personal_data(official)["progress_reports"]
    assert row["action"] == action.pk and row["city"] == "maputo" and row["summary"] == "Held."


# Last: the demo network, loaded once for the module, stays until its end.
def test_the_demo_roadmap_reports_from_the_sources(demo_network):
    commitment = Commitment.objects.get(roadmap__slug="maputo-roadmap-2012", number=2)
    assert commitment.report_every_months == 6
    assert [r.city.slug for r in commitment.reports.order_by("period_ends_on")] == [
        "durban",
        "maputo",
    ]
    # The sources stop in 2013: two periods without a report since.
    assert commitment.reporting_light() == Light.INACTIVE
