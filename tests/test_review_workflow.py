import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from practices.models import PracticeStatus, Review, ReviewDecision
from practices.services import decide_on_practice, save_practice, submit_practice
from tests.factories import CityFactory, PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db


def publish(**kwargs):
    return decide_on_practice(decision=ReviewDecision.PUBLISHED, **kwargs)


def test_only_its_submitter_submits_a_practice_and_only_curators_decide(official):
    practice = draft(submitted_by=UserFactory())
    with pytest.raises(PermissionDenied):
        submit_practice(practice=practice, by=official)
    practice.submitted_by = official
    practice.save()
    submit_practice(practice=practice, by=official)
    with pytest.raises(PermissionDenied):
        publish(practice=practice, by=official)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.SUBMITTED
    assert list(practice.reviews.values_list("decision", flat=True)) == ["submitted"]


def draft(**kwargs):
    return PracticeFactory(status="draft", published_at=None, verified_on=None, **kwargs)


def test_draft_submitted_then_published_stamps_the_dates(curator, official):
    practice = draft(submitted_by=official)
    submit_practice(practice=practice, by=official)
    decide_on_practice(decision=ReviewDecision.PUBLISHED, practice=practice, by=curator)
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
    decide_on_practice(
        decision=ReviewDecision.CHANGES_REQUESTED,
        practice=practice,
        by=curator,
        comment="Add the results table.",
    )
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
        decide_on_practice(
            decision=ReviewDecision.REJECTED, practice=practice, by=curator, comment="   "
        )
    assert "comment" in error.value.message_dict
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.SUBMITTED
    decide_on_practice(
        decision=ReviewDecision.REJECTED,
        practice=practice,
        by=curator,
        comment="Not a local practice.",
    )
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.REJECTED


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("draft", publish),
        ("published", submit_practice),
        ("rejected", submit_practice),
        ("changes-requested", publish),
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


def test_the_service_decides_who_writes_a_practice_and_for_which_city(official, partner, curator):
    # Pages and the API call the same service: its refusals hold whichever asks.
    with pytest.raises(PermissionDenied):
        save_practice(by=partner, title="Mine", summary="s")
    other_city = CityFactory()
    with pytest.raises(ValidationError) as error:
        save_practice(by=official, title="Theirs", summary="s", city=other_city)
    assert error.value.message_dict == {
        "city": ["An official submits practices of their own city."]
    }
    practice = save_practice(by=official, title="Ours", summary="s")
    assert practice.city == official.membership.city  # theirs when they name none
    with pytest.raises(PermissionDenied):
        save_practice(by=UserFactory(), practice=practice, title="Taken over")
    assert save_practice(by=curator, title="Any", summary="s", city=other_city).city == other_city
