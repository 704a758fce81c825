"""The soak of issue 21: a flaky network, N cameras, one real Home Assistant.

One simulator process serves N cameras; one Home Assistant (onboarded, the
cameras added through the config flow, polled every 30 s, as scripts/bench does,
whose helpers this imports) runs for M minutes while:

- each camera gets faults at random from a schedule seeded by --seed (one
  fault at a time per camera, a pause of at least two polls between them):
  offline (every connection dropped) for 10 s to 5 min; a reboot (the
  simulator's: uptime back to zero, uids and ONVIF subscriptions gone,
  unreachable for REBOOT_SECONDS); a burst of 3 to 30 HTTP 500 replies; slow
  replies (2 to 15 s each) for 30 s to 3 min; every uid expired early; a burst
  of 3 to 20 malformed replies (not XML); the admin password changed (and the
  camera's uids expired, as a real camera logs everyone out): Home Assistant
  asks for reauthentication and the soak, after 5 to 30 s, completes the
  reauthentication flow as a user would (over the REST API the frontend uses);
  an address change: the camera moves to the next loopback address (127.0.0.2,
  ...; all of 127.0.0.0/8 is loopback on Linux), the old one refusing, and the
  soak stands in for Home Assistant's DHCP watcher, which drops loopback
  addresses: it reports the new lease (`bench_counter/dhcp`, the discovery flow
  the watcher starts), and the entry's host must follow;
- motion happens on random cameras that are up, about every --motion-every
  seconds (`/__sim__/motion`: an ONVIF motion event, and the camera writes a
  motion clip), and the motion event entity must fire for it (read from
  state_changed over the WebSocket): from the camera's ONVIF events, or on
  cameras 2, 4, ... (firmware whose ONVIF PullPoint does not work) from its
  recordings, with the clip's start time;
- a user presses a command (relay, infrared lamp, white light, PTZ) about once
  a second on a random camera, as the frontend sends it (WebSocket
  call_service with a target).

Then the faults are over, the soak waits a quiet tail and checks (Soak.checks;
docs/soak.md says what each check is).

Run by scripts/soak. Everything listens on 127.0.0.1 (a moved camera on
127.0.0.2 and on); every process started here is stopped at the end, also on
Ctrl-C, SIGTERM or an error.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter, defaultdict
from collections.abc import Callable
import contextlib
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
import itertools
import json
import os
from pathlib import Path
import platform
import random
import re
import statistics
import sys
import time
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import (  # noqa: E402
    CAMERA_LOGIN,
    DOMAIN,
    POLL_SECONDS,
    ROOT,
    Cameras,
    Hass,
    Pinger,
    add_cameras,
    consecutive_free_ports,
    cpu_seconds,
    home_assistant,
    machine,
    percentile,
    rss_mib,
    run_stopping,
    wait_for,
)

from ipc_simulator.onvif import SUBSCRIPTION_PREFIX as SUBSCRIPTION_PATH  # noqa: E402
from tests.e2e.hass_api import (  # noqa: E402
    HassApi,
    HomeAssistantError,
    Process,
    simulator_process,
)

WORKDIR = ROOT / ".soak"  # --workdir
REBOOT_SECONDS = 45.0  # how long a rebooting camera is unreachable
RECOVERY = 2 * POLL_SECONDS  # a fault's end until its camera's entities are back
MOTION_RECOVERY = 60.0  # a fault's end until motion must reach Home Assistant
MOTION_SECONDS = 2  # how long each motion the soak makes lasts
# The camera reports motion as a state (ONVIF's IsMotion; one clip): motion
# again before the last one ended only moves its end, with no event or clip of
# its own. The next motion waits this long after the last one's end.
MOTION_GAP = 1.0
COMMAND_TIMEOUT = 10.0  # a command's answer (success or a translated error)
ARENA_MIB = 1.0  # Python's memory arena: RSS grows in such steps
SAMPLE_SECONDS = 5.0  # RSS, CPU, tasks, descriptors, unavailable entities
MEMORY_SECONDS = 30.0  # RSS after a full collection and after malloc_trim
UNAVAILABLE = "unavailable"
RECORDINGS_PATH = "/cgi-bin/get_record_query"  # 3.20, read by every poll
KINDS = (
    "offline",
    "reboot",
    "http_500",
    "slow",
    "uid_expiry",
    "malformed",
    "password",
    "address",
)
COMMANDS = ("relay", "infrared_lamp", "white_light", "ptz")


@dataclass
class Settings:
    """What to run, and the checks' limits."""

    cameras: int
    minutes: float
    seed: int
    json_path: Path
    plot_path: Path
    workdir: Path
    warmup: float
    tail: float
    motion_every: float
    motion_timeout: float
    command_every: float
    max_requests: int
    max_block_ms: float
    max_ping_ms: float
    max_rss_mib_per_hour: float
    tracemalloc: bool = False


# --- what happened -------------------------------------------------------------


@dataclass
class Fault:
    """One fault of one camera (times in seconds from the start of the faults)."""

    camera: int
    kind: str
    start: float
    end: float | None = None  # when the camera is itself again
    detail: str = ""
    stuck: list[str] = field(default_factory=list)  # entities not back in time
    host: str | None = None  # an address change: the camera's new address
    moved_at: float | None = None  # the move, in the simulator's (Unix) time


@dataclass
class Motion:
    """Something moved in front of a camera."""

    camera: int
    at: float
    start_time: str  # the clip's start by the camera's clock (3.20); "" until known
    after_fault: bool = False  # the check that a camera's motion is back
    seen: float | None = None  # when the motion event entity fired for it
    excused: bool = False  # a fault began before it was seen


@dataclass
class Command:
    """One command pressed in the frontend."""

    camera: int
    what: str
    at: float
    up: bool  # the camera had no fault (nor one in its recovery) at the press
    outcome: str = "pending"  # ok, translated, untranslated: ..., timeout
    seconds: float = 0.0


