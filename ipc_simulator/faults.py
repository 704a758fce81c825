"""Fault injection: rules that make the next N (or all) requests misbehave."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class FaultKind(StrEnum):
    """What a fault does to a request."""

    LATENCY = "latency"  # wait `seconds` before answering
    DROP = "drop"  # close the connection without an answer
    HTTP_500 = "http_500"  # answer HTTP 500
    MALFORMED = "malformed"  # answer a body that is not XML
    TRUNCATED = "truncated"  # answer the reply cut in half
    EXPIRE_UID = "expire_uid"  # the request's uid has expired
    WRONG_PASSWORD = "wrong_password"  # logins fail: the password was changed


@dataclass
class FaultRule:
    """One injected fault: `remaining` requests (None = until cleared), optionally one path."""

    kind: FaultKind
    remaining: int | None = 1
    path: str | None = None
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """Return the rule as JSON-ready data."""
        return asdict(self) | {"kind": str(self.kind)}


class Faults:
    """The active fault rules; each matching request consumes one count of a rule."""

    def __init__(self) -> None:
        """Start without faults."""
        self.rules: list[FaultRule] = []

    def inject(
        self,
        kind: FaultKind | str,
        count: int | None = 1,
        *,
        path: str | None = None,
        seconds: float = 0.0,
    ) -> FaultRule:
        """Add a fault for the next `count` requests (None: every request until cleared)."""
        if count is not None and count < 1:
            raise ValueError("count must be at least 1")
        if seconds < 0:
            raise ValueError("seconds must not be negative")
        rule = FaultRule(FaultKind(kind), count, path, seconds)
        self.rules.append(rule)
        return rule

    def clear(self) -> None:
        """Remove every fault."""
        self.rules.clear()

    def take(self, kind: FaultKind, path: str) -> FaultRule | None:
        """Consume one count of the first rule of `kind` matching `path`."""
        for rule in self.rules:
            if rule.kind is kind and rule.path in (None, path):
                if rule.remaining is not None:
                    rule.remaining -= 1
                    if rule.remaining <= 0:
                        self.rules.remove(rule)
                return rule
        return None

    def active(self, kind: FaultKind, path: str) -> bool:
        """Tell whether a rule of `kind` matches `path`, without consuming it."""
        return any(
            rule.kind is kind and rule.path in (None, path) for rule in self.rules
        )

    def as_list(self) -> list[dict[str, Any]]:
        """Return the rules as JSON-ready data."""
        return [rule.as_dict() for rule in self.rules]
