"""Numbers: each against the simulator's state, the spec's ranges, bad values refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from homeassistant.components.number import ATTR_MAX, ATTR_MIN, ATTR_VALUE
from homeassistant.components.number.const import SERVICE_SET_VALUE
from homeassistant.const import ATTR_ENTITY_ID, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from ipc_simulator import Simulator
from ipc_simulator.state import CameraState

pytestmark = pytest.mark.usefixtures("all_entities_enabled")


IMAGE = "/cgi-bin/image"
MOTION = "/cgi-bin/motion"
AUDIO = "/cgi-bin/audioencoder"
SHUTTER = "/cgi-bin/setShutterSpeed"
# entity key, path of the setter, the camera's value, the spec's range
NUMBERS: list[tuple[str, str, Callable[[CameraState], int], int, int]] = [
    ("brightness", IMAGE, lambda s: s.image.brightness, 0, 255),
    ("contrast", IMAGE, lambda s: s.image.contrast, 0, 255),
    ("saturation", IMAGE, lambda s: s.image.saturation, 0, 255),
    ("sharpness", IMAGE, lambda s: s.image.sharpness, 0, 255),
    ("highlight_compensation", IMAGE, lambda s: s.image.hlc, 0, 255),
    ("backlight_compensation", IMAGE, lambda s: s.image.blc, 0, 255),
    (
        "2d_noise_reduction",
        "/cgi-bin/set_noise_reduction",
        lambda s: s.image.nr2d,
        0,
        255,
    ),
    (
        "3d_noise_reduction",
        "/cgi-bin/set_noise_reduction",
        lambda s: s.image.nr3d,
        0,
        255,
    ),
    ("wide_dynamic_range_level", "/cgi-bin/set_wdr", lambda s: s.wdr_level, 0, 255),
    (
        "night_lamp_brightness",
        "/cgi-bin/setBrightness_InfraredLamp",
        lambda s: s.lamp_brightness,
        0,
        255,
    ),
    ("motion_sensitivity", MOTION, lambda s: s.motion.sensitivity, 1, 100),
    ("motion_alarm_threshold", MOTION, lambda s: s.motion.alarm_threshold, 1, 100),
    (
        "night_motion_sensitivity",
        MOTION,
        lambda s: s.motion.night_sensitivity,
        1,
        100,
    ),
    (
        "night_motion_alarm_threshold",
        MOTION,
        lambda s: s.motion.night_alarm_threshold,
        1,
        100,
    ),
    ("audio_input_volume", AUDIO, lambda s: s.audio.input_volume, 1, 100),
    ("audio_output_volume", AUDIO, lambda s: s.audio.output_volume, 1, 100),
    ("day_shutter_speed_1_n_s", SHUTTER, lambda s: s.shutter.day_speed, 10, 10000),
    (
        "night_shutter_speed_1_n_s",
        SHUTTER,
        lambda s: s.shutter.night_speed,
        10,
        10000,
    ),
]


async def _set(hass: HomeAssistant, entity_id: str, value: float) -> None:
    await hass.services.async_call(
        Platform.NUMBER,
        SERVICE_SET_VALUE,
        {ATTR_ENTITY_ID: entity_id, ATTR_VALUE: value},
        blocking=True,
    )


@pytest.mark.parametrize(("key", "path", "camera_value", "low", "high"), NUMBERS)
async def test_number(
    hass: HomeAssistant,
    simulator: Simulator,
    init_integration: MockConfigEntry,
    key: str,
    path: str,
    camera_value: Callable[[CameraState], int],
    low: int,
    high: int,
) -> None:
    """The number shows the camera's value and range; a set is one request."""
    entity_id = f"number.mc400l_{key}"
    state = hass.states.get(entity_id)
    assert state is not None
    assert float(state.state) == camera_value(simulator.state)
    assert (state.attributes[ATTR_MIN], state.attributes[ATTR_MAX]) == (low, high)

    for value in (low, high, (low + high) // 3):
        simulator.reset_counters()
        await _set(hass, entity_id, value)
        assert camera_value(simulator.state) == value
        state = hass.states.get(entity_id)
        assert state is not None
        assert float(state.state) == value
        assert simulator.counters == {path: 1}

    simulator.reset_counters()
    for bad in (low - 1, high + 1):
        with pytest.raises(ServiceValidationError):
            await _set(hass, entity_id, bad)
    assert not simulator.counters
    assert camera_value(simulator.state) == (low + high) // 3


async def test_number_while_offline(
    hass: HomeAssistant, simulator: Simulator, init_integration: MockConfigEntry
) -> None:
    """A value the camera does not answer raises a translated error."""
    simulator.set_offline(True)
    with pytest.raises(HomeAssistantError) as err:
        await _set(hass, "number.mc400l_brightness", 10)
    assert err.value.translation_key == "cannot_connect"