@dataclass
class CameraRun:
    """One camera: its entities, its fault, its password."""

    index: int
    port: int
    entry_id: str
    title: str
    watched: set[str]  # entities available at the start: must come back
    motion_entity: str
    commands: dict[str, list[str]]  # COMMANDS -> entity ids
    password: str = CAMERA_LOGIN["password"]
    onvif: bool = True  # motion from ONVIF events, else from the recordings
    fault: Fault | None = None
    recovering_until: float = 0.0
    motion_ends: float = 0.0  # when the last motion made at the camera ends

    def motion_wait(self, now: float) -> float:
        """Return the seconds until motion again is new motion (MOTION_GAP)."""
        return max(0.0, self.motion_ends + MOTION_GAP - now)

    def up(self, now: float) -> bool:
        """Tell whether the camera has no fault and is past its recovery."""
        return self.fault is None and now >= self.recovering_until


# --- a WebSocket connection for everything at once ------------------------------


class Mux:
    """One authenticated WebSocket: concurrent commands and a state subscription."""

    def __init__(
        self, api: HassApi, on_event: Callable[[dict[str, Any]], None]
    ) -> None:
        """Prepare; open() connects."""
        self.api = api
        self.on_event = on_event
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None
        self._stack = contextlib.AsyncExitStack()

    async def open(self) -> None:
        """Connect, authenticate, start reading."""
        hass_ws = await self._stack.enter_async_context(self.api.websocket())
        self._ws = hass_ws.ws
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        """Stop reading and close."""
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        await self._stack.aclose()

    async def _read(self) -> None:
        assert self._ws is not None
        async for message in self._ws:
            if message.type is not aiohttp.WSMsgType.TEXT:
                break
            data = json.loads(message.data)
            for item in data if isinstance(data, list) else [data]:
                if item.get("type") == "event":
                    self.on_event(item["event"])
                elif (future := self._waiting.pop(item.get("id"), None)) is not None:
                    if not future.done():
                        future.set_result(item)
        for future in self._waiting.values():
            if not future.done():
                future.set_exception(HomeAssistantError("WebSocket closed"))

    async def send(self, command: str, **data: Any) -> dict[str, Any]:
        """Send a command; return the whole reply (success or not)."""
        assert self._ws is not None
        message_id = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = (
            asyncio.get_running_loop().create_future()
        )
        self._waiting[message_id] = future
        try:
            await self._ws.send_json({"id": message_id, "type": command, **data})
            return await future
        finally:
            self._waiting.pop(message_id, None)

    async def command(self, command: str, **data: Any) -> Any:
        """Send a command; return its result or raise its error."""
        reply = await self.send(command, **data)
        if not reply.get("success"):
            raise HomeAssistantError(f"{command}: {reply.get('error')}")
        return reply.get("result")


async def refresh_token(api: HassApi) -> None:
    """Get a new access token with the refresh token (they last 30 min)."""
    async with api.session.post(
        f"{api.base_url}/auth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": api.refresh_token,
            "client_id": api.client_id,
        },
    ) as response:
        if response.status != 200:
            raise HomeAssistantError(f"token refresh: {response.status}")
        api.access_token = (await response.json())["access_token"]


# --- the soak --------------------------------------------------------------------


