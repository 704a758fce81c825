"""The Simulator: an aiohttp application around an in-memory camera."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from datetime import timedelta
import ipaddress
import logging
from pathlib import Path
import time
from typing import Any
from urllib.parse import parse_qsl, unquote

from aiohttp import BasicAuth, web

from . import control
from .clock import Clock, monotonic
from .context import ENDPOINTS, Auth, CgiRequest, Endpoint
from .endpoint_faults import (
    MALFORMED_XML,
    AnyFault,
    EndpointFault,
    OnvifQuirk,
    answer,
    bare,
    drop,
    fault_kind,
    unchanged_query,
)
from .endpoints import common
from .faults import FaultKind, Faults
from .onvif import PATHS as ONVIF_PATHS, QUIRKS, SUBSCRIPTION_PREFIX, Onvif
from .sessions import Session, Sessions
from .state import (
    CameraState,
    DeviceIdentity,
    Recording,
    User,
    make_recording,
    seed_recordings,
)
from .validation import Fault
from .xml import fault_document

_LOGGER = logging.getLogger(__name__)
SNAPSHOT_JPEG = (Path(__file__).parent / "assets" / "testcard.jpg").read_bytes()
XML_CONTENT_TYPE = "text/xml"
UPLOAD_MAX_BYTES = 512 * 1024 * 1024


def known_paths() -> frozenset[str]:
    """Return every path a firmware may lack or break: the CGI's and the ONVIF services'."""
    return frozenset(ENDPOINTS) | ONVIF_PATHS


def check_endpoint_fault[K: AnyFault | None](path: str, kind: K) -> K:
    """Return `kind` if `path` may have it: a path of the camera, a quirk's own path."""
    if path not in known_paths():
        raise ValueError(f"not an endpoint of the camera: {path}")
    if isinstance(kind, OnvifQuirk) and QUIRKS[kind] != path:
        raise ValueError(f"{kind} is a fault of {QUIRKS[kind]}, not of {path}")
    return kind


