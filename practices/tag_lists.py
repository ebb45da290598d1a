"""What the catalogue's facets count of each practice (PracticeTags): its pillars, SDGs,
sectors, criteria and countries as lists of keys, its city's country and its span of
years, copied from where they live and kept in step with them here.

- Every change to the many-to-many tables through the ORM sends `m2m_changed` (from the
  practice's side: simple_history records these relations, and refuses changes made from
  the tag's); deleting a tag deletes its rows of the table without it, so the practices
  it tagged are noted before and refreshed after.
- Saving a practice refreshes its city's country and years (and creates its row);
  saving a city, the country of its practices.
- `bulk_create` sends nothing: a bulk load (the synthetic network, the migration that
  added the rows) calls `rebuild_tag_lists()`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.apps import apps as global_apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

# The list's field: (Practice's many-to-many field, the tag's key in its table).
LISTS = {
    "pillars": "pillar_id",
    "sdgs": "sdg_id",
    "sectors": "sector_id",
    "criteria": "criterion_id",
    "countries": "country_id",
}
# Copied from the practice and its city.
SCALARS = ("home_country", "first_year", "last_year")


def _rows_of(practice_ids: Iterable[int] | None, lists: Iterable[str], apps) -> list:
    """The PracticeTags rows of the practices `practice_ids` (None: all) with the lists
    `lists` and the scalars read afresh (the other lists left empty)."""
    Practice = apps.get_model("practices", "Practice")
    PracticeTags = apps.get_model("practices", "PracticeTags")
    found: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for field in lists:
        rows = getattr(Practice, field).through.objects.order_by("practice_id", LISTS[field])
        if practice_ids is not None:
            rows = rows.filter(practice_id__in=practice_ids)
        for practice_id, key in rows.values_list("practice_id", LISTS[field]):
            found[practice_id][field].append(str(key))
    practices = (
        Practice.objects.all()
        if practice_ids is None
        else Practice.objects.filter(pk__in=practice_ids)
    )
    return [
        PracticeTags(
            practice_id=pk,
            home_country_id=home_country,
            first_year=first_year,
            last_year=last_year,
            **{field: ",".join(found[pk][field]) for field in lists},
        )
        for pk, home_country, first_year, last_year in practices.values_list(
            "pk", "city__country_id", "start_year", "end_year"
        )
    ]


def refresh_tag_lists(practice_ids: Iterable[int], lists: Iterable[str] = ()) -> None:
    """Bring the rows of the practices `practice_ids` up to date: their scalars and the
    lists `lists` (one read each), in one write. A missing row is created (a new
    practice: its lists are empty until its tags are added)."""
    practice_ids, lists = set(practice_ids), list(lists)
    if not practice_ids:
        return
    PracticeTags = global_apps.get_model("practices", "PracticeTags")
    PracticeTags.objects.bulk_create(
        _rows_of(practice_ids, lists, global_apps),
        update_conflicts=True,
        unique_fields=["practice"],
        update_fields=[*SCALARS, *lists],
    )


def rebuild_tag_lists(apps=global_apps) -> int:
    """Recompute every practice's row (after a bulk load); returns the rows written."""
    PracticeTags = apps.get_model("practices", "PracticeTags")
    rows = _rows_of(None, list(LISTS), apps)
    PracticeTags.objects.all().delete()
    PracticeTags.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _tags_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        refresh_tag_lists([instance.pk], [_field_of(sender)])


def _tag_deleting(sender, instance, **kwargs) -> None:
    field = _TAG_MODELS[sender]
    through = getattr(global_apps.get_model("practices", "Practice"), field).through
    instance._practices_tagged = set(
        through.objects.filter(**{LISTS[field]: instance.pk}).values_list("practice_id", flat=True)
    )


def _tag_deleted(sender, instance, **kwargs) -> None:
    refresh_tag_lists(getattr(instance, "_practices_tagged", ()), [_TAG_MODELS[sender]])


def _practice_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        refresh_tag_lists([instance.pk])


def _city_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    PracticeTags = global_apps.get_model("practices", "PracticeTags")
    PracticeTags.objects.filter(practice__city=instance).exclude(
        home_country_id=instance.country_id
    ).update(home_country_id=instance.country_id)


_TAG_MODELS: dict = {}


def _field_of(through) -> str:
    Practice = global_apps.get_model("practices", "Practice")
    return next(field for field in LISTS if getattr(Practice, field).through is through)


def connect() -> None:
    """Connect the receivers (PracticesConfig.ready)."""
    Practice = global_apps.get_model("practices", "Practice")
    post_save.connect(_practice_saved, sender=Practice, dispatch_uid="tag_lists_practice")
    post_save.connect(
        _city_saved, sender=global_apps.get_model("cities", "City"), dispatch_uid="tag_lists_city"
    )
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
