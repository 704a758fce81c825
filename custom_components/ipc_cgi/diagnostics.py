"""Diagnostics of the IPC CGI camera integration."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant

from .coordinator import IpcCgiConfigEntry

TO_REDACT = {
    CONF_PASSWORD,
    CONF_USERNAME,
    "mac",
    "serial",
    "stream_id",
    "uid",
    "unique_id",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: IpcCgiConfigEntry
) -> dict[str, Any]:
    """Return the entry, what the camera is and its last poll, without secrets."""
    runtime_data = entry.runtime_data
    data = runtime_data.coordinator.data
    return async_redact_data(
        {
            "entry": {
                "unique_id": entry.unique_id,
                "data": dict(entry.data),
                "options": dict(entry.options),
            },
            "device_info": asdict(runtime_data.info),
            "capabilities": asdict(runtime_data.capabilities),
            "video_capabilities": asdict(runtime_data.video_capabilities),
            "audio_capabilities": (
                asdict(runtime_data.audio_capabilities)
                if runtime_data.audio_capabilities is not None
                else None
            ),
            "last_poll": asdict(data) if data is not None else None,
        },
        TO_REDACT,
    )
