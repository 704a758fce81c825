"""Validating query parameters against the spec's tables."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# Query parameters that authenticate or bust caches (chapter 4) rather than configure.
NON_SETTING_PARAMS = frozenset({"uid", "username", "password", "timestamp", "xtamp"})


class Fault(Exception):
    """A request the camera refuses: HTTP 400 with the spec's fault document."""

    def __init__(
        self, reason: str, value: str | None = None, *, body: str | None = None
    ) -> None:
        """Carry the spec's reason, the fault value if not the path, or a whole other body."""
        super().__init__(reason)
        self.reason = reason
        self.value = value
        self.body = body


type Check = Callable[[str], Any]


def int_range(low: int, high: int, reason: str) -> Callable[[str], int]:
    """Accept an integer from `low` to `high`."""

    def check(raw: str) -> int:
        try:
            value = int(raw.strip())
        except ValueError:
            raise Fault(reason) from None
        if not low <= value <= high:
            raise Fault(reason)
        return value

    return check


def one_of(values: Iterable[int], reason: str) -> Callable[[str], int]:
    """Accept one integer of `values`."""
    allowed = frozenset(values)

    def check(raw: str) -> int:
        try:
            value = int(raw.strip())
        except ValueError:
            raise Fault(reason) from None
        if value not in allowed:
            raise Fault(reason)
        return value

    return check


def flag(reason: str) -> Callable[[str], bool]:
    """Accept 0 or 1 as a boolean."""
    as_int = one_of((0, 1), reason)
    return lambda raw: bool(as_int(raw))


def word(
    values: Iterable[str], reason: str, *, case_sensitive: bool = True
) -> Callable[[str], str]:
    """Accept one of the words `values` (returned in the spelling of `values`)."""
    spelled = {(v if case_sensitive else v.lower()): v for v in values}

    def check(raw: str) -> str:
        key = raw.strip() if case_sensitive else raw.strip().lower()
        if key not in spelled:
            raise Fault(reason)
        return spelled[key]

    return check


def text(reason: str, *, max_bytes: int = 128) -> Callable[[str], str]:
    """Accept a non-empty text of at most `max_bytes` UTF-8 bytes."""

    def check(raw: str) -> str:
        if not raw or len(raw.encode()) > max_bytes:
            raise Fault(reason)
        return raw

    return check


def any_text(raw: str) -> str:
    """Accept any text, also an empty one."""
    return raw


@dataclass(frozen=True, slots=True)
class Field:
    """A query parameter, the model attribute it sets, and its check."""

    param: str
    attr: str
    check: Check


def validate(params: Mapping[str, str], fields: Iterable[Field]) -> dict[str, Any]:
    """Check every given parameter; return {attribute: value}; raise the first fault."""
    return {
        field.attr: field.check(params[field.param])
        for field in fields
        if field.param in params
    }


def apply(target: object, values: Mapping[str, Any]) -> None:
    """Set the validated values on `target`."""
    for attr, value in values.items():
        setattr(target, attr, value)


def given(params: Mapping[str, str], fields: Iterable[Field]) -> bool:
    """Tell whether any of `fields` is among the parameters (a set, not a query)."""
    return any(field.param in params for field in fields)
