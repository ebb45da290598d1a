"""The review queue opens one practice at a time; its card scores by labelled choices and
names the reviewing organization; rejecting and deleting an adoption ask first, on the
server."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cities.models import Membership
from practices.models import Adoption, PracticeStatus, ReviewCard
from tests.factories import (
    REVIEW_CARD,
    AdoptionFactory,
    OrganizationFactory,
    PracticeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ilo():
    return OrganizationFactory(slug="ilo", name="International Labour Organization", acronym="ILO")


@pytest.fixture
def ilo_curator(curator, ilo):
    Membership.objects.create(user=curator, organization=ilo)
    return curator


def submitted(title="Street vendors cooperative", **kwargs):
    return PracticeFactory(
        title=title, status=PracticeStatus.SUBMITTED, published_at=None, verified_on=None, **kwargs
    )


def review_url(practice):
    return reverse("review-practice", args=[practice.slug])


def decide_url(practice, decision):
    return reverse("review-decide", args=[practice.slug, decision])


# The queue, one practice at a time.


def test_the_queue_lists_compactly_and_opens_one_practice(client, curator):
    first, second = submitted("First one"), submitted("Second one")
    client.force_login(curator)
    queue = client.get(reverse("review-queue")).content.decode()
    assert review_url(first) in queue and review_url(second) in queue
    assert "<textarea" not in queue  # no decision form in the list
    page = client.get(review_url(first)).content.decode()
    assert "Practice 1 of 2 in the queue" in page
    assert review_url(second) in page  # "Next in the queue"
    assert "Second one" not in page.split("Next in the queue")[0].split("<h1>")[1]


def test_only_submitted_practices_open_for_review(client, curator):
    client.force_login(curator)
    assert client.get(review_url(PracticeFactory())).status_code == 404
    assert client.get("/review/no-such-practice/").status_code == 404


@pytest.mark.parametrize("who", ["official", "partner"])
def test_only_curators_open_a_practice_for_review(client, request, who):
    practice = submitted()
    client.force_login(request.getfixturevalue(who))
    assert client.get(review_url(practice)).status_code == 403


def test_the_queue_query_count_does_not_grow(client, curator):
    from tests.utils import assert_constant_queries

    submitted("One")
    client.force_login(curator)
    assert_constant_queries(
        lambda: client.get(reverse("review-queue")),
        lambda: [submitted(f"More {n}") for n in range(3)],
    )


def test_a_bad_score_is_refused_on_the_practice_page(client, curator):
    practice = submitted()
    client.force_login(curator)
    response = client.post(decide_url(practice, "publish"), {**REVIEW_CARD, "innovation": "9"})
    assert response.status_code == 400
    assert response.templates[0].name == "review/practice.html"
    assert "Give a whole number from 1 to 5." in response.content.decode()


# The reviewing organization.


def test_the_card_names_the_reviewing_organization(client, ilo_curator):
    practice = submitted()
    client.force_login(ilo_curator)
    page = client.get(review_url(practice)).content.decode()
    assert "Signed as a curator of International Labour Organization." in page
    assert client.post(decide_url(practice, "publish"), REVIEW_CARD).status_code == 302
    card = ReviewCard.objects.get()
    assert card.organization.slug == "ilo"
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "by a curator of International Labour Organization on" in page
    data = APIClient().get(f"/api/v1/practices/{practice.slug}/").json()
    assert data["review_card"]["organization"]["slug"] == "ilo"


def test_a_card_keeps_its_organization_when_the_curator_moves(client, ilo_curator):
    practice = submitted()
    client.force_login(ilo_curator)
    client.post(decide_url(practice, "publish"), REVIEW_CARD)
    Membership.objects.filter(user=ilo_curator).update(
        organization=OrganizationFactory(name="UCLG")
    )
    assert ReviewCard.objects.get().organization.slug == "ilo"


def test_without_an_organization_the_card_says_a_curator(client, curator):
    practice = submitted()
    client.force_login(curator)
    client.post(decide_url(practice, "publish"), REVIEW_CARD)
    assert ReviewCard.objects.get().organization is None
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "by an ILO/UCLG curator on" in page
    assert (
        APIClient().get(f"/api/v1/practices/{practice.slug}/").json()["review_card"]["organization"]
        is None
    )


def test_add_member_records_the_organization(ilo):
    from django.core.management import call_command

    call_command("add_member", "ana", "--role", "curator", "--organization", "ilo", stdout=None)
    assert Membership.objects.get(user__username="ana").organization == ilo


# Rejecting asks first.


def test_rejecting_asks_first_carrying_the_comment_and_card(client, curator):
    practice = submitted()
    client.force_login(curator)
    data = {**REVIEW_CARD, "comment": "Out of the network's scope."}
    asked = client.post(decide_url(practice, "reject"), data)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Reject “Street vendors cooperative”?" in page
    assert "Out of the network&#x27;s scope." in page
    assert 'name="innovation" value="3"' in page
    assert 'name="confirmed" value="yes"' in page
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.SUBMITTED
    response = client.post(decide_url(practice, "reject"), {**data, "confirmed": "yes"})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.REJECTED
    assert ReviewCard.objects.get().innovation == 3


def test_a_reject_without_its_comment_is_refused_before_asking(client, curator):
    practice = submitted()
    client.force_login(curator)
    response = client.post(decide_url(practice, "reject"), {"comment": "", "confirmed": "yes"})
    assert response.status_code == 400
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.SUBMITTED


def test_publishing_and_requesting_changes_do_not_ask(client, curator):
    practice = submitted()
    client.force_login(curator)
    response = client.post(decide_url(practice, "request-changes"), {"comment": "Add results."})
    assert response.status_code == 302


# Deleting an adoption asks first.


def test_deleting_an_adoption_asks_first(client, official, city):
    adoption = AdoptionFactory(city=city)
    url = reverse("adoption-delete", args=[adoption.practice.slug, adoption.pk])
    client.force_login(official)
    page = client.get(url).content.decode()
    assert "Delete the adoption of" in page and "cannot be undone" in page
    assert reverse("adoption-edit", args=[adoption.practice.slug, adoption.pk]) in page
    assert client.post(url).status_code == 200
    assert Adoption.objects.exists()
    assert client.post(url, {"confirmed": "yes"}).status_code == 302
    assert not Adoption.objects.exists()
