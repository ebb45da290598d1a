"""What each city works on (CityChallenge): the pillars and SDGs of its published
practices and of the exchanges it hosts or joins, derived and kept up to date from the
signals of those models, connected here (matching.apps), above the apps that send them.

The signals only note which cities changed; their rows are refreshed once, when the
transaction commits (a practice saved with its pillars and SDGs is one refresh, not
three), or sooner, when something reads them in the same transaction
(`flush_pending()`, called by the matching's reads).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from weakref import WeakKeyDictionary

from django.apps import apps as global_apps
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from exchanges.models import Event, Participation
from practices.models import Practice

from .models import ChallengeKind

# --- what each city works on (CityChallenge) ------------------------------------------------


def _challenges_of(city_ids: Iterable[int] | None, apps=global_apps) -> set[tuple[int, str, str]]:
    """(city, kind, key) of what the cities `city_ids` (None: every city) work on: the
    pillars and SDGs of their published practices and of the exchanges they host or join."""
    Practice = apps.get_model("practices", "Practice")
    Event = apps.get_model("exchanges", "Event")
    Participation = apps.get_model("exchanges", "Participation")
    practices = Practice.objects.filter(status="published", city__isnull=False)
    hosted = Event.objects.all()
    joined = Participation.objects.all()
    if city_ids is not None:
        practices = practices.filter(city__in=city_ids)
        hosted = hosted.filter(host_city__in=city_ids)
        joined = joined.filter(city__in=city_ids)
    found: set[tuple[int, str, str]] = set()
    for kind, relation, key in (
        (ChallengeKind.PILLAR, "pillars", "pillar__slug"),
        (ChallengeKind.SDG, "sdgs", "sdg__number"),
    ):
        for city_id, value in (
            getattr(Practice, relation)
            .through.objects.filter(practice__in=practices)
            .values_list("practice__city_id", key)
        ):
            found.add((city_id, kind, str(value)))
        event_tags = defaultdict(set)
        event_through = getattr(Event, relation).through.objects
        events = hosted.order_by().values("pk").union(joined.order_by().values("event_id"))
        for event_id, value in event_through.filter(event__in=events).values_list("event_id", key):
            event_tags[event_id].add(str(value))
        for event_id, city_id in (
            *hosted.values_list("pk", "host_city_id"),
            *joined.values_list("event_id", "city_id"),
        ):
            found.update((city_id, kind, value) for value in event_tags.get(event_id, ()))
    return found


def refresh_challenges(city_ids: Iterable[int | None]) -> None:
    """Bring the CityChallenge rows of `city_ids` up to date."""
    city_ids = {pk for pk in city_ids if pk is not None}
    if not city_ids:
        return
    _write_challenges(city_ids, _challenges_of(city_ids))


def rebuild_challenges(apps=global_apps) -> int:
    """Recompute every city's CityChallenge rows (after a bulk load); returns their number."""
    found = _challenges_of(None, apps)
    _write_challenges(None, found, apps)
    return len(found)


def _write_challenges(city_ids, found, apps=global_apps) -> None:
    model = apps.get_model("matching", "CityChallenge")
    rows = model.objects.all() if city_ids is None else model.objects.filter(city__in=city_ids)
    existing = set(rows.values_list("city_id", "kind", "key"))
    stale = existing - found
    if stale and city_ids is None:
        # A rebuild: starting afresh beats deleting row by row.
        rows.delete()
        existing = set()
    elif stale:
        condition = Q()
        for city_id, kind, key in stale:
            condition |= Q(city_id=city_id, kind=kind, key=key)
        rows.filter(condition).delete()
    model.objects.bulk_create(
        [model(city_id=c, kind=k, key=v) for c, k, v in found - existing], batch_size=5000
    )


# Inside challenges_deferred(): the signals only note that something changed.
_deferred: ContextVar[list | None] = ContextVar("matching_challenges_deferred", default=None)


@contextmanager
def challenges_deferred():
    """Refresh what cities work on once at the end, from scratch, instead of on each
    saved or deleted row: for bulk deletions, where refreshing per row would cost a few
    queries per row."""
    changes: list = []
    token = _deferred.set(changes)
    try:
        yield
    finally:
        _deferred.reset(token)
    if changes:
        rebuild_challenges()


