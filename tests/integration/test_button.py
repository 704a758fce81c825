"""Buttons: each press against the simulator; camera faults carry the camera's reason."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from homeassistant.components.button.const import SERVICE_PRESS
from homeassistant.const import ATTR_ENTITY_ID, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import homeassistant.helpers.entity_registry as er
from ipc_simulator import Simulator
from ipc_simulator.state import CameraState

from .conftest import setup_entry

pytestmark = pytest.mark.usefixtures("all_entities_enabled")


async def _press(hass: HomeAssistant, entity_id: str) -> None:
    await hass.services.async_call(
        Platform.BUTTON, SERVICE_PRESS, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


PTZ = "/cgi-bin/ptz_ctrl"
BUTTONS: list[tuple[str, str, Callable[[CameraState], object], object]] = [
    (
        "snapshot_to_sd_card",
        "/cgi-bin/snapshot.cgi",
        lambda s: s.snapshot_uploads,
        [0],  # 3.19 upload=0: the SD card
    ),
    (
        "trigger_alarm_input",
        "/cgi-bin/setManualInputAlarm",
        lambda s: s.input_alarm_count,
        1,
    ),
    (
        "ptz_pan_left_until_stopped",
        PTZ,
        lambda s: (s.ptz.moving_x, s.ptz.moving_y),
        (-1, 0),
    ),
    (
        "ptz_pan_right_until_stopped",
        PTZ,
        lambda s: (s.ptz.moving_x, s.ptz.moving_y),
        (1, 0),
    ),
    (
        "ptz_tilt_up_until_stopped",
        PTZ,
        lambda s: (s.ptz.moving_x, s.ptz.moving_y),
        (0, 1),
    ),
    (
        "ptz_tilt_down_until_stopped",
        PTZ,
        lambda s: (s.ptz.moving_x, s.ptz.moving_y),
        (0, -1),
    ),
    ("ptz_zoom_in", PTZ, lambda s: s.ptz.zoom, 1),
    ("ptz_zoom_out", PTZ, lambda s: s.ptz.zoom, -1),
]


@pytest.mark.parametrize(("key", "path", "camera_value", "expected"), BUTTONS)
async def test_button(
    hass: HomeAssistant,
    simulator: Simulator,
    init_integration: MockConfigEntry,
    key: str,
    path: str,
    camera_value: Callable[[CameraState], object],
    expected: object,
) -> None:
    """A press sends its one command."""
    simulator.reset_counters()
    await _press(hass, f"button.mc400l_{key}")
    assert camera_value(simulator.state) == expected
    assert simulator.counters == {path: 1}


async def test_ptz_stop(
    hass: HomeAssistant, simulator: Simulator, init_integration: MockConfigEntry
) -> None:
    """A move lasts until the stop button."""
    await _press(hass, "button.mc400l_ptz_pan_left_until_stopped")
    await _press(hass, "button.mc400l_ptz_zoom_in")
    assert simulator.state.ptz.moving_x == -1
    await _press(hass, "button.mc400l_ptz_stop")
    ptz = simulator.state.ptz
    assert (ptz.moving_x, ptz.moving_y, ptz.zoom, ptz.last_command) == (0, 0, 0, "stop")


async def test_reboot(
    hass: HomeAssistant, simulator: Simulator, init_integration: MockConfigEntry
) -> None:
    """The restart button reboots the camera."""
    assert simulator.online
    await _press(hass, "button.mc400l_restart")
    assert not simulator.online


async def test_snapshot_without_sd_card(
    hass: HomeAssistant, simulator: Simulator, init_integration: MockConfigEntry
) -> None:
    """The camera's fault reaches the user with its reason."""
    simulator.state.sd_cards[0] = 0
    with pytest.raises(HomeAssistantError) as err:
        await _press(hass, "button.mc400l_snapshot_to_sd_card")
    assert err.value.translation_key == "camera_fault"
    assert err.value.translation_placeholders == {"reason": "sd card not mounted"}
    assert simulator.state.snapshot_uploads == []


async def test_no_ptz_buttons_without_ptz(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """A camera without PTZ (3.4 ptz=0) has no PTZ buttons."""
    simulator.state.capabilities.ptz = False
    await setup_entry(hass, mock_config_entry)
    buttons = {
        entry.entity_id
        for entry in er.async_entries_for_config_entry(
            entity_registry, mock_config_entry.entry_id
        )
        if entry.domain == Platform.BUTTON
    }
    assert buttons == {
        "button.mc400l_restart",
        "button.mc400l_snapshot_to_sd_card",
        "button.mc400l_trigger_alarm_input",
    }
