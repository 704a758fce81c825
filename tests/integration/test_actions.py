"""Every action: an endpoint the firmware lacks, and a setter the camera does not apply.

Actions are every entity command (switch, number, select, text, button) and
every action of the integration.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
import logging
from pathlib import Path
from typing import Any, Final

import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from custom_components.ipc_cgi.admin_actions import HANDLERS as ADMIN_HANDLERS
from custom_components.ipc_cgi.button import BUTTONS
from custom_components.ipc_cgi.const import DOMAIN
from custom_components.ipc_cgi.errors import check_kept
from custom_components.ipc_cgi.light import LIGHTS
from custom_components.ipc_cgi.number import NUMBERS
from custom_components.ipc_cgi.ptz import PTZ_ACTIONS
from custom_components.ipc_cgi.recordings import ClipId
from custom_components.ipc_cgi.select import SELECTS
from custom_components.ipc_cgi.services import HANDLERS
from custom_components.ipc_cgi.switch import SWITCHES
from custom_components.ipc_cgi.text import TEXTS
from homeassistant.const import ATTR_ENTITY_ID, STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import homeassistant.helpers.entity_registry as er
from ipc_simulator import EndpointFault, Simulator
from ipc_simulator.context import ENDPOINTS
from ipc_simulator.firmware import endpoints_after

from .conftest import camera_of, setup_entry, state_of, target_of

pytestmark = pytest.mark.usefixtures("all_entities_enabled")

type WebSocketClient = Any
type ClientFactory = Callable[[HomeAssistant], Coroutine[Any, Any, WebSocketClient]]

REQUIRED: Final = frozenset({"/cgi-bin/getuid", "/cgi-bin/getinfo"})
# Each entity command, with data that the entity accepts (None: an option it offers).
ENTITY_ACTIONS: Final[list[tuple[str, str, str, dict[str, Any] | None]]] = [
    *(("light", d.key, "turn_on", {}) for d in LIGHTS),
    *(("switch", d.key, "turn_on", {}) for d in SWITCHES),
    *(("number", d.key, "set_value", {"value": d.native_min_value}) for d in NUMBERS),
    *(("select", d.key, "select_option", None) for d in SELECTS),
    *(("text", d.key, "set_value", {"value": "x"}) for d in TEXTS),
    *(("button", d.key, "press", {}) for d in BUTTONS),
]
# Each action of the integration, with data it accepts (`filename` is set in the test).
SERVICE_ACTIONS: Final[dict[str, tuple[str, dict[str, Any]]]] = {
    "ptz_move": ("ptz_move", {"direction": "up"}),
    "ptz_stop": ("ptz_stop", {}),
    "ptz_zoom": ("ptz_zoom", {"direction": "in"}),
    "ptz_focus": ("ptz_focus", {"direction": "near"}),
    "ptz_iris": ("ptz_iris", {"direction": "open"}),
    "ptz_preset": ("ptz_preset", {"action": "goto", "preset": 1}),
    "snapshot_upload": ("snapshot_upload", {"target": "sd_card"}),
    # 3.20 /playback: a missing endpoint and a missing clip both answer 404
    "save_recording": ("save_recording", {}),
    "set_time": ("set_time", {}),
    "set_privacy_zone": (
        "set_privacy_zone",
        {"zone": 1, "x": 0, "y": 0, "width": 10, "height": 10},
    ),
    "set_osd_text": ("set_osd_text", {"text": "x"}),
    "set_osd_text_line": ("set_osd_text", {"text": "x", "line": 2}),
    "relay_pulse": ("relay_pulse", {"duration": 0}),
    "factory_reset": ("factory_reset", {"confirm": True}),
    "set_network": ("set_network", {"dhcp": True}),
    "add_user": ("add_user", {"name": "guest", "password": "pw", "privilege": "user"}),
    "edit_user": ("edit_user", {"name": "admin", "enabled": True}),
    "delete_user": ("delete_user", {"name": "guest"}),
    "upgrade_firmware": ("upgrade_firmware", {"confirm": True}),
    "upload_certificate": ("upload_certificate", {}),
    "set_rtmp": ("set_rtmp", {"server": "h", "app": "live", "stream_id": "s"}),
    "set_device_name": ("set_device_name", {"name": "Gate"}),
    "set_onvif_authentication": ("set_onvif_authentication", {"enabled": False}),
    "set_rtsp_authentication": ("set_rtsp_authentication", {"enabled": False}),
}


def _entity_id(
    hass: HomeAssistant, entry: MockConfigEntry, platform: str, key: str
) -> str:
    """Return the entity ID of the entry's entity `key`."""
    entity_id = er.async_get(hass).async_get_entity_id(
        platform, DOMAIN, f"{entry.unique_id}_{key}"
    )
    assert entity_id is not None, key
    return entity_id


