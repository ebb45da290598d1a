from rest_framework.permissions import SAFE_METHODS, BasePermission

from base import permissions as rules
from exchanges.models import Action, Registration


def _signed_in(user, view) -> bool:
    return bool(user and user.is_authenticated)


def _event_registrations(user, obj, request) -> bool:
    if isinstance(obj, Registration):
        return rules.can_view_registration(user, obj)
    if request.method in SAFE_METHODS:
        # Organizers and curators see all; an official sees those they made.
        return rules.is_curator(user) or rules.official_city(user) is not None
    return rules.can_register_delegates(user, obj)


def _edit_event(user, obj, request) -> bool:
    return rules.can_edit_event(user, obj)


def _edit_practice(user, obj, request) -> bool:
    return rules.can_edit_practice(user, obj)


def _review_practice(user, obj, request) -> bool:
    return rules.can_review_practices(user)


def _record_adoption(user, obj, request) -> bool:
    return rules.can_record_adoption(user, obj.city)


def _receive_delegates(user, obj, request) -> bool:
    if isinstance(obj, Registration):
        return rules.can_receive_delegates(user, obj.event)
    return rules.can_receive_delegates(user, obj)


def _read_or_signed_in(user, view) -> bool:
    return view.request.method in SAFE_METHODS or _signed_in(user, view)


def _read_or_receive_delegates(user, obj, request) -> bool:
    # A draft note is hidden from others by the view itself (a 404).
    return request.method in SAFE_METHODS or rules.can_receive_delegates(user, obj)


def _report_progress(user, obj, request) -> bool:
    # The roadmap is open to all; who reports on which item is the service's rule.
    return True


def _edit_challenge(user, obj, request) -> bool:
    return rules.can_edit_challenge(user, obj)


def _offer_help(user, obj, request) -> bool:
    return rules.can_offer_help(user, obj)


def _see_duplicates(user, view) -> bool:
    return rules.can_see_duplicates(user)


def _update_action(user, obj, request) -> bool:
    # The roadmap is open to all; the rule applies to the action within it.
    if not isinstance(obj, Action):
        return True
    return rules.can_update_action(user, obj)


# (viewset basename, action) → (rule on the request, rule on the object or None).
# Detail actions only ask to be signed in before the object is found, so that an object
# a user may not see is a 404 for them rather than a 403 telling it exists.
RULES = {
    ("event", "create"): (lambda user, view: rules.can_create_event(user), None),
    ("event", "update"): (_signed_in, _edit_event),
    ("event", "partial_update"): (_signed_in, _edit_event),
    ("event", "registrations"): (_signed_in, _event_registrations),
    ("event", "cancel_registration"): (_signed_in, _event_registrations),
    ("event", "delegations"): (_signed_in, _event_registrations),
    ("practice", "create"): (lambda user, view: rules.can_submit_practice(user), None),
    ("practice", "update"): (_signed_in, _edit_practice),
    ("practice", "partial_update"): (_signed_in, _edit_practice),
    ("practice", "submit"): (_signed_in, _edit_practice),
    ("practice", "publish"): (_signed_in, _review_practice),
    ("practice", "request_changes"): (_signed_in, _review_practice),
    ("practice", "reject"): (_signed_in, _review_practice),
    ("event", "check_in"): (_signed_in, _receive_delegates),
    ("event", "certificates"): (_signed_in, _receive_delegates),
    ("event", "visa_letter"): (_signed_in, _receive_delegates),
    ("event", "learning_note"): (_read_or_signed_in, _read_or_receive_delegates),
    ("event", "learning_note_draft"): (_signed_in, _receive_delegates),
    ("roadmap", "action_status"): (_signed_in, _update_action),
    ("roadmap", "reports"): (_signed_in, _report_progress),
    # The city of a new adoption is checked once the request is read (AdoptionWriteMixin).
    ("adoption", "create"): (lambda user, view: rules.can_record_adoptions(user), None),
    ("adoption", "update"): (_signed_in, _record_adoption),
    ("adoption", "partial_update"): (_signed_in, _record_adoption),
    ("adoption", "destroy"): (_signed_in, _record_adoption),
    ("challenge", "create"): (lambda user, view: rules.can_post_challenge(user), None),
    ("challenge", "update"): (_signed_in, _edit_challenge),
    ("challenge", "partial_update"): (_signed_in, _edit_challenge),
    ("challenge", "destroy"): (_signed_in, _edit_challenge),
    ("challenge", "offers"): (_signed_in, _offer_help),
    ("challenge", "duplicates"): (_see_duplicates, None),
}


class ActionPermission(BasePermission):
    """The one place that decides who may run which action of the API.

    Reads are open to any client, signed in or not, unless an action has its rule in
    RULES; writes are refused unless RULES allows them. The rules themselves are those
    of `base.permissions`, which the web views use too.
    """

    def _rule(self, view):
        return RULES.get((getattr(view, "basename", None), getattr(view, "action", None)))

    def refuses_reads(self, view) -> bool:
        """Whether this action's reads have a rule, and so may be refused (for the schema)."""
        return self._rule(view) is not None

    def has_permission(self, request, view):
        if request.method not in view.allowed_methods:
            # The view answers 405 with the methods it allows; refusing first would be a
            # 403 for a method nobody may use.
            return True
        rule = self._rule(view)
        if rule is None:
            return request.method in SAFE_METHODS
        return rule[0](request.user, view)

    def has_object_permission(self, request, view, obj):
        rule = self._rule(view)
        if rule is None or rule[1] is None:
            return request.method in SAFE_METHODS
        return rule[1](request.user, obj, request)
