import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from practices.models import PracticeStatus, Review, ReviewDecision
from practices.services import (
    publish_practice,
    reject_practice,
    request_changes,
    submit_practice,
)
from tests.factories import PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db


def draft(**kwargs):
    return PracticeFactory(status="draft", published_at=None, verified_on=None, **kwargs)


def test_draft_submitted_then_published_stamps_the_dates(curator):
    submitter = UserFactory()
    practice = draft(submitted_by=submitter)
    submit_practice(practice=practice, by=submitter)
    publish_practice(practice=practice, by=curator)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED
    assert practice.published_at is not None
    assert practice.verified_on == practice.published_at.date()
    assert list(practice.reviews.values_list("decision", flat=True)) == [
        ReviewDecision.SUBMITTED,
        ReviewDecision.PUBLISHED,
    ]


def test_changes_requested_goes_back_to_the_submitter_and_can_be_resubmitted(curator):
    practice = draft()
    submit_practice(practice=practice, by=curator)
    request_changes(practice=practice, by=curator, comment="Add the results table.")
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.CHANGES_REQUESTED
    assert practice.reviewer_comment == "Add the results table."
    submit_practice(practice=practice, by=curator)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.SUBMITTED


def test_rejection_needs_a_comment(curator):
    practice = draft()
    submit_practice(practice=practice, by=curator)
    with pytest.raises(ValidationError) as error:
        reject_practice(practice=practice, by=curator, comment="   ")
    assert "comment" in error.value.message_dict
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.SUBMITTED
    reject_practice(practice=practice, by=curator, comment="Not a local practice.")
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.REJECTED


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("draft", publish_practice),
        ("published", submit_practice),
        ("rejected", submit_practice),
        ("changes-requested", publish_practice),
    ],
)
def test_transitions_out_of_order_are_refused(curator, status, action):
    practice = PracticeFactory(status=status)
    with pytest.raises(ValidationError) as error:
        action(practice=practice, by=curator)
    assert "status" in error.value.message_dict
    assert not Review.objects.exists()


def test_the_database_refuses_a_rejection_without_comment(curator):
    practice = draft()
    Review.objects.create(practice=practice, decision="submitted", by=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(practice=practice, decision="rejected", by=curator, comment="")
