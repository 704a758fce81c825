"""The Simulator: an aiohttp application around an in-memory camera."""

from __future__ import annotations

from collections import Counter

from aiohttp import web

from .clock import Clock, monotonic
from .faults import Faults


class Simulator:
    """A simulated IPC CGI camera.

    `app` is the aiohttp application; `state` the mutable camera model;
    `counters` the requests per path; `faults` the fault injection rules.
    `host` and `port` are set by whoever serves `app` (the CLI or a test fixture).
    """

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        ptz: bool = True,
        reboot_seconds: float = 3.0,
    ) -> None:
        """Create a camera with the spec's defaults."""
        self.clock: Clock = clock or monotonic
        self.ptz = ptz
        self.reboot_seconds = reboot_seconds
        self.counters: Counter[str] = Counter()
        self.faults = Faults()
        self.host: str | None = None
        self.port: int | None = None
        self.app = web.Application()

    @property
    def url(self) -> str:
        """Return the base URL the simulator is served at."""
        return f"http://{self.host}:{self.port}"

    def reset_counters(self) -> None:
        """Forget the request counts."""
        self.counters.clear()
