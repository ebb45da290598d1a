"""The review card: filled by a curator in the review queue or through the API, kept with
each review, shown on the practice page, carried by the API and ordering the catalogue."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from practices.models import PracticeStatus, Review, ReviewCard, ReviewDecision
from practices.services import decide_on_practice, save_practice, submit_practice
from tests.factories import REVIEW_CARD, PracticeFactory
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db

CARD = REVIEW_CARD

BAD_CARDS = [
    ({"innovation": 0}, "innovation"),
    ({"innovation": 6}, "innovation"),
    ({"sustainability_justification": ""}, "sustainability_justification"),
    ({"evidence_of_results_justification": "   "}, "evidence_of_results_justification"),
]


@pytest.fixture
def submitted(official):
    return PracticeFactory(
        slug="vendors",
        title="Street vendors cooperative",
        status=PracticeStatus.SUBMITTED,
        submitted_by=official,
        published_at=None,
        verified_on=None,
    )


@pytest.fixture
def api():
    return APIClient()


def decide(client, practice, decision, data):
    return client.post(reverse("review-decide", args=[practice.slug, decision]), data)


# The web form in the review queue.


def test_a_curator_publishes_from_the_queue_with_a_card(client, curator, submitted):
    client.force_login(curator)
    queue = client.get(reverse("review-queue")).content.decode()
    assert reverse("review-practice", args=[submitted.slug]) in queue
    assert 'name="horizontal_cooperation"' not in queue  # compact: one practice at a time
    page = client.get(reverse("review-practice", args=[submitted.slug])).content.decode()
    assert 'name="horizontal_cooperation"' in page
    # Five labelled choices per criterion, not a number box.
    assert f'id="review-{submitted.pk}-innovation_0"' in page
    assert page.count('name="innovation" value=') == 5
    assert "5 · exemplary" in page
    assert 'type="number"' not in page
    response = decide(client, submitted, "publish", {**CARD, "comment": ""})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == PracticeStatus.PUBLISHED
    card = ReviewCard.objects.get(review__practice=submitted)
    assert card.review.decision == "published"
    assert card.review.by == curator
    assert (card.innovation, card.total) == (3, 14)


@pytest.mark.parametrize(("bad", "field"), BAD_CARDS)
def test_a_bad_card_is_refused_in_the_queue_naming_the_field(
    client, curator, submitted, bad, field
):
    client.force_login(curator)
    response = decide(client, submitted, "publish", {**CARD, **bad})
    assert response.status_code == 400
    page = response.content.decode()
    form = response.context["form"]
    assert set(form.errors) == {field}
    label = form.fields[field].label
    assert f"<strong>{label}</strong>:" in page
    # What the curator typed is kept.
    assert CARD["horizontal_cooperation_justification"] in page
    submitted.refresh_from_db()
    assert submitted.status == PracticeStatus.SUBMITTED
    assert not ReviewCard.objects.exists()


def test_publishing_needs_the_card(client, curator, submitted):
    client.force_login(curator)
    response = decide(client, submitted, "publish", {"comment": "Fine."})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == set(CARD)
    assert "Give a score from 1 to 5." in errors["innovation"]
    submitted.refresh_from_db()
    assert submitted.status == PracticeStatus.SUBMITTED


def test_a_card_is_optional_to_request_changes_but_kept_when_given(client, curator, submitted):
    client.force_login(curator)
    response = decide(client, submitted, "request-changes", {"comment": "Add results."})
    assert response.status_code == 302
    assert not ReviewCard.objects.exists()
    submit_practice(practice=submitted, by=submitted.submitted_by)
    response = decide(
        client, submitted, "reject", {**CARD, "comment": "Out of scope.", "confirmed": "yes"}
    )
    assert response.status_code == 302
    assert ReviewCard.objects.get().review.decision == "rejected"


def test_a_half_filled_card_is_an_error_not_ignored(client, curator, submitted):
    client.force_login(curator)
    response = decide(client, submitted, "request-changes", {"comment": "Add.", "innovation": 4})
    assert response.status_code == 400
    assert "innovation_justification" in response.context["form"].errors
    submitted.refresh_from_db()
    assert submitted.status == PracticeStatus.SUBMITTED


@pytest.mark.parametrize("who", ["official", "partner"])
def test_officials_and_partners_cannot_review(client, request, submitted, who):
    client.force_login(request.getfixturevalue(who))
    assert decide(client, submitted, "publish", CARD).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == PracticeStatus.SUBMITTED
    assert not ReviewCard.objects.exists()


# The API's review actions.


def test_the_api_publishes_with_a_card(api, curator, submitted):
    api.force_authenticate(curator)
    response = api.post(
        f"/api/v1/practices/{submitted.slug}/publish/", {"card": CARD}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "published"
    assert body["review_card"]["horizontal_cooperation"] == 5
    assert body["review_card"]["total"] == 14
    assert body["review_card"]["reviewed_on"] == timezone.localdate().isoformat()


@pytest.mark.parametrize(("bad", "field"), BAD_CARDS)
def test_the_api_refuses_a_bad_card_naming_the_field(api, curator, submitted, bad, field):
    api.force_authenticate(curator)
    response = api.post(
        f"/api/v1/practices/{submitted.slug}/publish/", {"card": {**CARD, **bad}}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["card"]) == {field}
    submitted.refresh_from_db()
    assert submitted.status == PracticeStatus.SUBMITTED
    assert not ReviewCard.objects.exists()


def test_the_api_needs_a_card_to_publish(api, curator, submitted):
    api.force_authenticate(curator)
    response = api.post(f"/api/v1/practices/{submitted.slug}/publish/", {}, format="json")
    assert response.status_code == 400
    assert "card" in response.json()
    response = api.post(
        f"/api/v1/practices/{submitted.slug}/publish/",
        {"card": {"innovation": 4}},
        format="json",
    )
    assert response.status_code == 400
    assert "sustainability" in response.json()["card"]


def test_the_api_takes_a_card_with_request_changes(api, curator, submitted):
    api.force_authenticate(curator)
    response = api.post(
        f"/api/v1/practices/{submitted.slug}/request-changes/",
        {"comment": "Add a baseline.", "card": CARD},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["review_card"]["evidence_of_results"] == 2


@pytest.mark.parametrize("who", ["official", "partner"])
def test_officials_and_partners_cannot_review_through_the_api(api, request, submitted, who):
    api.force_authenticate(request.getfixturevalue(who))
    response = api.post(
        f"/api/v1/practices/{submitted.slug}/publish/", {"card": CARD}, format="json"
    )
    # The submitting official sees the practice, the partner does not.
    assert response.status_code == (403 if who == "official" else 404)
    submitted.refresh_from_db()
    assert submitted.status == PracticeStatus.SUBMITTED


# Kept with the review history.


def test_each_review_keeps_its_card_across_later_edits(api, curator, official, submitted):
    first = {**CARD, "evidence_of_results": 1, "evidence_of_results_justification": "None yet."}
    decide_on_practice(
        decision=ReviewDecision.CHANGES_REQUESTED,
        practice=submitted,
        by=curator,
        comment="Add results.",
    )
    Review.objects.filter(practice=submitted).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    ReviewCard.objects.create(review=submitted.reviews.get(decision="changes-requested"), **first)
    submitted.refresh_from_db()
    save_practice(by=official, practice=submitted, summary="With results now.")
    submit_practice(practice=submitted, by=official)
    decide_on_practice(decision=ReviewDecision.PUBLISHED, practice=submitted, by=curator, card=CARD)
    submitted.refresh_from_db()
    save_practice(by=curator, practice=submitted, title="Renamed after publication")

    cards = ReviewCard.objects.filter(review__practice=submitted).order_by("review__created_at")
    assert [(c.review.decision, c.evidence_of_results) for c in cards] == [
        ("changes-requested", 1),
        ("published", 2),
    ]
    assert cards[0].evidence_of_results_justification == "None yet."
    response = APIClient().get(f"/api/v1/practices/{submitted.slug}/")
    assert response.json()["review_card"]["evidence_of_results"] == 2


# Shown on the practice page.


def test_the_card_is_shown_on_the_practice_page(client, curator, submitted):
    decide_on_practice(decision=ReviewDecision.PUBLISHED, practice=submitted, by=curator, card=CARD)
    page = client.get(submitted.get_absolute_url()).content.decode()
    assert "Curators&#x27; review card" in page or "Curators' review card" in page
    assert "Scored 14 out of 20" in page
    for label, score in [
        ("Sustainability", 4),
        ("Innovation", 3),
        ("Horizontal cooperation", 5),
        ("Evidence of results", 2),
    ]:
        assert f"<dt>{label}</dt>" in page
        assert f"{score} out of 5" in page
    assert "Shared with three cities." in page


def test_no_card_section_without_a_card(client):
    practice = PracticeFactory()
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "review card" not in page


# In the API lists, and ordering by it.


def scored(slug, total_of_four, **extra):
    practice = PracticeFactory(slug=slug, **extra)
    review = Review.objects.create(practice=practice, decision="published")
    score = dict.fromkeys(
        ["sustainability", "innovation", "horizontal_cooperation", "evidence_of_results"],
        total_of_four,
    )
    ReviewCard.objects.create(
        review=review, **score, **{f"{k}_justification": "Because." for k in score}
    )
    return practice


def slugs(response):
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def test_the_api_list_carries_the_card_in_constant_queries(api):
    scored("a", 3)
    PracticeFactory(slug="unscored")
    rows = {row["slug"]: row for row in api.get("/api/v1/practices/").json()["results"]}
    assert rows["a"]["review_card"]["total"] == 12
    assert rows["unscored"]["review_card"] is None
    counter = iter(range(100))

    def grow():
        for _ in range(3):
            scored(f"more-{next(counter)}", 4)

    assert_constant_queries(lambda: api.get("/api/v1/practices/"), grow)


def test_the_api_orders_by_review_score_with_unscored_last(api):
    scored("middle", 3)
    PracticeFactory(slug="unscored")
    scored("best", 5)
    scored("worst", 1)
    assert slugs(api.get("/api/v1/practices/", {"ordering": "-review_score"})) == [
        "best",
        "middle",
        "worst",
        "unscored",
    ]
    assert slugs(api.get("/api/v1/practices/", {"ordering": "review_score"})) == [
        "worst",
        "middle",
        "best",
        "unscored",
    ]


def test_the_order_uses_the_latest_card(api):
    practice = scored("rescored", 5)
    later = Review.objects.create(
        practice=practice,
        decision="changes-requested",
        comment="Results gone.",
        created_at=timezone.now() + datetime.timedelta(hours=1),
    )
    ReviewCard.objects.create(
        review=later,
        **dict.fromkeys(
            ["sustainability", "innovation", "horizontal_cooperation", "evidence_of_results"], 1
        ),
        **{
            f"{k}_justification": "Weak."
            for k in ["sustainability", "innovation", "horizontal_cooperation"]
        },
        evidence_of_results_justification="Weak.",
    )
    scored("steady", 3)
    assert slugs(api.get("/api/v1/practices/", {"ordering": "-review_score"})) == [
        "steady",
        "rescored",
    ]
    row = api.get("/api/v1/practices/rescored/").json()
    assert row["review_card"]["total"] == 4


def test_an_unknown_ordering_is_a_400(api):
    response = api.get("/api/v1/practices/", {"ordering": "review_scores"})
    assert response.status_code == 400
    assert "ordering" in response.json()


def test_the_schema_documents_the_review_score_ordering_and_the_card(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/practices/"]["get"]["parameters"]}
    ordering = parameters["ordering"]
    assert "review_score" in ordering["description"]
    assert "-review_score" in str(ordering["schema"])
    practice = schema["components"]["schemas"]["Practice"]["properties"]
    assert "review_card" in practice
    publish = schema["paths"]["/api/v1/practices/{slug}/publish/"]["post"]
    assert "requestBody" in publish


def test_the_csv_export_has_the_review_score(api):
    scored("a", 2)
    response = api.get("/api/v1/practices/", {"format": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    header, row = text.splitlines()[:2]
    assert "review_score" in header.split(",")
    assert row.split(",")[header.split(",").index("review_score")] == "8"


def test_the_catalogue_sorts_by_highest_rated(client):
    scored("middle", 3, title="Middle")
    PracticeFactory(slug="unscored", title="Unscored")
    scored("best", 5, title="Best")
    page = client.get(reverse("practice-list"), {"sort": "highest-rated"}).content.decode()
    assert page.index(">Best<") < page.index(">Middle<") < page.index(">Unscored<")
    assert "Review card: 20 out of 20" in page
    assert '<option value="highest-rated" selected>' in page
    # An unknown sort is the default order, not an error.
    assert client.get(reverse("practice-list"), {"sort": "nonsense"}).status_code == 200
