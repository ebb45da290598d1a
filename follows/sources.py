"""What a digest carries besides the activities of what one follows: items that an app
above this one (matching: "a challenge you could help with") has for a person, who may
follow nothing at all.

Such an app registers a source once (its AppConfig.ready); the digest asks each source
whom it has items for, reads a person's items in their language and marks them sent in
the transaction that queues the email, so each goes out once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class DigestEntry:
    """One item of a source in a digest, its texts already in the recipient's language.
    `ref` is what the source marks as sent; `path` a page of the site in any language
    (the digest links to the recipient's), `fragment` the part of it to open."""

    ref: int
    heading: str
    title: str
    path: str
    detail: str = ""
    action: str = ""
    fragment: str = ""


class DigestSource(Protocol):
    # Names the source in the email's key (a digest redelivered is sent once) and in
    # the stops (`SourceStop`).
    name: str
    # What the unsubscribe page says stops with the digest ("the challenges your city
    # could help with").
    label: str

    def offered_to(self, user) -> bool:
        """Whether `user` is among those the source may have items for ("My follows"
        says so)."""

    def recipient_ids(self) -> Iterable[int]:
        """The accounts the source has items for that no digest carried yet."""

    def entries(self, user) -> list[DigestEntry]:
        """`user`'s items not sent yet, read in the active language; may mark some as
        sent itself (those no longer worth telling)."""

    def mark_sent(self, refs: list[int]) -> None:
        """These items went out: never again."""


_SOURCES: dict[str, DigestSource] = {}


def register_digest_source(source: DigestSource) -> None:
    """Add a source to every digest; registering one of the same name replaces it."""
    _SOURCES[source.name] = source


def digest_sources() -> list[DigestSource]:
    return list(_SOURCES.values())
