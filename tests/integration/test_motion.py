"""Motion events from the camera's own recordings (3.20): sensor, event, reads, repair issue.

The fallback for firmware without a working ONVIF PullPoint (test_onvif_events.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.ipc_cgi.const import CONF_SYNC_CLOCK, DOMAIN
from custom_components.ipc_cgi.ipccgi import IpcCgiClient
from custom_components.ipc_cgi.motion import MOTION_ON_TIME, RECORDING_WATCHES
from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
import homeassistant.helpers.entity_registry as er
import homeassistant.helpers.issue_registry as ir
from ipc_simulator import FaultKind, ManualClock, OnvifQuirk, Simulator
from ipc_simulator.endpoints.common import camera_now
from ipc_simulator.state import make_recording

from .conftest import poll, setup_entry, state_of

SENSOR: Final = "binary_sensor.mc400l_motion"
EVENT: Final = "event.mc400l_motion_event"
ALARM_INPUT: Final = "binary_sensor.mc400l_alarm_input"
QUERY: Final = "/cgi-bin/get_record_query"
# What a poll reads for the entities enabled by default (test_coordinator.py).
DEFAULT_POLL: Final = 3


@pytest.fixture(autouse=True)
def no_pullpoint(simulator: Simulator) -> None:
    """Play firmware whose PullPoint does not work: the recordings are the fallback."""
    simulator.fault_endpoint("/onvif/event_service", OnvifQuirk.NO_PULLPOINT)


def _enable_motion_entities(
    entity_registry: er.EntityRegistry, entry: MockConfigEntry
) -> None:
    """Enable the motion sensor and event entity, as a user does, before setup."""
    for domain, key in (
        ("binary_sensor", "motion"),
        ("binary_sensor", "alarm_input"),
        ("event", "motion_event"),
    ):
        entity_registry.async_get_or_create(
            domain,
            DOMAIN,
            f"{entry.unique_id}_{key}",
            config_entry=entry,
            suggested_object_id=f"mc400l_{key}",
            disabled_by=None,
        )


@pytest.fixture
async def motion_entry(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> MockConfigEntry:
    """Set the camera up with the motion entities enabled."""
    mock_config_entry.add_to_hass(hass)
    _enable_motion_entities(entity_registry, mock_config_entry)
    await setup_entry(hass, mock_config_entry)
    return mock_config_entry


def _issue(hass: HomeAssistant, entry: MockConfigEntry) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(DOMAIN, f"motion_events_{entry.entry_id}")


async def test_no_request_while_disabled(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Disabled by default: no 3.20 query, and no repair issue even without an SD card."""
    for entity_id in (SENSOR, EVENT):
        entry = entity_registry.async_get(entity_id)
        assert entry is not None
        assert entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    simulator.state.sd_cards = [0, 0]
    simulator.record_motion()
    for _ in range(3):
        await poll(hass, freezer, sim_clock)
    assert QUERY not in simulator.counters
    assert _issue(hass, init_integration) is None


