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
"""

from __future__ import annotations

from collections import Counter
import gc
import time
from typing import Any

import voluptuous as vol

from homeassistant.components import websocket_api
from homeassistant.const import EVENT_STATE_CHANGED, EVENT_STATE_REPORTED
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers.typing import ConfigType

DOMAIN = "bench_counter"


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
