"""The floor of scripts/bench: the least a polled camera can cost Home Assistant.

Inside the fixed choices (HA's shared aiohttp session, one DataUpdateCoordinator
per camera, the three state reads of every poll, as many entities as ours),
and nothing else: each poll GETs the three replies ours reads and keeps the
bytes, unparsed; the entities listen to the coordinator and write nothing
(ours writes nothing when no value changed). What ipc_cgi costs above this
is its own; what this costs is Home Assistant's and aiohttp's.

One config entry per camera (config flow: port and a uid that the benchmark
made last a year, as for rest), one device, ENABLED + DISABLED sensors.
"""

from __future__ import annotations

from datetime import timedelta
import logging

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator

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
    entry.runtime_data = coordinator
    await hass.config_entries.async_forward_entry_setups(entry, [Platform.SENSOR])
    return True


async def async_unload_entry(hass: HomeAssistant, entry: FloorEntry) -> bool:
    """Unload the sensors."""
    return await hass.config_entries.async_unload_platforms(entry, [Platform.SENSOR])
