"""Config flow for the IPC CGI camera integration."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
import ipaddress
import logging
import re
from typing import Any

import voluptuous as vol

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlowWithReload,
)
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
)
from homeassistant.core import callback
from homeassistant.data_entry_flow import AbortFlow
import homeassistant.helpers.config_validation as cv
import homeassistant.helpers.device_registry as dr
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo

from .const import (
    CONF_RTSP_PATH,
    CONF_RTSP_PORT,
    CONF_STREAM,
    CONF_SYNC_CLOCK,
    CONF_VERIFY_SSL,
    DEFAULT_HTTPS_PORT,
    DEFAULT_PORT,
    DEFAULT_STREAM,
    DEFAULT_SYNC_CLOCK,
    DEFAULT_USERNAME,
    DOMAIN,
    STREAM_MAIN,
    STREAM_SUB,
)
from .coordinator import create_client
from .ipccgi import (
    DeviceInfo,
    IpcCgiAuthenticationError,
    IpcCgiCertificateError,
    IpcCgiClient,
    IpcCgiError,
    IpcCgiResponseError,
    IpcCgiTlsError,
)
from .ipccgi.discovery import MULTICAST_TARGET, ProbeMatch, probe

_LOGGER = logging.getLogger(__name__)

# One label of a host name (RFC 1123; the underscore some DHCP names carry too).
_HOST_LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)", re.IGNORECASE)

PASSWORD_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))
# Where the search sends its WS-Discovery probe.
PROBE_TARGET = MULTICAST_TARGET
CONF_CAMERA = "camera"


@dataclass(frozen=True, slots=True)
class FoundCamera:
    """A camera the search found: what the form is prefilled with, and its name."""

    unique_id: str
    values: dict[str, Any]
    label: str


def _connection_schema() -> vol.Schema:
    """Return the schema of the connection settings.

    The port is optional: left empty it is 80, or 443 with HTTPS, so it
    follows the HTTPS box unless the user enters one.
    """
    return vol.Schema(
        {
            vol.Required(CONF_HOST): TextSelector(),
            vol.Optional(CONF_PORT): cv.port,
            vol.Required(CONF_SSL, default=False): bool,
            vol.Required(CONF_VERIFY_SSL, default=True): bool,
            vol.Required(CONF_USERNAME, default=DEFAULT_USERNAME): TextSelector(),
            vol.Required(CONF_PASSWORD): PASSWORD_SELECTOR,
        }
    )


def _default_port(https: bool) -> int:
    """Return the port a camera serves HTTP or HTTPS on unless it was changed."""
    return DEFAULT_HTTPS_PORT if https else DEFAULT_PORT


def _form_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return what the form shows of an entry: no password, no port it would default to."""
    values = _without_password(data)
    if values.get(CONF_PORT) == _default_port(values.get(CONF_SSL, False)):
        del values[CONF_PORT]
    return values


def clean_host(value: str) -> str | None:
    """Return the host trimmed, an IPv6 address without brackets; None if it is no host.

    A host name, an IPv4 or an IPv6 address passes; a scheme, path, port,
    credentials or spaces inside do not.
    """
    host = value.strip()
    bracketed = host.startswith("[") and host.endswith("]")
    if bracketed:
        host = host[1:-1]
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return host if not bracketed or address.version == 6 else None
    labels = host.removesuffix(".").split(".")
    if (
        bracketed
        or len(host) > 253
        or not all(_HOST_LABEL.fullmatch(label) for label in labels)
        or labels[-1].isdigit()  # 192.168.1.300 is no address, nor a name
    ):
        return None
    return host


def _is_address(host: str) -> bool:
    """Tell whether `host` is an IP address (not a host name)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _without_password(user_input: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return what the form may show again after an error: never the password."""
    return {k: v for k, v in (user_input or {}).items() if k != CONF_PASSWORD}


async def _model_name(client: IpcCgiClient, info: DeviceInfo) -> str:
    """Return the OEM model (3.17), or getinfo's where the firmware lacks or breaks it.

    Adding a camera needs only getuid and getinfo.
    """
    try:
        return await client.get_model()
    except IpcCgiError as err:
        _LOGGER.debug("%s: no model name from getmodel: %s", info.model, err)
        return info.model


def camera_unique_id(mac: str | None, serial: str | None) -> str:
    """Return the entry's unique id: the MAC as Home Assistant writes it, else the serial."""
    return dr.format_mac(mac) if mac else str(serial)


class IpcCgiConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up a camera: connect, verify, and create one entry per camera."""

    VERSION = 1
    # 1.2: without the entities async_migrate_entry removes (__init__.py);
    # 1.3: without the poll interval option
    MINOR_VERSION = 3

    def __init__(self) -> None:
        """Start with nothing discovered."""
        self._discovered: dict[str, Any] = {}
        self._found: dict[str, FoundCamera] = {}

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> IpcCgiOptionsFlow:
        """Return the options flow."""
        return IpcCgiOptionsFlow()

    @staticmethod
    def _connection_data(
        user_input: dict[str, Any], errors: dict[str, str]
    ) -> dict[str, Any] | None:
        """Return the entry data the form describes, or None with `errors` filled."""
        if (host := clean_host(user_input[CONF_HOST])) is None:
            errors[CONF_HOST] = "invalid_host"
            return None
        port = user_input.get(CONF_PORT) or _default_port(user_input[CONF_SSL])
        return {**user_input, CONF_HOST: host, CONF_PORT: port}

    async def _async_validate(
        self, data: Mapping[str, Any], errors: dict[str, str]
    ) -> str | None:
        """Read the camera; set its unique id and return its model, or fill `errors`."""
        try:
            client = create_client(self.hass, data)
            info = await client.get_info()
            model = await _model_name(client, info)
        except IpcCgiAuthenticationError:
            errors["base"] = "invalid_auth"
        except IpcCgiCertificateError:
            errors["base"] = "invalid_certificate"
        except IpcCgiTlsError:  # HTTPS to a port that speaks HTTP
            errors["base"] = "not_https_port"
        except IpcCgiResponseError:
            errors["base"] = "not_ipc_camera"
        except IpcCgiError:  # unreachable, or a fault (spec chapter 1)
            errors["base"] = "cannot_connect"
        except Exception:
            _LOGGER.exception("Unexpected error while reading the camera")
            errors["base"] = "unknown"
        else:
            if not (info.mac or info.serial):
                errors["base"] = "not_ipc_camera"
                return None
            await self.async_set_unique_id(
                camera_unique_id(info.mac, info.serial), raise_on_progress=False
            )
            return model
        return None

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Offer to enter the camera's address or to search the network for it."""
        return self.async_show_menu(step_id="user", menu_options=["manual", "search"])

    async def async_step_manual(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the camera's address and account."""
        errors: dict[str, str] = {}
        if user_input is not None:
            data = self._connection_data(user_input, errors)
            if (
                data is not None
                and (model := await self._async_validate(data, errors)) is not None
            ):
                self._abort_if_unique_id_configured()
                return self.async_create_entry(title=model, data=data)
        return self._show_manual_form(
            self._discovered if user_input is None else _without_password(user_input),
            errors,
        )

    def _show_manual_form(
        self, values: Mapping[str, Any], errors: dict[str, str]
    ) -> ConfigFlowResult:
        return self.async_show_form(
            step_id="manual",
            data_schema=self.add_suggested_values_to_schema(
                _connection_schema(), values
            ),
            errors=errors,
        )

    async def async_step_search(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """List the cameras a WS-Discovery probe finds that are not set up yet."""
        if user_input is not None:
            self._discovered = self._found[user_input[CONF_CAMERA]].values
            return await self.async_step_manual()
        matches = await probe(PROBE_TARGET)
        configured = self._async_current_ids(include_ignore=False)
        self._found = {}
        for camera in await asyncio.gather(*map(self._async_found_camera, matches)):
            if camera is not None and camera.unique_id not in configured:
                self._found.setdefault(camera.unique_id, camera)
        if not self._found:
            errors: dict[str, str] = {}
            errors["base"] = "no_cameras_found"
            return self._show_manual_form(self._discovered, errors)
        options = [
            SelectOptionDict(value=camera.unique_id, label=camera.label)
            for camera in self._found.values()
        ]
        return self.async_show_form(
            step_id="search",
            data_schema=vol.Schema(
                {
                    vol.Required(CONF_CAMERA): SelectSelector(
                        SelectSelectorConfig(
                            options=options, mode=SelectSelectorMode.LIST
                        )
                    )
                }
            ),
        )

    async def _async_found_camera(self, match: ProbeMatch) -> FoundCamera | None:
        """Return the camera at the first of a device's URLs that answers getinfo as one."""
        for url in match.xaddrs:
            values = {
                CONF_HOST: url.host,
                CONF_PORT: url.port,
                CONF_SSL: url.scheme == "https",
            }
            info = await self._async_identify(
                {
                    **values,
                    CONF_VERIFY_SSL: False,
                    CONF_USERNAME: DEFAULT_USERNAME,
                    CONF_PASSWORD: "",
                }
            )
            if info is not None and info.mac:
                return FoundCamera(
                    camera_unique_id(info.mac, None),
                    _form_values(values),
                    f"{info.model} ({url.host_port_subcomponent})",
                )
        return None

    async def async_step_dhcp(
        self, discovery_info: DhcpServiceInfo
    ) -> ConfigFlowResult:
        """Follow a configured camera to its new address; offer an unknown one.

        Home Assistant's DHCP watcher reports the addresses of devices this
        integration registered (manifest: `registered_devices`).
        """
        mac = dr.format_mac(discovery_info.macaddress)
        host = discovery_info.ip
        await self.async_set_unique_id(mac)
        entry = self.hass.config_entries.async_entry_for_domain_unique_id(DOMAIN, mac)
        if entry is not None:
            self._abort_if_unique_id_configured(
                updates=await self._async_moved_host(entry, host)
            )
        info = await self._async_identify(
            {
                CONF_HOST: host,
                CONF_PORT: DEFAULT_PORT,
                CONF_SSL: False,
                CONF_VERIFY_SSL: True,
                CONF_USERNAME: DEFAULT_USERNAME,
                CONF_PASSWORD: "",
            }
        )
        if info is None or dr.format_mac(info.mac) != mac:
            return self.async_abort(reason="not_ipc_camera")
        self._discovered = {CONF_HOST: host}
        self.context["title_placeholders"] = {"name": info.model, "host": host}
        return await self.async_step_manual()

    async def _async_moved_host(
        self, entry: ConfigEntry, host: str
    ) -> dict[str, Any] | None:
        """Return the entry's data update for a camera now at `host`, if it needs one.

        An address is only replaced once the camera there answers as this
        camera; a host name follows the camera by itself.
        """
        old_host = entry.data.get(CONF_HOST)  # an ignored entry has no data
        if old_host is None or old_host == host or not _is_address(old_host):
            return None
        info = await self._async_identify({**entry.data, CONF_HOST: host})
        if info is None:
            raise AbortFlow("cannot_connect")
        if dr.format_mac(info.mac) != entry.unique_id:
            raise AbortFlow("unique_id_mismatch")
        return {CONF_HOST: host}

    async def _async_identify(self, data: Mapping[str, Any]) -> DeviceInfo | None:
        """Return what the camera `data` describes says it is, or None if it does not answer so.

        getinfo without login (3.3) gives the model and MAC: no password goes
        to an address that has not proven to be the camera.
        """
        try:
            return await create_client(self.hass, data).get_info(authenticated=False)
        except IpcCgiError as err:
            _LOGGER.debug("%s is no IPC CGI camera: %s", data[CONF_HOST], err)
            return None

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """Start a reauthentication when the password stops working."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the new password, verify it and reload the entry."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            data = {**entry.data, CONF_PASSWORD: user_input[CONF_PASSWORD]}
            if await self._async_validate(data, errors) is not None:
                self._abort_if_unique_id_mismatch()
                return self.async_update_reload_and_abort(
                    entry, data_updates={CONF_PASSWORD: user_input[CONF_PASSWORD]}
                )
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=vol.Schema({vol.Required(CONF_PASSWORD): PASSWORD_SELECTOR}),
            description_placeholders={
                "name": entry.title,
                CONF_USERNAME: entry.data[CONF_USERNAME],
            },
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the address or account of the same camera."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            data = self._connection_data(user_input, errors)
            if (
                data is not None
                and await self._async_validate(data, errors) is not None
            ):
                self._abort_if_unique_id_mismatch()
                return self.async_update_reload_and_abort(entry, data=data)
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                _connection_schema(),
                _form_values(entry.data)
                if user_input is None
                else _without_password(user_input),
            ),
            description_placeholders={"name": entry.title},
            errors=errors,
        )


class IpcCgiOptionsFlow(OptionsFlowWithReload):
    """Change the camera entity's stream and the clock sync; saving reloads the entry."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show and store the options."""
        if user_input is not None:
            return self.async_create_entry(data=user_input)
        options = self.config_entry.options
        schema = vol.Schema(
            {
                vol.Required(
                    CONF_STREAM, default=options.get(CONF_STREAM, DEFAULT_STREAM)
                ): SelectSelector(
                    SelectSelectorConfig(
                        options=[STREAM_MAIN, STREAM_SUB],
                        translation_key=CONF_STREAM,
                        mode=SelectSelectorMode.DROPDOWN,
                    )
                ),
                vol.Optional(
                    CONF_RTSP_PATH,
                    description={"suggested_value": options.get(CONF_RTSP_PATH)},
                ): TextSelector(),
                vol.Optional(
                    CONF_RTSP_PORT,
                    description={"suggested_value": options.get(CONF_RTSP_PORT)},
                ): vol.All(
                    NumberSelector(
                        NumberSelectorConfig(
                            min=1, max=65535, step=1, mode=NumberSelectorMode.BOX
                        )
                    ),
                    vol.Coerce(int),
                ),
                vol.Required(
                    CONF_SYNC_CLOCK,
                    default=options.get(CONF_SYNC_CLOCK, DEFAULT_SYNC_CLOCK),
                ): bool,
            }
        )
        return self.async_show_form(step_id="init", data_schema=schema)
