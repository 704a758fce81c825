"""The simulated camera as its parts see it: a Protocol that `app.Simulator` meets.

The CGI endpoints, the control API, ONVIF and WS-Discovery use the camera
through it, so none of them imports `app` (which imports them all).
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Protocol

from .clock import Clock
from .endpoint_faults import AnyFault
from .faults import Faults
from .sessions import Sessions
from .state import CameraState, Recording, User


class Camera(Protocol):
    """What the endpoints, the control API, ONVIF and WS-Discovery use of the simulator."""

    clock: Clock
    state: CameraState
    sessions: Sessions
    faults: Faults
    endpoint_faults: dict[str, AnyFault]
    counters: Counter[str]
    last_request: dict[str, float]
    snapshot_jpeg: bytes
    host: str | None
    port: int | None

    @property
    def online(self) -> bool:
        """Tell whether the camera answers (not offline, not rebooting)."""

    @property
    def uptime(self) -> timedelta:
        """Return the time since the last boot."""

    def check_credentials(
        self, username: str, password: str, *, path: str = ""
    ) -> User:
        """Return the enabled user with this password or raise `password error`."""

    def reboot(self) -> None:
        """Go away for a while; forget uids and ONVIF subscriptions, stop the PTZ."""

    def factory_reset(self, *, retain_network: bool = False) -> None:
        """Restore the defaults (hardware, SD card and uploads stay), then reboot."""

    def set_offline(self, offline: bool) -> None:
        """Drop every connection while `offline`."""

    async def move(self, host: str) -> None:
        """Listen on the address `host` instead, same port; the old one refuses."""

    def expire_uids(self) -> None:
        """Make every uid invalid."""

    def reset_counters(self) -> None:
        """Forget the request counts and times."""

    def fault_endpoint(self, path: str, kind: AnyFault | str | None) -> None:
        """Make `path` always answer as `kind` says; None makes it answer normally again."""

    def detect_motion(self, seconds: float = 5.0) -> Recording | None:
        """Something moves: ONVIF motion now and its end `seconds` later, maybe a clip."""

    def trigger_alarm_input(self, seconds: float = 1.0) -> Recording | None:
        """Make the alarm input active now and inactive `seconds` later."""
