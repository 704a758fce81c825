"""The benchmark of issue 9: what a camera costs Home Assistant, ours against core rest.

One simulator process serves N cameras (plus one more for the command test).
Each run starts three fresh Home Assistant processes on 127.0.0.1, one after
the other, the way a user would set them up (onboarding over HTTP), each with
the camera integration loaded before any camera, as default_config does:

- ours: the N cameras added through the integration's config flow, polled
  at the integration's fixed 30 s (the figures are per camera-poll);
- floor: scripts/bench_floor, the least a camera can cost inside the fixed
  choices: the three state reads of each poll through HA's shared session, a
  DataUpdateCoordinator, as many entities as ours (sensors that write nothing),
  no parsing and no other code;
- rest: core's `rest` integration reading the same five state endpoints of
  the same N cameras every 10 s, with a uid (getuid, then 3.39 setUidValidTime
  for a year) pasted into the URLs, as owners do; loaded by `rest.reload`.

Each Home Assistant is measured over an idle window (no cameras) and, after a
warm-up, over a window of the same length with the cameras. Figures:

- CPU: user + system time of the Home Assistant process (/proc/PID/stat,
  all threads) in the window, minus the idle window's rate, per camera-poll;
- camera-polls: getDevState requests the simulator counted in the window
  (every poll of either reads it once); requests per camera-poll: all CGI
  requests the simulator counted, over the camera-polls;
- state writes: state_changed + state_reported events of the integration's
  entities, counted on the event bus by scripts/bench_counter (the WebSocket
  API cannot subscribe to state_reported), over the camera-polls;
- WebSocket ping: {"type": "ping"} every 100 ms on its own connection, the
  time to the pong, also in the idle window (so its cost is in both);
- RSS per camera: VmRSS at the window's end minus at the idle window's end, / N;
- command latency (ours only, after the window): one more camera whose
  replies take 2 s (the simulator's latency fault, as --latency 2 sets it) is
  added; when one of its polls starts, the relay switch is pressed
  (switch.turn_on/turn_off over REST) 0.5 s later, and the time until that
  camera receives setRelayStatus (/__sim__/last_requests) is measured.

Run by scripts/bench. Everything listens on 127.0.0.1; every process started
here is stopped at the end, also on Ctrl-C, SIGTERM or an error.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine, Iterable
import compileall
import contextlib
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
import json
import os
from pathlib import Path
import platform
import shutil
import signal
import socket
import statistics
import sys
import time
import timeit
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.hass_api import (  # noqa: E402
    INTEGRATION,
    HassApi,
    HomeAssistantError,
    Owner,
    Process,
    free_port,
    home_assistant_process,
    simulator_process,
    wait_until_up,
    write_config,
)

DOMAIN = "ipc_cgi"
COUNTER = ROOT / "scripts" / "bench_counter"
FLOOR = ROOT / "scripts" / "bench_floor"
WORKDIR = ROOT / ".bench"
POLL_SECONDS = 30  # floor's and rest's polls: as often as ours (the integration's 30 s)
SLOW_LATENCY = 2.0  # seconds per reply of the command test's camera
FIRST_SETTLE = 15.0  # seconds after the first camera, before its RSS is read
PRESS_DELAY = 0.5  # from the start of the slow camera's poll to the press
START_TIMEOUT = 240.0  # Home Assistant's start on a busy machine
CAMERA_LOGIN = {"username": "admin", "password": "123456"}
# The owners' rest configuration: five resources per camera, 9 entities.
REST_SENSORS: dict[str, list[tuple[str, str, str]]] = {
    # endpoint: [(platform, name, value template)]
    "getDevState": [
        ("sensor", "SD card", "{{ value_json.DevState['@sd1'] }}"),
        ("sensor", "uptime", "{{ value_json.DevState['@run_time'] }}"),
        ("sensor", "memory free", "{{ value_json.DevState['@MemFree'].split()[0] }}"),
    ],
    "getRelayStatus": [
        ("binary_sensor", "relay", "{{ value_json.RelayStatus == 'status=1' }}"),
    ],
    "setBrightness_InfraredLamp": [
        ("sensor", "IR lamp brightness", "{{ value_json.Capture['@Brightness'] }}"),
        ("sensor", "IR lamp mode", "{{ value_json.Capture['@led_mode'] }}"),
    ],
    "set_led": [
        ("sensor", "LED brightness", "{{ value_json.Led['@brightness'] }}"),
        ("sensor", "LED mode", "{{ value_json.Led['@ledmode'] }}"),
    ],
    "set_ircut": [
        ("sensor", "day/night mode", "{{ value_json.IrCut['@ircutmode'] }}"),
    ],
}
DEV_STATE = "/cgi-bin/getDevState"
SET_RELAY = "/cgi-bin/setRelayStatus"
CLK_TCK = os.sysconf("SC_CLK_TCK")


@dataclass
class Settings:
    """What to run."""

    cameras: int
    window: float
    runs: int
    warmup: float
    settle: float
    presses: int


# --- measuring ---------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """Return the user + system CPU time of process pid (all its threads)."""
    stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def rss_mib(pid: int) -> float:
    """Return the resident set size of process pid in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise HomeAssistantError(f"no VmRSS for process {pid}")


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile of values (share 0..1)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