def _deferring() -> bool:
    changes = _deferred.get()
    if changes is not None:
        changes.append(True)
        return True
    return False


# The cities whose challenges wait for the commit, per database connection (each thread
# has its own). After a rollback they stay: refreshing them later is merely redundant.
_pending: WeakKeyDictionary = WeakKeyDictionary()


def _refresh_on_commit(city_ids: Iterable[int | None]) -> None:
    database = transaction.get_connection()  # this thread's, not the shared proxy
    city_ids = {pk for pk in city_ids if pk is not None}
    if not city_ids:
        return
    pending = _pending.get(database)
    # A refresh already waits for this commit when cities are pending (not yet taken by
    # a read) and its callback is still registered (not dropped by a rollback).
    waiting = pending is not None and any(
        entry[1] is flush_pending for entry in database.run_on_commit
    )
    _pending.setdefault(database, set()).update(city_ids)
    if not database.in_atomic_block:
        flush_pending()
    elif not waiting:
        transaction.on_commit(flush_pending)


def flush_pending() -> None:
    """Refresh the challenges the changes so far left pending: on commit, and before
    anything reads them."""
    pending = _pending.pop(transaction.get_connection(), None)
    if pending:
        with transaction.atomic():
            refresh_challenges(pending)


def _event_cities(event_ids) -> set[int]:
    return set(Event.objects.filter(pk__in=event_ids).values_list("host_city_id", flat=True)) | set(
        Participation.objects.filter(event__in=event_ids).values_list("city_id", flat=True)
    )


def _remember_city(sender, instance, raw=False, **kwargs):
    """Before a save: the city the row had (a practice or participation moving, an
    exchange changing host, leaves its former city's challenges to refresh)."""
    field = "host_city_id" if sender._meta.model_name == "event" else "city_id"
    previous = None
    if instance.pk is not None and not raw and not _deferring():
        previous = sender.objects.filter(pk=instance.pk).values_list(field, flat=True).first()
    instance._challenge_cities = {previous}


def _city_changed(sender, instance, raw=False, **kwargs):
    """A practice or participation saved or deleted."""
    if not raw and not _deferring():
        _refresh_on_commit({instance.city_id, *getattr(instance, "_challenge_cities", ())})


def _event_changed(sender, instance, raw=False, **kwargs):
    if not raw and not _deferring():
        _refresh_on_commit(
            {*_event_cities([instance.pk]), *getattr(instance, "_challenge_cities", ())}
        )


def _remember_event_cities(sender, instance, **kwargs):
    if not _deferring():
        instance._challenge_cities = _event_cities([instance.pk])


def _tags_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """A practice's or an exchange's pillars or SDGs changed."""
    if action not in ("post_add", "post_remove", "post_clear") or _deferring():
        return
    if reverse:
        # From a pillar's or SDG's side (rare): whose practices or exchanges changed is
        # not known after a clear.
        if pk_set is None:
            rebuild_challenges()
        elif model is Practice:
            practices = Practice.objects.filter(pk__in=pk_set)
            _refresh_on_commit(practices.values_list("city_id", flat=True))
        else:
            _refresh_on_commit(_event_cities(pk_set))
    elif isinstance(instance, Practice):
        _refresh_on_commit({instance.city_id})
    else:
        _refresh_on_commit(_event_cities([instance.pk]))


def connect_signals() -> None:
    """Keep CityChallenge up to date with practices, exchanges and participations."""
    from exchanges.models import Event, Participation

    for model, changed in (
        (Practice, _city_changed),
        (Participation, _city_changed),
        (Event, _event_changed),
    ):
        uid = f"matching.challenges.{model._meta.label_lower}"
        pre_save.connect(_remember_city, sender=model, dispatch_uid=f"{uid}.pre_save")
        post_save.connect(changed, sender=model, dispatch_uid=f"{uid}.post_save")
        post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}.post_delete")
    pre_delete.connect(
        _remember_event_cities, sender=Event, dispatch_uid="matching.challenges.event.pre_delete"
    )
    for through in (
        Practice.pillars.through,
        Practice.sdgs.through,
        Event.pillars.through,
        Event.sdgs.through,
    ):
        uid = f"matching.challenges.{through._meta.label_lower}"
        m2m_changed.connect(_tags_changed, sender=through, dispatch_uid=uid)
