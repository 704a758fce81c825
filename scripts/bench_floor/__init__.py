"""The floor of scripts/bench: the least a polled camera can cost Home Assistant.

Inside the fixed choices (HA's shared aiohttp session, one DataUpdateCoordinator
per camera, the three state reads of every poll, as many entities as ours),
and nothing else: each poll GETs the three replies ours reads and keeps the
bytes, unparsed; the entities listen to the coordinator and write nothing
(ours writes nothing when no value changed). The design's events (motion,
the alarm input) come from the camera's ONVIF PullPoint: events.py sends
ours' requests at ours' cadence and keeps the replies as bytes. What ipc_cgi
costs above this is its own; what this costs is Home Assistant's and aiohttp's.

One config entry per camera (config flow: port, a uid that the benchmark
made last a year, as for rest, and the ONVIF login), one device, ENABLED +
DISABLED sensors.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
import logging

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator

from .events import FloorEvents

DOMAIN = "bench_floor"
PATHS = ("getDevState", "getRelayStatus", "set_led")  # what ours reads every poll

type FloorEntry = ConfigEntry[DataUpdateCoordinator[tuple[bytes, ...]]]


async def async_setup_entry(hass: HomeAssistant, entry: FloorEntry) -> bool:
    """Poll the camera every scan_interval s; add the sensors."""
    session = async_get_clientsession(hass)
    base = f"http://127.0.0.1:{entry.data['port']}/cgi-bin/"
    urls = [f"{base}{path}?uid={entry.data['uid']}" for path in PATHS]

    async def update() -> tuple[bytes, ...]:
        bodies = []
        for url in urls:
            async with session.get(url) as reply:
                bodies.append(await reply.read())
        return tuple(bodies)

    coordinator = DataUpdateCoordinator(
        hass,
        logging.getLogger(__name__),
        config_entry=entry,
        name=entry.title,
        update_interval=timedelta(seconds=entry.data["scan_interval"]),
        update_method=update,
    )
    await coordinator.async_config_entry_first_refresh()
    events = FloorEvents(
        session,
        f"http://127.0.0.1:{entry.data['port']}",
        entry.data["username"],
        entry.data["password"],
    )
    await events.subscribe()  # as ours: subscribed and pulled once before the entities
    task = asyncio.get_running_loop().create_task(events.run())

    async def stop() -> None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        async with asyncio.timeout(2):
            await events.unsubscribe()

    entry.async_on_unload(stop)
    entry.runtime_data = coordinator
    await hass.config_entries.async_forward_entry_setups(entry, [Platform.SENSOR])
    return True


async def async_unload_entry(hass: HomeAssistant, entry: FloorEntry) -> bool:
    """Unload the sensors."""
    return await hass.config_entries.async_unload_platforms(entry, [Platform.SENSOR])
