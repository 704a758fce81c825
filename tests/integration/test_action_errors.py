"""Refused actions, as REST callers (scripts) and the UI (WebSocket) get them.

Data that is bad by itself is refused by the action's schema: HTTP 400 over
REST, `invalid_format` over WebSocket, no traceback in the log. What needs
more than the data (a text over the camera's bytes, a device that is no camera)
is a translated validation error. Either way nothing reaches the camera.
"""

from __future__ import annotations

from http import HTTPStatus
import logging
from typing import Any, Final

import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)
from pytest_homeassistant_custom_component.typing import (  # type: ignore[import-untyped]
    ClientSessionGenerator,
    WebSocketGenerator,
)

from custom_components.ipc_cgi.admin_actions import HANDLERS as ADMIN_HANDLERS
from custom_components.ipc_cgi.const import DOMAIN
from custom_components.ipc_cgi.ptz import PTZ_ACTIONS
from custom_components.ipc_cgi.services import ADMIN_ACTIONS, HANDLERS
from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from ipc_simulator import Simulator

from .conftest import camera_of, target_of
from .test_admin_actions import ADMIN_ACTIONS as ADMIN_ACTIONS_DATA

CLIP: Final = "media-source://ipc_cgi/01JEXAMPLEENTRYID0000000000/clip/mnt/a.mp4"
# Per action, data that is bad by itself (the camera is added by the test: the
# camera entity for a PTZ action, the device for the others).
BAD_DATA: Final[list[tuple[str, dict[str, Any]]]] = [
    ("ptz_move", {}),
    ("ptz_move", {"direction": "sideways"}),
    ("ptz_move", {"direction": "up", "speed": 0}),
    ("ptz_move", {"direction": "up", "speed": 11}),
    ("ptz_move", {"direction": "up", "duration": -1}),
    ("ptz_stop", {"speed": 3}),
    ("ptz_zoom", {"direction": "sideways"}),
    ("ptz_focus", {}),
    ("ptz_iris", {"direction": 1}),
    ("ptz_preset", {"action": "rename", "preset": 1}),
    ("ptz_preset", {"action": "goto", "preset": 0}),
    ("ptz_preset", {"action": "save", "preset": 256}),
    ("ptz_preset", {"action": "goto"}),
    ("snapshot_upload", {"target": "cloud"}),
    ("snapshot_upload", {"target": "sd_card", "stream": "third"}),
    ("save_recording", {"recording": CLIP, "filename": " "}),
    ("save_recording", {"recording": CLIP}),
    ("save_recording", {"recording": "media-source://local/a.mp4", "filename": "/a"}),
    (
        "save_recording",
        {"recording": f"{CLIP.rsplit('/clip', 1)[0]}", "filename": "/a"},
    ),
    ("save_recording", {"recording": 42, "filename": "/a"}),
    ("save_recording", {"recording": f"{CLIP.split('/mnt')[0]}/", "filename": "/a"}),
    ("set_time", {"ntp_server": ""}),
    ("set_time", {"ntp_server": "pool.ntp.org\n"}),
    ("set_time", {"ntp_server": "a", "update_period": 59}),
    ("set_time", {"ntp_port": 0}),
    ("set_privacy_zone", {"zone": "one", "x": 0, "y": 0, "width": 1, "height": 1}),
    ("set_privacy_zone", {"zone": 0, "x": 0, "y": 0, "width": 1, "height": 1}),
    ("set_privacy_zone", {"zone": 5, "x": 0, "y": 0, "width": 1, "height": 1}),
    ("set_privacy_zone", {"zone": 1, "x": -1, "y": 0, "width": 1, "height": 1}),
    ("set_privacy_zone", {"zone": 1, "x": 0, "y": 0, "width": 10001, "height": 1}),
    ("set_privacy_zone", {"zone": 1, "x": 0, "y": 0, "width": 1}),
    ("set_osd_text", {}),
    ("set_osd_text", {"text": ""}),
    ("set_osd_text", {"text": "   "}),
    ("set_osd_text", {"text": "Front\ndoor"}),
    ("set_osd_text", {"text": "Front door\r\n"}),
    ("set_osd_text", {"text": "x", "line": 0}),
    ("set_osd_text", {"text": "x", "line": 6}),
    ("relay_pulse", {"duration": -1}),
    ("relay_pulse", {"duration": 601}),
    ("factory_reset", {}),
    ("factory_reset", {"confirm": False}),
    ("factory_reset", {"confirm": "maybe"}),
    ("set_network", {}),
    ("set_network", {"dhcp": False, "ip_address": "192.0.2.20"}),
    ("set_network", {"dhcp": False, "ip_address": "300.1.1.1", "netmask": "255.0.0.0"}),
    ("set_network", {"dhcp": True, "port": 443}),
    ("add_user", {"name": "guest", "privilege": "user"}),
    ("add_user", {"name": "", "password": "pw", "privilege": "user"}),
    ("add_user", {"name": " ", "password": "pw", "privilege": "user"}),
    ("add_user", {"name": "a\nb", "password": "pw", "privilege": "user"}),
    ("add_user", {"name": "guest", "password": "", "privilege": "user"}),
    ("add_user", {"name": "guest", "password": "pw", "privilege": "root"}),
    ("edit_user", {"enabled": True}),
    ("edit_user", {"name": "admin", "password": ""}),
    ("edit_user", {"name": "admin", "privilege": "root"}),
    ("delete_user", {"name": ""}),
    ("upgrade_firmware", {"filename": "/config/fw.bin"}),
    ("upgrade_firmware", {"filename": "/config/fw.bin", "confirm": False}),
    ("upgrade_firmware", {"filename": "", "confirm": True}),
    ("upload_certificate", {}),
    ("set_rtmp", {"server": "", "app": "live", "stream_id": "door"}),
    ("set_rtmp", {"server": "h", "app": "li\nve", "stream_id": "door"}),
    ("set_rtmp", {"server": "h", "app": "live", "stream_id": "door", "port": 0}),
    ("set_rtmp", {"server": "h", "app": "live", "stream_id": "door", "stream": "x"}),
    ("set_rtmp", {"server": "h", "app": "live", "stream_id": "d", "protocol": "x"}),
    ("set_device_name", {"name": ""}),
    ("set_device_name", {"name": "Front\tdoor\u2028camera"}),
    ("set_onvif_authentication", {}),
    ("set_onvif_authentication", {"enabled": "maybe"}),
    ("set_rtsp_authentication", {}),
    ("set_rtsp_authentication", {"enabled": "maybe"}),
]
# Per action, text longer than the camera keeps: the field and its most UTF-8 bytes.
TOO_LONG: Final[list[tuple[str, dict[str, Any], str, int]]] = [
    ("set_osd_text", {"text": "门" * 22}, "text", 64),  # 66 bytes
    ("set_osd_text", {"text": "门" * 22, "line": 2}, "text", 64),
    (
        "add_user",
        {"name": "门" * 14, "password": "pw", "privilege": "user"},
        "name",
        40,
    ),
    (
        "add_user",
        {"name": "u", "password": "p" * 65, "privilege": "user"},
        "password",
        64,
    ),
    ("edit_user", {"name": "admin", "password": "密" * 22}, "password", 64),
    ("delete_user", {"name": "x" * 41}, "name", 40),
    ("set_rtmp", {"server": "h" * 65, "app": "live", "stream_id": "d"}, "server", 64),
    ("set_rtmp", {"server": "h", "app": "a" * 65, "stream_id": "d"}, "app", 64),
    (
        "set_rtmp",
        {"server": "h", "app": "live", "stream_id": "流" * 22},
        "stream_id",
        64,
    ),
    ("set_device_name", {"name": "门" * 22}, "name", 64),
]