class Soak:
    """One soak run: the schedule, what happened, the samples."""

    def __init__(
        self,
        settings: Settings,
        hass: Hass,
        cameras: Cameras,
        log: Callable[[str], None],
    ) -> None:
        """Prepare; run() does it."""
        self.settings = settings
        self.hass = hass
        self.cameras = cameras
        self.log = log
        self.runs: list[CameraRun] = []
        self.faults: list[Fault] = []
        self.motions: list[Motion] = []
        self.commands: list[Command] = []
        self.unexpected_motion: list[tuple[int, float, str]] = []
        self.available: dict[str, bool] = {}
        # event entity -> (state, start_time) of each event it fired
        self.fired: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self.samples: list[dict[str, float]] = []
        self.memory: list[dict[str, float]] = []  # bench_counter/memory every 30 s
        self.traced: dict[str, Any] = {}
        self.requests_per_minute: list[list[int]] = []
        self.t0 = 0.0  # monotonic time of the faults' start
        self.end = settings.minutes * 60
        self.mux = Mux(hass.api, self._on_event)
        self.pinger = Pinger(hass.api)
        self.by_entity: dict[str, CameraRun] = {}
        self.rng = random.Random(f"{settings.seed}-user")

    def now(self) -> float:
        """Return seconds since the faults' start."""
        return time.monotonic() - self.t0

    # --- setup ---

    async def setup(self) -> None:
        """Add the cameras, enable their motion event entities, wait until all is up."""
        s = self.settings
        # Every other camera's ONVIF PullPoint does not work: its motion comes
        # from its recordings (motion.py), the other path.
        for port in self.cameras.ports[1::2]:
            await self.cameras.control(
                port,
                "POST",
                "endpoint_faults",
                {"path": "/onvif/event_service", "kind": "no_pullpoint"},
            )
        self.log(
            f"adding {s.cameras} cameras through the config flow"
            " (cameras 2, 4, ...: motion from their recordings, not ONVIF)"
        )
        entry_ids = await add_cameras(self.hass.api, self.cameras.ports)
        entries = {e["entry_id"]: e for e in await self.hass.api.config_entries(DOMAIN)}
        registry = await self.hass.registry()
        events = [
            e
            for e in registry
            if e["platform"] == DOMAIN and e["translation_key"] == "motion_event"
        ]
        async with self.hass.api.websocket() as ws:
            for entity in events:
                if entity["disabled_by"] is not None:
                    await ws.command(
                        "config/entity_registry/update",
                        entity_id=entity["entity_id"],
                        disabled_by=None,
                    )
        # Home Assistant reloads an entry 30 s after one of its entities is
        # enabled; reloading now adds them at once (that reload falls in the
        # warm-up, and the wait for every entity after it).
        for entry_id in entry_ids:
            await self.hass.api.post(
                f"/api/config/config_entries/entry/{entry_id}/reload"
            )
        registry = await self.hass.registry()
        for index, (port, entry_id) in enumerate(
            zip(self.cameras.ports, entry_ids, strict=True)
        ):
            mine = [
                e
                for e in registry
                if e["config_entry_id"] == entry_id and e["disabled_by"] is None
            ]

            def ids(
                domain: str, *keys: str, mine: list[dict[str, Any]] = mine
            ) -> list[str]:
                return [
                    e["entity_id"]
                    for e in mine
                    if e["entity_id"].startswith(f"{domain}.")
                    and any(str(e["translation_key"]).startswith(k) for k in keys)
                ]

            (motion,) = ids("event", "motion_event")
            run = CameraRun(
                index,
                port,
                entry_id,
                entries[entry_id]["title"],
                {e["entity_id"] for e in mine},
                motion,
                {
                    "relay": ids("switch", "relay"),
                    "infrared_lamp": ids("light", "infrared_lamp"),
                    "white_light": ids("light", "white_light"),
                    "ptz": ids("button", "ptz_"),
                },
                onvif=index % 2 == 0,
            )
            self.runs.append(run)
            for entity_id in run.watched:
                self.by_entity[entity_id] = run
        await self.mux.open()
        await self.mux.command("subscribe_events", event_type="state_changed")
        for state in await self.mux.command("get_states"):
            if state["entity_id"] in self.by_entity:
                self.available[state["entity_id"]] = state["state"] != UNAVAILABLE
                self._remember_fire(state)
        await self.pinger.start()

        def all_up() -> bool:
            return all(self.available.get(e) for r in self.runs for e in r.watched)

        async def up() -> bool:
            return all_up()

        await wait_for("every entity available", up, 180, 1)
        self.log(
            f"{sum(len(r.watched) for r in self.runs)} entities enabled and available;"
            f" warm-up {s.warmup:.0f} s"
        )
        await asyncio.sleep(s.warmup)
        # Enabling an entity also makes Home Assistant reload its entry 30 s later.
        await wait_for("every entity available after the warm-up", up, 180, 1)

    def _remember_fire(self, state: dict[str, Any]) -> None:
        if state["entity_id"].startswith("event."):
            self.fired[state["entity_id"]].add(_fire(state))

    def _on_event(self, event: dict[str, Any]) -> None:
        data = event.get("data", {})
        entity_id = data.get("entity_id")
        run = self.by_entity.get(entity_id or "")
        new = data.get("new_state")
        if run is None or new is None or self.t0 == 0.0:
            if run is not None and new is not None:
                self.available[entity_id] = new["state"] != UNAVAILABLE
                self._remember_fire(new)
            return
        self.available[entity_id] = new["state"] != UNAVAILABLE
        if entity_id != run.motion_entity or new["state"] in (UNAVAILABLE, "unknown"):
            return
        if _fire(new) in self.fired[entity_id]:
            return  # restored after a reload, not fired
        self.fired[entity_id].add(_fire(new))
        if new["attributes"].get("event_type") != "motion":
            return
        # From the recordings: the clip's start; from ONVIF: none (match_motion).
        start = new["attributes"].get("start_time")
        now = self.now()
        if (start is not None or run.onvif) and (
            motion := match_motion(self.motions, run.index, start, now)
        ) is not None:
            motion.seen = now
            return
        self.unexpected_motion.append((run.index, now, str(start)))

    # --- the user ---

    async def motion_maker(self) -> None:
        """Make motion on a random camera that is up, about every motion_every s."""
        s = self.settings
        while True:
            await asyncio.sleep(self.rng.uniform(0.5, 1.5) * s.motion_every)
            now = self.now()
            if now > self.end:
                return
            up = [r for r in self.runs if r.up(now)]
            if up:
                await self.make_motion(self.rng.choice(up))

    async def make_motion(
        self, run: CameraRun, *, after_fault: bool = False
    ) -> Motion | None:
        """Make motion at the camera once its last motion ended; remember its clip's start time.

        Noted before it is made: its ONVIF event may come before the reply.
        """
        if (wait := run.motion_wait(self.now())) > 0:
            await asyncio.sleep(wait)
        motion = Motion(run.index, self.now(), "", after_fault)
        self.motions.append(motion)
        reply = await self.cameras.control(
            run.port, "POST", "motion", {"seconds": MOTION_SECONDS}
        )
        run.motion_ends = self.now() + MOTION_SECONDS
        if not reply.get("start"):
            self.motions.remove(motion)
            return None
        motion.start_time = reply["start"]
        return motion

    async def commander(self) -> None:
        """Press a command on a random camera about every command_every s."""
        s = self.settings
        pending: set[asyncio.Task[None]] = set()
        try:
            while self.now() < self.end:
                await asyncio.sleep(self.rng.uniform(0.5, 1.5) * s.command_every)
                run = self.rng.choice(self.runs)
                what = self.rng.choice([c for c in COMMANDS if run.commands[c]])
                task = asyncio.create_task(self.press(run, what))
                pending.add(task)
                task.add_done_callback(pending.discard)
        finally:
            if pending:
                await asyncio.wait(pending)

    async def press(self, run: CameraRun, what: str) -> None:
        """Send one command as the frontend does; record its outcome."""
        entity_id = self.rng.choice(run.commands[what])
        domain = entity_id.split(".")[0]
        service = (
            "press" if domain == "button" else self.rng.choice(("turn_on", "turn_off"))
        )
        command = Command(
            run.index, f"{domain}.{service} {entity_id}", self.now(), run.up(self.now())
        )
        self.commands.append(command)
        try:
            async with asyncio.timeout(COMMAND_TIMEOUT):
                reply = await self.mux.send(
                    "call_service",
                    domain=domain,
                    service=service,
                    service_data={},
                    target={"entity_id": entity_id},
                )
        except TimeoutError:
            command.outcome = "timeout"
        else:
            error = reply.get("error") or {}
            if reply.get("success"):
                command.outcome = "ok"
            elif error.get("translation_key"):
                command.outcome = "translated"
            else:
                command.outcome = f"untranslated: {error}"
        command.seconds = self.now() - command.at
        # A fault that began before the answer: the camera was not up throughout.
        if run.fault is not None or not run.up(self.now()):
            command.up = False

    # --- the faults ---

    async def camera_faults(self, run: CameraRun) -> None:
        """Give one camera its faults from its seeded schedule until the end."""
        s = self.settings
        rng = random.Random(f"{s.seed}-camera-{run.index}")
        # The first faults come from a deck shuffled by the seed, dealt round
        # the cameras (N cameras' first faults are N different kinds, up to
        # 8); each later one is drawn from the camera's own random numbers.
        deck = random.Random(f"{s.seed}-kinds").sample(KINDS, len(KINDS))
        start = rng.uniform(5, 45)  # the first fault
        for turn in itertools.count():
            kind = rng.choice(KINDS) if turn else deck[run.index % len(deck)]
            start = max(start, self.now())
            # Every fault is over, and its recovery checked, before the end.
            room = self.end - s.tail - MOTION_RECOVERY - start
            if kind == "reboot" and room < REBOOT_SECONDS:
                kind = "uid_expiry"
            duration = {
                "offline": min(rng.uniform(10, 300), room),
                "reboot": REBOOT_SECONDS,
                "slow": min(rng.uniform(30, 180), room - 15),
            }.get(kind, 0.0)
            latency = rng.uniform(2, 15)
            count = rng.randint(3, 30 if kind == "http_500" else 20)
            user_delay = rng.uniform(5, 30)
            if room < 10 or duration < 0:
                return
            await asyncio.sleep(start - self.now())
            for motion in self.motions:
                if motion.camera == run.index and motion.seen is None:
                    motion.excused = True
            fault = Fault(run.index, kind, self.now())
            run.fault = fault
            self.faults.append(fault)
            await self.do_fault(run, fault, duration, latency, count, user_delay)
            fault.end = self.now()
            run.fault = None
            run.recovering_until = fault.end + MOTION_RECOVERY
            self.log(
                f"camera {run.index + 1}: {kind} {fault.detail} from {fault.start:.0f} s"
                f" to {fault.end:.0f} s"
            )
            await self.check_recovery(run, fault)
            start = self.now() + rng.uniform(RECOVERY, 120)

    async def do_fault(
        self,
        run: CameraRun,
        fault: Fault,
        duration: float,
        latency: float,
        count: int,
        user_delay: float,
    ) -> None:
        """Inject the fault; return when the camera is itself again."""
        control = self.cameras.control
        port = run.port
        match fault.kind:
            case "offline":
                fault.detail = f"{duration:.0f} s"
                await control(port, "POST", "offline")
                await asyncio.sleep(duration)
                await control(port, "POST", "online")
            case "reboot":
                await control(port, "POST", "reboot")
                await asyncio.sleep(REBOOT_SECONDS)
            case "slow":
                fault.detail = f"{latency:.1f} s replies for {duration:.0f} s"
                rule = {"kind": "latency", "count": None, "seconds": latency}
                await control(port, "POST", "faults", rule)
                await asyncio.sleep(duration)
                await control(port, "DELETE", "faults")
                await asyncio.sleep(latency)  # the replies under way
            case "http_500" | "malformed":
                fault.detail = f"{count} replies"
                await control(
                    port, "POST", "faults", {"kind": fault.kind, "count": count}
                )
                await self.until_spent(port)
            case "uid_expiry":
                await control(port, "POST", "expire_uids")
            case "password":
                await self.change_password(run, fault, user_delay)
            case "address":
                await self.move(run, fault)

    async def until_spent(self, port: int) -> None:
        """Wait until the camera's counted faults are spent (5 min at most)."""
        for _ in range(300):
            if not await self.cameras.control(port, "GET", "faults"):
                return
            await asyncio.sleep(1)
        await self.cameras.control(port, "DELETE", "faults")

    async def change_password(
        self, run: CameraRun, fault: Fault, user_delay: float
    ) -> None:
        """Change the camera's password; complete the reauthentication as a user."""
        new = f"soak-{os.urandom(4).hex()}"
        control = self.cameras.control
        await control(run.port, "POST", "state", {"users.admin.password": new})
        await control(run.port, "POST", "expire_uids")  # the camera logs everyone out

        async def reauth_flow() -> str | None:
            for flow in await self.mux.command("config_entries/flow/progress"):
                context = flow.get("context", {})
                if (
                    flow.get("handler") == DOMAIN
                    and context.get("source") == "reauth"
                    and context.get("entry_id") == run.entry_id
                ):
                    return str(flow["flow_id"])
            return None

        try:
            flow_id = await wait_for("the reauthentication flow", reauth_flow, 300, 1)
        except HomeAssistantError:
            fault.detail = "Home Assistant never asked for the new password"
            fault.stuck.append(f"{run.title}: no reauthentication flow")
            await control(
                run.port, "POST", "state", {"users.admin.password": run.password}
            )
            return
        asked = self.now()
        await asyncio.sleep(user_delay)  # the user reads the notification
        await refresh_token(self.hass.api)
        result = await self.hass.api.flow_step(flow_id, {"password": new})
        fault.detail = (
            f"asked after {asked - fault.start:.0f} s, answered {user_delay:.0f} s later:"
            f" {result.get('reason') or result.get('errors')}"
        )
        if result.get("reason") != "reauth_successful":
            fault.stuck.append(f"{run.title}: reauthentication {result}")
        run.password = new

    async def move(self, run: CameraRun, fault: Fault) -> None:
        """Move the camera to the next loopback address; report its lease as DHCP would."""
        control = self.cameras.control
        old = self.cameras.host(run.port)
        *network, last = old.split(".")
        new = ".".join([*network, str(int(last) % 254 + 1)])
        mac = (await control(run.port, "GET", "state"))["device"]["mac"]
        try:
            await control(run.port, "POST", "move", {"host": new})
        except aiohttp.ClientResponseError as err:
            fault.detail = f"the simulator could not move it to {new}: {err}"
            return
        self.cameras.hosts[run.port] = new
        fault.host, fault.moved_at = new, time.time()
        fault.detail = f"{old} to {new}"
        # Home Assistant's DHCP watcher would see the lease now, but drops
        # loopback addresses: bench_counter starts the flow it would start.
        await self.mux.command(
            "bench_counter/dhcp",
            ip=new,
            macaddress=mac,
            hostname=f"ipcam-{mac.replace(':', '')[-6:]}".lower(),
        )

    async def entry_follows(self, run: CameraRun, fault: Fault) -> bool:
        """Tell whether the camera's entry has its new host and runs there.

        The flow changes the host at once and reloads the entry after: it runs
        at the new address when the camera got a request there (from before
        the move, none is counted) on the path motion comes by, its ONVIF
        subscription's or the recordings'.
        """
        entries = await self.mux.command("bench_counter/hosts", domain=DOMAIN)
        entry = entries.get(run.entry_id, {})
        if entry.get("host") != fault.host or entry.get("state") != "loaded":
            return False
        assert fault.moved_at is not None
        path = SUBSCRIPTION_PATH if run.onvif else RECORDINGS_PATH
        requests = await self.cameras.control(run.port, "GET", "last_requests")
        return any(
            at > fault.moved_at
            for where, at in requests.items()
            if where.startswith(path)
        )

    async def check_recovery(self, run: CameraRun, fault: Fault) -> None:
        """Entities back within RECOVERY s of the end; motion within MOTION_RECOVERY s.

        After an address change, the entry's host also follows within RECOVERY s.
        """
        assert fault.end is not None
        deadline = fault.end + RECOVERY
        followed = fault.host is None
        while self.now() < deadline:
            followed = followed or await self.entry_follows(run, fault)
            if followed and all(self.available.get(e) for e in run.watched):
                break
            await asyncio.sleep(0.5)
        if not followed:
            fault.stuck.append(f"{run.title}: the entry's host did not follow")
        fault.stuck += sorted(e for e in run.watched if not self.available.get(e))
        motion = await self.make_motion(run, after_fault=True)
        if motion is None:
            fault.stuck.append(f"{run.title}: motion detection off")
            return
        while self.now() < fault.end + MOTION_RECOVERY and motion.seen is None:
            await asyncio.sleep(0.5)
        if motion.seen is None:
            fault.stuck.append(run.motion_entity)

    # --- measuring ---

    async def process_stats(self) -> dict[str, float]:
        """Return tasks and the loop's lag and block (bench_counter), descriptors."""
        stats: dict[str, float] = await self.mux.command("bench_counter/process")
        fds, to_cameras = descriptors(self.hass.pid, {r.port for r in self.runs})
        stats["fds"] = fds - to_cameras
        stats["camera_connections"] = to_cameras
        return stats

    async def sampler(self) -> None:
        """Sample RSS, CPU, tasks, descriptors and the unavailable entities."""
        pid = self.hass.pid
        cpu, at = cpu_seconds(pid), time.monotonic()
        while True:
            await asyncio.sleep(SAMPLE_SECONDS)
            stats = await self.process_stats()
            now_cpu, now = cpu_seconds(pid), time.monotonic()
            self.samples.append(
                {
                    "t": self.now(),
                    "rss_mib": rss_mib(pid),
                    "cpu_percent": 100 * (now_cpu - cpu) / (now - at),
                    "unavailable": sum(
                        not self.available.get(e) for r in self.runs for e in r.watched
                    ),
                    **stats,
                }
            )
            cpu, at = now_cpu, now

    async def memory_sampler(self) -> None:
        """Every MEMORY_SECONDS: RSS after a full collection and malloc_trim (settled)."""
        traced = False
        while True:
            await asyncio.sleep(MEMORY_SECONDS)
            start = self.settings.tracemalloc and not traced
            start = start and self.now() >= self.rss_from()
            memory = await self.mux.command(
                "bench_counter/memory", **({"tracemalloc": "mark"} if start else {})
            )
            traced = traced or start
            self.memory.append({"t": self.now(), **memory})

    async def request_counter(self) -> None:
        """Count each camera's requests per minute (the simulator's counters)."""
        before = [
            sum((await self.cameras.control(r.port, "GET", "counters")).values())
            for r in self.runs
        ]
        while True:
            await asyncio.sleep(60)
            after = [
                sum((await self.cameras.control(r.port, "GET", "counters")).values())
                for r in self.runs
            ]
            self.requests_per_minute.append(
                [a - b for a, b in zip(after, before, strict=True)]
            )
            before = after

    async def quiet_counts(self) -> dict[str, float]:
        """Return the fewest tasks and descriptors over 10 samples 1 s apart."""
        samples = []
        for _ in range(10):
            samples.append(await self.process_stats())
            await asyncio.sleep(1)
        counts = {
            key: min(s[key] for s in samples)
            for key in ("tasks", "fds", "camera_connections")
        }
        # Objects alive after a full collection, and RSS then: a leak, or garbage
        # no full collection has freed yet (they are rare in a large heap).
        collected = await self.mux.command("bench_counter/process", collect=True)
        counts["objects"] = collected["objects"]
        counts["rss_mib_after_full_gc"] = rss_mib(self.hass.pid)
        return counts

    # --- all of it ---

    async def run(self) -> dict[str, Any]:
        """Run the soak; return the checks."""
        s = self.settings
        try:
            await self.setup()
        except BaseException:
            await self.pinger.stop()
            raise
        await self.process_stats()  # starts the loop monitor
        if s.tracemalloc:
            await self.mux.command("bench_counter/memory", tracemalloc="start")
        start_counts = await self.quiet_counts()
        self.t0 = time.monotonic()
        self.log(
            f"faults for {s.minutes:g} min (seed {s.seed}); at the start"
            f" {start_counts['tasks']:.0f} tasks, {start_counts['fds']:.0f} descriptors"
        )
        background = [
            asyncio.create_task(self.sampler()),
            asyncio.create_task(self.request_counter()),
            asyncio.create_task(self.memory_sampler()),
        ]
        try:
            await asyncio.gather(
                *(self.camera_faults(run) for run in self.runs),
                self.motion_maker(),
                self.commander(),
            )
            remaining = self.end - self.now()
            if remaining > 0:
                await asyncio.sleep(remaining)
            self.log(f"faults over; quiet tail {s.tail:.0f} s")
            await asyncio.sleep(s.tail)
            end_counts = await self.quiet_counts()
            if s.tracemalloc:
                self.traced = await self.mux.command(
                    "bench_counter/memory", tracemalloc="diff", types=True
                )
            pings = [ms for _, ms in self.pinger.between(self.t0, time.monotonic())]
        finally:
            for task in background:
                task.cancel()
            await self.pinger.stop()
        down = sorted(
            e for r in self.runs for e in r.watched if not self.available.get(e)
        )
        gc = await self.mux.command("bench_counter/gc")
        await self.mux.close()
        return self.checks(start_counts, end_counts, pings, down, gc)

    def checks(
        self,
        start: dict[str, float],
        end: dict[str, float],
        pings: list[float],
        down_at_end: list[str],
        gc: dict[str, Any],
    ) -> dict[str, Any]:
        """Return the results and whether every check holds."""
        s = self.settings
        gc_full = [
            (at - self.t0, ms) for at, ms in gc["full"] if at >= self.t0
        ]  # (s into the run, ms)
        stuck = [e for f in self.faults for e in f.stuck] + [
            e for e in down_at_end if not any(e in f.stuck for f in self.faults)
        ]
        regular = [m for m in self.motions if not m.after_fault]
        missed = [m for m in regular if m.seen is None and not m.excused]
        stale = [
            m
            for m in regular
            if m.seen is not None and not m.excused and m.seen - m.at > s.motion_timeout
        ]
        stale_count = len(stale) + len(self.unexpected_motion)
        commands_up = [c for c in self.commands if c.up]
        failed = [c for c in commands_up if c.outcome not in ("ok", "translated")]
        tracebacks, errors, other_errors = read_log(
            self.hass.config_dir / "home-assistant.log", self.runs, self.faults
        )
        growth, span_hours = settled_growth(self.memory, self.rss_from())
        # Below one pymalloc arena (1 MiB) over the span, growth is not resolved.
        rss_ok = growth < s.max_rss_mib_per_hour or growth * span_hours < ARENA_MIB
        raw = [x for x in self.samples if x["t"] >= min(self.end / 3, 600.0)]
        block = max((x["max_code_block_ms"] for x in self.samples), default=0.0)
        with_gc = max((x["max_block_ms"] for x in self.samples), default=0.0)
        lag = max((x["max_lag_ms"] for x in self.samples), default=0.0)
        ping_p99 = percentile(pings, 0.99) if pings else float("nan")
        max_requests = max((max(m) for m in self.requests_per_minute), default=0)
        result: dict[str, Any] = {
            "stuck_entities": len(stuck),
            "motion_missed": len(missed),
            "motion_stale": stale_count,
            "commands_failed_unexpectedly": len(failed),
            "tracebacks": tracebacks,
            "errors": len(errors),
            "rss_growth_mib_per_hour": round(growth, 2),
            "task_growth": int(end["tasks"] - start["tasks"]),
            # Connections to the cameras come and go with the polls' keep-alive:
            # only more than two a camera (a poll's, the event channel's) count.
            "fd_growth": int(
                end["fds"]
                - start["fds"]
                + max(0, end["camera_connections"] - 2 * len(self.runs))
            ),
            "max_loop_block_ms": round(block, 1),
            "max_loop_block_with_full_gc_ms": round(with_gc, 1),
            "websocket_ping_p99_ms": round(ping_p99, 1),
            "max_requests_per_camera_minute": max_requests,
        }
        limits = {
            "stuck_entities": ("== 0", result["stuck_entities"] == 0),
            "motion_missed": ("== 0", result["motion_missed"] == 0),
            "motion_stale": ("== 0", result["motion_stale"] == 0),
            "commands_failed_unexpectedly": (
                "== 0",
                result["commands_failed_unexpectedly"] == 0,
            ),
            "tracebacks": ("== 0", tracebacks == 0),
            "errors": ("== 0", not errors),
            "rss_growth_mib_per_hour": (
                f"< {s.max_rss_mib_per_hour:g} (or < {ARENA_MIB:g} MiB over the"
                " measured span)",
                rss_ok,
            ),
            "task_growth": ("<= 0", result["task_growth"] <= 0),
            "fd_growth": ("<= 0", result["fd_growth"] <= 0),
            "max_loop_block_ms": (f"< {s.max_block_ms:g}", block < s.max_block_ms),
            "websocket_ping_p99_ms": (f"< {s.max_ping_ms:g}", ping_p99 < s.max_ping_ms),
            "max_requests_per_camera_minute": (
                f"<= {s.max_requests}",
                max_requests <= s.max_requests,
            ),
        }
        result["passed"] = all(ok for _, ok in limits.values())
        result["limits"] = {key: limit for key, (limit, _) in limits.items()}
        result["held"] = {key: ok for key, (_, ok) in limits.items()}
        kinds = Counter(f.kind for f in self.faults)
        outcomes = Counter(c.outcome.split(":")[0] for c in self.commands)
        result["details"] = {
            "settings": {
                k: str(v) if isinstance(v, Path) else v for k, v in asdict(s).items()
            },
            "faults_by_kind": dict(kinds),
            "faults": [asdict(f) for f in self.faults],
            "stuck": stuck,
            "motions": len(regular),
            "motions_seen_seconds_median": round(
                statistics.median(
                    [m.seen - m.at for m in regular if m.seen is not None] or [0]
                ),
                1,
            ),
            "motions_excused": sum(m.excused for m in regular),
            "motion_missed": [asdict(m) for m in missed],
            "motion_stale": [asdict(m) for m in stale],
            "motion_unexpected": self.unexpected_motion,
            "commands": len(self.commands),
            "commands_to_up_cameras": len(commands_up),
            "command_outcomes": dict(outcomes),
            "command_seconds_max_up": round(
                max((c.seconds for c in commands_up), default=0), 2
            ),
            "commands_failed": [asdict(c) for c in failed],
            "error_lines": errors,
            "other_error_lines": other_errors[:50],
            "max_loop_lag_ms": round(lag, 1),
            "full_gc_in_run": len(gc_full),
            "full_gc_max_ms": round(max((ms for _, ms in gc_full), default=0.0), 1),
            "slowest_loop_blocks": [
                {
                    "t": round(x["t"], 1),
                    "block_ms": round(x["max_block_ms"], 1),
                    "by_code_ms": round(x["max_code_block_ms"], 1),
                    "full_gc_ms": [
                        round(ms, 1)
                        for at, ms in gc_full
                        if x["t"] - SAMPLE_SECONDS - 1 <= at <= x["t"] + 1
                    ],
                }
                for x in sorted(self.samples, key=lambda x: -x["max_block_ms"])[:5]
            ],
            "rss_growth_mib_over_span": round(growth * span_hours, 2),
            "tasks_start_end": [start["tasks"], end["tasks"]],
            "fds_start_end": [start["fds"], end["fds"]],
            "objects_after_full_gc_start_end": [start["objects"], end["objects"]],
            "rss_mib_after_full_gc_start_end": [
                round(start["rss_mib_after_full_gc"], 2),
                round(end["rss_mib_after_full_gc"], 2),
            ],
            "all_motions": [asdict(m) for m in self.motions],
            "rss_mib_start_end": [
                self.samples[0]["rss_mib"] if self.samples else 0,
                self.samples[-1]["rss_mib"] if self.samples else 0,
            ],
            "rss_growth_from_s": self.rss_from(),
            # The measure before: RSS every 5 s as it was (garbage and free
            # malloc memory included), after a third of the run (10 min at most).
            "rss_unsettled_growth_mib_per_hour_after_a_third": round(
                slope([x["t"] for x in raw], [x["rss_mib"] for x in raw]) * 3600, 2
            ),
            "settled_rss_mib_growth_first_to_last": round(
                self.memory[-1]["rss_mib_after_trim"]
                - self.memory[0]["rss_mib_after_trim"],
                2,
            )
            if self.memory
            else 0.0,
            "memory_slopes_mib_per_hour": {
                key: round(
                    slope(
                        [x["t"] for x in self.memory if x["t"] >= self.rss_from()],
                        [x[key] for x in self.memory if x["t"] >= self.rss_from()],
                    )
                    * 3600,
                    2,
                )
                for key in (
                    "rss_mib_after_full_gc",
                    "rss_mib_after_trim",
                    "sqlite_mib",
                    "anonymous_mib",
                    "file_mib",
                    "tracemalloc_mib",
                    "traced_mib",
                    "allocated_blocks",
                    "objects",
                    "threads",
                )
            },
            "memory": [
                {key: round(value, 2) for key, value in x.items()} for x in self.memory
            ],
            "tracemalloc": self.traced,
            "cpu_percent_mean": round(
                statistics.fmean([x["cpu_percent"] for x in self.samples] or [0]), 1
            ),
            "requests_per_camera_minute_median": statistics.median(
                [n for m in self.requests_per_minute for n in m] or [0]
            ),
            "machine": machine(),
            "home_assistant": version("homeassistant"),
            "python": platform.python_version(),
            "finished": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            "samples": [
                {key: round(value, 2) for key, value in x.items()} for x in self.samples
            ],
            "requests_per_minute": self.requests_per_minute,
        }
        return result

    def rss_from(self) -> float:
        """Return when RSS growth is measured from: the run's second half."""
        return self.end / 2


