"""Roadmap follow-up, review cards, verification and anonymization of personal data."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from exchanges.models import Action, ActionStatus, Registration
from exchanges.services import anonymize_registrations, update_action_status
from practices.models import Practice, ReviewCard, ReviewDecision
from practices.services import decide_on_practice, submit_practice, verify_practice
from tests.factories import (
    ActionFactory,
    CityFactory,
    EventFactory,
    PracticeFactory,
    RegistrationFactory,
    RoadmapFactory,
)

pytestmark = pytest.mark.django_db

DUE = datetime.date(2013, 6, 30)


@pytest.mark.parametrize(
    ("today", "status", "overdue"),
    [
        (DUE - datetime.timedelta(days=1), ActionStatus.PLANNED, False),
        (DUE, ActionStatus.PLANNED, False),
        (DUE + datetime.timedelta(days=1), ActionStatus.PLANNED, True),
        (DUE + datetime.timedelta(days=1), ActionStatus.IN_PROGRESS, True),
        (DUE + datetime.timedelta(days=1), ActionStatus.DONE, False),
        (DUE + datetime.timedelta(days=1), ActionStatus.DROPPED, False),
    ],
)
def test_overdue_actions(official, city, today, status, overdue):
    action = ActionFactory(due_date=DUE, status=status)
    action.responsible_cities.add(city)  # a city with a verified official: it can act
    assert action.is_overdue(today) is overdue
    assert Action.objects.overdue(today).filter(pk=action.pk).exists() is overdue
    annotated = Action.objects.with_follow_up().get(pk=action.pk)
    assert annotated.is_overdue(today) is overdue


@pytest.mark.parametrize(
    ("today", "follow_up"),
    [
        (DUE + datetime.timedelta(days=1), "overdue"),
        (datetime.date(2014, 6, 30), "overdue"),  # 12 months on: still the present
        (datetime.date(2014, 7, 1), "not-recorded"),  # history
    ],
)
def test_overdue_is_kept_for_the_present(official, city, today, follow_up):
    action = ActionFactory(due_date=DUE)
    action.responsible_cities.add(city)
    assert action.follow_up(today) == follow_up
    assert Action.objects.not_recorded(today).filter(pk=action.pk).exists() is (
        follow_up == "not-recorded"
    )


def test_overdue_needs_an_owner_who_can_act(official, city):
    today = DUE + datetime.timedelta(days=1)
    nobody = ActionFactory(due_date=DUE)  # no responsible city
    unverified = ActionFactory(due_date=DUE)
    unverified.responsible_cities.add(CityFactory())
    official.membership.verified_at = None
    official.membership.save()
    unverified.responsible_cities.add(city)
    for action in (nobody, unverified):
        assert action.follow_up(today) == "not-recorded"
        assert not Action.objects.overdue(today).filter(pk=action.pk).exists()
    official.membership.verified_at = datetime.datetime(2013, 1, 1, tzinfo=datetime.UTC)
    official.membership.save()
    assert unverified.follow_up(today) == "overdue"
    official.is_active = False
    official.save()
    assert unverified.follow_up(today) == "not-recorded"


def test_closed_and_future_actions_are_neither(official, city):
    today = DUE + datetime.timedelta(days=1)
    assert ActionFactory(due_date=DUE, status="done").follow_up(today) == "closed"
    assert ActionFactory(due_date=None).follow_up(today) == "open"
    assert ActionFactory(due_date=today).follow_up(today) == "open"


def test_an_action_status_change_keeps_who_when_and_evidence(curator):
    roadmap = RoadmapFactory()
    action = ActionFactory(roadmap=roadmap)
    ActionFactory(roadmap=roadmap)
    dakar = EventFactory(title="Africities Dakar")
    update_action_status(action=action, status="in-progress", by=curator, note="Agenda set")
    update_action_status(
        action=action,
        status="done",
        by=curator,
        evidence_url="https://www.uclg.org/dakar",
        event=dakar,
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert action.carried_out_by == dakar
    assert [(u.previous_status, u.status) for u in action.updates.all()] == [
        ("planned", "in-progress"),
        ("in-progress", "done"),
    ]
    assert action.updates.last().by == curator
    assert roadmap.progress == 0.5


def test_an_unknown_action_status_is_refused_and_nothing_changes(curator):
    action = ActionFactory()
    with pytest.raises(ValidationError) as error:
        update_action_status(action=action, status="finished", by=curator)
    assert "status" in error.value.message_dict
    action.refresh_from_db()
    assert action.status == ActionStatus.PLANNED
    assert not action.updates.exists()


CARD = {
    "sustainability": 4,
    "sustainability_justification": "Funded by the municipal budget since 2010.",
    "innovation": 3,
    "innovation_justification": "Adapts a known training package.",
    "horizontal_cooperation": 5,
    "horizontal_cooperation_justification": "Shared with three cities.",
    "evidence_of_results": 4,
    "evidence_of_results_justification": "Before and after survey.",
}


def test_a_review_card_is_kept_across_later_edits(curator):
    practice = PracticeFactory(status="draft", published_at=None, verified_on=None)
    submit_practice(practice=practice, by=curator)
    decide_on_practice(decision=ReviewDecision.PUBLISHED, practice=practice, by=curator, card=CARD)
    practice.refresh_from_db()
    practice.summary = "Edited after publication"
    practice.save()
    card = ReviewCard.objects.get(review__practice=practice)
    assert card.total == 16
    assert card.review.decision == "published"


@pytest.mark.parametrize(
    "bad", [{"innovation": 0}, {"innovation": 6}, {"innovation_justification": ""}]
)
def test_review_card_scores_are_1_to_5_and_justified(curator, bad):
    practice = PracticeFactory(status="submitted", published_at=None, verified_on=None)
    with pytest.raises(ValidationError):
        decide_on_practice(
            decision=ReviewDecision.PUBLISHED, practice=practice, by=curator, card={**CARD, **bad}
        )
    practice.refresh_from_db()
    assert practice.status == "submitted"
    review_card = ReviewCard.objects.count()
    assert review_card == 0


def test_the_database_refuses_an_out_of_range_score(curator):
    practice = PracticeFactory(status="submitted", published_at=None, verified_on=None)
    decide_on_practice(decision=ReviewDecision.PUBLISHED, practice=practice, by=curator, card=CARD)
    card = ReviewCard.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewCard.objects.filter(pk=card.pk).update(evidence_of_results=9)


@pytest.mark.parametrize(
    ("verified_on", "stale"),
    [
        (datetime.date(2024, 11, 24), False),
        (datetime.date(2024, 11, 23), False),
        (datetime.date(2024, 11, 22), True),
    ],
)
def test_stale_after_24_months(verified_on, stale):
    today = datetime.date(2026, 11, 23)
    practice = PracticeFactory(verified_on=verified_on)
    assert Practice.objects.stale(today).filter(pk=practice.pk).exists() is stale
    assert Practice.objects.fresh(today).filter(pk=practice.pk).exists() is not stale


def test_verifying_makes_a_practice_fresh_again(curator):
    practice = PracticeFactory(
        verified_on=datetime.date(2020, 1, 1), stale_reminder_sent_on=datetime.date(2025, 1, 1)
    )
    assert practice.stale
    verify_practice(practice=practice, by=curator)
    practice.refresh_from_db()
    assert not practice.stale
    assert practice.stale_reminder_sent_on is None


def test_only_published_practices_are_verified(curator):
    practice = PracticeFactory(status="draft", published_at=None, verified_on=None)
    with pytest.raises(ValidationError):
        verify_practice(practice=practice, by=curator)


@pytest.mark.parametrize(
    ("end_date", "anonymized"),
    [
        (datetime.date(2025, 11, 24), False),
        (datetime.date(2025, 11, 23), True),
        (datetime.date(2025, 11, 22), True),
    ],
)
def test_anonymization_12_months_after_the_event_keeps_the_statistics(end_date, anonymized):
    event = EventFactory(start_date=end_date, end_date=end_date)
    registration = RegistrationFactory(
        event=event, name="Amélia Santos", email="amelia@cmm.gov.mz", role="workers"
    )
    count = anonymize_registrations(today=datetime.date(2026, 11, 23))
    registration.refresh_from_db()
    assert count == int(anonymized)
    assert (registration.name != "Amélia Santos") is anonymized
    assert ("amelia" not in registration.email) is anonymized
    assert (registration.anonymized_at is not None) is anonymized
    assert registration.role == "workers"
    assert registration.status == "pending"
    assert Registration.objects.filter(event=event).count() == 1


def test_anonymization_runs_once_and_the_command_reports_it():
    event = EventFactory(start_date=datetime.date(2012, 11, 26))
    RegistrationFactory.create_batch(3, event=event)
    out = StringIO()
    call_command("anonymize_registrations", stdout=out)
    assert "3 registrations anonymized" in out.getvalue()
    out = StringIO()
    call_command("anonymize_registrations", stdout=out)
    assert "0 registrations anonymized" in out.getvalue()