def _tracebacks(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Return the log records above DEBUG that carry a traceback."""
    return [
        record.getMessage()
        for record in caplog.records
        if record.exc_info is not None and record.levelno > logging.DEBUG
    ]


def _ids(cases: list[Any]) -> list[str]:
    """Return a test ID per case: the action and its data."""
    return [f"{case[0]}-{case[1]}" for case in cases]


def test_every_action_has_bad_data() -> None:
    """Each action of the integration is called with bad data below."""
    assert {service for service, _ in BAD_DATA} == (
        set(HANDLERS) | set(ADMIN_HANDLERS) | set(PTZ_ACTIONS)
    )


async def _call_over_websocket(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, service: str, data: Any
) -> dict[str, Any]:
    """Call the action as the UI does; return the reply's error."""
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {
            "type": "call_service",
            "domain": DOMAIN,
            "service": service,
            "service_data": data,
        }
    )
    reply = await client.receive_json()
    assert not reply["success"]
    error: dict[str, Any] = reply["error"]
    return error


@pytest.fixture
async def rest_client(
    hass: HomeAssistant, hass_client: ClientSessionGenerator
) -> ClientSessionGenerator:
    """Return a factory of REST clients (an admin's unless given a token)."""
    assert await async_setup_component(hass, "api", {})
    return hass_client