class Pinger:
    """Pings Home Assistant over its WebSocket API every 100 ms, in a task."""

    def __init__(self, api: HassApi) -> None:
        """Prepare; start() opens the connection."""
        self.api = api
        self.samples: list[tuple[float, float]] = []  # (monotonic time, ms)
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()

    async def start(self) -> None:
        """Start pinging once the connection is authenticated."""
        self._task = asyncio.create_task(self._run())
        ready = asyncio.create_task(self._ready.wait())
        await asyncio.wait({ready, self._task}, return_when=asyncio.FIRST_COMPLETED)
        if self._task.done():
            ready.cancel()
            self._task.result()  # raises what stopped it

    async def stop(self) -> None:
        """Stop pinging and close the connection."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def between(self, start: float, end: float) -> list[tuple[float, float]]:
        """Return (time sent, round trip in ms) of the pings sent between start and end."""
        if self._task is not None and self._task.done():
            self._task.result()
        return [(at, ms) for at, ms in self.samples if start <= at <= end]

    async def _run(self) -> None:
        async with self.api.websocket() as hass_ws:
            ws = hass_ws.ws
            self._ready.set()
            for message_id in range(1, 10**9):
                sent = time.monotonic()
                await ws.send_json({"id": message_id, "type": "ping"})
                async with asyncio.timeout(30):
                    while (await ws.receive_json()).get("id") != message_id:
                        pass
                now = time.monotonic()
                self.samples.append((sent, (now - sent) * 1000))
                await asyncio.sleep(max(0.0, 0.1 - (now - sent)))


@dataclass
class Window:
    """What one measuring window saw."""

    seconds: float
    cpu_seconds: float
    rss_mib: float
    requests: dict[str, int]
    writes: int
    pings_ms: list[float] = field(repr=False)
    slowest_pings: list[tuple[float, float]]  # (s into the window, ms), slowest first
    gc_ms: float = 0.0  # all garbage collections in the window
    gc_full: list[tuple[float, float]] = field(default_factory=list)  # (s in, ms)

    @property
    def polls(self) -> int:
        """Return the camera-polls: getDevState requests."""
        return self.requests.get(DEV_STATE, 0)


@dataclass
class Press:
    """One press of the slow camera's relay switch (seconds from the press)."""

    reached: float  # until the camera received setRelayStatus
    done: float  # until the action (switch.turn_on/off over REST) returned
    ok: bool  # whether the action succeeded


@dataclass
class Result:
    """One Home Assistant's figures: idle window, window with cameras."""

    kind: str
    cameras: int
    entities_per_camera: float
    idle: Window
    loaded: Window
    first_rss_mib: float  # RSS once the first camera is set up
    presses: list[Press] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        """Return the per-camera figures of the table."""
        idle, loaded = self.idle, self.loaded
        polls = max(loaded.polls, 1)
        idle_rate = idle.cpu_seconds / idle.seconds
        extra_cpu = loaded.cpu_seconds - idle_rate * loaded.seconds
        pings = loaded.pings_ms or [float("nan")]
        return {
            "cpu_ms_per_poll": 1000 * extra_cpu / polls,
            "requests_per_poll": sum(loaded.requests.values()) / polls,
            "writes_per_poll": loaded.writes / polls,
            "ping_p50": percentile(pings, 0.50),
            "ping_p99": percentile(pings, 0.99),
            "ping_max": max(pings),
            "rss_mib_per_camera": (loaded.rss_mib - idle.rss_mib) / self.cameras,
            "rss_mib_first_camera": self.first_rss_mib - idle.rss_mib,
            "rss_mib_further_camera": (loaded.rss_mib - self.first_rss_mib)
            / max(self.cameras - 1, 1),
            "entities_per_camera": self.entities_per_camera,
            "polls_per_camera_minute": 60 * polls / loaded.seconds / self.cameras,
            "cpu_percent_idle": 100 * idle_rate,
            "cpu_percent_loaded": 100 * loaded.cpu_seconds / loaded.seconds,
            "idle_ping_p99": percentile(idle.pings_ms or [float("nan")], 0.99),
            "gc_ms_per_second": loaded.gc_ms / loaded.seconds,
            "gc_full": len(loaded.gc_full),
            "gc_full_max_ms": max((ms for _, ms in loaded.gc_full), default=0.0),
        }


