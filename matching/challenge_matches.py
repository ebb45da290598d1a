"""What may help with a challenge, each with its reasons, and the likely duplicates
curators are shown.

A challenge is matched to published practices of other cities (shared pillars 1 point,
sectors 1, SDGs 0.5, alike words up to 2, and the practice's transferability, the share
of the cities that started taking it up that sustain it, up to 0.5), to the cities behind
them (the practice's own and those that took it up), to the officials to contact there
(names only, for members), and to upcoming exchanges sharing its tags. Each ranking is
one query; only the matches shown are explained.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from base.models import Role
from base.similarity import Similarity
from cities.models import City
from exchanges.models import Event, EventStatus
from practices.models import Adoption, AdoptionStage, Practice

from .models import Challenge

TAG_WEIGHTS = {"pillars": 1.0, "sectors": 1.0, "sdgs": 0.5}
TEXT_WEIGHT = 2.0
TRANSFER_WEIGHT = 0.5
# Any two texts on decent work share a fifth or so of their trigrams: below this, alike
# words are no match on their own, and no reason given.
MIN_SIMILARITY = 0.25
DEFAULT_LIMIT = 6

# Likely duplicates: alike words count for 0.7, shared tags (Jaccard) 0.3; two texts on
# the same theme by different cities score about 0.3.
DUPLICATE_THRESHOLD = 0.4
DUPLICATE_CANDIDATES = 20


@dataclass
class Reason:
    kind: str  # pillar, sdg, sector, text, transfer, practice, adoption
    key: str | int | None
    text: str


@dataclass
class Match:
    object: object
    score: float
    reasons: list[Reason] = field(default_factory=list)


@dataclass
class CityMatch:
    city: City
    reasons: list[Reason] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)


@dataclass
class ChallengeMatches:
    practices: list[Match]
    cities: list[CityMatch]
    events: list[Match]


def _tag_ids(challenge: Challenge) -> dict[str, list[int]]:
    return {name: [tag.pk for tag in getattr(challenge, name).all()] for name in TAG_WEIGHTS}


def _shared_count(model, owner: str, relation: str, ids: list[int]):
    """How many of the tags `ids` the outer row carries in `relation` (a subquery)."""
    through = getattr(model, relation).through
    tag = through._meta.get_field(relation[:-1]).attname
    rows = (
        through.objects.filter(**{owner: OuterRef("pk"), f"{tag}__in": ids})
        .order_by()
        .values(owner)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows), 0)


def _tag_score(model, owner: str, tags: dict[str, list[int]]):
    score = Value(0.0)
    for relation, weight in TAG_WEIGHTS.items():
        if tags[relation]:
            score = score + weight * Cast(
                _shared_count(model, owner, relation, tags[relation]), FloatField()
            )
    return score


def _challenge_text(challenge: Challenge) -> str:
    return f"{challenge.title} {challenge.description}"


def _tag_reasons(obj, tags: dict[str, list[int]]) -> list[Reason]:
    reasons = []
    for pillar in obj.pillars.all():
        if pillar.pk in tags["pillars"]:
            reasons.append(
                Reason("pillar", pillar.slug, _("also %(name)s") % {"name": pillar.short_name})
            )
    for sector in obj.sectors.all():
        if sector.pk in tags["sectors"]:
            reasons.append(
                Reason("sector", sector.slug, _("also %(name)s") % {"name": sector.name.lower()})
            )
    sdgs = [sdg.number for sdg in obj.sdgs.all() if sdg.pk in tags["sdgs"]]
    if sdgs:
        reasons.append(
            Reason(
                "sdg",
                sdgs[0] if len(sdgs) == 1 else None,
                _("also works on SDGs %(numbers)s") % {"numbers": ", ".join(map(str, sdgs))},
            )
        )
    return reasons


def matching_practices(challenge: Challenge, *, limit: int = DEFAULT_LIMIT) -> list[Match]:
    """Published practices of other cities that may help, best first, with reasons."""
    tags = _tag_ids(challenge)
    started = (
        Adoption.objects.filter(practice=OuterRef("pk"))
        .order_by()
        .values("practice")
        .annotate(count=Count("pk"))
        .values("count")
    )
    sustained = (
        Adoption.objects.filter(practice=OuterRef("pk"), stage=AdoptionStage.SUSTAINED)
        .order_by()
        .values("practice")
        .annotate(count=Count("pk"))
        .values("count")
    )
    practices = (
        Practice.objects.published()
        .exclude(city=challenge.city_id)
        .annotate(
            similarity=Similarity(
                Concat("title", Value(" "), "summary", output_field=TextField()),
                _challenge_text(challenge),
            ),
            started=Coalesce(Subquery(started), 0),
            sustained=Coalesce(Subquery(sustained), 0),
        )
        .annotate(
            tag_score=_tag_score(Practice, "practice", tags),
            transfer=Coalesce(
                Cast(F("sustained"), FloatField())
                / NullIf(Cast(F("started"), FloatField()), Value(0.0)),
                Value(0.0),
            ),
        )
        .annotate(
            score=F("tag_score") + TEXT_WEIGHT * F("similarity") + TRANSFER_WEIGHT * F("transfer")
        )
        .filter(Q(tag_score__gt=0) | Q(similarity__gte=MIN_SIMILARITY))
        .select_related("city__country")
        .prefetch_related(
            "pillars",
            "sdgs",
            "sectors",
            Prefetch(
                "adoptions",
                queryset=Adoption.objects.select_related("city__country").order_by("city__name"),
            ),
        )
        .order_by("-score", "title", "pk")[:limit]
    )
    matches = []
    for practice in practices:
        reasons = _tag_reasons(practice, tags)
        if practice.similarity >= MIN_SIMILARITY:
            reasons.append(Reason("text", None, _("similar words")))
        if practice.sustained:
            reasons.append(
                Reason(
                    "transfer",
                    practice.sustained,
                    ngettext(
                        "sustained in %(sustained)s of the %(started)s city that took it up",
                        "sustained in %(sustained)s of the %(started)s cities that took it up",
                        practice.started,
                    )
                    % {"sustained": practice.sustained, "started": practice.started},
                )
            )
        matches.append(Match(practice, round(practice.score, 2), reasons))
    return matches


def matching_events(challenge: Challenge, *, limit: int = 4) -> list[Match]:
    """Upcoming exchanges (not cancelled, not over) sharing the challenge's tags."""
    tags = _tag_ids(challenge)
    if not any(tags.values()):
        return []
    events = (
        Event.objects.filter(end_date__gte=timezone.localdate())
        .exclude(status=EventStatus.CANCELLED)
        .annotate(score=_tag_score(Event, "event", tags))
        .filter(score__gt=0)
        .select_related("host_city__country")
        .prefetch_related("pillars", "sdgs", "sectors")
        .order_by("-score", "start_date", "pk")[:limit]
    )
    return [Match(event, event.score, _tag_reasons(event, tags)) for event in events]