@pytest.mark.parametrize(("service", "data"), BAD_DATA, ids=_ids(BAD_DATA))
async def test_bad_data_is_refused_by_the_schema(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    rest_client: ClientSessionGenerator,
    hass_ws_client: WebSocketGenerator,
    caplog: pytest.LogCaptureFixture,
    service: str,
    data: dict[str, Any],
) -> None:
    """REST answers 400 and WebSocket invalid_format: no traceback, nothing sent."""
    data = {**target_of(hass, init_integration, service), **data}
    simulator.reset_counters()
    caplog.clear()

    client = await rest_client()
    response = await client.post(f"/api/services/{DOMAIN}/{service}", json=data)
    assert response.status == HTTPStatus.BAD_REQUEST

    error = await _call_over_websocket(hass, hass_ws_client, service, data)
    assert error["code"] == "invalid_format"
    assert "data[" in error["message"]  # names the field

    assert not simulator.counters
    assert not _tracebacks(caplog)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "Front\ndoor"}, "the camera keeps a text on one line"),
        ({"text": " "}, "the text is empty"),
        ({ATTR_DEVICE_ID: ""}, "pick the camera's device"),
        ({"text": "x", "line": 0}, "value must be at least 1"),
    ],
)
async def test_schema_message_says_why(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    data: dict[str, Any],
    message: str,
) -> None:
    """The refusal tells what is wrong with which field."""
    data = {**camera_of(hass, init_integration), **data}
    error = await _call_over_websocket(hass, hass_ws_client, "set_osd_text", data)
    assert error["message"].startswith(message)


async def test_camera_is_required(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    rest_client: ClientSessionGenerator,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """An action that names no camera, or names it by config entry, is refused.

    A PTZ action without a target too.
    """
    simulator.reset_counters()
    client = await rest_client()
    for service, data in (
        ("snapshot_upload", {"target": "sd_card"}),
        (
            "snapshot_upload",
            {"target": "sd_card", "config_entry_id": init_integration.entry_id},
        ),
        ("ptz_stop", {}),
        ("ptz_stop", {"config_entry_id": init_integration.entry_id}),
    ):
        response = await client.post(f"/api/services/{DOMAIN}/{service}", json=data)
        assert response.status == HTTPStatus.BAD_REQUEST
        error = await _call_over_websocket(hass, hass_ws_client, service, data)
        assert error["code"] == "invalid_format"
    assert not simulator.counters


@pytest.mark.parametrize(
    ("service", "data", "field", "max_bytes"), TOO_LONG, ids=_ids(TOO_LONG)
)
async def test_text_too_long_is_translated(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    rest_client: ClientSessionGenerator,
    hass_ws_client: WebSocketGenerator,
    service: str,
    data: dict[str, Any],
    field: str,
    max_bytes: int,
) -> None:
    """A text over the camera's bytes: a translated validation error naming the limit.

    REST answers 500, as Home Assistant does for every validation error an
    action raises (the README's troubleshooting says so). Nothing is sent and
    the message never carries the text (a password).
    """
    data = {**camera_of(hass, init_integration), **data}
    simulator.reset_counters()

    error = await _call_over_websocket(hass, hass_ws_client, service, data)
    assert error["code"] == "service_validation_error"
    if field == "text":
        assert error["translation_key"] == "text_too_long"
        assert error["message"] == (
            "Validation error: The text is longer than 64 bytes of UTF-8: a Chinese "
            "character takes 3 bytes, a letter or digit 1, so about 21 Chinese "
            "characters fit"
        )
    else:
        assert error["translation_key"] == "field_too_long"
        assert error["message"].startswith(
            f"Validation error: {field} is longer than {max_bytes} bytes of UTF-8"
        )
        assert f"about {max_bytes // 3} Chinese characters fit" in error["message"]
    assert data[field] not in error["message"]

    client = await rest_client()
    response = await client.post(f"/api/services/{DOMAIN}/{service}", json=data)
    assert response.status == HTTPStatus.INTERNAL_SERVER_ERROR
    assert not simulator.counters


@pytest.mark.parametrize("service", sorted(ADMIN_ACTIONS | set(ADMIN_HANDLERS)))
async def test_admin_actions_refuse_other_users_over_rest(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    rest_client: ClientSessionGenerator,
    hass_read_only_access_token: str,
    service: str,
) -> None:
    """A user who is no admin gets HTTP 401 for a valid call; nothing is sent."""
    data = ADMIN_ACTIONS_DATA[service]
    simulator.reset_counters()
    client = await rest_client(hass_read_only_access_token)
    response = await client.post(
        f"/api/services/{DOMAIN}/{service}",
        json={**camera_of(hass, init_integration), **data},
    )
    assert response.status == HTTPStatus.UNAUTHORIZED
    assert not simulator.counters
