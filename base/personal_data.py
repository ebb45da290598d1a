"""Sections that apps above the site layer add to a person's data download ("My data",
portal.personal_data), which cannot import their models: each registers a function
of the user that returns its rows as plain JSON values."""

from collections.abc import Callable

_SECTIONS: dict[str, Callable] = {}


def register_section(name: str, rows: Callable) -> None:
    _SECTIONS[name] = rows


def registered_sections(user) -> dict:
    return {name: rows(user) for name, rows in sorted(_SECTIONS.items())}
