"""Checks of the arguments the endpoints send: a bad one raises ValueError before any request."""

from __future__ import annotations

from collections.abc import Mapping


def flag(value: bool | None) -> int | None:
    """Return a bool as the spec's 0/1, None as not sent."""
    return None if value is None else int(value)


def check_range(name: str, value: int | None, low: int, high: int) -> None:
    """Refuse a value outside `low`-`high` (None: not sent)."""
    if value is not None and not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {value}")


def check_choice(name: str, value: object, choices: tuple[object, ...]) -> None:
    """Refuse a value not among `choices` (None: not sent)."""
    if value is not None and value not in choices:
        raise ValueError(f"{name} must be one of {choices}, got {value}")


def check_text(name: str, value: str | None) -> None:
    """Refuse an empty or blank text (None: not sent)."""
    if value is not None and not value.strip():
        raise ValueError(f"{name} must not be empty")


def require_any(params: Mapping[str, object]) -> None:
    """Refuse a change that sets nothing."""
    if all(value is None for value in params.values()):
        raise ValueError("nothing to set")