def descriptors(pid: int, ports: set[int]) -> tuple[int, int]:
    """Return the process's open descriptors, and how many are TCP connections to `ports`."""
    fds = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(FileNotFoundError):  # closed meanwhile
            fds.append(str(fd.readlink()))
    inodes = set()
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[2].rsplit(":", 1)[1], 16) in ports:
                inodes.add(fields[9])
    return len(fds), sum(fd.startswith("socket:[") and fd[8:-1] in inodes for fd in fds)


def match_motion(
    motions: list[Motion], camera: int, start: str | None, now: float
) -> Motion | None:
    """Return the motion a `motion` event of `camera` fired for, or None.

    From the recordings, the event names its clip's start time. From the
    camera's ONVIF events it names none (no clip): it is the latest motion of
    that camera not seen yet (one made before a fault may never be: the
    camera's events are not replayed, and the one made after it must match).
    """
    unseen = [m for m in motions if m.camera == camera and m.seen is None]
    if start is None:
        return next((m for m in reversed(unseen) if m.at <= now), None)
    return next((m for m in unseen if m.start_time == start), None)


def _fire(state: dict[str, Any]) -> tuple[str, str]:
    """Return what tells one event of an event entity from another.

    The state is the time it fired, to the millisecond: two recordings found
    by one poll fire in the same millisecond, with different start times.
    """
    return state["state"], str(state["attributes"].get("start_time"))


