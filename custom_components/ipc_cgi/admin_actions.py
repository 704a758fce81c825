"""Admin-only actions: network, accounts, firmware, RTMP, certificate, name, authentication.

Spec sections 3.7, 3.18, 3.21, 3.22, 3.34, 3.41, 3.42 and 3.45.

Each can lock people out, destroy settings or open the camera to the network
(RTSP or ONVIF without a password): Home Assistant registers them for its
administrators only, and the camera account needs its Administrator privilege.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import replace
import ipaddress
import logging
import os
from pathlib import Path
from typing import Any, Final

import voluptuous as vol

from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import HomeAssistantError
import homeassistant.helpers.config_validation as cv
import homeassistant.helpers.device_registry as dr
from homeassistant.helpers.service import async_register_admin_service

from .const import DOMAIN, PollGroup
from .coordinator import create_client
from .data import IpcCgiConfigEntry, IpcCgiRuntimeData
from .entity import firmware_version
from .errors import camera_command, camera_error, check_kept, file_error
from .firmware import IN_PROGRESS, UpgradeStep, async_set_upgrade_step, upgrade_step
from .ipccgi import IpcCgiClient, IpcCgiError, Privilege, RtmpProtocol, User
from .services import (
    CAMERA,
    check_lengths,
    confirmed,
    loaded_entry,
    one_line_text,
    runtime_data_of,
    runtime_data_with,
    validation_error,
)

_LOGGER = logging.getLogger(__name__)

ATTR_APP: Final = "app"
ATTR_CONFIRM: Final = "confirm"
ATTR_DHCP: Final = "dhcp"
ATTR_DNS1: Final = "dns1"
ATTR_DNS2: Final = "dns2"
ATTR_ENABLED: Final = "enabled"
ATTR_FILENAME: Final = "filename"
ATTR_GATEWAY: Final = "gateway"
ATTR_IP_ADDRESS: Final = "ip_address"
ATTR_NAME: Final = "name"
ATTR_NETMASK: Final = "netmask"
ATTR_PASSWORD: Final = "password"
ATTR_PORT: Final = "port"
ATTR_PRIVILEGE: Final = "privilege"
ATTR_PROTOCOL: Final = "protocol"
ATTR_SERVER: Final = "server"
ATTR_STREAM: Final = "stream"
ATTR_STREAM_ID: Final = "stream_id"

SERVICE_SET_NETWORK: Final = "set_network"
SERVICE_ADD_USER: Final = "add_user"
SERVICE_EDIT_USER: Final = "edit_user"
SERVICE_DELETE_USER: Final = "delete_user"
SERVICE_UPGRADE_FIRMWARE: Final = "upgrade_firmware"
SERVICE_UPLOAD_CERTIFICATE: Final = "upload_certificate"
SERVICE_SET_RTMP: Final = "set_rtmp"
SERVICE_SET_DEVICE_NAME: Final = "set_device_name"
SERVICE_SET_ONVIF_AUTHENTICATION: Final = "set_onvif_authentication"
SERVICE_SET_RTSP_AUTHENTICATION: Final = "set_rtsp_authentication"

# How long a camera is given to come back after a firmware image or a new address:
# a first wait, then a try every RETRY_SECONDS, ATTEMPTS times (about 5 minutes).
FIRST_WAIT_SECONDS: Final = 30.0
RETRY_SECONDS: Final = 10.0
ATTEMPTS: Final = 27
FIRMWARE_MAX_BYTES: Final = 256 * 1024 * 1024
CERTIFICATE_MAX_BYTES: Final = 1024 * 1024
# The camera's text fields (3.18 names, 3.22, 3.45), in UTF-8 bytes.
NAME_MAX_BYTES: Final = 40
TEXT_MAX_BYTES: Final = 64
USER_LIMITS: Final = {ATTR_NAME: NAME_MAX_BYTES, ATTR_PASSWORD: TEXT_MAX_BYTES}

PRIVILEGES: Final = {
    "user": Privilege.USER,
    "operator": Privilege.OPERATOR,
    "administrator": Privilege.ADMINISTRATOR,
}
PROTOCOLS: Final = {
    "standard": RtmpProtocol.STANDARD,
    "compatible": RtmpProtocol.COMPATIBLE,
}
# 3.22: stream 0 main, 1 sub
RTMP_STREAMS: Final = {"main": 0, "sub": 1}


def _password(value: Any) -> str:
    """Accept a password (not empty); the message never shows it."""
    if not isinstance(value, str) or not value:
        raise vol.Invalid("expected a password")
    return value


def _ipv4(value: Any) -> str:
    """Accept an IPv4 address written as four numbers."""
    try:
        return str(ipaddress.IPv4Address(cv.string(value).strip()))
    except ValueError as err:
        raise vol.Invalid("expected an IPv4 address such as 192.168.1.20") from err


IPV4: Final = _ipv4
# 3.7: the web port is 80 or 1000..65535
WEB_PORT: Final = vol.All(
    vol.Coerce(int), vol.Any(80, vol.Range(min=1000, max=65535), msg="80 or 1000-65535")
)


def _static_address_complete(data: dict[str, Any]) -> dict[str, Any]:
    """Refuse a static address without its IP address and netmask."""
    if not data[ATTR_DHCP]:
        for field in (ATTR_IP_ADDRESS, ATTR_NETMASK):
            if field not in data:
                raise vol.Invalid("required for a static address", path=[field])
    return data


# Whether the camera asks for a password (3.41, 3.42).
AUTHENTICATION: Final = vol.Schema({**CAMERA, vol.Required(ATTR_ENABLED): cv.boolean})

SCHEMAS: Final[dict[str, vol.Schema | vol.All]] = {
    SERVICE_SET_NETWORK: vol.All(
        vol.Schema(
            {
                **CAMERA,
                vol.Required(ATTR_DHCP): cv.boolean,
                vol.Optional(ATTR_IP_ADDRESS): IPV4,
                vol.Optional(ATTR_NETMASK): IPV4,
                vol.Optional(ATTR_GATEWAY): IPV4,
                vol.Optional(ATTR_DNS1): IPV4,
                vol.Optional(ATTR_DNS2): IPV4,
                vol.Optional(ATTR_PORT): WEB_PORT,
            }
        ),
        _static_address_complete,
    ),
    SERVICE_ADD_USER: vol.Schema(
        {
            **CAMERA,
            vol.Required(ATTR_NAME): one_line_text,
            vol.Required(ATTR_PASSWORD): _password,
            vol.Required(ATTR_PRIVILEGE): vol.In(PRIVILEGES),
            vol.Optional(ATTR_ENABLED, default=True): cv.boolean,
        }
    ),
    SERVICE_EDIT_USER: vol.Schema(
        {
            **CAMERA,
            vol.Required(ATTR_NAME): one_line_text,
            vol.Optional(ATTR_PASSWORD): _password,
            vol.Optional(ATTR_PRIVILEGE): vol.In(PRIVILEGES),
            vol.Optional(ATTR_ENABLED): cv.boolean,
        }
    ),
    SERVICE_DELETE_USER: vol.Schema({**CAMERA, vol.Required(ATTR_NAME): one_line_text}),
    SERVICE_UPGRADE_FIRMWARE: vol.Schema(
        {
            **CAMERA,
            vol.Required(ATTR_FILENAME): one_line_text,
            vol.Required(ATTR_CONFIRM): confirmed,
        }
    ),
    SERVICE_UPLOAD_CERTIFICATE: vol.Schema(
        {**CAMERA, vol.Required(ATTR_FILENAME): one_line_text}
    ),
    SERVICE_SET_RTMP: vol.Schema(
        {
            **CAMERA,
            vol.Required(ATTR_SERVER): one_line_text,
            vol.Optional(ATTR_PORT, default=1935): cv.port,
            vol.Required(ATTR_APP): one_line_text,
            vol.Required(ATTR_STREAM_ID): one_line_text,
            vol.Optional(ATTR_STREAM, default="main"): vol.In(RTMP_STREAMS),
            vol.Optional(ATTR_PROTOCOL, default="standard"): vol.In(PROTOCOLS),
        }
    ),
    SERVICE_SET_DEVICE_NAME: vol.Schema(
        {**CAMERA, vol.Required(ATTR_NAME): one_line_text}
    ),
    SERVICE_SET_ONVIF_AUTHENTICATION: AUTHENTICATION,
    SERVICE_SET_RTSP_AUTHENTICATION: AUTHENTICATION,
}


async def _wait(seconds: float) -> None:
    """Wait for a camera to come back (tests replace this)."""
    await asyncio.sleep(seconds)


async def _read_allowed_file(call: ServiceCall, max_bytes: int) -> tuple[Path, bytes]:
    """Return the path and bytes of the action's file, which must be in an allowed directory."""
    path = Path(call.data[ATTR_FILENAME])

    def read() -> tuple[int, bytes] | None:
        # is_allowed_path resolves the path on the disk: not in the event loop
        if not call.hass.config.is_allowed_path(str(path)):
            return None
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            # Nothing of a file too large is read; a byte over the limit shows
            # one that grew meanwhile. Never cut: a cut image can brick the camera.
            data = file.read(max_bytes + 1) if size <= max_bytes else b""
        return max(size, len(data)), data

    try:
        read_file = await call.hass.async_add_executor_job(read)
    except OSError as err:
        raise file_error(path, err, reading=True) from err
    if read_file is None:
        raise validation_error("read_path_not_allowed", filename=str(path))
    size, data = read_file
    if not 0 < size <= max_bytes:
        raise validation_error(
            "bad_file_size",
            filename=str(path),
            size=str(size),
            max_bytes=str(max_bytes),
        )
    return path, data


