"""The review cards of practices as the pages, the API and the catalogue read them.

A practice's card is the one of its latest review that carries a card: each review keeps
its own, so a later review or edit never changes an earlier card."""

from functools import reduce
from operator import add

from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.expressions import OrderBy

from .models import SCORE_CRITERIA, Practice, Review, ReviewCard

# Where `prefetch_latest_card()` puts a practice's reviews that carry a card, newest first.
CARDED_REVIEWS = "carded_reviews"


def _reviews_with_a_card() -> QuerySet[Review]:
    return (
        Review.objects.filter(card__isnull=False)
        .select_related("card__organization")
        .order_by("-created_at", "-id")
    )


def prefetch_latest_card() -> Prefetch:
    """One query for the cards of a whole page of practices (see `latest_card`)."""
    return Prefetch("reviews", queryset=_reviews_with_a_card(), to_attr=CARDED_REVIEWS)


def latest_card(practice: Practice) -> ReviewCard | None:
    """The card of the practice's latest carded review, from the prefetch when there is
    one, else from the database."""
    reviews = getattr(practice, CARDED_REVIEWS, None)
    if reviews is None:
        reviews = _reviews_with_a_card().filter(practice=practice)[:1]
    return reviews[0].card if reviews else None


def card_total():
    return reduce(add, (F(criterion) for criterion in SCORE_CRITERIA))


def with_review_score(practices: QuerySet[Practice]) -> QuerySet[Practice]:
    """Annotate `review_score`: the total (4 to 20) of each practice's latest card, None
    for a practice never scored."""
    latest = (
        ReviewCard.objects.filter(review__practice=OuterRef("pk"))
        .order_by("-review__created_at", "-review__id")
        .annotate(total=card_total())
        .values("total")[:1]
    )
    return practices.annotate(review_score=Subquery(latest))


def by_review_score(*, descending: bool = True) -> OrderBy:
    """The order of `with_review_score` practices by their score; unscored ones last
    whichever the direction."""
    score = F("review_score")
    return score.desc(nulls_last=True) if descending else score.asc(nulls_last=True)
