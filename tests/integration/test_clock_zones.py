"""The camera's clock set right in every Home Assistant time zone (3.8).

Home Assistant is put in a zone and at a fixed instant (never the real time of
day); the camera (GMT+08:00, 120 s fast) is set at setup. Its absolute time,
its wall time minus its zone's offset, must then be Home Assistant's, and the
Clock drift and Camera clock sensors must say so.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import logging

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.ipc_cgi.const import DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
import homeassistant.util.dt as dt_util
from ipc_simulator import ManualClock, Simulator
from ipc_simulator.endpoints.common import camera_now, utc_offset

from .conftest import camera_of, poll, setup_entry, state_of

DRIFT = "sensor.mc400l_clock_drift"
CAMERA_CLOCK = "sensor.mc400l_camera_clock"
TIME = "/cgi-bin/time"

# A quarter second past a whole one: the camera takes whole seconds.
WINTER = datetime(2026, 12, 6, 15, 59, 18, 250000, tzinfo=UTC)
SUMMER = datetime(2026, 7, 6, 15, 59, 18, 250000, tzinfo=UTC)
SECOND = timedelta(seconds=1)
CAMERA_ZONE = "GMT+08:00"  # the simulator's; kept where 3.8 names no zone for HA's

ZONES = [
    # (Home Assistant's zone, the instant, the zone the camera gets)
    ("UTC", WINTER, "GMT+00:00"),
    ("Europe/London", WINTER, "GMT+00:00"),
    ("Europe/London", SUMMER, "GMT+01:00"),
    ("America/New_York", WINTER, "GMT-05:00"),
    ("America/New_York", SUMMER, "GMT-04:00"),
    ("America/St_Johns", WINTER, "GMT-03:30"),
    ("America/St_Johns", SUMMER, CAMERA_ZONE),  # -02:30: 3.8 has no such zone
    ("Asia/Kolkata", WINTER, "GMT+05:30"),
    ("Asia/Kathmandu", WINTER, "GMT+05:45"),  # 3.8 lists it
    ("Pacific/Chatham", WINTER, CAMERA_ZONE),  # +13:45 (its summer time)
    ("Pacific/Chatham", SUMMER, CAMERA_ZONE),  # +12:45
    ("Australia/Eucla", WINTER, CAMERA_ZONE),  # +08:45
    ("Pacific/Kiritimati", WINTER, CAMERA_ZONE),  # +14:00
    ("Pacific/Pago_Pago", WINTER, "GMT-11:00"),
    # The days summer time starts and ends, either side of the change
    ("Europe/London", datetime(2026, 3, 29, 0, 59, 59, 250000, UTC), "GMT+00:00"),
    ("Europe/London", datetime(2026, 3, 29, 1, 0, 0, 250000, UTC), "GMT+01:00"),
    ("Europe/London", datetime(2026, 10, 25, 0, 59, 59, 250000, UTC), "GMT+01:00"),
    ("Europe/London", datetime(2026, 10, 25, 1, 0, 0, 250000, UTC), "GMT+00:00"),
    ("America/New_York", datetime(2026, 3, 8, 6, 59, 59, 250000, UTC), "GMT-05:00"),
    ("America/New_York", datetime(2026, 3, 8, 7, 0, 0, 250000, UTC), "GMT-04:00"),
    # 01:30 local twice: summer time, then winter time
    ("America/New_York", datetime(2026, 11, 1, 5, 30, 0, 250000, UTC), "GMT-04:00"),
    ("America/New_York", datetime(2026, 11, 1, 6, 30, 0, 250000, UTC), "GMT-05:00"),
    # Chatham leaves summer time: +13:45, then +12:45 (neither named)
    ("Pacific/Chatham", datetime(2026, 4, 4, 13, 59, 59, 250000, UTC), CAMERA_ZONE),
    ("Pacific/Chatham", datetime(2026, 4, 4, 14, 0, 0, 250000, UTC), CAMERA_ZONE),
]


def absolute_error(simulator: Simulator) -> float:
    """Return the camera's absolute time minus the real (frozen) time, in seconds."""
    settings = simulator.state.time
    camera = camera_now(settings) - utc_offset(settings.timezone)
    return (camera - datetime.now(UTC).replace(tzinfo=None)).total_seconds()


def enable_camera_clock(
    hass: HomeAssistant, entry: MockConfigEntry, entity_registry: er.EntityRegistry
) -> None:
    """Add `entry` with the Camera clock sensor (disabled by default) enabled."""
    entry.add_to_hass(hass)
    entity_registry.async_get_or_create(
        "sensor",
        DOMAIN,
        f"{entry.unique_id}_camera_clock",
        config_entry=entry,
        suggested_object_id="mc400l_camera_clock",
        disabled_by=None,
    )