async def _reload(entry: IpcCgiConfigEntry) -> None:
    """Set the entry up again (the camera's identity or address changed)."""
    hass: HomeAssistant = entry.runtime_data.coordinator.hass
    await hass.config_entries.async_reload(entry.entry_id)


@camera_command
async def _set_network(call: ServiceCall) -> None:
    entry = loaded_entry(call)
    runtime_data = runtime_data_with(call, PollGroup.NETWORK)
    dhcp: bool = call.data[ATTR_DHCP]
    old_host, old_port = entry.data[CONF_HOST], entry.data[CONF_PORT]
    reply = await runtime_data.client.set_network(
        dhcp=dhcp,
        ip_address=call.data.get(ATTR_IP_ADDRESS),
        netmask=call.data.get(ATTR_NETMASK),
        gateway=call.data.get(ATTR_GATEWAY),
        dns1=call.data.get(ATTR_DNS1),
        dns2=call.data.get(ATTR_DNS2),
        port=call.data.get(ATTR_PORT),
    )
    _LOGGER.warning(
        "%s: network settings changed; its old address was %s port %s",
        entry.title,
        old_host,
        old_port,
    )
    runtime_data.coordinator.async_apply(PollGroup.NETWORK, reply)
    if dhcp:
        return  # the new address is the DHCP server's: discovery follows the camera
    new_host = call.data[ATTR_IP_ADDRESS]
    new_port = call.data.get(ATTR_PORT, old_port)
    if (new_host, new_port) == (old_host, old_port):
        return
    # Follow only once the camera at the new address proves to be this one.
    probe = create_client(
        call.hass, {**entry.data, CONF_HOST: new_host, CONF_PORT: new_port}
    )
    mac = dr.format_mac(runtime_data.info.mac)
    await _wait(FIRST_WAIT_SECONDS)
    for _attempt in range(ATTEMPTS):
        try:
            info = await probe.get_info(authenticated=False)
        except IpcCgiError:
            await _wait(RETRY_SECONDS)
            continue
        if dr.format_mac(info.mac) != mac:
            raise validation_error("other_camera_at_address", host=new_host)
        call.hass.config_entries.async_update_entry(
            entry, data={**entry.data, CONF_HOST: new_host, CONF_PORT: new_port}
        )
        await _reload(entry)
        return
    raise HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key="camera_not_at_new_address",
        translation_placeholders={"host": new_host, "port": str(new_port)},
    )


