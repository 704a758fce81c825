"""Actions that name the camera by its device, registered once for every camera.

The PTZ actions target the camera entity instead (ptz.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any, Final

import voluptuous as vol

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import HomeAssistant, ServiceCall, callback
from homeassistant.exceptions import ServiceValidationError
import homeassistant.helpers.config_validation as cv
import homeassistant.helpers.device_registry as dr
from homeassistant.helpers.service import async_register_admin_service
import homeassistant.util.dt as dt_util

from .clock import clock_setting, zone_name
from .const import DOMAIN, STREAM_MAIN, STREAM_SUB, PollGroup
from .coordinator import Group, Groups
from .data import IpcCgiConfigEntry, IpcCgiRuntimeData
from .errors import (
    camera_command,
    check_kept,
    check_osd_text,
    file_error,
    not_supported_error,
)
from .ipccgi import (
    IpcCgiNotFoundError,
    OsdConfig,
    SnapshotTarget,
    TimeUpdateMethod,
    UserOsdConfig,
)
from .recordings import ClipId, async_save_recording

ATTR_CONFIRM: Final = "confirm"
ATTR_DURATION: Final = "duration"
ATTR_FILENAME: Final = "filename"
ATTR_HEIGHT: Final = "height"
ATTR_LINE: Final = "line"
ATTR_NTP_PORT: Final = "ntp_port"
ATTR_NTP_SERVER: Final = "ntp_server"
ATTR_RECORDING: Final = "recording"
ATTR_RETAIN_NETWORK: Final = "retain_network"
ATTR_STREAM: Final = "stream"
ATTR_TARGET: Final = "target"
ATTR_TEXT: Final = "text"
ATTR_UPDATE_PERIOD: Final = "update_period"
ATTR_WIDTH: Final = "width"
ATTR_X: Final = "x"
ATTR_Y: Final = "y"
ATTR_ZONE: Final = "zone"

# 3.19: the snapshot's stream (1 main, 0 sub) and upload target
SNAPSHOT_STREAMS: Final = {STREAM_MAIN: 1, STREAM_SUB: 0}
UPLOAD_TARGETS: Final = {
    "sd_card": SnapshotTarget.SD_CARD,
    "ftp": SnapshotTarget.FTP,
    "email": SnapshotTarget.EMAIL,
    "nfs": SnapshotTarget.NFS,
}

SERVICE_SNAPSHOT_UPLOAD: Final = "snapshot_upload"
SERVICE_SAVE_RECORDING: Final = "save_recording"
SERVICE_SET_TIME: Final = "set_time"
SERVICE_SET_PRIVACY_ZONE: Final = "set_privacy_zone"
SERVICE_SET_OSD_TEXT: Final = "set_osd_text"
SERVICE_RELAY_PULSE: Final = "relay_pulse"
SERVICE_FACTORY_RESET: Final = "factory_reset"

# The camera: a device of this integration.
CAMERA: Final[dict[vol.Marker, Any]] = {
    vol.Required(ATTR_DEVICE_ID): vol.All(
        cv.string, vol.Length(min=1, msg="pick the camera's device")
    )
}
# Actions that can lock people out or destroy settings: Home Assistant admins only.
ADMIN_ACTIONS: Final = frozenset({SERVICE_FACTORY_RESET})
STREAM: Final[dict[vol.Marker, Any]] = {
    vol.Optional(ATTR_STREAM, default=STREAM_MAIN): vol.In(SNAPSHOT_STREAMS)
}
# 3.32 gives no unit or range; its faults name the main stream's mask (pixels of
# the main stream from the top left corner). 0..10000 keeps nonsense out.
ZONE_VALUE: Final = vol.All(vol.Coerce(int), vol.Range(min=0, max=10000))


def recording_id(value: Any) -> str:
    """Accept a media selector's choice or a media-source ID of a clip; return the ID."""
    if isinstance(value, dict):
        value = value.get("media_content_id")
    recording = cv.string(value)
    if ClipId.parse(recording) is None:
        raise vol.Invalid(f"not a recording of an IPC CGI camera: {recording}")
    return recording


def one_line_text(value: Any) -> str:
    """Accept a text the camera keeps on one line: not blank, without line breaks.

    Its length in UTF-8 bytes is the action's to check (check_lengths): a form
    cannot count bytes, so the refusal is a translated message.
    """
    text = cv.string(value)
    if not text.strip():
        raise vol.Invalid("the text is empty")
    if "".join(text.splitlines()) != text:
        raise vol.Invalid("the camera keeps a text on one line: remove its line breaks")
    return text


def confirmed(value: Any) -> bool:
    """Accept only a confirmation (true)."""
    if not cv.boolean(value):
        raise vol.Invalid("turn on confirm to go ahead")
    return True


