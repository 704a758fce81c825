"""The camera's clock: the drift sensor, and keeping the clock in sync (3.8)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
import logging
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.ipc_cgi.clock import CameraClock, zone_of, zone_offset
from custom_components.ipc_cgi.const import DOMAIN
from custom_components.ipc_cgi.ipccgi import IpcCgiClient, TimeConfig
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from ipc_simulator import ManualClock, Simulator
from ipc_simulator.state import Privilege

from .conftest import poll, setup_entry, state_of

DRIFT = "sensor.mc400l_clock_drift"
TIME = "/cgi-bin/time"


@pytest.mark.usefixtures("freezer")  # the drift in whole seconds, exactly
async def test_clock_far_off_is_set_at_setup(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A camera 90 s off gets Home Assistant's time zone and time, logged once."""
    simulator.state.time.offset_seconds = 90.0
    caplog.set_level(logging.INFO, logger="custom_components.ipc_cgi")
    await setup_entry(hass, mock_config_entry)
    assert simulator.counters[TIME] == 2  # read, then set
    # Home Assistant's test zone, US/Pacific, in December: GMT-08:00
    assert simulator.state.time.timezone == "GMT-08:00"
    assert simulator.state.time.update_method.upper() == "MANUAL"
    assert abs(simulator.state.time.offset_seconds) < 2
    assert state_of(hass, DRIFT) == "0"
    assert "the camera's clock was +90 s off" in caplog.text


@pytest.mark.parametrize(
    ("offset", "options", "drift"),
    [
        (4.0, {}, "4"),  # within 5 s: a camera on NTP is left alone
        (5.0, {}, "5"),  # 5 s is within: only more is set
        (90.0, {"sync_clock": False}, "90"),  # the option is off
    ],
)
@pytest.mark.usefixtures("freezer")
async def test_clock_left_alone(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    offset: float,
    options: dict[str, bool],
    drift: str,
) -> None:
    """Within 5 s, or with the option off, the clock is only read; the sensor shows the drift."""
    simulator.state.time.offset_seconds = offset
    await setup_entry(hass, mock_config_entry, options=options)
    assert simulator.counters[TIME] == 1
    assert simulator.state.time.update_method == "ntp"
    assert state_of(hass, DRIFT) == drift


