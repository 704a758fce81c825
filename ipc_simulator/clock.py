"""Clocks for the simulator: the real monotonic clock or a manual one for tests."""

from __future__ import annotations

from collections.abc import Callable
import time

type Clock = Callable[[], float]


def monotonic() -> float:
    """Return the real monotonic time in seconds."""
    return time.monotonic()


class ManualClock:
    """A monotonic clock that only moves when told to (for tests)."""

    def __init__(self, start: float = 1000.0) -> None:
        """Start the clock at `start` seconds."""
        self.now = start

    def __call__(self) -> float:
        """Return the current time in seconds."""
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock forward by `seconds`."""
        self.now += seconds