SCHEMAS: Final[dict[str, vol.Schema]] = {
    SERVICE_SNAPSHOT_UPLOAD: vol.Schema(
        {**CAMERA, **STREAM, vol.Required(ATTR_TARGET): vol.In(UPLOAD_TARGETS)}
    ),
    SERVICE_SAVE_RECORDING: vol.Schema(
        {
            **CAMERA,
            vol.Required(ATTR_RECORDING): recording_id,
            vol.Required(ATTR_FILENAME): one_line_text,
        }
    ),
    SERVICE_SET_TIME: vol.Schema(
        {
            **CAMERA,
            vol.Optional(ATTR_NTP_SERVER): one_line_text,
            vol.Optional(ATTR_NTP_PORT, default=123): cv.port,
            vol.Optional(ATTR_UPDATE_PERIOD): vol.All(
                vol.Coerce(int), vol.Range(min=60, max=999999)
            ),
        }
    ),
    SERVICE_SET_PRIVACY_ZONE: vol.Schema(
        {
            **CAMERA,
            vol.Required(ATTR_ZONE): vol.All(vol.Coerce(int), vol.Range(min=1, max=4)),
            vol.Required(ATTR_X): ZONE_VALUE,
            vol.Required(ATTR_Y): ZONE_VALUE,
            vol.Required(ATTR_WIDTH): ZONE_VALUE,
            vol.Required(ATTR_HEIGHT): ZONE_VALUE,
        }
    ),
    SERVICE_SET_OSD_TEXT: vol.Schema(
        {
            **CAMERA,
            vol.Required(ATTR_TEXT): one_line_text,
            # 1..5 as the "User OSD line 1..5" entities are numbered
            vol.Optional(ATTR_LINE): vol.All(vol.Coerce(int), vol.Range(min=1, max=5)),
        }
    ),
    SERVICE_RELAY_PULSE: vol.Schema(
        {
            **CAMERA,
            vol.Optional(ATTR_DURATION, default=1): vol.All(
                vol.Coerce(float), vol.Range(min=0, max=600)
            ),
        }
    ),
    SERVICE_FACTORY_RESET: vol.Schema(
        {
            **CAMERA,
            vol.Required(ATTR_CONFIRM): confirmed,
            vol.Optional(ATTR_RETAIN_NETWORK, default=True): cv.boolean,
        }
    ),
}


def validation_error(key: str, **placeholders: str) -> ServiceValidationError:
    """Return the translated error of bad action data."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=placeholders or None,
    )


def check_lengths(call: ServiceCall, limits: Mapping[str, int]) -> None:
    """Refuse, translated, a text field of the call longer than the camera keeps.

    `limits` maps fields to their most UTF-8 bytes; a field the call leaves out passes.
    """
    for field, max_bytes in limits.items():
        text: str | None = call.data.get(field)
        if text is not None and len(text.encode()) > max_bytes:
            raise validation_error(
                "field_too_long",
                field=field,
                max_bytes=str(max_bytes),
                max_chinese=str(max_bytes // 3),
            )


def loaded_entry(call: ServiceCall) -> IpcCgiConfigEntry:
    """Return the loaded config entry of the camera whose device the call names."""
    device_id: str = call.data[ATTR_DEVICE_ID]
    device = dr.async_get(call.hass).async_get(device_id)
    for entry_id in device.config_entries if device else ():
        entry: IpcCgiConfigEntry | None = call.hass.config_entries.async_get_entry(
            entry_id
        )
        if entry is None or entry.domain != DOMAIN:
            continue
        if entry.state is not ConfigEntryState.LOADED:
            raise validation_error("entry_not_loaded", name=entry.title)
        return entry
    raise validation_error("device_not_found", device_id=device_id)


def runtime_data_of(call: ServiceCall) -> IpcCgiRuntimeData:
    """Return the runtime data of the loaded camera the call names."""
    return loaded_entry(call).runtime_data


def runtime_data_with(call: ServiceCall, group: PollGroup) -> IpcCgiRuntimeData:
    """Return the runtime data of the named camera, unless it lacks `group`'s endpoint."""
    runtime_data = runtime_data_of(call)
    if runtime_data.coordinator.lacks(group):
        raise not_supported_error()
    return runtime_data


async def _wait(seconds: float) -> None:
    """Wait between the two halves of a timed command (tests replace this)."""
    await asyncio.sleep(seconds)


@camera_command
async def _snapshot_upload(call: ServiceCall) -> None:
    client = runtime_data_of(call).client
    await client.snapshot_upload(
        UPLOAD_TARGETS[call.data[ATTR_TARGET]],
        stream=SNAPSHOT_STREAMS[call.data[ATTR_STREAM]],
    )


