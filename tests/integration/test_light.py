"""Lights: the infrared lamp and the white light (3.36), one lit at a time."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from homeassistant.components.light import ATTR_BRIGHTNESS, ATTR_BRIGHTNESS_PCT
from homeassistant.const import (
    ATTR_ENTITY_ID,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    Platform,
)
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import HomeAssistantError
from ipc_simulator import Simulator

INFRARED = "light.mc400l_infrared_lamp"
WHITE = "light.mc400l_white_light"
SET_LED = "/cgi-bin/set_led"


async def _light(
    hass: HomeAssistant, service: str, entity_id: str, **data: Any
) -> None:
    await hass.services.async_call(
        Platform.LIGHT, service, {ATTR_ENTITY_ID: entity_id, **data}, blocking=True
    )


def _state(hass: HomeAssistant, entity_id: str) -> State:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state


def _camera_led(simulator: Simulator) -> tuple[int, bool, int]:
    """Return 3.36 as the camera holds it: brightness %, on, lamp (1 IR, 2 white)."""
    state = simulator.state
    return (state.led_brightness, state.led_on, state.led_mode)


async def test_lights_show_the_camera(
    hass: HomeAssistant, simulator: Simulator, init_integration: MockConfigEntry
) -> None:
    """Both lamps are out on a new camera; each light says that none is lit."""
    assert _camera_led(simulator) == (50, False, 1)
    for entity_id in (INFRARED, WHITE):
        state = _state(hass, entity_id)
        assert state.state == STATE_OFF
        assert state.attributes[ATTR_BRIGHTNESS] is None
        assert state.attributes["lit_lamp"] == "none"
        assert state.attributes["supported_color_modes"] == ["brightness"]


@pytest.mark.parametrize(("entity_id", "lamp"), [(INFRARED, 1), (WHITE, 2)])
async def test_on_off_and_brightness(
    hass: HomeAssistant,
    simulator: Simulator,
    init_integration: MockConfigEntry,
    entity_id: str,
    lamp: int,
) -> None:
    """On, brightness and off: one set_led each, the reply shown at once."""
    simulator.reset_counters()
    await _light(hass, SERVICE_TURN_ON, entity_id)
    assert _camera_led(simulator) == (50, True, lamp)  # the lamp's last brightness
    state = _state(hass, entity_id)
    assert state.state == STATE_ON
    assert state.attributes[ATTR_BRIGHTNESS] == 128  # 50 % of 255
    assert simulator.counters == {SET_LED: 1}

    await _light(hass, SERVICE_TURN_ON, entity_id, **{ATTR_BRIGHTNESS_PCT: 75})
    assert _camera_led(simulator) == (75, True, lamp)
    assert _state(hass, entity_id).attributes[ATTR_BRIGHTNESS] == 191

    await _light(hass, SERVICE_TURN_ON, entity_id, **{ATTR_BRIGHTNESS: 1})
    assert _camera_led(simulator) == (1, True, lamp)  # the dimmest, still lit
    assert _state(hass, entity_id).attributes[ATTR_BRIGHTNESS] == 3

    await _light(hass, SERVICE_TURN_ON, entity_id, **{ATTR_BRIGHTNESS: 255})
    assert _camera_led(simulator) == (100, True, lamp)
    assert _state(hass, entity_id).attributes[ATTR_BRIGHTNESS] == 255

    simulator.reset_counters()
    await _light(hass, SERVICE_TURN_OFF, entity_id)
    assert _camera_led(simulator) == (100, False, lamp)  # brightness kept
    assert _state(hass, entity_id).state == STATE_OFF
    assert _state(hass, entity_id).attributes["lit_lamp"] == "none"
    assert simulator.counters == {SET_LED: 1}


async def test_one_lamp_at_a_time(
    hass: HomeAssistant, simulator: Simulator, init_integration: MockConfigEntry
) -> None:
    """Lighting the white light puts out the infrared lamp, and both lights say so."""
    await _light(hass, SERVICE_TURN_ON, INFRARED, **{ATTR_BRIGHTNESS_PCT: 30})
    assert _state(hass, WHITE).attributes["lit_lamp"] == "infrared"

    await _light(hass, SERVICE_TURN_ON, WHITE)
    assert _camera_led(simulator) == (30, True, 2)  # one brightness for both
    assert _state(hass, WHITE).state == STATE_ON
    infrared = _state(hass, INFRARED)
    assert infrared.state == STATE_OFF
    assert infrared.attributes["lit_lamp"] == "white"

    # Putting out the lamp that is not lit sends nothing: it would put out the other.
    simulator.reset_counters()
    await _light(hass, SERVICE_TURN_OFF, INFRARED)
    assert not simulator.counters
    assert _camera_led(simulator) == (30, True, 2)
    assert _state(hass, WHITE).state == STATE_ON


async def test_a_lamp_at_zero_lights_at_full(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """Turned on without a brightness, a lamp the camera holds at 0 % lights at 100 %."""
    simulator.state.led_brightness = 0
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    await _light(hass, SERVICE_TURN_ON, WHITE)
    assert _camera_led(simulator) == (100, True, 2)


async def test_a_lamp_the_camera_does_not_name(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """A lit lamp of a mode 3.36 does not define is neither light; which is unknown."""
    simulator.state.led_on = True
    simulator.state.led_mode = 3
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    for entity_id in (INFRARED, WHITE):
        state = _state(hass, entity_id)
        assert state.state == STATE_OFF
        assert state.attributes["lit_lamp"] is None


async def test_light_while_offline(
    hass: HomeAssistant, simulator: Simulator, init_integration: MockConfigEntry
) -> None:
    """A lamp the camera does not answer raises a translated error."""
    simulator.set_offline(True)
    with pytest.raises(HomeAssistantError) as err:
        await _light(hass, SERVICE_TURN_ON, WHITE)
    assert err.value.translation_key == "cannot_connect"
    assert not simulator.state.led_on