async def test_first_read_fires_nothing_then_one_query_per_poll(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """The first read learns today's recordings; then each poll costs one query.

    The camera's clock is at 23:00 (not synced): every recording seeded for
    its day is in the past, whatever the time of day the test runs.
    """
    now = camera_now(simulator.state.time)
    evening = datetime.combine(now.date(), datetime.min.time()) + timedelta(hours=23)
    simulator.state.time.offset_seconds = (evening - now).total_seconds()
    mock_config_entry.add_to_hass(hass)
    _enable_motion_entities(entity_registry, mock_config_entry)
    await setup_entry(hass, mock_config_entry, options={CONF_SYNC_CLOCK: False})
    assert simulator.counters[QUERY] == 1
    assert state_of(hass, SENSOR) == "off"  # today's seeded motion clips are old news
    assert state_of(hass, EVENT) == "unknown"

    simulator.reset_counters()
    with patch.object(
        IpcCgiClient, "get_recordings", autospec=True, wraps=IpcCgiClient.get_recordings
    ) as spy:
        await poll(hass, freezer, sim_clock)
    assert simulator.counters[QUERY] == 1
    assert simulator.counters.total() == DEFAULT_POLL + 1
    # Today's list from the last start time seen: the reply is small.
    today = camera_now(simulator.state.time).date()
    last = max(r.start for r in simulator.state.recordings if r.start.date() == today)
    assert spy.call_args.args[1] == today
    assert spy.call_args.kwargs["start"] == last.time()
    assert state_of(hass, SENSOR) == "off"
    assert state_of(hass, EVENT) == "unknown"


async def test_motion_turns_the_sensor_on_and_fires(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    motion_entry: MockConfigEntry,
) -> None:
    """A new motion clip: on within one poll, `motion` fired with its start; off 30 s later."""
    recording = simulator.record_motion()
    await poll(hass, freezer, sim_clock)

    assert state_of(hass, SENSOR) == "on"
    event = hass.states.get(EVENT)
    assert event is not None
    assert event.attributes["event_type"] == "motion"
    assert event.attributes["start_time"] == recording.start.isoformat()

    # Another clip 10 s later, while on: on until MOTION_ON_TIME after that one.
    freezer.tick(timedelta(seconds=10))
    simulator.record_motion()
    await motion_entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()
    assert state_of(hass, SENSOR) == "on"
    freezer.tick(MOTION_ON_TIME - timedelta(seconds=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert state_of(hass, SENSOR) == "on"
    freezer.tick(timedelta(seconds=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert state_of(hass, SENSOR) == "off"


async def test_alarm_and_scheduled_recordings(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    motion_entry: MockConfigEntry,
) -> None:
    """An alarm recording fires `alarm` and turns Alarm input on; a scheduled one is no event."""
    now = camera_now(simulator.state.time).replace(microsecond=0)
    simulator.state.recordings.append(
        make_recording(now.date(), f"{now:%H%M%S}", 2, 3, 1, 2)
    )
    await poll(hass, freezer, sim_clock)
    assert state_of(hass, SENSOR) == "off"
    assert state_of(hass, EVENT) == "unknown"

    simulator.state.recordings.append(
        make_recording(now.date(), f"{now + timedelta(seconds=5):%H%M%S}", 8, 2, 1, 2)
    )
    await poll(hass, freezer, sim_clock)
    event = hass.states.get(EVENT)
    assert event is not None
    assert event.attributes["event_type"] == "alarm"
    assert state_of(hass, ALARM_INPUT) == "on"
    assert state_of(hass, SENSOR) == "off"  # the alarm input is not motion


async def test_day_rollover(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """At the camera's midnight: the rest of the day before, then the new day."""
    now = camera_now(simulator.state.time)
    before_midnight = datetime.combine(now.date(), datetime.min.time()) + timedelta(
        hours=23, minutes=59
    )
    simulator.state.time.offset_seconds = (before_midnight - now).total_seconds()
    mock_config_entry.add_to_hass(hass)
    _enable_motion_entities(entity_registry, mock_config_entry)
    # The camera's clock stays as it is (no sync from Home Assistant's).
    await setup_entry(hass, mock_config_entry, options={CONF_SYNC_CLOCK: False})
    fired = _fired_starts(hass)

    today, tomorrow = now.date(), now.date() + timedelta(days=1)
    late = make_recording(today, "235940", 4, 3, 2, 2)
    early = make_recording(tomorrow, "000010", 8, 2, 1, 2)
    simulator.state.recordings += [late, early]
    simulator.reset_counters()
    await poll(hass, freezer, sim_clock, seconds=90)  # the camera: 00:00:30

    assert simulator.counters[QUERY] == 2
    assert fired == [late.start.isoformat(), early.start.isoformat()]
    simulator.reset_counters()
    await poll(hass, freezer, sim_clock)
    assert simulator.counters[QUERY] == 1


async def test_clock_set_back_over_midnight(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """The camera's clock set back from just after midnight into the day before.

    That day is read afresh: its clips, old, fire nothing; a clip made after
    the set-back fires.
    """
    now = camera_now(simulator.state.time)
    after_midnight = datetime.combine(now.date(), datetime.min.time()) + timedelta(
        days=1, seconds=30
    )
    simulator.state.time.offset_seconds = (after_midnight - now).total_seconds()
    mock_config_entry.add_to_hass(hass)
    _enable_motion_entities(entity_registry, mock_config_entry)
    await setup_entry(hass, mock_config_entry, options={CONF_SYNC_CLOCK: False})
    fired = _fired_starts(hass)

    simulator.state.time.offset_seconds -= 150  # the camera: 23:58:30, the day before
    await poll(hass, freezer, sim_clock)
    assert camera_now(simulator.state.time).date() == now.date()
    assert fired == []
    clip = simulator.record_motion()
    await poll(hass, freezer, sim_clock)
    assert fired == [clip.start.isoformat()]


async def test_repair_issue(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Motion recording off, or no SD card: an issue while the entities are enabled."""
    simulator.state.event_storage.recording_enabled = False
    mock_config_entry.add_to_hass(hass)
    _enable_motion_entities(entity_registry, mock_config_entry)
    await setup_entry(hass, mock_config_entry)
    issue = _issue(hass, mock_config_entry)
    assert issue is not None
    assert issue.translation_key == "motion_recording_off"
    assert issue.translation_placeholders == {"camera": "MC400L"}

    await hass.services.async_call(
        "switch",
        "turn_on",
        {"entity_id": "switch.mc400l_motion_recording"},
        blocking=True,
    )
    assert _issue(hass, mock_config_entry) is None

    simulator.state.sd_cards = [0, 0]
    await poll(hass, freezer, sim_clock)
    issue = _issue(hass, mock_config_entry)
    assert issue is not None
    assert issue.translation_key == "no_sd_card"
    simulator.reset_counters()
    await poll(hass, freezer, sim_clock)
    assert QUERY not in simulator.counters  # no card, nothing to list

    simulator.state.sd_cards = [1, 0]
    simulator.record_motion()  # the card is back: its files are not news
    await poll(hass, freezer, sim_clock)
    await poll(hass, freezer, sim_clock)
    assert _issue(hass, mock_config_entry) is None
    assert state_of(hass, SENSOR) == "off"

    for entity_id in (SENSOR, ALARM_INPUT, EVENT):
        entity_registry.async_update_entity(
            entity_id, disabled_by=er.RegistryEntryDisabler.USER
        )
    simulator.state.sd_cards = [0, 0]
    await poll(hass, freezer, sim_clock)
    assert _issue(hass, mock_config_entry) is None

    await hass.config_entries.async_unload(mock_config_entry.entry_id)
    assert _issue(hass, mock_config_entry) is None


async def _refresh_after(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sim_clock: ManualClock,
    entry: MockConfigEntry,
    seconds: float,
) -> None:
    """Let `seconds` pass for both clocks, then poll: clips stay live over a few polls."""
    freezer.tick(timedelta(seconds=seconds))
    sim_clock.advance(seconds)
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()


async def test_clock_set_back_over_midnight_and_forward_again(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """A clip fired just after midnight fires no more when the clock comes back to it."""
    now = camera_now(simulator.state.time)
    after_midnight = datetime.combine(now.date(), datetime.min.time()) + timedelta(
        days=1, seconds=30
    )
    simulator.state.time.offset_seconds = (after_midnight - now).total_seconds()
    mock_config_entry.add_to_hass(hass)
    _enable_motion_entities(entity_registry, mock_config_entry)
    await setup_entry(hass, mock_config_entry, options={CONF_SYNC_CLOCK: False})
    fired = _fired_starts(hass)
    clip = simulator.record_motion()
    await _refresh_after(hass, freezer, sim_clock, mock_config_entry, 10)
    assert fired == [clip.start.isoformat()]

    simulator.state.time.offset_seconds -= 150  # the day before
    await _refresh_after(hass, freezer, sim_clock, mock_config_entry, 10)
    assert camera_now(simulator.state.time).date() == now.date()
    simulator.state.time.offset_seconds += 150  # the clip's day again
    await _refresh_after(hass, freezer, sim_clock, mock_config_entry, 10)
    assert fired == [clip.start.isoformat()]


async def test_seen_clips_kept_for_the_last_days_read(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """A clock jumping day after day: the watch keeps what it saw of the last three."""
    mock_config_entry.add_to_hass(hass)
    _enable_motion_entities(entity_registry, mock_config_entry)
    await setup_entry(hass, mock_config_entry, options={CONF_SYNC_CLOCK: False})
    watch = hass.data[RECORDING_WATCHES][mock_config_entry.entry_id]
    days = []
    for _ in range(4):
        days.append(camera_now(simulator.state.time).date())
        simulator.state.time.offset_seconds += 86400
        await _refresh_after(hass, freezer, sim_clock, mock_config_entry, 10)
    days.append(camera_now(simulator.state.time).date())
    assert list(watch._seen) == days[-3:]


async def test_device_state_unread_in_two_polls(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Issue 21's soak: malformed device states while Home Assistant's date is the day before.

    Home Assistant in UTC, the camera at GMT+08:00 on the next day. With the
    device state unread twice in a row, the camera's clock is unknown: no
    recordings are read (not Home Assistant's day). Back, nothing fires twice,
    and a clip made meanwhile fires.
    """
    freezer.move_to("2026-01-15 20:00:00+00:00")  # the camera: the 16th, 04:00
    await hass.config.async_set_time_zone("UTC")
    mock_config_entry.add_to_hass(hass)
    _enable_motion_entities(entity_registry, mock_config_entry)
    await setup_entry(hass, mock_config_entry)
    fired = _fired_starts(hass)
    clip = simulator.record_motion()
    await _refresh_after(hass, freezer, sim_clock, mock_config_entry, 10)
    assert fired == [clip.start.isoformat()]

    simulator.faults.inject(FaultKind.MALFORMED, 2, path="/cgi-bin/getDevState")
    simulator.reset_counters()
    await _refresh_after(hass, freezer, sim_clock, mock_config_entry, 10)
    later = simulator.record_motion()
    await _refresh_after(hass, freezer, sim_clock, mock_config_entry, 10)
    queries = simulator.counters[QUERY]
    assert fired == [clip.start.isoformat()]

    await _refresh_after(hass, freezer, sim_clock, mock_config_entry, 10)
    assert fired == [clip.start.isoformat(), later.start.isoformat()]
    assert state_of(hass, EVENT) != "unavailable"
    # The first with the clock last read, plus the time since; none in the second.
    assert queries == 1


async def test_live_by_the_clock_of_the_read(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    motion_entry: MockConfigEntry,
) -> None:
    """A clip found late in a poll whose device state failed: no event all the same.

    The read used the clock as last read; after the poll the device state is
    empty, and the camera's clock unknown.
    """
    fired = _fired_starts(hass)
    clip = simulator.record_motion()
    await _refresh_after(hass, freezer, sim_clock, motion_entry, 10)
    assert fired == [clip.start.isoformat()]

    late = clip.start + timedelta(seconds=5)  # found 85 s after it started
    simulator.state.recordings.append(
        make_recording(late.date(), f"{late:%H%M%S}", 4, 3, 2, 2)
    )
    simulator.faults.inject(FaultKind.MALFORMED, 1, path="/cgi-bin/getDevState")
    simulator.reset_counters()
    await _refresh_after(hass, freezer, sim_clock, motion_entry, 80)
    assert simulator.counters[QUERY] == 1
    assert fired == [clip.start.isoformat()]


# --- the camera's clock set back between two reads ------------------------------------

# Noon in Home Assistant's zone (US/Pacific, GMT-08:00 in January).
NOON = "2026-01-15 20:00:00+00:00"


def _fired_starts(hass: HomeAssistant) -> list[str]:
    """Return a list that collects the start time of every event the entity fires."""
    fired: list[str] = []

    @callback
    def remember(event: Event[EventStateChangedData]) -> None:
        new_state = event.data["new_state"]
        if event.data["entity_id"] == EVENT and new_state is not None:
            if start := new_state.attributes.get("start_time"):  # not when unloaded
                fired.append(start)

    hass.bus.async_listen(EVENT_STATE_CHANGED, remember)
    return fired


@pytest.fixture
async def synced_motion_entry(
    hass: HomeAssistant,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> MockConfigEntry:
    """Set the camera up at noon with the motion entities, its clock kept in sync."""
    freezer.move_to(NOON)
    simulator.state.time.timezone = "GMT-08:00"  # Home Assistant's
    mock_config_entry.add_to_hass(hass)
    _enable_motion_entities(entity_registry, mock_config_entry)
    await setup_entry(hass, mock_config_entry)
    assert simulator.state.time.offset_seconds == 0
    return mock_config_entry


async def test_clock_set_back_minutes_by_the_sync(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    synced_motion_entry: MockConfigEntry,
) -> None:
    """A camera 2 min fast, set back by the daily clock check: every clip after fires.

    Its last clip started at 12:02 by its fast clock; the clips of the next
    minutes start before 12:02 by the corrected one.
    """
    fired = _fired_starts(hass)
    simulator.state.time.offset_seconds = 120.0  # over the weeks it ran fast
    clips = [simulator.record_motion()]
    await poll(hass, freezer, sim_clock)
    await synced_motion_entry.runtime_data.clock.async_check()  # the daily check
    assert abs(simulator.state.time.offset_seconds) < 1
    for _ in range(6):  # a clip 10 s after each poll, for 3 minutes
        freezer.tick(timedelta(seconds=10))
        clips.append(simulator.record_motion())
        await poll(hass, freezer, sim_clock, seconds=20)
    assert fired == [clip.start.isoformat() for clip in clips]
    assert clips[-1].start > clips[0].start  # the clock caught up with the old clip


async def test_clock_set_back_seconds_during_motion(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    synced_motion_entry: MockConfigEntry,
) -> None:
    """A camera 8 s fast set back between two clips: the second fires too.

    No read sees the clock behind the first clip's start: the clock has passed
    it again by the next poll.
    """
    fired = _fired_starts(hass)
    simulator.state.time.offset_seconds = 8.0
    freezer.tick(timedelta(seconds=25))
    first = simulator.record_motion()
    await poll(hass, freezer, sim_clock, seconds=5)
    await synced_motion_entry.runtime_data.clock.async_check()
    freezer.tick(timedelta(seconds=1))
    second = simulator.record_motion()
    assert second.start < first.start
    await poll(hass, freezer, sim_clock, seconds=29)
    assert fired == [first.start.isoformat(), second.start.isoformat()]


async def test_clock_behind_its_newest_clip_at_setup(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Home Assistant starts after the camera's clock was set back: clips fire.

    The newest clip started a minute ahead of the camera's clock; the clip
    made as the clock passes that minute fires too.
    """
    freezer.move_to(NOON)
    now = camera_now(simulator.state.time).replace(microsecond=0)
    ahead = make_recording(
        now.date(), f"{now + timedelta(seconds=60):%H%M%S}", 4, 3, 2, 10
    )
    simulator.state.recordings.append(ahead)
    mock_config_entry.add_to_hass(hass)
    _enable_motion_entities(entity_registry, mock_config_entry)
    await setup_entry(hass, mock_config_entry, options={CONF_SYNC_CLOCK: False})
    fired = _fired_starts(hass)
    clips = []
    for _ in range(4):  # a clip 15 s after each poll, for 2 minutes
        freezer.tick(timedelta(seconds=15))
        clips.append(simulator.record_motion())
        await poll(hass, freezer, sim_clock, seconds=15)
    assert fired == [clip.start.isoformat() for clip in clips]


async def test_an_old_clip_is_no_live_motion(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """A clip that started more than two poll intervals before it was found: no event."""
    now = camera_now(simulator.state.time)
    evening = datetime.combine(now.date(), datetime.min.time()) + timedelta(hours=23)
    simulator.state.time.offset_seconds = (evening - now).total_seconds()
    mock_config_entry.add_to_hass(hass)
    _enable_motion_entities(entity_registry, mock_config_entry)
    await setup_entry(hass, mock_config_entry, options={CONF_SYNC_CLOCK: False})
    late = camera_now(simulator.state.time) - timedelta(seconds=90)
    simulator.state.recordings.append(
        make_recording(late.date(), f"{late:%H%M%S}", 4, 3, 2, 2)
    )
    await poll(hass, freezer, sim_clock)
    assert state_of(hass, SENSOR) == "off"
    assert state_of(hass, EVENT) == "unknown"

    simulator.record_motion()  # live: on
    await poll(hass, freezer, sim_clock)
    assert state_of(hass, SENSOR) == "on"


async def test_no_clip_lost_over_a_reload(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    motion_entry: MockConfigEntry,
) -> None:
    """A clip made while the entry reloads (as enabling an entity does) fires after it, once.

    The watch outlives reloads, not the entry.
    """
    recording = simulator.record_motion()
    await hass.config_entries.async_reload(motion_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert state_of(hass, SENSOR) == "on"
    event = hass.states.get(EVENT)
    assert event is not None
    assert event.attributes["start_time"] == recording.start.isoformat()

    await hass.config_entries.async_reload(motion_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert state_of(hass, SENSOR) == "off"  # seen before the reload: not again

    await hass.config_entries.async_remove(motion_entry.entry_id)
    assert motion_entry.entry_id not in hass.data[RECORDING_WATCHES]
