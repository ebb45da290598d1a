"""What the practices app tells the apps above it, which it may not import.

`practice_published` is sent by `services.decide_on_practice()` inside its transaction
when a curator publishes a practice (keyword argument `practice`); a receiver that
reaches outside the database waits for the commit (`transaction.on_commit`).
"""

from django.dispatch import Signal

practice_published = Signal()