def _tracebacks(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Return the log records above DEBUG that carry a traceback."""
    return [
        record.getMessage()
        for record in caplog.records
        if record.exc_info is not None and record.levelno > logging.DEBUG
    ]


def _integration_problems(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Return the integration's warnings and errors."""
    return [
        record.getMessage()
        for record in caplog.records
        if record.levelno >= logging.WARNING
        and record.name.startswith(f"custom_components.{DOMAIN}")
    ]


def test_every_action_is_listed() -> None:
    """The table covers every action of the integration."""
    assert {service for service, _ in SERVICE_ACTIONS.values()} == (
        set(HANDLERS) | set(ADMIN_HANDLERS) | set(PTZ_ACTIONS)
    )


@pytest.mark.parametrize(
    ("domain", "service", "target", "data"),
    [
        *(
            pytest.param(platform, service, key, data, id=f"{platform}.{key}")
            for platform, key, service, data in ENTITY_ACTIONS
        ),
        *(
            pytest.param(DOMAIN, service, None, data, id=f"{DOMAIN}.{name}")
            for name, (service, data) in SERVICE_ACTIONS.items()
        ),
    ],
)
async def test_action_without_endpoint(
    hass: HomeAssistant,
    hass_ws_client: ClientFactory,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
    domain: str,
    service: str,
    target: str | None,
    data: dict[str, Any] | None,
) -> None:
    """An action on firmware that lacks its endpoint: a translated validation error, no traceback."""
    await setup_entry(hass, mock_config_entry)
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    if target is None:
        data = {**target_of(hass, mock_config_entry, service), **(data or {})}
        if service in ("upgrade_firmware", "upload_certificate"):
            (tmp_path / "upload.bin").write_bytes(b"data")
            data["filename"] = str(tmp_path / "upload.bin")
        if service == "save_recording":
            clip = ClipId(mock_config_entry.entry_id, "/mnt/mmc0/alarm/20250131/a.mp4")
            data["recording"] = f"media-source://{DOMAIN}/{clip.identifier}"
            data["filename"] = str(tmp_path / "recording.mp4")
    else:
        entity_id = _entity_id(hass, mock_config_entry, domain, target)
        if data is None:  # an option the select offers
            options = hass.states.get(entity_id).attributes["options"]  # type: ignore[union-attr]
            data = {"option": options[-1]}
        data = {ATTR_ENTITY_ID: entity_id, **data}
    # Firmware without anything but the required endpoints.
    for path in ENDPOINTS.keys() - REQUIRED:
        simulator.fault_endpoint(path, EndpointFault.NOT_FOUND)
    caplog.clear()

    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {
            "type": "call_service",
            "domain": domain,
            "service": service,
            "service_data": data,
        }
    )
    reply = await client.receive_json()

    assert not reply["success"]
    assert reply["error"]["code"] == "service_validation_error"
    if service == "save_recording":
        assert reply["error"]["translation_key"] == "recording_not_found"
    else:
        assert reply["error"]["translation_key"] == "not_supported"
        assert reply["error"]["message"] == (
            "Validation error: The camera's firmware does not have this function"
        )
    assert not _tracebacks(caplog)
    assert not _integration_problems(caplog)


@pytest.mark.parametrize(
    ("firmware", "service", "data", "path"),
    [
        ("1.0.6", "set_osd_text", {"text": "x", "line": 1}, "/cgi-bin/userosd"),
        ("1.0.9", "relay_pulse", {"duration": 0}, "/cgi-bin/setRelayStatus"),
    ],
)
async def test_known_missing_endpoint_is_not_asked(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    firmware: str,
    service: str,
    data: dict[str, Any],
    path: str,
) -> None:
    """An action whose endpoint polls found missing is refused without a request."""
    simulator.missing_endpoints = endpoints_after(firmware)
    await setup_entry(hass, mock_config_entry)
    simulator.reset_counters()

    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            service,
            {**camera_of(hass, mock_config_entry), **data},
            blocking=True,
        )
    assert err.value.translation_key == "not_supported"
    assert simulator.counters[path] == 0


async def test_time_known_missing(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """set_time on a camera whose clock endpoint (3.8) answered HTTP 404 asks nothing."""
    simulator.fault_endpoint("/cgi-bin/time", EndpointFault.NOT_FOUND)
    await setup_entry(hass, mock_config_entry)
    simulator.reset_counters()

    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "set_time",
            camera_of(hass, mock_config_entry),
            blocking=True,
        )
    assert err.value.translation_key == "not_supported"
    assert simulator.counters["/cgi-bin/time"] == 0


