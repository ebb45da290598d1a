"""The confirmation step of a destructive action, on the server: the action's POST
without `confirmed=yes` (or its GET) shows what will happen and a button that posts
again with it. Works without JavaScript, and a crafted link or a stray click destroys
nothing."""

from django.template.response import TemplateResponse

CONFIRM_FIELD = "confirmed"
CONFIRM_VALUE = "yes"


def confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == CONFIRM_VALUE


def confirmation_page(
    request,
    *,
    title: str,
    question: str,
    consequences: list[str],
    button: str,
    cancel_url: str,
    carry=None,
    action: str = "",
) -> TemplateResponse:
    """Ask before a destructive action; `carry` (a dict of name: value, or a whole
    QueryDict) goes back with the confirming POST (a rejection's comment and card, a
    form's every field, say)."""
    return TemplateResponse(
        request,
        "confirm.html",
        {
            "title": title,
            "question": question,
            "consequences": consequences,
            "button": button,
            "cancel_url": cancel_url,
            "carry": _carried_fields(carry),
            "action": action or request.path,
            "confirm_field": CONFIRM_FIELD,
            "confirm_value": CONFIRM_VALUE,
        },
    )


def _carried_fields(carry) -> list[tuple[str, str]]:
    if carry is None:
        return []
    if hasattr(carry, "lists"):
        # A QueryDict: each value of a multiple choice goes back; the template adds
        # its own CSRF token.
        return [
            (name, value)
            for name, values in carry.lists()
            if name not in {"csrfmiddlewaretoken", CONFIRM_FIELD}
            for value in values
        ]
    return sorted(carry.items())