@pytest.mark.parametrize(("zone", "instant", "camera_zone"), ZONES)
async def test_clock_set_right_in_every_zone(
    hass: HomeAssistant,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    caplog: pytest.LogCaptureFixture,
    zone: str,
    instant: datetime,
    camera_zone: str,
) -> None:
    """A camera 120 s fast is set to Home Assistant's absolute time, in a zone 3.8 names."""
    freezer.move_to(instant)
    await hass.config.async_set_time_zone(zone)
    simulator.state.time.offset_seconds = 120.0
    caplog.set_level(logging.INFO, logger="custom_components.ipc_cgi")
    enable_camera_clock(hass, mock_config_entry, entity_registry)
    await setup_entry(hass, mock_config_entry)

    assert simulator.counters[TIME] == 2  # read, set
    assert simulator.state.time.timezone == camera_zone
    error = absolute_error(simulator)
    assert -1 < error <= 0  # whole seconds, as the camera takes them
    assert state_of(hass, DRIFT) == "0"
    shown = dt_util.parse_datetime(state_of(hass, CAMERA_CLOCK))
    assert shown is not None
    assert abs(shown - dt_util.utcnow()) < SECOND
    assert "clock was +120 s off on NTP" in caplog.text
    assert f"({camera_zone}): it is now on manual time" in caplog.text


async def test_utc_camera_clock_set_from_the_issue(
    hass: HomeAssistant,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Issue 18: Home Assistant in UTC, the camera at GMT+08:00 and 120 s fast.

    It was set 8 hours wrong (23:59:18 GMT+00:00 at 15:59 UTC): a zero offset
    was taken for none.
    """
    freezer.move_to(datetime(2026, 12, 6, 15, 59, 18, tzinfo=UTC))
    await hass.config.async_set_time_zone("UTC")
    simulator.state.time.offset_seconds = 120.0
    caplog.set_level(logging.INFO, logger="custom_components.ipc_cgi")
    await setup_entry(hass, mock_config_entry)
    assert absolute_error(simulator) == 0  # was 8 hours
    assert "set it to 2026-12-06 15:59:18 (GMT+00:00)" in caplog.text


async def test_zone_3_8_names_neither(
    hass: HomeAssistant,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Home Assistant and the camera both in zones 3.8 does not list: not set, one warning."""
    freezer.move_to(WINTER)
    await hass.config.async_set_time_zone("Australia/Eucla")  # +08:45
    simulator.state.time.timezone = "GMT+08:45"
    simulator.state.time.offset_seconds = 120.0
    await setup_entry(hass, mock_config_entry)
    assert simulator.counters[TIME] == 1
    assert simulator.state.time.offset_seconds == 120.0
    assert state_of(hass, DRIFT) == "120"
    assert (
        "the camera's clock is +120 s off; setting it failed: 3.8 names neither"
        in caplog.text
    )


@pytest.mark.parametrize(
    ("zone", "camera_zone"),
    [
        ("UTC", "GMT+00:00"),
        ("America/St_Johns", "GMT-03:30"),
        ("Pacific/Chatham", CAMERA_ZONE),  # the camera's own, as the clock check
    ],
)
async def test_set_time_action_in_every_zone(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    zone: str,
    camera_zone: str,
) -> None:
    """The set_time action sets the absolute time too; the drift sensor keeps up.

    The drift stays 0 after the camera's zone changed (the device state of
    before is not measured in the new zone), and no check is started.
    """
    freezer.move_to(WINTER)
    await setup_entry(hass, mock_config_entry)  # US/Pacific: left at GMT+08:00
    await hass.config.async_set_time_zone(zone)
    simulator.state.time.offset_seconds = -3.0
    simulator.reset_counters()
    await hass.services.async_call(
        DOMAIN,
        "set_time",
        camera_of(hass, mock_config_entry),
        blocking=True,
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert simulator.counters[TIME] == 1
    assert simulator.state.time.timezone == camera_zone
    assert simulator.state.time.update_method == "MANUAL"
    assert -1 < absolute_error(simulator) <= 0
    assert state_of(hass, DRIFT) == "0"
    await poll(hass, freezer, sim_clock)
    assert state_of(hass, DRIFT) == "0"
    assert simulator.counters[TIME] == 1


async def test_set_time_action_without_any_zone(
    hass: HomeAssistant,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    """HA's offset without a 3.8 name, the camera's zone unknown: refused, no request."""
    freezer.move_to(WINTER)
    simulator.state.time.timezone = "CET"
    await setup_entry(hass, mock_config_entry)
    await hass.config.async_set_time_zone("Australia/Eucla")  # UTC+08:45
    simulator.reset_counters()
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "set_time",
            camera_of(hass, mock_config_entry),
            blocking=True,
        )
    assert err.value.translation_placeholders == {"timezone": "GMT+08:45"}
    assert TIME not in simulator.counters


async def test_summer_time_ends_the_clock_stays_right(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Set in summer time, the camera keeps its zone after the change: its time stays right.

    The polls and the next day's check find no drift: nothing is set again.
    """
    freezer.move_to(datetime(2026, 10, 25, 0, 30, tzinfo=UTC))  # 01:30 BST
    await hass.config.async_set_time_zone("Europe/London")
    simulator.state.time.offset_seconds = 120.0
    await setup_entry(hass, mock_config_entry)
    assert simulator.state.time.timezone == "GMT+01:00"
    simulator.reset_counters()
    await poll(hass, freezer, sim_clock, seconds=3600)  # 01:30 GMT
    freezer.move_to(datetime(2026, 10, 26, 0, 30, 30, tzinfo=UTC))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert simulator.counters[TIME] == 1  # the daily check's read
    assert simulator.state.time.timezone == "GMT+01:00"
    assert absolute_error(simulator) == 0
    assert state_of(hass, DRIFT) == "0"
