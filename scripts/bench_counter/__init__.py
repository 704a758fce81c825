"""Count state writes per entity for scripts/bench, inside its Home Assistant.

A write is a state_changed event (the state or an attribute changed) or a
state_reported event (the same state written again). The WebSocket API cannot
subscribe to state_reported (Home Assistant wants an event filter for it and
leaves it out of "all events"), and sending ~200 events a second to a client
would add to the CPU being measured: a callback on the event bus costs one
counter update per write. `bench_counter/writes` over the WebSocket API
answers the counts so far.

It also times Python's garbage collections (gc.callbacks), which stop the
event loop: `bench_counter/gc` answers how many of each generation ran, their
total ms, and each full (generation 2) collection: when it ended (monotonic,
the clock the benchmark reads too) and how long it took.

For scripts/soak, `bench_counter/process` answers the event loop's tasks
(`asyncio.all_tasks()`) and how long the loop was blocked since the last ask;
with `collect`, it runs a full garbage collection and counts the objects left.
Its first ask starts a task that sleeps 50 ms at a time: the wall time past
those 50 ms is the loop's lag; the part of it the loop's thread spent on the
CPU (time.thread_time) is a block, by a callback or a garbage collection, and
not the machine giving the CPU to another process; the block less the full
(generation 2) collections in it is the block by code.

Also for scripts/soak, which moves a camera to another loopback address:
`bench_counter/dhcp` reports the camera's new DHCP lease as Home Assistant's
DHCP watcher does (which drops loopback addresses, all the soak has), and
`bench_counter/hosts` answers the host of each config entry of a domain.

`bench_counter/memory` tells where the process's memory is: after a full
collection, RSS before and after glibc's malloc_trim(0) (memory malloc has
free but not returned to the system), the memory SQLite holds (the recorder's
page cache: HA sets cache_size to 16 MiB a connection), the anonymous and
file-backed parts of RSS (/proc/self/smaps_rollup), the threads, Python's
allocated blocks and objects; `tracemalloc` "start" starts tracing Python's
allocations, "mark" takes a snapshot, and "diff" answers the traced total and
the largest growths since the mark, by file, line and traceback.

To find where the time goes, `bench_counter/profile` runs cProfile on the
event loop's thread for `seconds` and writes its stats (pstats) to `path`;
it answers when the stats are written. Only that thread is profiled (the
executor's threads are not), and the profiler slows what it profiles: its
figures are for comparing, not for the benchmark's table.
"""

from __future__ import annotations

import asyncio
from collections import Counter
import cProfile
import ctypes
import ctypes.util
import gc
from pathlib import Path
import sys
import time
import tracemalloc
from typing import Any

import voluptuous as vol

from homeassistant.components import websocket_api
from homeassistant.config_entries import SOURCE_DHCP
from homeassistant.const import CONF_HOST, EVENT_STATE_CHANGED, EVENT_STATE_REPORTED
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, discovery_flow
from homeassistant.helpers.discovery_flow import DiscoveryKey
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo
from homeassistant.helpers.typing import ConfigType
from homeassistant.loader import async_get_dhcp

DOMAIN = "bench_counter"
FULL_GC_MS = [0.0]  # all full collections so far and bench_counter/memory, ms


@callback
def _every_event(_: Any) -> bool:
    """Let every event through (state_reported listeners must have a filter)."""
    return True