@camera_command
async def _save_recording(call: ServiceCall) -> None:
    recording: str = call.data[ATTR_RECORDING]
    clip = ClipId.parse(recording)
    assert clip is not None  # recording_id checked it
    entry = loaded_entry(call)
    runtime_data = entry.runtime_data
    if clip.entry_id != entry.entry_id:
        raise validation_error("recording_of_other_camera", recording=recording)
    path = Path(call.data[ATTR_FILENAME])
    if not await call.hass.async_add_executor_job(
        call.hass.config.is_allowed_path, str(path)
    ):
        raise validation_error("path_not_allowed", filename=str(path))
    try:
        await async_save_recording(call.hass, runtime_data.client, clip.filepath, path)
    except IpcCgiNotFoundError as err:
        raise validation_error("recording_not_found", filepath=clip.filepath) from err
    except OSError as err:
        raise file_error(path, err, reading=False) from err


@camera_command
async def _set_time(call: ServiceCall) -> None:
    runtime_data = runtime_data_with(call, PollGroup.TIME)
    # As the clock check: Home Assistant's zone, else the camera's own.
    if (setting := clock_setting(runtime_data.clock.zone)) is None:
        offset = dt_util.now().utcoffset() or timedelta()
        raise validation_error("unsupported_timezone", timezone=zone_name(offset))
    timezone, now = setting
    if (ntp_server := call.data.get(ATTR_NTP_SERVER)) is not None:
        reply = await runtime_data.client.set_time(
            timezone=timezone,
            update_method=TimeUpdateMethod.NTP,
            ntp_server=ntp_server,
            ntp_port=call.data[ATTR_NTP_PORT],
            update_period=call.data.get(ATTR_UPDATE_PERIOD),
        )
    else:
        reply = await runtime_data.client.set_time(
            timezone=timezone, update_method=TimeUpdateMethod.MANUAL, current_time=now
        )
    runtime_data.coordinator.async_apply(PollGroup.TIME, reply)


@camera_command
async def _set_privacy_zone(call: ServiceCall) -> None:
    client = runtime_data_of(call).client
    await client.set_privacy_zone(
        call.data[ATTR_ZONE],
        call.data[ATTR_X],
        call.data[ATTR_Y],
        call.data[ATTR_WIDTH],
        call.data[ATTR_HEIGHT],
    )


@camera_command
async def _set_osd_text(call: ServiceCall) -> None:
    text = check_osd_text(call.data[ATTR_TEXT])
    line: int | None = call.data.get(ATTR_LINE)
    if line is not None:
        line -= 1  # the camera counts its lines 0..4 (3.35)
    group: Group[OsdConfig | UserOsdConfig] = (
        Groups.OSD if line is None else Groups.USER_OSD[line]
    )
    runtime_data = runtime_data_with(call, group.poll_group)
    client, coordinator = runtime_data.client, runtime_data.coordinator
    if line is None:
        reply: OsdConfig | UserOsdConfig = await client.set_osd(title=text)
    else:
        reply = await client.set_user_osd(line, title=text)
    coordinator.async_apply(group.poll_group, reply)
    # A short reply keeps the text it leaves out (async_apply merges).
    shown = coordinator.data.reply(group)
    check_kept(text, None if shown is None else shown.title)


@camera_command
async def _relay_pulse(call: ServiceCall) -> None:
    runtime_data = runtime_data_with(call, PollGroup.RELAY)
    client, coordinator = runtime_data.client, runtime_data.coordinator

    async def set_relay(closed: bool) -> None:
        reply = await client.set_relay(closed)
        coordinator.async_apply(PollGroup.RELAY, reply)
        check_kept(closed, reply)

    await set_relay(True)
    try:
        await _wait(call.data[ATTR_DURATION])
    finally:
        await set_relay(False)


@camera_command
async def _factory_reset(call: ServiceCall) -> None:
    client = runtime_data_of(call).client
    await client.factory_reset(retain_network=call.data[ATTR_RETAIN_NETWORK])


HANDLERS: Final[dict[str, Callable[[ServiceCall], Coroutine[Any, Any, None]]]] = {
    SERVICE_SNAPSHOT_UPLOAD: _snapshot_upload,
    SERVICE_SAVE_RECORDING: _save_recording,
    SERVICE_SET_TIME: _set_time,
    SERVICE_SET_PRIVACY_ZONE: _set_privacy_zone,
    SERVICE_SET_OSD_TEXT: _set_osd_text,
    SERVICE_RELAY_PULSE: _relay_pulse,
    SERVICE_FACTORY_RESET: _factory_reset,
}


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the actions (once, when the integration loads)."""
    for service, handler in HANDLERS.items():
        if service in ADMIN_ACTIONS:
            async_register_admin_service(
                hass, DOMAIN, service, handler, schema=SCHEMAS[service]
            )
        else:
            hass.services.async_register(
                DOMAIN, service, handler, schema=SCHEMAS[service]
            )