def contacts_by_city(city_ids) -> dict[int, list[str]]:
    """The names of the verified officials of each city (those who gave a name), to
    contact; one query."""
    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=Role.OFFICIAL,
            membership__city__in=city_ids,
            membership__verified_at__isnull=False,
        )
        .exclude(first_name="", last_name="")
        .order_by("last_name", "first_name")
        .values_list("membership__city_id", "first_name", "last_name")
    )
    found: dict[int, list[str]] = {}
    for city_id, first, last in users:
        found.setdefault(city_id, []).append(f"{first} {last}".strip())
    return found


def matching_cities(challenge: Challenge, practices: list[Match]) -> list[CityMatch]:
    """The cities behind the matched practices, other than the challenge's: each
    practice's own city and the cities that took it up, with why."""
    cities: dict[int, CityMatch] = {}

    def add(city, reason):
        if city is None or city.pk == challenge.city_id:
            return
        cities.setdefault(city.pk, CityMatch(city)).reasons.append(reason)

    for match in practices:
        practice = match.object
        add(
            practice.city,
            Reason(
                "practice", practice.slug, _("its practice “%(title)s”") % {"title": practice.title}
            ),
        )
        for adoption in practice.adoptions.all():
            add(
                adoption.city,
                Reason(
                    "adoption",
                    practice.slug,
                    _("%(stage)s “%(title)s”")
                    % {"stage": adoption.get_stage_display().lower(), "title": practice.title},
                ),
            )
    return list(cities.values())


def challenge_matches(
    challenge: Challenge, *, limit: int = DEFAULT_LIMIT, with_contacts: bool = False
) -> ChallengeMatches:
    practices = matching_practices(challenge, limit=limit)
    cities = matching_cities(challenge, practices)
    if with_contacts and cities:
        contacts = contacts_by_city([match.city.pk for match in cities])
        for match in cities:
            match.contacts = contacts.get(match.city.pk, [])
    return ChallengeMatches(practices=practices, cities=cities, events=matching_events(challenge))


# Likely duplicates


def _jaccard(first: set, second: set) -> float:
    union = first | second
    return len(first & second) / len(union) if union else 0.0


def _tag_keys(obj) -> set[tuple[str, int]]:
    return {(name, tag.pk) for name in TAG_WEIGHTS for tag in getattr(obj, name).all()}


def likely_duplicates(obj: Challenge | Practice, *, limit: int = 5) -> list[Match]:
    """The challenges like a challenge, or the practices like a practice (rejected ones
    aside), that may say the same thing: alike words (pg_trgm similarity of title and
    text) and shared tags, combined; for curators, never blocking the submitter."""
    if isinstance(obj, Challenge):
        candidates = Challenge.objects.exclude(pk=obj.pk)
        text = Concat("title", Value(" "), "description", output_field=TextField())
        own_text = _challenge_text(obj)
    else:
        candidates = Practice.objects.exclude(pk=obj.pk).exclude(status="rejected")
        text = Concat("title", Value(" "), "summary", output_field=TextField())
        own_text = f"{obj.title} {obj.summary}"
    candidates = (
        candidates.annotate(similarity=Similarity(text, own_text))
        .filter(similarity__gte=MIN_SIMILARITY)
        .select_related("city")
        .prefetch_related(*TAG_WEIGHTS)
        .order_by("-similarity", "pk")[:DUPLICATE_CANDIDATES]
    )
    own_tags = _tag_keys(obj)
    found = []
    for candidate in candidates:
        shared = _jaccard(own_tags, _tag_keys(candidate))
        score = 0.7 * candidate.similarity + 0.3 * shared
        if score >= DUPLICATE_THRESHOLD:
            reasons = [
                Reason(
                    "text",
                    round(candidate.similarity, 2),
                    _("%(percent)s%% alike in words")
                    % {"percent": round(100 * candidate.similarity)},
                ),
                Reason(
                    "tags",
                    round(shared, 2),
                    _("%(percent)s%% of tags shared") % {"percent": round(100 * shared)},
                ),
            ]
            found.append(Match(candidate, round(score, 2), reasons))
    found.sort(key=lambda match: -match.score)
    return found[:limit]


def challenges_with_references() -> QuerySet:
    return Challenge.objects.select_related("city__country").prefetch_related(
        "pillars",
        "sdgs",
        "sectors",
        Prefetch("partner_cities", queryset=City.objects.select_related("country")),
    )