def _counter(counts: Counter[str]) -> Any:
    @callback
    def count(event: Event[Any]) -> None:
        counts[event.data["entity_id"]] += 1

    return count


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Listen to both write events; register the WebSocket command."""
    writes: dict[str, Counter[str]] = {
        EVENT_STATE_CHANGED: Counter(),
        EVENT_STATE_REPORTED: Counter(),
    }
    for event_type, counts in writes.items():
        hass.bus.async_listen(event_type, _counter(counts), event_filter=_every_event)

    @websocket_api.websocket_command({vol.Required("type"): f"{DOMAIN}/writes"})
    @callback
    def writes_command(
        hass: HomeAssistant,
        connection: websocket_api.ActiveConnection,
        msg: dict[str, Any],
    ) -> None:
        """Answer {event type: {entity id: writes}} since start."""
        connection.send_result(
            msg["id"], {kind: dict(counts) for kind, counts in writes.items()}
        )

    websocket_api.async_register_command(hass, writes_command)
    websocket_api.async_register_command(hass, _gc_pauses())
    websocket_api.async_register_command(hass, _process_command)
    websocket_api.async_register_command(hass, _dhcp_command)
    websocket_api.async_register_command(hass, _hosts_command)
    websocket_api.async_register_command(hass, _memory_command)
    websocket_api.async_register_command(hass, _profile_command)
    return True


def _gc_pauses() -> Any:
    """Start timing collections; return the WebSocket command that answers them."""
    counts = [0, 0, 0]
    total_ms = [0.0, 0.0, 0.0]
    full: list[tuple[float, float]] = []  # (monotonic time it ended, ms): gen 2
    started = [0.0]

    def timing(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
            return
        ms = (time.perf_counter() - started[0]) * 1000
        generation = info["generation"]
        counts[generation] += 1
        total_ms[generation] += ms
        if generation == 2:
            full.append((time.monotonic(), ms))
            FULL_GC_MS[0] += ms

    gc.callbacks.append(timing)

    @websocket_api.websocket_command({vol.Required("type"): f"{DOMAIN}/gc"})
    @callback
    def gc_command(
        hass: HomeAssistant,
        connection: websocket_api.ActiveConnection,
        msg: dict[str, Any],
    ) -> None:
        """Answer the collections since start: counts and ms per generation, each full one."""
        connection.send_result(
            msg["id"], {"counts": counts, "total_ms": total_ms, "full": full}
        )

    return gc_command


LOOP_STEP = 0.05  # seconds the loop monitor sleeps at a time


class _LoopMonitor:
    """The longest lag and block of the event loop since the last take()."""

    def __init__(self, hass: HomeAssistant) -> None:
        self.lag_ms = 0.0
        self.block_ms = 0.0
        self.code_block_ms = 0.0
        hass.async_create_background_task(self._run(), f"{DOMAIN} loop monitor")

    async def _run(self) -> None:
        while True:
            wall, cpu, gc_ms = time.monotonic(), time.thread_time(), FULL_GC_MS[0]
            await asyncio.sleep(LOOP_STEP)
            lag = (time.monotonic() - wall - LOOP_STEP) * 1000
            busy = (time.thread_time() - cpu) * 1000
            block = min(lag, busy)
            self.lag_ms = max(self.lag_ms, lag)
            self.block_ms = max(self.block_ms, block)
            self.code_block_ms = max(
                self.code_block_ms, block - (FULL_GC_MS[0] - gc_ms)
            )

    def take(self) -> tuple[float, float, float]:
        """Return the longest lag, block and block by code (ms) since the last call."""
        taken = self.lag_ms, self.block_ms, self.code_block_ms
        self.lag_ms = self.block_ms = self.code_block_ms = 0.0
        return taken


@websocket_api.websocket_command(
    {
        vol.Required("type"): f"{DOMAIN}/process",
        vol.Optional("collect", default=False): bool,
    }
)
@callback
def _process_command(
    hass: HomeAssistant,
    connection: websocket_api.ActiveConnection,
    msg: dict[str, Any],
) -> None:
    """Answer the loop's tasks and its longest lag and blocks since the last ask (ms).

    With `collect`, also the objects alive after a full garbage collection.
    """
    monitor: _LoopMonitor | None = hass.data.get(f"{DOMAIN}_loop")
    if monitor is None:
        monitor = hass.data[f"{DOMAIN}_loop"] = _LoopMonitor(hass)
    lag_ms, block_ms, code_block_ms = monitor.take()
    objects = {}
    if msg["collect"]:  # a full collection first: the objects still alive
        gc.collect()
        objects = {"objects": len(gc.get_objects())}
    connection.send_result(
        msg["id"],
        {
            **objects,
            "tasks": len(asyncio.all_tasks()),
            "max_lag_ms": lag_ms,
            "max_block_ms": block_ms,
            "max_code_block_ms": code_block_ms,
        },
    )


@websocket_api.websocket_command(
    {
        vol.Required("type"): f"{DOMAIN}/dhcp",
        vol.Required("ip"): str,
        vol.Required("macaddress"): str,
        vol.Required("hostname"): str,
    }
)
@websocket_api.async_response
async def _dhcp_command(
    hass: HomeAssistant,
    connection: websocket_api.ActiveConnection,
    msg: dict[str, Any],
) -> None:
    """Report a DHCP lease as the DHCP watcher does for a registered device; answer the domains.

    Like `homeassistant.components.dhcp`'s WatcherBase.async_process_client
    for a device in the device registry by its MAC: a `dhcp` discovery flow
    for each of its entries' domains whose manifest has `registered_devices`.
    """
    formatted_mac = dr.format_mac(msg["macaddress"])
    mac_address = formatted_mac.replace(":", "")
    registered = {
        matcher["domain"]
        for matcher in await async_get_dhcp(hass)
        if matcher.get("registered_devices")
    }
    domains: set[str] = set()
    if device := dr.async_get(hass).async_get_device(
        connections={(dr.CONNECTION_NETWORK_MAC, formatted_mac)}
    ):
        for entry_id in device.config_entries:
            entry = hass.config_entries.async_get_entry(entry_id)
            if entry is not None and entry.domain in registered:
                domains.add(entry.domain)
    service_info = DhcpServiceInfo(
        ip=msg["ip"], hostname=msg["hostname"].lower(), macaddress=mac_address
    )
    for domain in sorted(domains):
        discovery_flow.async_create_flow(
            hass,
            domain,
            {"source": SOURCE_DHCP},
            service_info,
            discovery_key=DiscoveryKey(domain="dhcp", key=mac_address, version=1),
        )
    connection.send_result(msg["id"], {"domains": sorted(domains)})


@websocket_api.websocket_command(
    {vol.Required("type"): f"{DOMAIN}/hosts", vol.Required("domain"): str}
)
@callback
def _hosts_command(
    hass: HomeAssistant,
    connection: websocket_api.ActiveConnection,
    msg: dict[str, Any],
) -> None:
    """Answer {entry id: {host, state}} of the domain's config entries (nothing else of their data)."""
    connection.send_result(
        msg["id"],
        {
            entry.entry_id: {
                "host": entry.data.get(CONF_HOST),
                "state": entry.state.value,
            }
            for entry in hass.config_entries.async_entries(msg["domain"])
        },
    )


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")