def settled_growth(memory: list[dict[str, float]], since: float) -> tuple[float, float]:
    """Return the slope (MiB an hour) of the settled RSS from `since` on, and its span (h).

    Settled: each minute's RSS after a full garbage collection and malloc_trim(0)
    (bench_counter/memory), so garbage and memory malloc holds free are not
    counted; what is left is in use.
    """
    after = [x for x in memory if x["t"] >= since]
    growth = slope([x["t"] for x in after], [x["rss_mib_after_trim"] for x in after])
    return growth * 3600, (after[-1]["t"] - after[0]["t"]) / 3600 if after else 0.0


def slope(xs: list[float], ys: list[float]) -> float:
    """Return the least-squares slope of ys over xs (0 with fewer than 2 points)."""
    if len(xs) < 2:
        return 0.0
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return (
        sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den
        if den
        else 0.0
    )


LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ (\w+) \(([^)]*)\) \[([^\]]+)\] (.*)"
)
OUTAGE = re.compile(
    r"^(?:Error fetching|Authentication failed while fetching) (.+) data: "
)


def read_log(
    path: Path, runs: list[CameraRun], faults: list[Fault]
) -> tuple[int, list[str], list[str]]:
    """Return the tracebacks, ipc_cgi's ERROR lines beyond one per outage, other ERROR lines.

    The coordinator's "Error fetching <camera> data" is Home Assistant's one
    line when a camera becomes unavailable: allowed once per fault of that camera.
    """
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    tracebacks = text.count("Traceback (most recent call last)")
    allowed = Counter({r.title: 0 for r in runs})
    for fault in faults:
        allowed[runs[fault.camera].title] += 1
    errors: list[str] = []
    others: list[str] = []
    for line in text.splitlines():
        match = LOG_LINE.match(line)
        if match is None or match.group(1) not in ("ERROR", "CRITICAL"):
            continue
        logger, message = match.group(3), match.group(4)
        if "ipc_cgi" not in logger:
            others.append(line)
            continue
        outage = OUTAGE.match(message)
        if outage and logger.endswith("coordinator") and allowed[outage.group(1)] > 0:
            allowed[outage.group(1)] -= 1
            continue
        errors.append(line)
    return tracebacks, errors, others


