"""Slugs allocated from a title: the first free one of `title`, `title-2`, `title-3`...

Looking for a free slug and inserting the row are two statements: two requests creating
the same title at once both find `title` free, and the second insert breaks the unique
constraint. `save_with_free_slug` inserts in a savepoint and, when the slug was taken
in between, takes the next free one.
"""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

# Room left in a 120-character slug for the `-n` suffix.
SLUG_BASE_LENGTH = 100
# Each attempt loses only to a request that took the very slug found free: more than a
# few in a row means something else is wrong.
SAVE_ATTEMPTS = 5


def free_slug(model: type[models.Model], title: str, *, fallback: str) -> str:
    """The first slug made from `title` that no `model` row has yet."""
    base = (slugify(title) or fallback)[:SLUG_BASE_LENGTH]
    numbered = rf"^{re.escape(base)}-[0-9]+$"
    taken = set(
        model._default_manager.filter(Q(slug=base) | Q(slug__regex=numbered)).values_list(
            "slug", flat=True
        )
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def save_with_free_slug(instance: models.Model, *, title: str, fallback: str) -> None:
    """Insert the new `instance` under a free slug made from `title`, taking the next
    one when another request took its slug since it was chosen. Validate it beforehand
    with `full_clean(exclude=["slug"])`: its slug is only known here."""
    model = type(instance)
    instance.slug = free_slug(model, title, fallback=fallback)
    for _attempt in range(SAVE_ATTEMPTS):
        try:
            with transaction.atomic():
                instance.save()
        except IntegrityError:
            if not model._default_manager.filter(slug=instance.slug).exists():
                raise  # another constraint: not the slug's business
            instance.slug = free_slug(model, title, fallback=fallback)
        else:
            return
    raise ValidationError({"title": _("Too many items are being created with this title.")})