def _other_value(
    platform: str, state: str, attributes: dict[str, Any]
) -> tuple[str, dict[str, Any], str]:
    """Return the command, its data and the shown value that change `state`."""
    if platform in ("switch", "light"):
        return (
            ("turn_off", {}, STATE_OFF)
            if state == STATE_ON
            else ("turn_on", {}, STATE_ON)
        )
    if platform == "number":
        low = int(attributes["min"])
        value = low if int(float(state)) != low else low + 1
        return "set_value", {"value": value}, str(value)
    if platform == "select":
        option = next(option for option in attributes["options"] if option != state)
        return "select_option", {"option": option}, option
    return "set_value", {"value": "changed"}, "changed"


SETTINGS: Final = [
    (platform, key) for platform, key, _, _ in ENTITY_ACTIONS if platform != "button"
]


@pytest.mark.parametrize(
    ("platform", "key"),
    [pytest.param(platform, key, id=f"{platform}.{key}") for platform, key in SETTINGS],
)
async def test_setting_not_kept(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    platform: str,
    key: str,
) -> None:
    """A camera that answers a set with its old value: the entity shows that, the action says so."""
    await setup_entry(hass, mock_config_entry)
    entity_id = _entity_id(hass, mock_config_entry, platform, key)
    state = hass.states.get(entity_id)
    assert state is not None
    service, data, asked = _other_value(platform, state.state, dict(state.attributes))
    for path in ENDPOINTS:
        simulator.fault_endpoint(path, EndpointFault.IGNORE)

    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            platform, service, {ATTR_ENTITY_ID: entity_id, **data}, blocking=True
        )
    if platform in ("switch", "light"):
        # on and off have a message each, with no English state word in it
        assert err.value.translation_key == f"not_turned_{asked}"
        assert err.value.translation_placeholders is None
    else:
        assert err.value.translation_key == "value_not_kept"
        assert err.value.translation_placeholders == {
            "asked": asked,
            "kept": state.state or '""',
        }
    assert state_of(hass, entity_id) == state.state


@pytest.mark.parametrize(
    ("service", "data", "key", "placeholders", "message"),
    [
        ("relay_pulse", {"duration": 0}, "not_turned_on", None, "turn it on"),
        (
            "set_osd_text",
            {"text": "Gate"},
            "value_not_kept",
            {"asked": "Gate", "kept": "ipcamera"},
            "The camera kept ipcamera instead of Gate",
        ),
        (
            "set_osd_text",
            {"text": "Gate", "line": 1},
            "value_not_kept",
            {"asked": "Gate", "kept": '""'},
            'The camera kept "" instead of Gate',
        ),
        (
            "set_onvif_authentication",
            {"enabled": False},
            "not_turned_off",
            None,
            "turn it off",
        ),
        (
            "set_rtsp_authentication",
            {"enabled": False},
            "not_turned_off",
            None,
            "turn it off",
        ),
    ],
)
async def test_action_not_kept(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    service: str,
    data: dict[str, Any],
    key: str,
    placeholders: dict[str, str] | None,
    message: str,
) -> None:
    """The setting actions check the camera's reply the same way."""
    await setup_entry(hass, mock_config_entry)
    for path in ENDPOINTS:
        simulator.fault_endpoint(path, EndpointFault.IGNORE)

    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            DOMAIN,
            service,
            {**camera_of(hass, mock_config_entry), **data},
            blocking=True,
        )
    assert err.value.translation_key == key
    assert err.value.translation_placeholders == placeholders
    assert str(err.value).endswith(message)


def test_shown_values() -> None:
    """A reply without the value says so; camera text is cut."""
    with pytest.raises(HomeAssistantError) as err:
        check_kept("day", None)
    assert err.value.translation_key == "value_not_shown"
    assert err.value.translation_placeholders == {"asked": "day"}
    for asked, key in ((True, "not_turned_on"), (False, "not_turned_off")):
        with pytest.raises(HomeAssistantError) as err:
            check_kept(asked, None)
        assert err.value.translation_key == key
    with pytest.raises(HomeAssistantError) as err:
        check_kept("x", "y" * 5000)
    # cut as all camera text in messages is (errors.camera_text): 200 characters
    assert err.value.translation_placeholders == {"asked": "x", "kept": "y" * 199 + "…"}
    check_kept(7, 7)