async def _user_command(call: ServiceCall, command: Coroutine[Any, Any, None]) -> None:
    """Run an account command; an error carries neither the new nor any camera password."""
    secrets = [
        call.data.get(ATTR_PASSWORD),
        *(
            e.data[CONF_PASSWORD]
            for e in call.hass.config_entries.async_entries(DOMAIN)
        ),
    ]
    try:
        await command
    except IpcCgiError as err:
        raise camera_error(err, [s for s in secrets if s]) from err


def _show_accounts(
    runtime_data: IpcCgiRuntimeData,
    change: Callable[[tuple[User, ...]], tuple[User, ...]],
) -> None:
    """Show an account change the camera answered `ok` to, where accounts are shown."""
    if (users := runtime_data.coordinator.data.users) is not None:
        runtime_data.coordinator.async_apply(PollGroup.USERS, change(users))


async def _add_user(call: ServiceCall) -> None:
    check_lengths(call, USER_LIMITS)
    runtime_data = runtime_data_of(call)
    privilege = PRIVILEGES[call.data[ATTR_PRIVILEGE]]
    user = User(call.data[ATTR_NAME], privilege, call.data[ATTR_ENABLED])
    await _user_command(
        call,
        runtime_data.client.add_user(
            user.name, call.data[ATTR_PASSWORD], privilege, enabled=user.enabled
        ),
    )
    _show_accounts(runtime_data, lambda users: (*users, user))


