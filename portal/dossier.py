"""An event's dossier: what a held exchange was and what it led to, as one document.

`event_dossier()` reads everything the dossier shows in a fixed number of queries,
whatever the number of participants, actions or practices; the page and its PDF
render the same data with the same template.
"""

from dataclasses import dataclass

from django.db.models import Prefetch

from cities.models import City
from exchanges.models import (
    Action,
    Event,
    LearningNote,
    LearningNoteStatus,
    Participation,
    Roadmap,
)
from exchanges.timeline import updates_prefetch
from practices.models import Adoption, Practice


@dataclass(frozen=True)
class Dossier:
    event: Event
    participations: list[Participation]
    # The host city when it is not also listed among the participations.
    unlisted_host: City | None
    roadmaps: list[Roadmap]
    actions_carried_out: list[Action]
    practices: list[Practice]
    adoptions: list[Adoption]
    # The organizers' learning note, once published.
    learning_note: LearningNote | None = None

    @property
    def cities_total(self) -> int:
        return len(self.participations) + (1 if self.unlisted_host else 0)

    @property
    def delegates_total(self) -> int | None:
        """The delegates of the participations whose delegation size is known."""
        sizes = [p.delegation_size for p in self.participations if p.delegation_size is not None]
        return sum(sizes) if sizes else None


def _actions() -> Prefetch:
    return Prefetch(
        "actions",
        queryset=Action.objects.with_follow_up()
        .select_related("commitment", "carried_out_by")
        .prefetch_related("responsible_cities", "responsible_organizations", updates_prefetch()),
    )


def dossier_events():
    """Events with everything their dossier shows, prefetched."""
    return Event.objects.with_delegations().prefetch_related(
        # The event's, its roadmaps' and its practices' titles in the reader's language.
        "translations",
        Prefetch(
            "roadmaps",
            queryset=Roadmap.objects.with_progress()
            .order_by("adopted_on", "title")
            .prefetch_related("commitments", "translations", _actions()),
        ),
        Prefetch(
            "roadmap_actions_carried_out",
            queryset=Action.objects.select_related("roadmap").order_by("roadmap", "position"),
        ),
        Prefetch(
            "practices",
            queryset=Practice.objects.published()
            .select_related("city__country")
            .prefetch_related("pillars", "sdgs", "countries", "translations")
            .order_by("title"),
        ),
        Prefetch(
            "adoptions",
            queryset=Adoption.objects.filter(practice__in=Practice.objects.published())
            .select_related("practice", "city__country")
            .order_by("city__name", "practice__title"),
        ),
    )


def event_dossier(event: Event) -> Dossier:
    """The dossier of `event`, which must come from `dossier_events()`."""
    participations = list(event.participations.all())
    host_listed = any(p.city_id == event.host_city_id for p in participations)
    return Dossier(
        event=event,
        participations=participations,
        unlisted_host=None if host_listed else event.host_city,
        roadmaps=list(event.roadmaps.all()),
        actions_carried_out=list(event.roadmap_actions_carried_out.all()),
        practices=list(event.practices.all()),
        adoptions=list(event.adoptions.all()),
        learning_note=LearningNote.objects.filter(
            event=event, status=LearningNoteStatus.PUBLISHED
        ).first(),
    )