# --- the simulator -------------------------------------------------------------


@dataclass
class Cameras:
    """The simulator process: N cameras on ports base..base+N-1, then the slow one."""

    process: Process
    base: int
    count: int
    session: aiohttp.ClientSession
    # The cameras moved off 127.0.0.1 (scripts/soak): port -> address.
    hosts: dict[int, str] = field(default_factory=dict)

    @property
    def ports(self) -> range:
        """Return the ports of the N measured cameras."""
        return range(self.base, self.base + self.count)

    def host(self, port: int) -> str:
        """Return the address of the camera on port."""
        return self.hosts.get(port, "127.0.0.1")

    @property
    def slow_port(self) -> int:
        """Return the port of the command test's camera."""
        return self.base + self.count

    async def control(self, port: int, method: str, name: str, body: Any = None) -> Any:
        """Call a /__sim__/ control endpoint of the camera on port."""
        url = f"http://{self.host(port)}:{port}/__sim__/{name}"
        async with self.session.request(method, url, json=body) as response:
            response.raise_for_status()
            return await response.json()

    async def requests(self) -> Counter[str]:
        """Return the requests per path, summed over the N measured cameras."""
        total: Counter[str] = Counter()
        for port in self.ports:
            total.update(await self.control(port, "GET", "counters"))
        return total

    async def uid(self, port: int) -> str:
        """Log in as an owner would and make the uid last a year (3.39)."""
        url = f"http://127.0.0.1:{port}/cgi-bin"
        async with self.session.get(f"{url}/getuid", params=CAMERA_LOGIN) as response:
            text = await response.text()
        uid = text.partition("<uid>")[2].partition("</uid>")[0].strip()
        if not uid:
            raise HomeAssistantError(f"camera {port}: no uid in {text!r}")
        params = {"uid": uid, "validTime": str(365 * 86400)}
        async with self.session.get(f"{url}/setUidValidTime", params=params) as reply:
            reply.raise_for_status()
        return uid


def consecutive_free_ports(count: int) -> int:
    """Return the first of count consecutive ports of 127.0.0.1 that are free now."""
    for _ in range(50):
        base = free_port()
        if base + count > 65535:
            continue
        sockets: list[socket.socket] = []
        try:
            for port in range(base, base + count):
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sockets.append(sock)
                sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
        return base
    raise HomeAssistantError(f"found no {count} consecutive free ports")


async def parser_microseconds(cameras: Cameras) -> dict[str, float]:
    """Time the client's parsing of each state reply of the first camera, in µs.

    `check_reply` (HTTP status, faults, the XML) and the model, in this process:
    the best of 5 repeats of 2000.
    """
    from custom_components.ipc_cgi.ipccgi import models  # noqa: PLC0415
    from custom_components.ipc_cgi.ipccgi.parser import check_reply  # noqa: PLC0415

    parsers: dict[str, Callable[[Any], Any]] = {
        DEV_STATE: models.DeviceState.from_xml,
        "/cgi-bin/getRelayStatus": models.parse_relay,
        "/cgi-bin/set_led": models.LedConfig.from_xml,
    }
    port = cameras.base
    uid = await cameras.uid(port)
    timings: dict[str, float] = {}
    for path, parse in parsers.items():
        url = f"http://127.0.0.1:{port}{path}"
        async with cameras.session.get(url, params={"uid": uid}) as response:
            status, body = response.status, await response.read()
        parse(check_reply(path, status, body))  # a reply it cannot parse fails here
        best = min(
            timeit.repeat(
                lambda: parse(check_reply(path, status, body)),  # noqa: B023
                number=2000,
                repeat=5,
            )
        )
        timings[path] = best / 2000 * 1e6
    return timings


# --- Home Assistant ------------------------------------------------------------


@dataclass
class Hass:
    """One Home Assistant process of the benchmark, onboarded."""

    process: Process
    api: HassApi
    config_dir: Path
    owner: Owner

    @property
    def pid(self) -> int:
        """Return the process id."""
        assert self.process.popen is not None
        return self.process.popen.pid

    async def writes(self, entity_ids: set[str]) -> int:
        """Return the state writes so far of entity_ids (scripts/bench_counter)."""
        async with self.api.websocket() as ws:
            counts = await ws.command("bench_counter/writes")
        return sum(
            n
            for kind in counts.values()
            for eid, n in kind.items()
            if eid in entity_ids
        )

    async def collections(self) -> dict[str, Any]:
        """Return the garbage collections so far (scripts/bench_counter)."""
        async with self.api.websocket() as ws:
            result: dict[str, Any] = await ws.command("bench_counter/gc")
        return result

    async def registry(self) -> list[dict[str, Any]]:
        """Return the entity registry."""
        async with self.api.websocket() as ws:
            entries: list[dict[str, Any]] = await ws.command(
                "config/entity_registry/list"
            )
        return entries