class Simulator:
    """A simulated IPC CGI camera.

    `app` is the aiohttp application; `state` the mutable camera model;
    `counters` the requests per path, `last_request` the Unix time of each
    path's latest request; `faults` the fault injection rules;
    `sessions` the live uids; `missing_endpoints` the paths an older firmware
    lacks (they answer HTTP 404); `endpoint_faults` the paths that always
    answer badly (`fault_endpoint`); `onvif` the ONVIF services and their
    subscriptions. `host` and `port` are set by whoever serves `app` (the CLI
    or the `simulator` test fixture).
    """

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        ptz: bool = True,
        reboot_seconds: float = 3.0,
        missing_endpoints: Iterable[str] = (),
        device: DeviceIdentity | None = None,
    ) -> None:
        """Create a camera with the spec's defaults; `clock` is a monotonic clock.

        `device` is its model, MAC and serial (default: the spec's example camera).

        `missing_endpoints` are CGI paths the camera answers with HTTP 404, as
        firmware older than the spec does (see `firmware.endpoints_after`).
        """
        self.clock: Clock = clock or monotonic
        self.reboot_seconds = reboot_seconds
        self.state = self._default_state(ptz=ptz)
        if device is not None:
            self.state.device = device
        self.counters: Counter[str] = Counter()
        self.last_request: dict[str, float] = {}
        self.faults = Faults()
        self.sessions = Sessions(self.clock)
        self.snapshot_jpeg = SNAPSHOT_JPEG
        self.host: str | None = None
        self.port: int | None = None
        # How the server serving the camera listens on another address instead
        # (`python -m ipc_simulator` sets it; `move`): None where it cannot.
        self.rebind: Callable[[str], Awaitable[None]] | None = None
        self._left: set[str] = set()  # the addresses the camera moved away from
        self._forced_offline = False
        self._offline_until: float | None = None
        self._booted_at = self.clock()
        self._missing_endpoints: frozenset[str] = frozenset()
        self.missing_endpoints = frozenset(missing_endpoints)
        # Endpoint faults and ONVIF quirks, by path.
        self.endpoint_faults: dict[str, AnyFault] = {}
        # How long an EndpointFault.TIMEOUT request is held (at most: until shutdown).
        self.hold_seconds = 60.0
        self._shutting_down = asyncio.Event()
        self.onvif = Onvif(self)
        # What ends an event later (motion, the alarm input): cancelled at cleanup.
        self._timers: dict[str, asyncio.Task[None]] = {}
        # Firmware images (3.21) are megabytes: aiohttp's default refuses over 1 MiB.
        self.app = web.Application(client_max_size=UPLOAD_MAX_BYTES)
        self.app.router.add_route("*", "/{tail:.*}", self._dispatch)
        # Any: aiohttp 3.11 annotates its signals in a way aiosignal 1.4 rejects.
        on_shutdown: Any = self.app.on_shutdown
        on_shutdown.append(self._release_held)
        on_cleanup: Any = self.app.on_cleanup
        on_cleanup.append(self._cancel_timers)

    def _default_state(self, *, ptz: bool) -> CameraState:
        state = CameraState()
        state.capabilities.ptz = ptz
        state.recordings = seed_recordings(common.camera_now(state.time).date())
        return state

    def record_motion(self) -> Recording:
        """Write a motion clip that starts now (the camera's time), as after motion (3.20).

        Like the seeded ones: a real 10 s MP4 of the sub stream, with audio.
        A second clip within the same second gets the next second's name.
        Written whatever the settings say: `detect_motion` is what a camera does.
        """
        return self._record(4, 3, 2, 10)

    def _record(
        self, record_mode: int, media_type: int, stream: int, seconds: int
    ) -> Recording:
        """Write a clip that starts now, named after the next free second."""
        start = common.camera_now(self.state.time).replace(microsecond=0)
        taken = {recording.filepath for recording in self.state.recordings}
        while True:
            recording = make_recording(
                start.date(),
                f"{start:%H%M%S}",
                record_mode,
                media_type,
                stream,
                seconds,
            )
            if recording.filepath not in taken:
                break
            start += timedelta(seconds=1)
        self.state.recordings.append(recording)
        return recording

    def detect_motion(self, seconds: float = 5.0) -> Recording | None:
        """Something moves: ONVIF motion now and its end `seconds` later, maybe a clip.

        Nothing happens while motion detection (3.16) is off. The clip (as
        `record_motion`) is written only while motion recording (3.24) is on
        and an SD card is in. Motion again before the end moves the end.
        Call it inside the event loop.
        """
        if not self.state.motion.enabled:
            return None
        self.onvif.set_motion(True)
        self._later("motion", seconds, lambda: self.onvif.set_motion(False))
        if self.state.event_storage.recording_enabled and self.state.sd_cards[0] == 1:
            return self.record_motion()
        return None

    def trigger_alarm_input(self, seconds: float = 1.0) -> Recording | None:
        """Make the alarm input active now and inactive `seconds` later.

        ONVIF sends DigitalInput true, then false; with an SD card in, the
        camera writes an alarm clip (3.20 record_mode 8, main stream, video).
        Call it inside the event loop.
        """
        self.onvif.set_digital_input(True)
        self._later("input", seconds, lambda: self.onvif.set_digital_input(False))
        if self.state.sd_cards[0] == 1:
            return self._record(8, 2, 1, 8)
        return None

    def _later(self, name: str, seconds: float, action: Callable[[], None]) -> None:
        """Run `action` in `seconds` (replacing what `name` had planned)."""

        async def wait_then_act() -> None:
            await asyncio.sleep(seconds)
            del self._timers[name]
            action()

        if (planned := self._timers.get(name)) is not None:
            planned.cancel()
        self._timers[name] = asyncio.get_running_loop().create_task(
            wait_then_act(), name=f"ipc_simulator: the {name}'s end"
        )

    async def _cancel_timers(self, app: web.Application) -> None:
        """Cancel what was planned: the server is gone."""
        timers = list(self._timers.values())
        self._timers.clear()
        for timer in timers:
            timer.cancel()
        await asyncio.gather(*timers, return_exceptions=True)

    @property
    def url(self) -> str:
        """Return the base URL the simulator is served at."""
        return f"http://{self.host}:{self.port}"

    @property
    def missing_endpoints(self) -> frozenset[str]:
        """Return the CGI paths that answer HTTP 404 (an older firmware)."""
        return self._missing_endpoints

    @missing_endpoints.setter
    def missing_endpoints(self, paths: frozenset[str]) -> None:
        """Make `paths` answer HTTP 404; each must be an endpoint of the spec."""
        if unknown := sorted(paths - known_paths()):
            raise ValueError(f"not endpoints of the camera: {', '.join(unknown)}")
        self._missing_endpoints = paths

    def fault_endpoint(self, path: str, kind: AnyFault | str | None) -> None:
        """Make `path` always answer as `kind` says; None makes it answer normally again.

        The ONVIF quirks (`onvif.QUIRKS`) belong to one path each.
        """
        if kind is None:
            check_endpoint_fault(path, None)
            self.endpoint_faults.pop(path, None)
        else:
            self.endpoint_faults[path] = check_endpoint_fault(path, fault_kind(kind))

    async def _release_held(self, app: web.Application) -> None:
        """Let held requests and long polls end when the server shuts down."""
        self._shutting_down.set()
        self.onvif.close()

    async def _hold(self, request: web.Request) -> web.StreamResponse:
        """Answer nothing for `hold_seconds` (or until shutdown), then drop the connection."""
        try:
            async with asyncio.timeout(self.hold_seconds):
                await self._shutting_down.wait()
        except TimeoutError:
            pass
        return drop(request)

    @property
    def online(self) -> bool:
        """Tell whether the camera answers (not offline, not rebooting)."""
        if self._forced_offline:
            return False
        if self._offline_until is not None and self.clock() < self._offline_until:
            return False
        self._offline_until = None
        return True

    @property
    def uptime(self) -> timedelta:
        """Return the time since the last boot."""
        return timedelta(seconds=max(0.0, self.clock() - self._booted_at))

    def set_offline(self, offline: bool) -> None:
        """Drop every connection while `offline` (also ends a reboot window when False)."""
        self._forced_offline = offline
        if not offline:
            self._offline_until = None

    def reboot(self) -> None:
        """Go away for `reboot_seconds`; forget uids and ONVIF subscriptions, stop the PTZ."""
        self._offline_until = self.clock() + self.reboot_seconds
        self._booted_at = self._offline_until
        self.sessions.expire_all()
        self.onvif.reset()
        ptz = self.state.ptz
        ptz.moving_x = ptz.moving_y = ptz.zoom = ptz.focus = ptz.iris = 0

    def factory_reset(self, *, retain_network: bool = False) -> None:
        """Restore the defaults (hardware, SD card and uploads stay), then reboot."""
        old = self.state
        new = CameraState(
            device=old.device,
            capabilities=old.capabilities,
            sd_cards=old.sd_cards,
            recordings=old.recordings,
            firmware_uploads=old.firmware_uploads,
            certificates=old.certificates,
        )
        if retain_network:
            new.network = old.network
        self.state = new
        self.reboot()

    async def move(self, host: str) -> None:
        """Listen on the address `host` instead, same port (a new DHCP lease).

        The old address refuses connections, and requests on connections
        still open to it are dropped.
        """
        ipaddress.ip_address(host)  # ValueError if not an address
        if self.rebind is None:
            raise ValueError("the server of this camera cannot move it")
        await self.rebind(host)
        if self.host is not None:
            self._left.add(self.host)
        self._left.discard(host)
        self.host = host

    def expire_uids(self) -> None:
        """Make every uid invalid (`uid error` on next use)."""
        self.sessions.expire_all()

    def reset_counters(self) -> None:
        """Forget the request counts and times."""
        self.counters.clear()
        self.last_request.clear()

    def check_credentials(
        self, username: str, password: str, *, path: str = ""
    ) -> User:
        """Return the enabled user with this password or raise `password error`."""
        user = self.state.users.get(username)
        wrong = self.faults.take(FaultKind.WRONG_PASSWORD, path) is not None
        if wrong or user is None or user.password != password or not user.enabled:
            raise Fault("password error")
        return user

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path, query = _split_request(request)
        if path.startswith(control.PREFIX):
            return await control.handle(self, request, path)
        if path == "/":
            return control.index_page(self)
        if self._left and _local_address(request) in self._left:
            return drop(request)  # a connection from before a move
        self.counters[path] += 1
        self.last_request[path] = time.time()
        if not self.online:
            return drop(request)
        kind = self.endpoint_faults.get(_endpoint_key(path))
        if kind is EndpointFault.IGNORE:
            query = unchanged_query(query)
        elif isinstance(kind, EndpointFault):
            return await self._answer_faulty(kind, request, path, query)
        if rule := self.faults.take(FaultKind.LATENCY, path):
            await asyncio.sleep(rule.seconds)
        if self.faults.take(FaultKind.DROP, path):
            return drop(request)
        if self.faults.take(FaultKind.HTTP_500, path):
            return web.Response(status=500, text="500 Internal Server Error")
        response = await self._handle(request, path, query)
        _LOGGER.debug("%s %s -> %s", request.method, path, response.status)
        if self.faults.take(FaultKind.MALFORMED, path):
            return web.Response(
                status=response.status,
                text=MALFORMED_XML,
                content_type=XML_CONTENT_TYPE,
            )
        if self.faults.take(FaultKind.TRUNCATED, path) and isinstance(
            response, web.Response
        ):
            body = response.body if isinstance(response.body, bytes) else b""
            return web.Response(
                status=response.status,
                body=body[: len(body) // 2],
                content_type=response.content_type,
            )
        return response

    async def _answer_faulty(
        self,
        kind: EndpointFault,
        request: web.Request,
        path: str,
        query: dict[str, str],
    ) -> web.StreamResponse:
        """Answer a request to an endpoint with a fault (`fault_endpoint`)."""
        if kind is EndpointFault.TIMEOUT:
            return await self._hold(request)
        if kind is EndpointFault.BARE:
            return bare(await self._handle(request, path, query))
        return answer(kind, path)

    async def _handle(
        self, request: web.Request, path: str, query: dict[str, str]
    ) -> web.StreamResponse:
        key = _endpoint_key(path)
        if key in ONVIF_PATHS and key not in self._missing_endpoints:
            return await self.onvif.handle(request, key)
        endpoint = ENDPOINTS.get(key)
        if endpoint is None or key in self._missing_endpoints:
            return answer(EndpointFault.NOT_FOUND, path)
        if request.method not in endpoint.methods:
            return web.Response(status=405, text="405 Method Not Allowed")
        if "uid" in query and self.faults.take(FaultKind.EXPIRE_UID, path):
            self.sessions.expire(query["uid"])
        try:
            if endpoint.auth is Auth.BASIC:
                user, session = self._basic_auth(request, path), None
                if user is None:
                    return web.Response(
                        status=401,
                        text="401 Unauthorized",
                        headers={"WWW-Authenticate": 'Basic realm="IP Camera"'},
                    )
            else:
                user, session = self._authenticate(endpoint, query, path)
            cgi = CgiRequest(self, request, path, query, user, session)
            result = await endpoint.handler(cgi)
        except Fault as fault:
            body = fault.body or fault_document(fault.value or path, fault.reason)
            return web.Response(status=400, text=body, content_type=XML_CONTENT_TYPE)
        if session is not None:
            self.sessions.renew(session)
        if isinstance(result, str):
            return web.Response(text=result, content_type=XML_CONTENT_TYPE)
        return result

    def _authenticate(
        self, endpoint: Endpoint, query: dict[str, str], path: str
    ) -> tuple[User | None, Session | None]:
        if endpoint.auth is Auth.NONE:
            return None, None
        if "uid" in query:
            session = self.sessions.get(query["uid"].strip())
            user = None if session is None else self.state.users.get(session.username)
            if session is None or user is None or not user.enabled:
                raise Fault("uid error")
            return user, session
        if "username" in query and endpoint.auth in (
            Auth.UID_OR_CREDENTIALS,
            Auth.OPTIONAL,
        ):
            if "password" not in query:
                raise Fault("error, parse password")
            return self.check_credentials(
                query["username"], query["password"], path=path
            ), None
        if endpoint.auth is Auth.OPTIONAL:
            return None, None
        raise Fault("error, parse uid")

    def _basic_auth(self, request: web.Request, path: str) -> User | None:
        header = request.headers.get("Authorization", "")
        try:
            credentials = BasicAuth.decode(header)
        except ValueError:
            return None
        try:
            return self.check_credentials(
                credentials.login, credentials.password, path=path
            )
        except Fault:
            return None


def _local_address(request: web.Request) -> str | None:
    """Return the address of the simulator that `request` came to."""
    if request.transport is None:
        return None
    sockname = request.transport.get_extra_info("sockname")
    return str(sockname[0]) if sockname else None


def _split_request(request: web.Request) -> tuple[str, dict[str, str]]:
    """Return the path and the query, also for 3.19's `/cgi-bin/snapshot.cgi&username=..`."""
    path = request.path
    query = {key.strip(): value for key, value in request.query.items()}
    raw_path = request.rel_url.raw_path
    if "&" not in raw_path:
        raw_path = request.path  # a client may have escaped the "&" as %26
    if "&" in raw_path and not request.query_string:
        raw_path, _, rest = raw_path.partition("&")
        path = unquote(raw_path)
        query = {
            key.strip(): value for key, value in parse_qsl(rest, keep_blank_values=True)
        }
    return path, query


def _endpoint_key(path: str) -> str:
    """Return the key of `path` in known_paths() (one for every recording, every subscription)."""
    for prefix in ("/playback/", SUBSCRIPTION_PREFIX):
        if path.startswith(prefix):
            return prefix
    return path