async def _edit_user(call: ServiceCall) -> None:
    check_lengths(call, USER_LIMITS)
    runtime_data = runtime_data_of(call)
    name: str = call.data[ATTR_NAME]
    changes: dict[str, Any] = {}
    if (privilege := call.data.get(ATTR_PRIVILEGE)) is not None:
        changes["privilege"] = PRIVILEGES[privilege]
    if (enabled := call.data.get(ATTR_ENABLED)) is not None:
        changes["enabled"] = enabled
    await _user_command(
        call,
        runtime_data.client.edit_user(
            name, password=call.data.get(ATTR_PASSWORD), **changes
        ),
    )
    _show_accounts(
        runtime_data,
        lambda users: tuple(
            replace(user, **changes) if user.name == name else user for user in users
        ),
    )


async def _delete_user(call: ServiceCall) -> None:
    check_lengths(call, USER_LIMITS)
    runtime_data = runtime_data_of(call)
    name: str = call.data[ATTR_NAME]
    await _user_command(call, runtime_data.client.delete_user(name))
    _show_accounts(
        runtime_data, lambda users: tuple(user for user in users if user.name != name)
    )


@camera_command
async def _upgrade_firmware(call: ServiceCall) -> ServiceResponse:
    """Upload the image; return once the camera accepted it.

    Its return is watched by a background task of the entry; the *Firmware
    upgrade* sensor shows each step.
    """
    entry = loaded_entry(call)
    _path, image = await _read_allowed_file(call, FIRMWARE_MAX_BYTES)
    if upgrade_step(call.hass, entry.entry_id) in IN_PROGRESS:
        raise validation_error("upgrade_in_progress")
    async_set_upgrade_step(call.hass, entry.entry_id, UpgradeStep.UPLOADING)
    step = UpgradeStep.FAILED
    try:
        await entry.runtime_data.client.upgrade_firmware(image)
        step = UpgradeStep.RESTARTING
    finally:
        async_set_upgrade_step(call.hass, entry.entry_id, step)
    entry.async_create_background_task(
        call.hass,
        _async_await_camera(entry),
        f"{DOMAIN} firmware upgrade {entry.title}",
    )
    return {"accepted": True}


async def _async_await_camera(entry: IpcCgiConfigEntry) -> None:
    """Wait for the camera to come back with its new firmware, then set it up again.

    A background task of the entry: unloading the entry cancels it, and then
    nobody watches (the step goes back to idle). A camera not back in about
    5 minutes is logged once, as a warning.
    """
    hass: HomeAssistant = entry.runtime_data.coordinator.hass
    client = entry.runtime_data.client
    try:
        # The camera writes the image and reboots: wait it out.
        await _wait(FIRST_WAIT_SECONDS)
        for _attempt in range(ATTEMPTS):
            try:
                info = await client.get_info()
            except IpcCgiError:
                await _wait(RETRY_SECONDS)
                continue
            version = firmware_version(info)
            _LOGGER.info("%s: firmware now %s", entry.title, version or "unreported")
            async_set_upgrade_step(hass, entry.entry_id, UpgradeStep.DONE)
            # Not awaited: the reload unloads the entry, which cancels this task.
            hass.config_entries.async_schedule_reload(entry.entry_id)
            return
    except asyncio.CancelledError:
        async_set_upgrade_step(hass, entry.entry_id, UpgradeStep.IDLE)
        raise
    _LOGGER.warning(
        "%s did not answer within about 5 minutes of its firmware upload", entry.title
    )
    async_set_upgrade_step(hass, entry.entry_id, UpgradeStep.FAILED)