def bench_config(config_dir: Path, port: int) -> None:
    """Write the e2e test's configuration, plus the write counter and rest."""
    write_config(config_dir, port)
    with (config_dir / "configuration.yaml").open("a", encoding="utf-8") as config:
        config.write(
            "\n# Added by scripts/bench: the state write counter, core rest"
            " (empty until the rest run writes it and calls rest.reload), and"
            " the camera integration, which a default install runs before any"
            " camera (default_config loads go2rtc, which needs camera).\n"
            "bench_counter:\nrest: !include bench_rest.yaml\ncamera:\n"
        )
    (config_dir / "bench_rest.yaml").write_text("[]\n", encoding="utf-8")
    for source in (COUNTER, FLOOR):
        link = config_dir / "custom_components" / source.name
        if not link.is_symlink():
            link.symlink_to(source, target_is_directory=True)
    # Bytecode of the custom integrations, as Home Assistant's own modules
    # have in the venv: with PYTHONDONTWRITEBYTECODE in the environment each
    # Home Assistant compiled ours from source (about 0.8 MiB more RSS for
    # the first camera than importing its cached bytecode).
    for source in (INTEGRATION, COUNTER, FLOOR):
        compileall.compile_dir(source, quiet=1)


@contextlib.asynccontextmanager
async def home_assistant(
    workdir: Path, session: aiohttp.ClientSession, processes: list[Process]
) -> Any:
    """Start a fresh Home Assistant in workdir, onboard it, quiet its log; stop it after."""
    shutil.rmtree(workdir, ignore_errors=True)
    port = free_port()
    config_dir = workdir / "config"
    bench_config(config_dir, port)
    process = home_assistant_process(config_dir, workdir / "home-assistant.out")
    processes.append(process)
    process.start()
    try:
        url = f"http://127.0.0.1:{port}"
        await wait_until_up(session, url, START_TIMEOUT, process)
        owner = Owner("Bench Owner", "bench", f"bench-{os.urandom(6).hex()}")
        api = HassApi(session, url)
        await api.onboard(owner.name, owner.username, owner.password)
        # As a user runs it: no debug log (the e2e configuration turns ours on).
        await api.call_service("logger", "set_default_level", {"level": "warning"})
        await api.call_service(
            "logger", "set_level", {"custom_components.ipc_cgi": "warning"}
        )
        yield Hass(process, api, config_dir, owner)
    finally:
        await asyncio.to_thread(process.stop)
        processes.remove(process)


async def measure(
    hass: Hass,
    cameras: Cameras,
    pinger: Pinger,
    seconds: float,
    entity_ids: set[str],
) -> Window:
    """Measure one window of seconds."""
    requests_before = await cameras.requests()
    writes_before = await hass.writes(entity_ids)
    gc_before = await hass.collections()
    cpu_before, start = cpu_seconds(hass.pid), time.monotonic()
    await asyncio.sleep(seconds)
    cpu_after, end = cpu_seconds(hass.pid), time.monotonic()
    gc_after = await hass.collections()
    rss = rss_mib(hass.pid)
    pings = [(round(at - start, 1), ms) for at, ms in pinger.between(start, end)]
    writes = await hass.writes(entity_ids) - writes_before
    requests = await cameras.requests()
    requests.subtract(requests_before)
    return Window(
        seconds=end - start,
        cpu_seconds=cpu_after - cpu_before,
        rss_mib=rss,
        requests={path: n for path, n in requests.items() if n},
        writes=writes,
        pings_ms=[ms for _, ms in pings],
        slowest_pings=sorted(pings, key=lambda ping: -ping[1])[:5],
        gc_ms=sum(gc_after["total_ms"]) - sum(gc_before["total_ms"]),
        gc_full=[
            (round(at - start, 1), ms)
            for at, ms in gc_after["full"]
            if start <= at <= end
        ],
    )


async def wait_for(
    what: str, check: Callable[[], Any], timeout: float, step: float = 0.5
) -> Any:
    """Return check()'s first true result, polling every step s; fail after timeout."""
    deadline = time.monotonic() + timeout
    while True:
        if result := await check():
            return result
        if time.monotonic() > deadline:
            raise HomeAssistantError(f"timed out after {timeout:.0f} s: {what}")
        await asyncio.sleep(step)


# --- ours ----------------------------------------------------------------------


