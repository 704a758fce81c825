"""Privacy mode: zone 1 covers the picture; the replaced zone comes back, across restarts."""

from __future__ import annotations

from typing import Final

import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
    mock_restore_cache_with_extra_data,
)

from custom_components.ipc_cgi.ipccgi import VideoEncoderConfig, VideoStreamConfig
from custom_components.ipc_cgi.privacy import picture_size
from homeassistant.components.select import ATTR_OPTION, SERVICE_SELECT_OPTION
from homeassistant.const import (
    ATTR_ASSUMED_STATE,
    ATTR_ENTITY_ID,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    Platform,
)
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import HomeAssistantError
from ipc_simulator import EndpointFault, Simulator
from ipc_simulator.state import PrivacyZone

from .conftest import setup_entry, state_of

SWITCH: Final = "switch.mc400l_privacy_mode"
ZONES: Final = "/cgi-bin/set_privacy_zone"
# The simulator's main stream is 1080P. (The simulator changes its zones in
# place: each test gets its own.)
COVER: Final = (0, 0, 1920, 1080)
USER_ZONE: Final = (10, 20, 30, 40)


async def _switch(hass: HomeAssistant, service: str) -> None:
    await hass.services.async_call(
        Platform.SWITCH, service, {ATTR_ENTITY_ID: SWITCH}, blocking=True
    )