def _sqlite() -> ctypes.CDLL:
    import _sqlite3  # noqa: PLC0415  (the library Python's sqlite3 links)

    return ctypes.CDLL(_sqlite3.__file__)


def _status(field: str) -> int:
    """Return a field of /proc/self/status (kB for sizes)."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def _smaps_rollup_mib() -> dict[str, float]:
    """Return /proc/self/smaps_rollup's kB fields in MiB."""
    fields = {}
    for line in (
        Path("/proc/self/smaps_rollup").read_text(encoding="ascii").splitlines()
    ):
        parts = line.split()
        if len(parts) == 3 and parts[2] == "kB":
            fields[parts[0].rstrip(":")] = int(parts[1]) / 1024
    return fields


def _trimmed() -> dict[str, float]:
    """Collect fully, then malloc_trim(0): RSS before and after, SQLite's memory."""
    gc.collect()
    sqlite = _sqlite()
    used = sqlite.sqlite3_memory_used
    used.restype = ctypes.c_int64
    before = _status("VmRSS") / 1024
    started = time.perf_counter()
    _libc().malloc_trim(0)
    trim_ms = (time.perf_counter() - started) * 1000
    after = _status("VmRSS") / 1024  # before anything here allocates
    smaps = _smaps_rollup_mib()
    return {
        "rss_mib_after_full_gc": before,
        "rss_mib_after_trim": after,
        "threads": _status("Threads"),
        "allocated_blocks": sys.getallocatedblocks(),
        "objects": len(gc.get_objects()),
        "tracemalloc_mib": tracemalloc.get_tracemalloc_memory() / 2**20,
        "traced_mib": tracemalloc.get_traced_memory()[0] / 2**20,
        "trim_ms": trim_ms,
        "sqlite_mib": used() / 2**20,
        "anonymous_mib": smaps.get("Anonymous", 0.0),
        "file_mib": smaps.get("Rss", 0.0) - smaps.get("Anonymous", 0.0),
    }