async def add_camera(api: HassApi, port: int) -> str:
    """Add the camera on port through the config flow; return the entry id."""
    menu = await api.start_flow(DOMAIN)
    flow = await api.flow_step(menu["flow_id"], {"next_step_id": "manual"})
    created = await api.flow_step(
        flow["flow_id"],
        {
            "host": "127.0.0.1",
            "port": port,
            **CAMERA_LOGIN,
            "ssl": False,
            "verify_ssl": True,
        },
    )
    if created.get("type") != "create_entry":
        raise HomeAssistantError(f"camera {port} not added: {created}")
    entry_id: str = created["result"]["entry_id"]
    return entry_id


async def add_cameras(api: HassApi, ports: Iterable[int]) -> list[str]:
    """Add the cameras, four at a time; wait until every entry is loaded."""
    limit = asyncio.Semaphore(4)

    async def one(port: int) -> str:
        async with limit:
            return await add_camera(api, port)

    entry_ids = list(await asyncio.gather(*(one(port) for port in ports)))

    async def all_loaded() -> bool:
        entries = await api.config_entries(DOMAIN)
        loaded = {e["entry_id"] for e in entries if e["state"] == "loaded"}
        return loaded >= set(entry_ids)

    await wait_for("every camera's entry loaded", all_loaded, 120)
    return entry_ids


async def command_latencies(
    hass: Hass, cameras: Cameras, presses: int, log: Callable[[str], None]
) -> list[Press]:
    """Press the slow camera's relay switch during its polls; return the delays."""
    port = cameras.slow_port
    (entry_id,) = await add_cameras(hass.api, [port])
    (relay,) = [
        e["entity_id"]
        for e in await hass.registry()
        if e["config_entry_id"] == entry_id
        and e["entity_id"].startswith("switch.")
        and e["translation_key"] == "relay"
    ]
    latency = {"kind": "latency", "count": None, "seconds": SLOW_LATENCY}
    await cameras.control(port, "POST", "faults", latency)
    results: list[Press] = []
    for press in range(presses):
        await poll_start(cameras, port)
        await asyncio.sleep(PRESS_DELAY)
        sent_before = (await cameras.control(port, "GET", "counters")).get(SET_RELAY, 0)
        service = "turn_on" if press % 2 == 0 else "turn_off"
        pressed = time.time()
        call = asyncio.create_task(
            hass.api.call_service("switch", service, {"entity_id": relay})
        )

        async def arrived(before: int = sent_before) -> bool:
            counters = await cameras.control(port, "GET", "counters")
            return bool(counters.get(SET_RELAY, 0) > before)

        try:
            await wait_for("setRelayStatus at the slow camera", arrived, 60, 0.05)
        finally:
            ok = True
            try:
                async with asyncio.timeout(60):
                    await call
            except (HomeAssistantError, TimeoutError):
                ok = False
            done = time.time() - pressed
        times = await cameras.control(port, "GET", "last_requests")
        results.append(Press(times[SET_RELAY] - pressed, done, ok))
        log(
            f"  press {press + 1}/{presses}: reached the camera after"
            f" {results[-1].reached:.2f} s, the action {'returned' if ok else 'FAILED'}"
            f" after {done:.2f} s"
        )
    await cameras.control(port, "DELETE", "faults")
    return results


async def poll_start(cameras: Cameras, port: int) -> None:
    """Return when a poll of the slow camera starts: a request after >= 4 s of none."""
    quiet = SLOW_LATENCY + 2
    deadline = time.monotonic() + 4 * (POLL_SECONDS + 30)
    last_total, last_change = -1, time.monotonic()
    while time.monotonic() < deadline:
        total = sum((await cameras.control(port, "GET", "counters")).values())
        now = time.monotonic()
        if total != last_total:
            if last_total >= 0 and now - last_change >= quiet:
                return
            last_total, last_change = total, now
        await asyncio.sleep(0.05)
    raise HomeAssistantError("no poll of the slow camera started")


async def _setup_ours(hass: Hass, cameras: Cameras, count: int) -> tuple[str, int]:
    """Add the first `count` cameras: the first alone, or the others after it."""
    await add_cameras(
        hass.api, cameras.ports[:1] if count == 1 else cameras.ports[1:count]
    )
    return DOMAIN, 1  # the entities exist once the entries are loaded


# --- the floor -----------------------------------------------------------------


async def _setup_floor(hass: Hass, cameras: Cameras, count: int) -> tuple[str, int]:
    """Add the first `count` cameras to scripts/bench_floor, as _setup_ours does."""
    limit = asyncio.Semaphore(4)

    async def one(port: int) -> None:
        async with limit:
            flow = await hass.api.start_flow(FLOOR.name)
            data = {"port": port, "uid": await cameras.uid(port), **CAMERA_LOGIN}
            created = await hass.api.flow_step(
                flow["flow_id"], {**data, "scan_interval": POLL_SECONDS}
            )
            if created.get("type") != "create_entry":
                raise HomeAssistantError(f"floor camera {port} not added: {created}")

    ports = cameras.ports[:1] if count == 1 else cameras.ports[1:count]
    await asyncio.gather(*(one(port) for port in ports))
    return FLOOR.name, 1


