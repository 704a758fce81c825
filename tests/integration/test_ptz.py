"""The PTZ actions (3.15): entity actions whose target is the camera entity."""

from __future__ import annotations

from http import HTTPStatus
import logging
from typing import Any
from unittest.mock import AsyncMock, patch

import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
    MockUser,
)
from pytest_homeassistant_custom_component.typing import (  # type: ignore[import-untyped]
    ClientSessionGenerator,
    WebSocketGenerator,
)

from custom_components.ipc_cgi import ptz
from custom_components.ipc_cgi.const import DOMAIN
from custom_components.ipc_cgi.ptz import PTZ_DIRECTIONS
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import (
    HomeAssistantError,
    ServiceValidationError,
    Unauthorized,
)
from homeassistant.setup import async_setup_component
from ipc_simulator import Simulator

from .conftest import camera_entity_of, camera_of, setup_entry

PTZ = "/cgi-bin/ptz_ctrl"


async def call(
    hass: HomeAssistant, entry: MockConfigEntry, service: str, **data: Any
) -> None:
    """Call a PTZ action on `entry`'s camera entity and wait for it."""
    await hass.services.async_call(
        DOMAIN, service, {**camera_entity_of(hass, entry), **data}, blocking=True
    )


@pytest.fixture
def wait() -> Any:
    """Replace the wait between a move and its stop; record how long it would be."""
    with patch("custom_components.ipc_cgi.ptz._wait", AsyncMock()) as mock:
        yield mock


@pytest.mark.parametrize(("direction", "moving"), PTZ_DIRECTIONS.items())
async def test_ptz_move(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    direction: str,
    moving: tuple[int, int],
) -> None:
    """The head turns in the direction (3.15's move_x, move_y) at the speed asked for."""
    await call(hass, init_integration, "ptz_move", direction=direction, speed=3)
    ptz = simulator.state.ptz
    assert (ptz.moving_x, ptz.moving_y, ptz.speed, ptz.last_command) == (
        *moving,
        3,
        "move",
    )


