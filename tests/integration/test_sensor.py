"""Sensors: SD card, last restart (stable boot time), memory, clock, diagnostics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from custom_components.ipc_cgi.const import UPDATE_INTERVAL
from homeassistant.const import STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from ipc_simulator import ManualClock, Simulator

from .conftest import poll, setup_entry, state_of

NOW = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)
pytestmark = [
    pytest.mark.freeze_time(NOW),
    pytest.mark.usefixtures("all_entities_enabled"),
]


@pytest.mark.parametrize(
    ("sd_card", "shown"),
    [(0, "none"), (1, "mounted"), (2, "error"), (7, STATE_UNKNOWN)],
)
async def test_sd_card(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    sd_card: int,
    shown: str,
) -> None:
    """3.25 sd1: 0 no card, 1 mounted, 2 error; other values unknown."""
    assert state_of(hass, "sensor.mc400l_sd_card") == "mounted"
    simulator.state.sd_cards[0] = sd_card
    await poll(hass, freezer, sim_clock)
    assert state_of(hass, "sensor.mc400l_sd_card") == shown


async def test_last_restart_is_a_stable_boot_time(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """The boot time does not move with the second-by-second jitter, only on a reboot."""
    booted = NOW.isoformat()
    assert state_of(hass, "sensor.mc400l_last_restart") == booted
    # the camera's uptime runs a second slow or fast against Home Assistant's clock
    for camera_seconds in (29, 31, 31, 29, 30):
        await poll(hass, freezer, sim_clock, camera_seconds=camera_seconds)
        assert state_of(hass, "sensor.mc400l_last_restart") == booted

    simulator.reboot()  # back after `reboot_seconds` (3 s of the camera's clock)
    await poll(hass, freezer, sim_clock)
    rebooted = NOW + timedelta(seconds=5 * 30 + 3)
    assert state_of(hass, "sensor.mc400l_last_restart") == rebooted.isoformat()


async def test_free_memory(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """Free memory in MB (the camera says kB)."""
    assert float(state_of(hass, "sensor.mc400l_free_memory")) == 24.384
    simulator.state.memory_free_kb = 10500
    await poll(hass, freezer, sim_clock)
    assert float(state_of(hass, "sensor.mc400l_free_memory")) == 10.5


async def test_camera_clock(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """The camera's local time and GMT offset (3.8) as an absolute time."""
    assert simulator.state.time.timezone == "GMT+08:00"
    assert state_of(hass, "sensor.mc400l_camera_clock") == NOW.isoformat()
    # The camera's clock runs ahead, by less than the clock check corrects
    simulator.state.time.offset_seconds = 4
    simulator.state.time.timezone = "GMT-03:30"
    await poll(hass, freezer, sim_clock)
    expected = NOW + UPDATE_INTERVAL + timedelta(seconds=4)
    assert state_of(hass, "sensor.mc400l_camera_clock") == expected.isoformat()


async def test_camera_clock_with_an_unknown_zone(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """A time zone not written GMT±hh:mm leaves the clock unknown, not wrong."""
    simulator.state.time.timezone = "CST"
    await poll(hass, freezer, sim_clock)
    assert state_of(hass, "sensor.mc400l_camera_clock") == STATE_UNKNOWN


async def test_diagnostics(
    hass: HomeAssistant, simulator: Simulator, init_integration: MockConfigEntry
) -> None:
    """IP address (3.7); no firmware version where 3.3's filesystem repeats the model."""
    assert simulator.state.device.filesystem == simulator.state.device.model
    assert state_of(hass, "sensor.mc400l_ip_address") == "192.168.0.10"
    assert state_of(hass, "sensor.mc400l_firmware") == STATE_UNKNOWN


async def test_firmware_version(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """A version in 3.3's filesystem attribute is the firmware sensor's state."""
    simulator.state.device.filesystem = "V5.1.2 build 20220401"
    await setup_entry(hass, mock_config_entry)
    assert state_of(hass, "sensor.mc400l_firmware") == "V5.1.2 build 20220401"
