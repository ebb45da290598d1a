"""Reads of provenance: what to prefetch with a record's sources and quotes, and what
a page or the API derives from them (publications, sourced statements)."""

from dataclasses import dataclass

from django.db.models import Prefetch

from .models import Citation, Quote, Source


def citations_prefetch(lookup: str = "citations") -> Prefetch:
    """A record's citations with their sources, in order: one query for all records."""
    return Prefetch(lookup, queryset=Citation.objects.select_related("source").order_by("position"))


def quotes_prefetch(lookup: str = "quotes") -> Prefetch:
    return Prefetch(lookup, queryset=Quote.objects.select_related("source").order_by("position"))


def publications(record) -> list[Source]:
    """The learning reports and handbooks a record cites, each once, in citation order
    (from the prefetched citations)."""
    found: dict[int, Source] = {}
    for citation in record.citations.all():
        if citation.source.is_publication:
            found.setdefault(citation.source_id, citation.source)
    return list(found.values())


@dataclass(frozen=True)
class Statement:
    """One statement of a record (a field) and the citations that support it: sourced
    when there is one, otherwise as reported by whoever submitted the record."""

    name: str
    label: str
    citations: tuple[Citation, ...]

    @property
    def sourced(self) -> bool:
        return bool(self.citations)


def _has_value(record, name: str) -> bool:
    """Whether `record` states anything in its field `name` (relations from their
    prefetched rows): an empty field is no statement, sourced or not."""
    field = record._meta.get_field(name)
    if field.many_to_many or field.one_to_many:
        accessor = field.get_accessor_name() if field.auto_created else field.name
        return bool(getattr(record, accessor).all())
    return getattr(record, name) not in (None, "", [])


def statements(record, fields: list[tuple[str, str]]) -> list[Statement]:
    """The `fields` ((name, label) pairs) `record` fills, each with the citations naming
    it in `supports` (from the prefetched citations). A citation of the whole record
    (blank `supports`) sources no statement in particular: it says where the record was
    found, not that every figure and tag in it is there."""
    by_field: dict[str, list[Citation]] = {}
    for citation in record.citations.all():
        if citation.supports:
            by_field.setdefault(citation.supports, []).append(citation)
    return [
        Statement(name, label, tuple(by_field.get(name, ())))
        for name, label in fields
        if _has_value(record, name)
    ]
