"""Switches: each one against the simulator's state, both ways."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from homeassistant.const import (
    ATTR_ENTITY_ID,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from ipc_simulator import Simulator
from ipc_simulator.state import CameraState, Privilege

from .conftest import setup_entry, state_of

pytestmark = pytest.mark.usefixtures("all_entities_enabled")


SWITCHES: list[tuple[str, str, Callable[[CameraState], bool]]] = [
    ("relay", "/cgi-bin/setRelayStatus", lambda s: s.relay_closed),
    ("motion_detection", "/cgi-bin/motion", lambda s: s.motion.enabled),
    ("audio", "/cgi-bin/audioencoder", lambda s: s.audio.enabled),
    ("on_screen_display", "/cgi-bin/osd", lambda s: s.osd.enabled),
    ("wide_dynamic_range", "/cgi-bin/set_wdr", lambda s: s.wdr_enabled),
    ("vertical_flip", "/cgi-bin/set_flip", lambda s: s.flip_vertical),
    ("horizontal_flip", "/cgi-bin/set_flip", lambda s: s.flip_horizontal),
    ("anti_flicker", "/cgi-bin/image", lambda s: s.image.anti_flicker),
    ("main_stream", "/cgi-bin/set_start_codec", lambda s: s.main_stream_enabled),
    ("sub_stream", "/cgi-bin/set_start_codec", lambda s: s.sub_stream_enabled),
    ("rtmp_push", "/cgi-bin/rtmp", lambda s: s.rtmp.enabled),
    (
        "scheduled_recording",
        "/cgi-bin/setScheduleStorage",
        lambda s: s.schedule_storage.enabled,
    ),
    (
        "motion_recording",
        "/cgi-bin/setEventStorage",
        lambda s: s.event_storage.recording_enabled,
    ),
]


async def _switch(hass: HomeAssistant, service: str, entity_id: str) -> None:
    await hass.services.async_call(
        Platform.SWITCH, service, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


@pytest.mark.parametrize(("key", "path", "camera_value"), SWITCHES)
async def test_switch(
    hass: HomeAssistant,
    simulator: Simulator,
    init_integration: MockConfigEntry,
    key: str,
    path: str,
    camera_value: Callable[[CameraState], bool],
) -> None:
    """The switch shows the camera's value; on/off change it with one request each."""
    entity_id = f"switch.mc400l_{key}"
    shown = STATE_ON if camera_value(simulator.state) else STATE_OFF
    assert state_of(hass, entity_id) == shown

    for service, expected in (
        (SERVICE_TURN_ON, True),
        (SERVICE_TURN_OFF, False),
        (SERVICE_TURN_ON, True),
    ):
        simulator.reset_counters()
        await _switch(hass, service, entity_id)
        assert camera_value(simulator.state) is expected
        assert state_of(hass, entity_id) == (STATE_ON if expected else STATE_OFF)
        # the setter's reply is the new state: no poll, no login
        assert simulator.counters == {path: 1}


async def test_command_while_offline(
    hass: HomeAssistant, simulator: Simulator, init_integration: MockConfigEntry
) -> None:
    """A command the camera does not answer raises a translated error."""
    simulator.set_offline(True)
    with pytest.raises(HomeAssistantError) as err:
        await _switch(hass, SERVICE_TURN_ON, "switch.mc400l_relay")
    assert err.value.translation_key == "cannot_connect"
    assert not simulator.state.relay_closed


async def test_command_without_the_privilege(
    hass: HomeAssistant, simulator: Simulator, init_integration: MockConfigEntry
) -> None:
    """An account that may only read gets the camera's refusal, translated."""
    simulator.state.users["admin"].privilege = Privilege.USER
    with pytest.raises(HomeAssistantError) as err:
        await _switch(hass, SERVICE_TURN_ON, "switch.mc400l_relay")
    assert err.value.translation_key == "access_denied"
    assert str(err.value) == (
        "The camera refused the account: /cgi-bin/setRelayStatus: permission denied"
    )
    assert not simulator.state.relay_closed
    assert state_of(hass, "switch.mc400l_relay") == STATE_OFF


async def test_no_audio_switch_without_audio(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """A camera without audio (3.4 audio=0) has no audio entities."""
    simulator.state.capabilities.audio = False
    await setup_entry(hass, mock_config_entry)
    assert hass.states.get("switch.mc400l_relay") is not None
    assert hass.states.get("switch.mc400l_audio") is None
    assert hass.states.get("number.mc400l_audio_input_volume") is None
    assert "/cgi-bin/audioencoder" not in simulator.counters
