"""The rules of a transfer journey: which stage may follow which, and how well a
practice travels (its transferability).

interested → studying → adapting → piloting → sustained, or abandoned (saying why).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from .models import LEGACY_ADOPTION_STAGES, Adoption, AdoptionStage

# The stages in the order a journey goes through them.
JOURNEY = [
    AdoptionStage.INTERESTED,
    AdoptionStage.STUDYING,
    AdoptionStage.ADAPTING,
    AdoptionStage.PILOTING,
    AdoptionStage.SUSTAINED,
]


def allowed_next_stages(current: str | None) -> list[str]:
    """The stages an adoption at `current` (None: a new one) may move to: any later stage
    (a city may report a step late, skipping those it did not record), from a pilot back
    to adapting (a pilot sent back to be reworked), to abandoned from anywhere, and from
    abandoned back to interested or studying (taken up again)."""
    if current is None:
        return [*JOURNEY, AdoptionStage.ABANDONED]
    if current == AdoptionStage.ABANDONED:
        return [AdoptionStage.INTERESTED, AdoptionStage.STUDYING]
    later = JOURNEY[JOURNEY.index(current) + 1 :]
    back = [AdoptionStage.ADAPTING] if current == AdoptionStage.PILOTING else []
    return [*back, *later, AdoptionStage.ABANDONED]


def transition_error(current: str | None, stage: str) -> str | None:
    """Why an adoption at `current` may not move to `stage`, or None when it may."""
    if stage in allowed_next_stages(current):
        return None
    return _("An adoption cannot move from %(current)s to %(stage)s.") % {
        "current": AdoptionStage(current).label.lower(),
        "stage": AdoptionStage(stage).label.lower(),
    }


def current_stage(stage: str) -> str:
    """A stage as written now: the names used before transfer journeys mapped to theirs."""
    return LEGACY_ADOPTION_STAGES.get(stage, stage)


@dataclass(frozen=True)
class Transferability:
    """How well a practice travels: of the cities that started taking it up, how many
    sustain it. `share` is None until a city has started."""

    started: int
    sustained: int

    @property
    def share(self) -> float | None:
        return self.sustained / self.started if self.started else None

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(100 * self.share)


def transferability_counts(practices: QuerySet) -> dict[int, Transferability]:
    """The transferability of each of `practices` that a city has started taking up, by
    practice id, in one query. Every adoption counts as started, abandoned ones included:
    they are the journeys that did not last."""
    rows = (
        Adoption.objects.filter(practice__in=practices)
        .order_by()
        .values("practice_id")
        .annotate(
            started=Count("pk"),
            sustained=Count("pk", filter=Q(stage=AdoptionStage.SUSTAINED)),
        )
    )
    return {
        row["practice_id"]: Transferability(started=row["started"], sustained=row["sustained"])
        for row in rows
    }


def transferability_of(practice) -> Transferability:
    """From the practice's adoptions, prefetched or not."""
    stages = [adoption.stage for adoption in practice.adoptions.all()]
    return Transferability(started=len(stages), sustained=stages.count(AdoptionStage.SUSTAINED))