# --- the plot ----------------------------------------------------------------------


def plot(soak: Soak, path: Path, result: dict[str, Any]) -> None:
    """Plot RSS, CPU, unavailable entities and the faults over time."""
    import matplotlib as mpl  # noqa: PLC0415

    mpl.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    samples = soak.samples
    minutes = [x["t"] / 60 for x in samples]
    fig, axes = plt.subplots(
        4, 1, figsize=(11, 9), sharex=True, height_ratios=(1, 1, 1, 1.6)
    )
    rss, cpu, unavailable, faults = axes
    rss.plot(minutes, [x["rss_mib"] for x in samples], color="tab:blue", lw=0.8)
    rss.plot(
        [x["t"] / 60 for x in soak.memory],
        [x["rss_mib_after_trim"] for x in soak.memory],
        "o",
        ms=3,
        color="tab:green",
        label="after a full GC and malloc_trim",
    )
    rss.axvline(soak.rss_from() / 60, color="grey", lw=0.6, ls=":")
    rss.legend(loc="lower right", fontsize=8)
    rss.set_ylabel("RSS (MiB)")
    cpu.plot(minutes, [x["cpu_percent"] for x in samples], color="tab:orange", lw=0.8)
    cpu.set_ylabel("CPU (%)")
    unavailable.step(
        minutes, [x["unavailable"] for x in samples], color="tab:red", where="post"
    )
    unavailable.set_ylabel("unavailable\nentities")
    colors = dict(zip(KINDS, mpl.colormaps["tab10"].colors, strict=False))
    for fault in soak.faults:
        end = fault.end if fault.end is not None else fault.start
        faults.barh(
            fault.camera + 1,
            max((end - fault.start) / 60, 0.08),
            left=fault.start / 60,
            color=colors[fault.kind],
            height=0.7,
        )
    faults.set_ylabel("camera")
    faults.set_xlabel("minutes")
    faults.set_ylim(0.3, len(soak.runs) + 0.7)
    faults.legend(
        handles=[mpl.patches.Patch(color=colors[k], label=k) for k in KINDS],
        ncols=len(KINDS),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.25),
        fontsize="small",
    )
    verdict = "passed" if result["passed"] else "FAILED"
    fig.suptitle(
        f"scripts/soak: {len(soak.runs)} cameras, {soak.settings.minutes:g} min,"
        f" seed {soak.settings.seed}, {len(soak.faults)} faults: {verdict}"
    )
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    plt.close(fig)


