"""Each practice's tags as lists (PracticeTags), for the catalogue's facets: derived from
the many-to-many tables of its pillars, SDGs, sectors, criteria and countries, and kept in
step with them here.

Every change to those tables through the ORM sends `m2m_changed` (on either side:
`practice.pillars.set(...)`, `pillar.practices.add(...)`); deleting a tag deletes its rows
of the table without it, so the practices it tagged are noted before and refreshed
after. `bulk_create` of the tables' rows sends nothing: a bulk load (the synthetic
network, the migration that added the lists) calls `rebuild_tag_lists()`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.apps import apps as global_apps
from django.db.models.signals import m2m_changed, post_delete, pre_delete

# The list's field: (Practice's many-to-many field, the tag's key in the list).
LISTS = {
    "pillars": "pillar_id",
    "sdgs": "sdg_id",
    "sectors": "sector_id",
    "criteria": "criterion_id",
    "countries": "country_id",
}


def _lists_of(practice_ids: Iterable[int] | None, fields, apps) -> dict[int, dict[str, list]]:
    """{practice: {field: sorted keys}} of the practices `practice_ids` (None: all)."""
    Practice = apps.get_model("practices", "Practice")
    found: dict[int, dict[str, list]] = defaultdict(lambda: {field: [] for field in fields})
    for field in fields:
        rows = getattr(Practice, field).through.objects.order_by("practice_id", LISTS[field])
        if practice_ids is not None:
            rows = rows.filter(practice_id__in=practice_ids)
        for practice_id, key in rows.values_list("practice_id", LISTS[field]):
            found[practice_id][field].append(key)
    return found


def refresh_tag_lists(practice_ids: Iterable[int], fields: Iterable[str] = tuple(LISTS)) -> None:
    """Bring the lists `fields` of the practices `practice_ids` up to date: one read per
    field, one write."""
    practice_ids = set(practice_ids)
    fields = list(fields)
    if not practice_ids:
        return
    PracticeTags = global_apps.get_model("practices", "PracticeTags")
    Practice = global_apps.get_model("practices", "Practice")
    found = _lists_of(practice_ids, fields, global_apps)
    # Practices deleted meanwhile (a cascade) have no row to keep.
    existing = Practice.objects.filter(pk__in=practice_ids).values_list("pk", flat=True)
    PracticeTags.objects.bulk_create(
        [
            PracticeTags(practice_id=pk, **(found.get(pk) or {field: [] for field in fields}))
            for pk in existing
        ],
        update_conflicts=True,
        unique_fields=["practice"],
        update_fields=fields,
    )


def rebuild_tag_lists(apps=global_apps) -> int:
    """Recompute every practice's lists (after a bulk load); returns the rows written."""
    PracticeTags = apps.get_model("practices", "PracticeTags")
    found = _lists_of(None, list(LISTS), apps)
    PracticeTags.objects.all().delete()
    PracticeTags.objects.bulk_create(
        [PracticeTags(practice_id=pk, **lists) for pk, lists in found.items()], batch_size=5000
    )
    return len(found)


def _tags_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    field = _field_of(sender)
    if action == "pre_clear" and reverse:
        # The practices a tag leaves are known only before.
        instance._practices_cleared = set(
            sender.objects.filter(**{LISTS[field]: instance.pk}).values_list(
                "practice_id", flat=True
            )
        )
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        refresh_tag_lists([instance.pk], [field])
    elif action == "post_clear":
        refresh_tag_lists(getattr(instance, "_practices_cleared", ()), [field])
    else:
        refresh_tag_lists(pk_set or (), [field])


def _tag_deleting(sender, instance, **kwargs) -> None:
    field = _TAG_MODELS[sender]
    through = getattr(global_apps.get_model("practices", "Practice"), field).through
    instance._practices_tagged = set(
        through.objects.filter(**{LISTS[field]: instance.pk}).values_list("practice_id", flat=True)
    )


def _tag_deleted(sender, instance, **kwargs) -> None:
    refresh_tag_lists(getattr(instance, "_practices_tagged", ()), [_TAG_MODELS[sender]])


_TAG_MODELS: dict = {}


def _field_of(through) -> str:
    Practice = global_apps.get_model("practices", "Practice")
    return next(field for field in LISTS if getattr(Practice, field).through is through)


def connect() -> None:
    """Connect the receivers (PracticesConfig.ready)."""
    Practice = global_apps.get_model("practices", "Practice")
    for field in LISTS:
        relation = Practice._meta.get_field(field)
        m2m_changed.connect(
            _tags_changed, sender=relation.remote_field.through, dispatch_uid=f"tag_lists_{field}"
        )
        _TAG_MODELS[relation.related_model] = field
        pre_delete.connect(
            _tag_deleting, sender=relation.related_model, dispatch_uid=f"tag_lists_del_{field}"
        )
        post_delete.connect(
            _tag_deleted, sender=relation.related_model, dispatch_uid=f"tag_lists_deleted_{field}"
        )