async def _reload(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()


async def test_on_covers_off_restores(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """On: zone 1 covers the picture (one request); off: the user's zone 1 is back."""
    simulator.state.privacy_zones[1] = PrivacyZone(*USER_ZONE)
    await setup_entry(hass, mock_config_entry)
    assert state_of(hass, SWITCH) == STATE_OFF
    state = hass.states.get(SWITCH)
    assert state is not None
    assert ATTR_ASSUMED_STATE not in state.attributes

    simulator.reset_counters()
    await _switch(hass, SERVICE_TURN_ON)
    assert simulator.state.privacy_zones[1] == PrivacyZone(*COVER)
    assert simulator.counters == {ZONES: 1}
    assert state_of(hass, SWITCH) == STATE_ON
    await _switch(hass, SERVICE_TURN_ON)  # already on: nothing sent
    assert simulator.counters == {ZONES: 1}

    await _switch(hass, SERVICE_TURN_OFF)
    assert simulator.state.privacy_zones[1] == PrivacyZone(*USER_ZONE)
    assert state_of(hass, SWITCH) == STATE_OFF
    await _switch(hass, SERVICE_TURN_OFF)  # already off: nothing sent
    assert simulator.counters == {ZONES: 2}


async def test_state_comes_from_the_zones(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """A zone that covers the picture, whoever set it, is privacy mode on."""
    simulator.state.privacy_zones[3] = PrivacyZone(0, 0, 4000, 3000)
    await setup_entry(hass, mock_config_entry)
    assert state_of(hass, SWITCH) == STATE_ON


async def test_reload_restores_the_replaced_zone(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """The replaced zone is remembered across a reload of the entry."""
    simulator.state.privacy_zones[1] = PrivacyZone(*USER_ZONE)
    await setup_entry(hass, mock_config_entry)
    await _switch(hass, SERVICE_TURN_ON)
    await _reload(hass, mock_config_entry)
    assert state_of(hass, SWITCH) == STATE_ON

    await _switch(hass, SERVICE_TURN_OFF)
    assert simulator.state.privacy_zones[1] == PrivacyZone(*USER_ZONE)


async def test_restart_restores_the_replaced_zone(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """After a restart the switch still knows the zone it replaced (RestoreEntity data)."""
    simulator.state.privacy_zones[1] = PrivacyZone(*COVER)
    mock_restore_cache_with_extra_data(
        hass,
        [(State(SWITCH, STATE_ON), {"on": True, "replaced": [1, 10, 20, 30, 40]})],
    )
    await setup_entry(hass, mock_config_entry)
    assert state_of(hass, SWITCH) == STATE_ON

    await _switch(hass, SERVICE_TURN_OFF)
    assert simulator.state.privacy_zones[1] == PrivacyZone(*USER_ZONE)


@pytest.mark.parametrize(
    "stored",
    [{"on": "yes", "replaced": [1, 2]}, {"replaced": [1, "x", 0, 0, 0]}, {}],
)
async def test_unreadable_stored_data_is_forgotten(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    stored: dict[str, object],
) -> None:
    """Stored data that does not parse: off puts back an unused zone."""
    simulator.state.privacy_zones[1] = PrivacyZone(*COVER)
    mock_restore_cache_with_extra_data(hass, [(State(SWITCH, STATE_ON), stored)])
    await setup_entry(hass, mock_config_entry)
    await _switch(hass, SERVICE_TURN_OFF)
    assert simulator.state.privacy_zones[1] == PrivacyZone()


async def test_camera_that_answers_only_ok(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """The spec's example reports no zones: the switch keeps its own state (assumed)."""
    simulator.state.privacy_zones_reported = False
    simulator.state.privacy_zones[1] = PrivacyZone(*USER_ZONE)
    await setup_entry(hass, mock_config_entry)
    state = hass.states.get(SWITCH)
    assert state is not None
    assert state.attributes[ATTR_ASSUMED_STATE] is True
    assert state.state == "unknown"

    await _switch(hass, SERVICE_TURN_ON)
    assert simulator.state.privacy_zones[1] == PrivacyZone(*COVER)
    await _reload(hass, mock_config_entry)
    assert state_of(hass, SWITCH) == STATE_ON

    await _switch(hass, SERVICE_TURN_OFF)  # the zone it replaced is not known: unused
    assert simulator.state.privacy_zones[1] == PrivacyZone()
    await _reload(hass, mock_config_entry)
    assert state_of(hass, SWITCH) == STATE_OFF


async def test_camera_that_answers_only_ok_after_restart(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """The assumed state and the replaced zone come back after a restart."""
    simulator.state.privacy_zones_reported = False
    mock_restore_cache_with_extra_data(
        hass,
        [(State(SWITCH, STATE_ON), {"on": True, "replaced": [1, 10, 20, 30, 40]})],
    )
    await setup_entry(hass, mock_config_entry)
    assert state_of(hass, SWITCH) == STATE_ON
    await _switch(hass, SERVICE_TURN_OFF)
    assert simulator.state.privacy_zones[1] == PrivacyZone(*USER_ZONE)
    assert state_of(hass, SWITCH) == STATE_OFF


async def test_picture_size_unknown(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """Without the stream's resolution (3.10) privacy mode cannot size its zone."""
    simulator.fault_endpoint("/cgi-bin/videoencoder", EndpointFault.FAULT)
    await setup_entry(hass, mock_config_entry)
    simulator.reset_counters()
    with pytest.raises(HomeAssistantError) as err:
        await _switch(hass, SERVICE_TURN_ON)
    assert err.value.translation_key == "picture_size_unknown"
    assert ZONES not in simulator.counters


async def test_camera_refuses(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """A camera that refuses the zone: a translated error, the state stays off."""
    await setup_entry(hass, mock_config_entry)
    simulator.fault_endpoint(ZONES, EndpointFault.FAULT)
    with pytest.raises(HomeAssistantError) as err:
        await _switch(hass, SERVICE_TURN_ON)
    assert err.value.translation_key == "camera_fault"
    assert state_of(hass, SWITCH) == STATE_OFF


@pytest.mark.parametrize(
    ("resolution", "size"),
    [
        ("1080P", (1920, 1080)),
        ("720p", (1280, 720)),
        ("2592X1944", (2592, 1944)),
        ("480x360", (480, 360)),
        ("HD", None),
    ],
)
def test_picture_size(resolution: str, size: tuple[int, int] | None) -> None:
    """3.10 names resolutions by size or by height; an unknown name has no size."""
    stream = VideoStreamConfig("H265", resolution, 25, 100, 2500, "CBR")
    assert picture_size(VideoEncoderConfig({1: stream})) == size
    assert picture_size(VideoEncoderConfig({2: stream})) is None
    assert picture_size(None) is None


@pytest.mark.usefixtures("all_entities_enabled")
async def test_state_follows_the_picture_size(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """A zone that covered the 1080P picture does not cover 2592X1944: off at once."""
    simulator.state.privacy_zones[1] = PrivacyZone(*COVER)
    await setup_entry(hass, mock_config_entry)
    assert state_of(hass, SWITCH) == STATE_ON

    await hass.services.async_call(
        Platform.SELECT,
        SERVICE_SELECT_OPTION,
        {
            ATTR_ENTITY_ID: "select.mc400l_main_stream_resolution",
            ATTR_OPTION: "2592x1944",
        },
        blocking=True,
    )
    assert state_of(hass, SWITCH) == STATE_OFF