# --- main ----------------------------------------------------------------------------


def report(result: dict[str, Any]) -> str:
    """Return one line per check."""
    lines = [
        f"{'ok  ' if result['held'][key] else 'FAIL'} {key}: {result[key]}"
        f" (must be {limit})"
        for key, limit in result["limits"].items()
    ]
    lines.append(f"passed: {str(result['passed']).lower()}")
    return "\n".join(lines)


async def soak(settings: Settings, processes: list[Process]) -> dict[str, Any]:
    """Start the simulator and Home Assistant; run the soak; write the JSON and plot."""
    workdir = settings.workdir
    workdir.mkdir(parents=True, exist_ok=True)

    def log(message: str) -> None:
        print(f"{datetime.now():%H:%M:%S} {message}", flush=True)  # noqa: DTZ005

    base = consecutive_free_ports(settings.cameras)
    sim = simulator_process(base, workdir / "simulator.log")
    sim.args += [
        "--cameras",
        str(settings.cameras),
        "--reboot-seconds",
        str(REBOOT_SECONDS),
    ]
    processes.append(sim)
    log(
        f"simulator: {settings.cameras} cameras on 127.0.0.1:{base}-{base + settings.cameras - 1}"
    )
    sim.start()
    sim.wait_for_port(base + settings.cameras - 1, timeout=60)
    async with aiohttp.ClientSession() as session:
        cameras = Cameras(sim, base, settings.cameras, session)
        async with home_assistant(workdir / "hass", session, processes) as hass:
            log("Home Assistant up and onboarded")
            run = Soak(settings, hass, cameras, log)
            try:
                result = await run.run()
            finally:
                await run.mux.close()
            for fault in run.faults:
                for entity in fault.stuck:
                    log(
                        f"stuck after camera {fault.camera + 1}'s {fault.kind}: {entity}"
                    )
    settings.json_path.parent.mkdir(parents=True, exist_ok=True)
    settings.json_path.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    plot(run, settings.plot_path, result)
    log(f"wrote {settings.json_path} and {settings.plot_path}")
    return result