@camera_command
async def _upload_certificate(call: ServiceCall) -> None:
    client = runtime_data_of(call).client
    path, data = await _read_allowed_file(call, CERTIFICATE_MAX_BYTES)
    await client.upload_certificate(data, path.name)


@camera_command
async def _set_rtmp(call: ServiceCall) -> None:
    check_lengths(
        call, dict.fromkeys((ATTR_SERVER, ATTR_APP, ATTR_STREAM_ID), TEXT_MAX_BYTES)
    )
    runtime_data = runtime_data_with(call, PollGroup.RTMP)
    reply = await runtime_data.client.set_rtmp(
        server=call.data[ATTR_SERVER],
        port=call.data[ATTR_PORT],
        app_name=call.data[ATTR_APP],
        stream_id=call.data[ATTR_STREAM_ID],
        stream=RTMP_STREAMS[call.data[ATTR_STREAM]],
        protocol_type=PROTOCOLS[call.data[ATTR_PROTOCOL]],
    )
    runtime_data.coordinator.async_apply(PollGroup.RTMP, reply)
    check_kept(call.data[ATTR_SERVER], reply.server)


@camera_command
async def _set_device_name(call: ServiceCall) -> None:
    check_lengths(call, {ATTR_NAME: TEXT_MAX_BYTES})
    entry = loaded_entry(call)
    name: str = call.data[ATTR_NAME]
    kept = await entry.runtime_data.client.set_device_name(name)
    # The device shows getinfo's model (3.3), read at setup: show the new one now.
    registry = dr.async_get(call.hass)
    for device in dr.async_entries_for_config_entry(registry, entry.entry_id):
        registry.async_update_device(device.id, model=kept)
    check_kept(name, kept)


async def _set_authentication(
    call: ServiceCall,
    group: PollGroup,
    send: Callable[[IpcCgiClient, bool], Coroutine[Any, Any, bool]],
) -> None:
    """Switch the camera's authentication of `group`; show and check its reply."""
    runtime_data = runtime_data_with(call, group)
    enabled: bool = call.data[ATTR_ENABLED]
    reply = await send(runtime_data.client, enabled)
    runtime_data.coordinator.async_apply(group, reply)
    check_kept(enabled, reply)


@camera_command
async def _set_onvif_authentication(call: ServiceCall) -> None:
    await _set_authentication(call, PollGroup.ONVIF_AUTH, IpcCgiClient.set_onvif_auth)


@camera_command
async def _set_rtsp_authentication(call: ServiceCall) -> None:
    await _set_authentication(call, PollGroup.RTSP_AUTH, IpcCgiClient.set_rtsp_auth)


HANDLERS: Final[dict[str, Callable[[ServiceCall], Coroutine[Any, Any, Any]]]] = {
    SERVICE_SET_NETWORK: _set_network,
    SERVICE_ADD_USER: _add_user,
    SERVICE_EDIT_USER: _edit_user,
    SERVICE_DELETE_USER: _delete_user,
    SERVICE_UPGRADE_FIRMWARE: _upgrade_firmware,
    SERVICE_UPLOAD_CERTIFICATE: _upload_certificate,
    SERVICE_SET_RTMP: _set_rtmp,
    SERVICE_SET_DEVICE_NAME: _set_device_name,
    SERVICE_SET_ONVIF_AUTHENTICATION: _set_onvif_authentication,
    SERVICE_SET_RTSP_AUTHENTICATION: _set_rtsp_authentication,
}


@callback
def async_setup_admin_actions(hass: HomeAssistant) -> None:
    """Register the admin-only actions (once, when the integration loads)."""
    for service, handler in HANDLERS.items():
        async_register_admin_service(
            hass,
            DOMAIN,
            service,
            handler,
            schema=SCHEMAS[service],
            supports_response=SupportsResponse.OPTIONAL
            if service == SERVICE_UPGRADE_FIRMWARE
            else SupportsResponse.NONE,
        )