# --- core rest -----------------------------------------------------------------


def rest_yaml(port: int, index: int, uid: str) -> str:
    """Return the rest configuration of one camera, as an owner writes it."""
    lines: list[str] = []
    for endpoint, entities in REST_SENSORS.items():
        lines += [
            f"- resource: http://127.0.0.1:{port}/cgi-bin/{endpoint}?uid={uid}",
            f"  scan_interval: {POLL_SECONDS}",
        ]
        for domain in ("sensor", "binary_sensor"):
            mine = [(name, tpl) for d, name, tpl in entities if d == domain]
            if mine:
                lines.append(f"  {domain}:")
            for name, template in mine:
                key = name.lower().replace(" ", "_").replace("/", "_")
                lines += [
                    f'    - name: "Camera {index + 1} {name}"',
                    f"      unique_id: bench_rest_{index + 1}_{key}",
                    f"      value_template: {json.dumps(template)}",
                ]
    return "\n".join(lines) + "\n"


async def _setup_rest(hass: Hass, cameras: Cameras, count: int) -> tuple[str, int]:
    """Configure the first `count` cameras' resources and reload rest."""
    parts = [
        rest_yaml(port, index, await cameras.uid(port))
        for index, port in enumerate(cameras.ports[:count])
    ]
    (hass.config_dir / "bench_rest.yaml").write_text("".join(parts), encoding="utf-8")
    await hass.api.call_service("rest", "reload", {})
    per_camera = sum(len(entities) for entities in REST_SENSORS.values())
    return "rest", per_camera


# --- all three -----------------------------------------------------------------

type Setup = Callable[[Hass, Cameras, int], Awaitable[tuple[str, int]]]
# What each run measures, in this order: (kind, setup, whether the command test runs).
KINDS: tuple[tuple[str, Setup, bool], ...] = (
    ("ours", _setup_ours, True),
    ("floor", _setup_floor, False),
    ("rest", _setup_rest, False),
)


async def run_kind(
    kind: str,
    setup: Setup,
    settings: Settings,
    cameras: Cameras,
    workdir: Path,
    processes: list[Process],
    log: Callable[[str], None],
    *,
    command: bool,
) -> Result:
    """Measure one kind in a fresh Home Assistant: idle, then the N cameras."""
    async with home_assistant(workdir, cameras.session, processes) as hass:
        return await _measure_hass(
            kind, settings, cameras, hass, log, setup, command=command
        )


async def _measure_hass(
    kind: str,
    settings: Settings,
    cameras: Cameras,
    hass: Hass,
    log: Callable[[str], None],
    setup: Setup,
    *,
    command: bool,
) -> Result:
    pinger = Pinger(hass.api)
    await pinger.start()
    try:
        log(f"{kind}: Home Assistant up; settling {settings.settle:.0f} s")
        await asyncio.sleep(settings.settle)
        log(f"{kind}: idle window {settings.window:.0f} s")
        idle = await measure(hass, cameras, pinger, settings.window, set())

        async def entities_of(count: int) -> list[dict[str, Any]]:
            platform_name, expected = await setup(hass, cameras, count)

            async def entities() -> list[dict[str, Any]]:
                registry = await hass.registry()
                mine = [e for e in registry if e["platform"] == platform_name]
                return mine if len(mine) >= expected * count else []

            found: list[dict[str, Any]] = await wait_for(
                f"{expected * count} {platform_name} entities", entities, 120
            )
            return found

        # One camera first: what loading the integration and its platforms
        # costs once, apart from what each further camera costs.
        log(f"{kind}: adding the first camera; settling {FIRST_SETTLE:.0f} s")
        await entities_of(1)
        await asyncio.sleep(FIRST_SETTLE)
        first_rss = rss_mib(hass.pid)
        log(f"{kind}: adding the other {settings.cameras - 1} cameras")
        registry = await entities_of(settings.cameras)
        entity_ids = {e["entity_id"] for e in registry}
        enabled = sum(1 for e in registry if e["disabled_by"] is None)
        log(f"{kind}: {enabled} entities; warm-up {settings.warmup:.0f} s")
        await asyncio.sleep(settings.warmup)
        log(f"{kind}: window {settings.window:.0f} s")
        loaded = await measure(hass, cameras, pinger, settings.window, entity_ids)
        slowest = ", ".join(
            f"{ms:.0f} ms at {at:.0f} s" for at, ms in loaded.slowest_pings
        )
        log(f"{kind}: slowest pings in the window: {slowest}")
        full = ", ".join(f"{ms:.0f} ms at {at:.0f} s" for at, ms in loaded.gc_full)
        log(f"{kind}: full garbage collections in the window: {full or 'none'}")
        result = Result(
            kind, settings.cameras, enabled / settings.cameras, idle, loaded, first_rss
        )
        if command and settings.presses:
            log(f"{kind}: command test, camera with {SLOW_LATENCY:.0f} s replies")
            result.presses = await command_latencies(
                hass, cameras, settings.presses, log
            )
        return result
    finally:
        await pinger.stop()