@pytest.mark.usefixtures("freezer")
async def test_clock_check_and_camera_clock_sensor_share_one_read(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """With the camera clock sensor enabled, setup reads 3.8 once: the check's read serves it."""
    mock_config_entry.add_to_hass(hass)
    entity_registry.async_get_or_create(
        "sensor",
        DOMAIN,
        f"{mock_config_entry.unique_id}_camera_clock",
        config_entry=mock_config_entry,
        suggested_object_id="mc400l_camera_clock",
        disabled_by=None,
    )
    simulator.state.time.offset_seconds = 4.0
    await setup_entry(hass, mock_config_entry)
    assert simulator.counters[TIME] == 1
    assert state_of(hass, DRIFT) == "4"
    assert state_of(hass, "sensor.mc400l_camera_clock") not in {
        STATE_UNKNOWN,
        STATE_UNAVAILABLE,
    }


async def test_drift_follows_the_polls_and_ignores_jitter(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Between checks the drift comes from each poll's device state, no request of its own."""
    simulator.state.time.offset_seconds = 3.0
    await setup_entry(hass, mock_config_entry)
    assert state_of(hass, DRIFT) == "3"
    simulator.reset_counters()
    simulator.state.time.offset_seconds = 4.0  # one second: jitter
    await poll(hass, freezer, sim_clock)
    assert state_of(hass, DRIFT) == "3"
    simulator.state.time.offset_seconds = 5.0
    await poll(hass, freezer, sim_clock)
    assert state_of(hass, DRIFT) == "5"
    assert TIME not in simulator.counters


async def test_checked_daily_and_after_a_restart(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    """The clock is read again a day later, and when the camera's uptime went back."""
    await setup_entry(hass, mock_config_entry)
    await poll(hass, freezer, sim_clock)
    simulator.reset_counters()

    simulator.state.time.offset_seconds = -60.0
    freezer.tick(timedelta(days=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert simulator.counters[TIME] == 2  # read, set
    assert abs(simulator.state.time.offset_seconds) < 2

    await poll(hass, freezer, sim_clock)
    simulator.reset_counters()
    simulator.reboot()
    sim_clock.advance(simulator.reboot_seconds + 1)
    await poll(hass, freezer, sim_clock)  # the uptime went back
    assert simulator.counters[TIME] == 1


async def test_clock_check_failure_changes_nothing(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """A camera whose 3.8 fails sets up; the drift is unknown."""
    simulator.faults.inject("http_500", None, path=TIME)
    await setup_entry(hass, mock_config_entry)
    assert mock_config_entry.runtime_data.clock.drift(None) is None
    assert state_of(hass, DRIFT) == "unknown"


def test_zones() -> None:
    """3.8 names GMT offsets; offsets it has no name for have no zone."""
    assert zone_offset("GMT+05:45") == timedelta(hours=5, minutes=45)
    assert zone_offset("GMT-03:30") == -timedelta(hours=3, minutes=30)
    assert zone_offset("CET") is None
    assert zone_of(timedelta(hours=-8)) == "GMT-08:00"
    assert zone_of(timedelta(hours=8, minutes=45)) is None


@pytest.mark.usefixtures("freezer")
@pytest.mark.parametrize("check_after_entities", [False, True])
async def test_clock_refused_is_logged_and_kept(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    check_after_entities: bool,
) -> None:
    """An account that may not set the time gets a warning; the drift stays shown.

    The drift shows whether the setup's check ends before the entities are
    added or after (then the check itself tells the drift sensor).
    """
    simulator.state.time.offset_seconds = 90.0
    simulator.state.users["admin"].privilege = Privilege.USER
    if check_after_entities:
        with patch.object(CameraClock, "_async_schedule_check"):
            await setup_entry(hass, mock_config_entry)
        assert simulator.counters[TIME] == 0
        assert state_of(hass, DRIFT) == "unknown"
        await mock_config_entry.runtime_data.clock.async_check()
    else:
        await setup_entry(hass, mock_config_entry)
    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert simulator.state.time.offset_seconds == 90.0
    assert state_of(hass, DRIFT) == "90"
    assert "the camera's clock is +90 s off; setting it failed" in caplog.text


async def test_clock_in_a_zone_3_8_does_not_name(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    """A camera reporting a zone the spec does not list is not set; the drift is unknown.

    A failing device state (no reply to measure) keeps it unknown too.
    """
    simulator.state.time.timezone = "CET"
    await setup_entry(hass, mock_config_entry)
    assert simulator.counters[TIME] == 1
    assert state_of(hass, DRIFT) == "unknown"
    simulator.faults.inject("http_500", None, path="/cgi-bin/getDevState")
    await poll(hass, freezer, sim_clock)
    assert state_of(hass, DRIFT) == "unknown"


async def test_drift_a_poll_sees_is_corrected_at_once_at_most_hourly(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A poll that sees the clock 120 s off starts a check that sets it.

    The camera that loses it again within the hour is not set again before
    the hour is over; that is one warning.
    """
    freezer.move_to("2026-12-06 15:59:18")
    await setup_entry(hass, mock_config_entry)
    assert simulator.counters[TIME] == 1  # in sync: read only
    simulator.state.time.offset_seconds = 120.0
    simulator.reset_counters()
    await poll(hass, freezer, sim_clock)
    assert simulator.counters[TIME] == 2  # read, set
    assert abs(simulator.state.time.offset_seconds) < 1
    assert state_of(hass, DRIFT) == "0"
    await poll(hass, freezer, sim_clock)
    assert state_of(hass, DRIFT) == "0"

    for _ in range(2):  # 10 minutes later, and again
        simulator.state.time.offset_seconds = -60.0
        simulator.reset_counters()
        await poll(hass, freezer, sim_clock, seconds=600)
        assert TIME not in simulator.counters
        assert state_of(hass, DRIFT) == "-60"
    assert caplog.text.count("it does not keep the time") == 1  # a warning
    assert "-60 s off again 10 min after it was set" in caplog.text

    simulator.reset_counters()
    await poll(hass, freezer, sim_clock, seconds=2400)  # an hour after the set
    assert simulator.counters[TIME] == 2
    assert state_of(hass, DRIFT) == "0"


async def test_drift_a_poll_sees_with_3_8_failing_is_checked_at_most_hourly(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    """A poll that sees the clock off starts a check; if its read of 3.8 fails, the next is in an hour.

    Not at every poll: each would cost the camera a request that fails.
    """
    freezer.move_to("2026-12-06 15:59:18")
    await setup_entry(hass, mock_config_entry)
    simulator.state.time.offset_seconds = 120.0
    simulator.faults.inject("http_500", None, path=TIME)
    simulator.reset_counters()
    await poll(hass, freezer, sim_clock)
    assert simulator.counters[TIME] == 1  # the check's read, which failed
    assert state_of(hass, DRIFT) == "120"
    for _ in range(2):
        simulator.reset_counters()
        await poll(hass, freezer, sim_clock, seconds=600)
        assert TIME not in simulator.counters
    simulator.faults.clear()
    simulator.reset_counters()
    await poll(hass, freezer, sim_clock, seconds=2400)  # an hour after the check
    assert simulator.counters[TIME] == 2  # read, set
    assert state_of(hass, DRIFT) == "0"


async def test_drift_a_poll_sees_is_left_with_sync_off(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    """With the option off, a drift is only shown."""
    freezer.move_to("2026-12-06 15:59:18")
    await setup_entry(hass, mock_config_entry, options={"sync_clock": False})
    simulator.state.time.offset_seconds = 120.0
    simulator.reset_counters()
    await poll(hass, freezer, sim_clock)
    assert TIME not in simulator.counters
    assert state_of(hass, DRIFT) == "120"


@pytest.mark.parametrize(
    ("update_method", "logged"),
    [
        (
            "ntp",
            "WARNING  custom_components.ipc_cgi.clock:clock.py:{} MC400L: the camera's"
            " clock was +90 s off on NTP (it cannot reach pool.ntp.org?); set it to"
            " 2026-12-06 07:59:18 (GMT-08:00): it is now on manual time",
        ),
        (
            "MANUAL",
            "INFO     custom_components.ipc_cgi.clock:clock.py:{} MC400L: the camera's"
            " clock was +90 s off; set it to 2026-12-06 07:59:18 (GMT-08:00)",
        ),
    ],
)
async def test_clock_set_is_logged_once(
    hass: HomeAssistant,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    update_method: str,
    logged: str,
) -> None:
    """A camera on NTP that was off cannot reach its server: the log says it is now on manual time."""
    freezer.move_to("2026-12-06 15:59:18")
    simulator.state.time.update_method = update_method
    simulator.state.time.offset_seconds = 90.0
    caplog.set_level(logging.INFO, logger="custom_components.ipc_cgi")
    await setup_entry(hass, mock_config_entry)
    assert simulator.state.time.update_method == "MANUAL"
    lines = [line for line in caplog.text.splitlines() if "s off" in line]
    assert len(lines) == 1
    prefix, _, rest = logged.partition("{}")
    assert lines[0].startswith(prefix)
    assert lines[0].endswith(rest)


@pytest.mark.usefixtures("freezer")
async def test_clock_set_by_a_short_reply(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """A set reply without the time (the spec prints short ones) shows the time just set."""
    simulator.state.time.offset_seconds = 90.0
    set_time = IpcCgiClient.set_time

    async def short_reply(client: IpcCgiClient, **kwargs: Any) -> TimeConfig:
        return replace(await set_time(client, **kwargs), current_time=None)

    with patch.object(IpcCgiClient, "set_time", short_reply):
        await setup_entry(hass, mock_config_entry)
    assert simulator.counters[TIME] == 2
    assert state_of(hass, DRIFT) == "0"


async def test_clock_refused_is_tried_hourly_and_warned_once(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An account that may not set the time: the polls ask again hourly, not each poll."""
    freezer.move_to("2026-12-06 15:59:18")
    simulator.state.time.offset_seconds = 90.0
    simulator.state.users["admin"].privilege = Privilege.USER
    await setup_entry(hass, mock_config_entry)
    simulator.reset_counters()
    await poll(hass, freezer, sim_clock)
    assert TIME not in simulator.counters
    await poll(hass, freezer, sim_clock, seconds=3600)
    assert simulator.counters[TIME] == 2  # read, set refused
    assert state_of(hass, DRIFT) == "90"
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert sum("setting it failed" in warning for warning in warnings) == 1
    assert "does not keep the time" not in caplog.text


async def test_clock_lost_in_a_restart_is_set_without_warning(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A camera that restarts with its clock lost, minutes after it was set, is set again."""
    freezer.move_to("2026-12-06 15:59:18")
    simulator.state.time.offset_seconds = 90.0
    await setup_entry(hass, mock_config_entry)
    await poll(hass, freezer, sim_clock, seconds=600)
    simulator.reboot()
    simulator.state.time.offset_seconds = -3600.0
    simulator.reset_counters()
    sim_clock.advance(simulator.reboot_seconds + 1)
    await poll(hass, freezer, sim_clock)  # the uptime went back
    assert simulator.counters[TIME] == 2  # read, set
    assert abs(simulator.state.time.offset_seconds) < 1
    assert "does not keep the time" not in caplog.text


async def test_clock_refused_long_after_a_set_is_not_taken_for_drift(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Set at setup, refused two hours later: the polls after say nothing more."""
    freezer.move_to("2026-12-06 15:59:18")
    simulator.state.time.offset_seconds = 90.0
    await setup_entry(hass, mock_config_entry)
    simulator.state.users["admin"].privilege = Privilege.USER
    simulator.state.time.offset_seconds = 60.0
    await poll(hass, freezer, sim_clock, seconds=7200)  # checked: refused
    await poll(hass, freezer, sim_clock)
    assert state_of(hass, DRIFT) == "60"
    assert "setting it failed" in caplog.text
    assert "does not keep the time" not in caplog.text
