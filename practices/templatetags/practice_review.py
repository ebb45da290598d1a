from django import template

from base.permissions import can_confirm_practice
from practices.confirmation import confirm_path
from practices.forms import SCORE_LABELS
from practices.review_cards import latest_card

register = template.Library()


@register.simple_tag
def review_card_of(practice):
    """The practice's latest review card as {"card", "scores": [{"label", "score",
    "justification"}]}, or None when no curator has scored it."""
    card = latest_card(practice)
    if card is None:
        return None
    scores = [
        {
            "label": label,
            "score": getattr(card, criterion),
            "justification": getattr(card, f"{criterion}_justification"),
        }
        for criterion, label in SCORE_LABELS.items()
    ]
    return {"card": card, "scores": scores}


@register.simple_tag(takes_context=True)
def confirm_url_for(context, practice):
    """Where the signed-in submitter or a curator confirms a stale practice is current;
    None for anyone else, or when the practice is fresh."""
    user = context["request"].user
    if not practice.stale or not can_confirm_practice(user, practice):
        return None
    return confirm_path(practice)
