"""Diagnostics of the IPC CGI camera integration."""

from __future__ import annotations

from dataclasses import asdict
import re
from typing import Any

from homeassistant.components.diagnostics import REDACTED, async_redact_data
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant

from .data import IpcCgiConfigEntry

TO_REDACT = {
    CONF_PASSWORD,
    CONF_USERNAME,
    "app_name",  # 3.22: with the server and stream id, the RTMP push target
    "mac",
    "mount_param",  # 3.23: the remote (NFS) storage's address and path
    "serial",
    "server",
    "stream_id",
    "uid",
    "unique_id",
    "users",  # 3.18: the account names are half of each login
}
_URL = re.compile(r"[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def _secrets(entry: IpcCgiConfigEntry) -> set[str]:
    """Return what no string in the diagnostics may contain, in lower case."""
    runtime_data = entry.runtime_data
    mac = runtime_data.info.mac
    values = {
        entry.data[CONF_PASSWORD],
        entry.data[CONF_USERNAME],
        runtime_data.client.session_uid,
        runtime_data.info.serial,
        entry.unique_id,
        mac,
        mac.replace(":", ""),
        mac.replace(":", "-"),
    }
    return {value.lower() for value in values if value}


def _redact_values(data: Any, secrets: set[str]) -> Any:
    """Redact every string, key or value, that holds a secret or looks like a URL."""
    if isinstance(data, str):
        lowered = data.lower()
        if _URL.search(data) or any(secret in lowered for secret in secrets):
            return REDACTED
        return data
    if isinstance(data, dict):
        return {
            _redact_values(key, secrets): _redact_values(value, secrets)
            for key, value in data.items()
        }
    if isinstance(data, list | tuple):
        return [_redact_values(item, secrets) for item in data]
    return data


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: IpcCgiConfigEntry
) -> dict[str, Any]:
    """Return the entry, what the camera is and its last poll, without secrets.

    Redacted by key, and by value: the camera may echo the password or its
    identity in any field (an OSD title, the RTMP app name).
    """
    runtime_data = entry.runtime_data
    data = runtime_data.coordinator.data
    diagnostics = async_redact_data(
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
            "events": runtime_data.events.as_dict(),
        },
        TO_REDACT,
    )
    redacted: dict[str, Any] = _redact_values(diagnostics, _secrets(entry))
    return redacted