# --- the report ----------------------------------------------------------------


def cell(values: list[float], digits: int) -> str:
    """Return 'a' or 'a–b' (min–max over runs)."""
    low, high = min(values), max(values)
    if f"{low:.{digits}f}" == f"{high:.{digits}f}":
        return f"{low:.{digits}f}"
    return f"{low:.{digits}f}–{high:.{digits}f}"


def machine() -> str:
    """Return the CPU count and model, the kernel and the load at start."""
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="ascii").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs ({model}), Linux {platform.release()},"
        f" load average at start {load}"
    )


def table(
    settings: Settings,
    ours: list[Result],
    floor: list[Result],
    rest: list[Result],
    parsing: dict[str, float],
) -> str:
    """Return the Markdown table of the results (ranges over runs)."""
    o = [r.figures() for r in ours]
    fl = [r.figures() for r in floor]
    r = [r.figures() for r in rest]

    def row(label: str, key: str, digits: int) -> str:
        cells = (cell([f[key] for f in x], digits) for x in (o, fl, r))
        return f"| {label} | {' | '.join(cells)} |"

    def ping(figures: list[dict[str, float]]) -> str:
        return " / ".join(
            cell([f[key] for f in figures], 1)
            for key in ("ping_p50", "ping_p99", "ping_max")
        )

    ratio = [
        a["cpu_ms_per_poll"] / b["cpu_ms_per_poll"] for a, b in zip(o, r, strict=True)
    ]
    floor_ratio = [
        a["cpu_ms_per_poll"] / b["cpu_ms_per_poll"] for a, b in zip(fl, r, strict=True)
    ]
    presses = [press for result in ours for press in result.presses]
    if presses:
        reached = [press.reached for press in presses]
        done = [press.done for press in presses]
        failed = sum(not press.ok for press in presses)
        command = (
            f"{statistics.median(reached):.2f} (max {max(reached):.2f});"
            f" the action returned after {statistics.median(done):.2f}"
            f" (max {max(done):.2f}); {len(presses)} presses"
            + (f", {failed} failed" if failed else "")
        )
    else:
        command = "not measured"
    header = (
        f"| per camera, N={settings.cameras}, {POLL_SECONDS} s polls,"
        f" {settings.window:.0f} s windows, {settings.runs} run(s)"
        " | ours | floor | core rest |"
    )
    lines = [
        header,
        "| --- | --- | --- | --- |",
        row("HA CPU ms per camera-poll (minus idle HA)", "cpu_ms_per_poll", 2),
        row("requests per camera-poll", "requests_per_poll", 2),
        row("state writes per camera-poll", "writes_per_poll", 1),
        f"| WebSocket ping p50 / p99 / max (ms) | {ping(o)} | {ping(fl)} | {ping(r)} |",
        row("RSS per camera (MiB)", "rss_mib_per_camera", 2),
        row(
            "RSS of the first camera (MiB): loads the platforms once",
            "rss_mib_first_camera",
            2,
        ),
        row("RSS of each further camera (MiB)", "rss_mib_further_camera", 2),
        f"| command during a poll of a camera with {SLOW_LATENCY:.0f} s replies,"
        f" until it reaches the camera (s) | {command} | n/a | n/a (read-only) |",
        row("enabled entities per camera", "entities_per_camera", 0),
        row("camera-polls per camera and minute", "polls_per_camera_minute", 2),
        f"| HA CPU % idle (no cameras) → with cameras | {_idle_to_loaded(o)}"
        f" | {_idle_to_loaded(fl)} | {_idle_to_loaded(r)} |",
        row("WebSocket ping p99 idle (ms)", "idle_ping_p99", 1),
        row("garbage collection, ms per second", "gc_ms_per_second", 2),
        row("full garbage collections in the window", "gc_full", 0),
        row("longest full garbage collection (ms)", "gc_full_max_ms", 0),
        "| the client's parser and model, µs per reply ("
        + " / ".join(path.rsplit("/", 1)[-1] for path in parsing)
        + ") | "
        + " / ".join(f"{us:.1f}" for us in parsing.values())
        + " | n/a | n/a |",
        "",
        f"CPU per camera-poll, ours / rest: {cell(ratio, 2)}; floor / rest:"
        f" {cell(floor_ratio, 2)}.",
        "",
        f"Machine: {machine()}. Home Assistant {version('homeassistant')}, Python"
        f" {platform.python_version()}. {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
    ]
    return "\n".join(lines)