def parse_args(argv: list[str] | None = None) -> Settings:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="scripts/soak",
        description="N cameras with random faults in a real Home Assistant: nothing stuck, nothing leaked.",
    )
    parser.add_argument(
        "--cameras", type=int, default=20, help="N cameras (default 20)"
    )
    parser.add_argument(
        "--minutes", type=float, default=60, help="M minutes of faults (default 60)"
    )
    parser.add_argument(
        "--seed", type=int, default=1, help="the faults' schedule (default 1)"
    )
    parser.add_argument(
        "--json",
        type=Path,
        help="where the checks go (default WORKDIR/soak.json)",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=WORKDIR,
        help="logs and Home Assistant's configuration (default .soak)",
    )
    parser.add_argument(
        "--plot",
        type=Path,
        default=ROOT / "docs" / "soak.png",
        help="the plot (default docs/soak.png)",
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=60,
        help="seconds after setup before the faults (default 60)",
    )
    parser.add_argument(
        "--motion-every",
        type=float,
        default=10,
        help="seconds between motions, across cameras (default 10)",
    )
    parser.add_argument(
        "--motion-timeout",
        type=float,
        default=2 * POLL_SECONDS + 5,
        help="seconds until a motion must have reached Home Assistant (default: two poll intervals and 5 s)",
    )
    parser.add_argument(
        "--command-every",
        type=float,
        default=1,
        help="seconds between commands, across cameras (default 1)",
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        default=120,
        help="requests a camera may get in a minute (default 120)",
    )
    parser.add_argument(
        "--max-block-ms",
        type=float,
        default=100,
        help="longest event loop block allowed (default 100)",
    )
    parser.add_argument(
        "--max-ping-ms",
        type=float,
        default=100,
        help="WebSocket ping p99 allowed (default 100)",
    )
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="trace Python's allocations from the RSS span's start (slower)",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.cameras <= 200 or args.minutes < 2:
        parser.error("--cameras 1..200, --minutes >= 2")
    return Settings(
        cameras=args.cameras,
        minutes=args.minutes,
        seed=args.seed,
        json_path=args.json or args.workdir.resolve() / "soak.json",
        plot_path=args.plot,
        workdir=args.workdir.resolve(),
        warmup=args.warmup,
        tail=RECOVERY + 10,
        motion_every=args.motion_every,
        motion_timeout=args.motion_timeout,
        command_every=args.command_every,
        max_requests=args.max_requests,
        max_block_ms=args.max_block_ms,
        max_ping_ms=args.max_ping_ms,
        max_rss_mib_per_hour=2.0,
        tracemalloc=args.tracemalloc,
    )


def main() -> None:
    """Run the soak; print its checks; exit 0 only when every check holds."""
    settings = parse_args()
    result = run_stopping(
        lambda processes: soak(settings, processes), "soak", settings.workdir
    )
    print()
    print(report(result))
    sys.exit(0 if result["passed"] else 1)


if __name__ == "__main__":
    main()