TRACE_START: list[tracemalloc.Snapshot] = []


def _traced(action: str, top: int) -> dict[str, Any]:
    """Start tracing allocations, mark a snapshot, or answer the growths since the mark."""
    if action == "start":
        tracemalloc.start(8)
        return {}
    if action == "mark":
        TRACE_START[:] = [tracemalloc.take_snapshot()]
        return {}
    snapshot = tracemalloc.take_snapshot()
    mark = TRACE_START[0] if TRACE_START else snapshot
    current, peak = tracemalloc.get_traced_memory()
    result: dict[str, Any] = {
        "traced_mib": current / 2**20,
        "traced_peak_mib": peak / 2**20,
    }
    for key in ("filename", "lineno", "traceback"):
        diffs = snapshot.compare_to(mark, key)[: top if key != "traceback" else 5]
        result[f"top_by_{key}"] = [
            {
                "where": [str(frame) for frame in d.traceback.format()[-16:]]
                if key == "traceback"
                else str(d.traceback[0]),
                "size_diff_kib": round(d.size_diff / 1024, 1),
                "size_kib": round(d.size / 1024, 1),
                "count_diff": d.count_diff,
            }
            for d in diffs
        ]
    return result


@websocket_api.websocket_command(
    {
        vol.Required("type"): f"{DOMAIN}/memory",
        vol.Optional("tracemalloc"): vol.In(("start", "mark", "diff")),
        vol.Optional("types", default=False): bool,
        vol.Optional("top", default=25): int,
    }
)
@websocket_api.decorators.async_response
async def _memory_command(
    hass: HomeAssistant,
    connection: websocket_api.ActiveConnection,
    msg: dict[str, Any],
) -> None:
    """Answer where the memory is (see the module's docstring)."""
    started, gc_ms = time.perf_counter(), FULL_GC_MS[0]
    result: dict[str, Any] = _trimmed()  # in the loop: no allocation meanwhile
    # The measurement's own time is no block by Home Assistant's code: the loop
    # monitor leaves it out as it does full collections (counted in it already).
    result["probe_ms"] = (time.perf_counter() - started) * 1000
    FULL_GC_MS[0] += result["probe_ms"] - (FULL_GC_MS[0] - gc_ms)
    if action := msg.get("tracemalloc"):
        result |= await hass.async_add_executor_job(_traced, action, msg["top"])
    if msg["types"]:
        result["types"] = Counter(type(o).__name__ for o in gc.get_objects())
    connection.send_result(msg["id"], result)


@websocket_api.websocket_command(
    {
        vol.Required("type"): f"{DOMAIN}/profile",
        vol.Required("seconds"): vol.All(vol.Coerce(float), vol.Range(min=1)),
        vol.Required("path"): str,
    }
)
@websocket_api.async_response
async def _profile_command(
    hass: HomeAssistant,
    connection: websocket_api.ActiveConnection,
    msg: dict[str, Any],
) -> None:
    """Profile the event loop's thread for `seconds`; write the stats to `path`."""
    profile = cProfile.Profile()
    profile.enable()
    try:
        await asyncio.sleep(msg["seconds"])
    finally:
        profile.disable()
    await hass.async_add_executor_job(profile.dump_stats, msg["path"])
    connection.send_result(msg["id"], {"path": msg["path"]})