async def test_ptz_move_then_stop(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """Without a duration the head turns at speed 5 until stopped."""
    simulator.state.ptz.speed = 1
    await call(hass, init_integration, "ptz_move", direction="up_left")
    ptz = simulator.state.ptz
    assert (ptz.moving_x, ptz.moving_y, ptz.speed) == (-1, 1, 5)

    await call(hass, init_integration, "ptz_stop")
    assert (ptz.moving_x, ptz.moving_y, ptz.last_command) == (0, 0, "stop")


async def test_ptz_move_zero_duration(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A zero duration moves and stops at once."""
    simulator.reset_counters()
    await call(hass, init_integration, "ptz_move", direction="left", duration=0)
    assert simulator.state.ptz.last_command == "stop"
    assert simulator.counters[PTZ] == 2


async def test_ptz_move_for_a_while(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    wait: AsyncMock,
) -> None:
    """With a duration the head turns, waits that long and stops."""
    ptz = simulator.state.ptz
    moving: list[tuple[int, int]] = []
    wait.side_effect = lambda seconds: moving.append((ptz.moving_x, ptz.moving_y))
    simulator.reset_counters()

    await call(hass, init_integration, "ptz_move", direction="down_right", duration=2.5)
    wait.assert_awaited_once_with(2.5)
    assert moving == [(1, -1)]
    assert (ptz.moving_x, ptz.moving_y, ptz.last_command) == (0, 0, "stop")
    assert simulator.counters[PTZ] == 2


async def test_ptz_move_stops_after_a_failed_wait(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    wait: AsyncMock,
) -> None:
    """If the wait is interrupted the head still stops."""
    wait.side_effect = RuntimeError("interrupted")
    with pytest.raises(RuntimeError):
        await call(hass, init_integration, "ptz_move", direction="up", duration=3)
    assert simulator.state.ptz.last_command == "stop"


@pytest.mark.parametrize(
    ("service", "direction", "attribute", "value"),
    [
        ("ptz_zoom", "in", "zoom", 1),
        ("ptz_zoom", "out", "zoom", -1),
        ("ptz_focus", "near", "focus", 1),
        ("ptz_focus", "far", "focus", -1),
        ("ptz_iris", "open", "iris", 1),
        ("ptz_iris", "close", "iris", -1),
    ],
)
async def test_ptz_lens(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    service: str,
    direction: str,
    attribute: str,
    value: int,
) -> None:
    """Zoom, focus and iris move the way asked for."""
    await call(hass, init_integration, service, direction=direction)
    assert getattr(simulator.state.ptz, attribute) == value
    assert simulator.state.ptz.last_command == attribute


async def test_ptz_presets(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """Presets are saved, called and deleted."""
    ptz = simulator.state.ptz
    simulator.reset_counters()
    await call(hass, init_integration, "ptz_preset", action="save", preset=7)
    assert ptz.presets == {7}
    await call(hass, init_integration, "ptz_preset", action="goto", preset=7)
    assert ptz.last_preset == 7
    await call(hass, init_integration, "ptz_preset", action="delete", preset=255)
    await call(hass, init_integration, "ptz_preset", action="delete", preset=7)
    assert ptz.presets == set()
    assert simulator.counters[PTZ] == 4


async def test_camera_device_as_target(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """The camera's device is a target too: it moves the device's camera entity.

    So a call that names the camera as `device_id` in its data, as earlier
    releases asked, still works.
    """
    await hass.services.async_call(
        DOMAIN,
        "ptz_zoom",
        {**camera_of(hass, init_integration), "direction": "in"},
        blocking=True,
    )
    assert simulator.state.ptz.zoom == 1


async def test_ptz_without_head(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    simulator: Simulator,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A camera without a PTZ head: a translated validation error, nothing sent.

    Also over WebSocket, as the UI calls.
    """
    simulator.state.capabilities.ptz = False
    await setup_entry(hass, mock_config_entry)
    simulator.reset_counters()

    with pytest.raises(ServiceValidationError) as err:
        await call(hass, mock_config_entry, "ptz_move", direction="up")
    assert err.value.translation_key == "ptz_not_supported"

    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {
            "type": "call_service",
            "domain": DOMAIN,
            "service": "ptz_stop",
            "service_data": camera_entity_of(hass, mock_config_entry),
        }
    )
    reply = await client.receive_json()
    assert not reply["success"]
    assert reply["error"]["code"] == "service_validation_error"
    assert reply["error"]["translation_key"] == "ptz_not_supported"
    assert reply["error"]["message"] == (
        "Validation error: This camera has no pan/tilt/zoom head"
    )
    assert simulator.counters[PTZ] == 0


async def test_bad_data_over_rest(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    hass_client: ClientSessionGenerator,
) -> None:
    """Out of 3.15's ranges, or no target: HTTP 400, nothing sent."""
    assert await async_setup_component(hass, "api", {})
    client = await hass_client()
    target = camera_entity_of(hass, init_integration)
    simulator.reset_counters()
    for service, data in (
        ("ptz_move", {**target, "direction": "up", "speed": 11}),
        ("ptz_preset", {**target, "action": "goto", "preset": 256}),
        ("ptz_stop", {}),
    ):
        response = await client.post(f"/api/services/{DOMAIN}/{service}", json=data)
        assert response.status == HTTPStatus.BAD_REQUEST, service
    assert not simulator.counters


async def test_entity_of_another_integration(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A camera of another integration is not a target: nothing sent, and a warning names it.

    Home Assistant acts only on this integration's camera entities and warns
    of a named entity that is none of them.
    """
    hass.states.async_set("camera.other", "idle")
    simulator.reset_counters()
    await hass.services.async_call(
        DOMAIN, "ptz_stop", {ATTR_ENTITY_ID: "camera.other"}, blocking=True
    )
    assert not simulator.counters
    assert any(
        record.levelno == logging.WARNING and "camera.other" in record.getMessage()
        for record in caplog.records
    )


async def test_user_who_may_not_control_entities(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    hass_read_only_user: MockUser,
) -> None:
    """A user whose permissions allow only reading entities cannot move the camera."""
    simulator.reset_counters()
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            DOMAIN,
            "ptz_stop",
            camera_entity_of(hass, init_integration),
            blocking=True,
            context=Context(user_id=hass_read_only_user.id),
        )
    assert not simulator.counters


async def test_camera_offline(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """An unreachable camera is a translated cannot_connect error."""
    simulator.set_offline(True)
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, init_integration, "ptz_stop")
    assert err.value.translation_key == "cannot_connect"


async def test_wait_sleeps() -> None:
    """The real wait returns after its time (here none)."""
    await ptz._wait(0)
