"""Background work of the matching: telling matching cities of a new challenge."""

from celery import shared_task

from base.tasks import RecordedTask

from .models import Challenge
from .services import notify_matching_cities


@shared_task(base=RecordedTask, name="matching.tasks.notify_challenge_matches")
def notify_challenge_matches(*, challenge_id: int) -> int:
    """Note a new challenge for the officials of the cities it matches (their digest);
    how many were noted. Running it twice notes no one twice."""
    challenge = Challenge.objects.filter(pk=challenge_id).first()
    return 0 if challenge is None else notify_matching_cities(challenge)