def _idle_to_loaded(figures: list[dict[str, float]]) -> str:
    return (
        f"{cell([f['cpu_percent_idle'] for f in figures], 1)} →"
        f" {cell([f['cpu_percent_loaded'] for f in figures], 1)}"
    )


# --- main ----------------------------------------------------------------------


async def bench(settings: Settings, processes: list[Process]) -> str:
    """Run everything; return the table."""
    WORKDIR.mkdir(exist_ok=True)

    def log(message: str) -> None:
        print(f"{datetime.now():%H:%M:%S} {message}", flush=True)  # noqa: DTZ005

    base = consecutive_free_ports(settings.cameras + 1)
    sim = simulator_process(base, WORKDIR / "simulator.log")
    sim.args += ["--cameras", str(settings.cameras + 1)]
    processes.append(sim)
    log(
        f"simulator: {settings.cameras} cameras on 127.0.0.1:{base}-"
        f"{base + settings.cameras - 1}, the command test's on {base + settings.cameras}"
    )
    sim.start()
    sim.wait_for_port(base, timeout=60)
    results: dict[str, list[Result]] = {kind: [] for kind, _, _ in KINDS}
    async with aiohttp.ClientSession() as session:
        cameras = Cameras(sim, base, settings.cameras, session)
        parsing = await parser_microseconds(cameras)
        log(
            "parser and model, µs per reply: "
            + ", ".join(f"{path} {us:.1f}" for path, us in parsing.items())
        )
        for run in range(1, settings.runs + 1):
            log(f"run {run}/{settings.runs}")
            for kind, setup, command in KINDS:
                workdir = WORKDIR / f"run{run}-{kind}"
                results[kind].append(
                    await run_kind(
                        kind,
                        setup,
                        settings,
                        cameras,
                        workdir,
                        processes,
                        log,
                        command=command,
                    )
                )
            saved = {"settings": asdict(settings), "parser_us": parsing, **results}
            (WORKDIR / "results.json").write_text(
                json.dumps(saved, default=_as_json, indent=1), encoding="utf-8"
            )
    return table(settings, results["ours"], results["floor"], results["rest"], parsing)


def _as_json(value: Any) -> Any:
    if isinstance(value, Result):
        return {**asdict(value), "figures": value.figures()}
    raise TypeError(type(value).__name__)


def parse_args(argv: list[str] | None = None) -> Settings:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="scripts/bench",
        description="What a camera costs Home Assistant: this integration, a floor and core rest, side by side.",
    )
    parser.add_argument("--cameras", type=int, help="N cameras (default 50; quick 5)")
    parser.add_argument(
        "--window",
        type=float,
        help="seconds per measuring window (default 180; quick 30)",
    )
    parser.add_argument("--runs", type=int, default=1, help="runs of both (default 1)")
    parser.add_argument(
        "--warmup",
        type=float,
        help="seconds after adding the cameras (default 60; quick 20)",
    )
    parser.add_argument(
        "--presses",
        type=int,
        help="relay presses in the command test (default 3; quick 2)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="a short try: 5 cameras, 30 s windows"
    )
    args = parser.parse_args(argv)
    quick = args.quick

    def pick(value: Any, full: Any, short: Any) -> Any:
        return value if value is not None else (short if quick else full)

    settings = Settings(
        cameras=pick(args.cameras, 50, 5),
        window=pick(args.window, 180.0, 30.0),
        runs=args.runs,
        warmup=pick(args.warmup, 60.0, 20.0),
        settle=10.0 if quick else 30.0,
        presses=pick(args.presses, 3, 2),
    )
    if not 1 <= settings.cameras <= 999 or settings.runs < 1 or settings.window < 10:
        parser.error("--cameras 1..999, --runs >= 1, --window >= 10")
    return settings


def run_stopping[T](
    run: Callable[[list[Process]], Coroutine[Any, Any, T]], what: str, logs: Path
) -> T:
    """Run `run` to its end; stop every process it started, whatever happens.

    SIGTERM ends the run like Ctrl-C; a Home Assistant error exits 1.
    """
    processes: list[Process] = []
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        return asyncio.run(run(processes))
    except HomeAssistantError as err:
        print(f"{what} failed: {err}\nLogs: {logs}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("interrupted; stopping Home Assistant and the simulator", file=sys.stderr)
        sys.exit(130)
    finally:
        for process in reversed(processes):
            process.stop()


def main() -> None:
    """Run the benchmark; write and print its table."""
    settings = parse_args()
    report = run_stopping(
        lambda processes: bench(settings, processes), "benchmark", WORKDIR
    )
    (WORKDIR / "table.md").write_text(report + "\n", encoding="utf-8")
    print()
    print(report)


if __name__ == "__main__":
    main()
