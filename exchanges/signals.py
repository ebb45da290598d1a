"""What the exchanges app tells the apps above it, which it may not import.

`event_saved` is sent by `services.save_event()` inside its transaction once an event
and its participants are saved, with the keyword arguments `event`, `change` (one of
EVENT_CREATED, EVENT_UPDATED or EVENT_CANCELLED: an edit that cancels the event) and
`by` (who saved it). `action_updated` is sent by `services.update_action_status()`
inside its transaction with the keyword argument `update` (the ActionUpdate). A
receiver that reaches outside the database waits for the commit (`transaction.on_commit`).
"""

from django.dispatch import Signal

EVENT_CREATED = "created"
EVENT_UPDATED = "updated"
EVENT_CANCELLED = "cancelled"

event_saved = Signal()
action_updated = Signal()
