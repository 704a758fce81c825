"""Polling: which requests a poll makes, failures, recovery and reauthentication."""

from __future__ import annotations

from collections import Counter
import logging
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from custom_components.ipc_cgi.const import CONFIG_READ_INTERVAL, PollGroup
from custom_components.ipc_cgi.coordinator import (
    READERS,
    CameraData,
    Group,
    Groups,
    IpcCgiCoordinator,
    _merge,
)
from custom_components.ipc_cgi.entity import IpcCgiEntity
from custom_components.ipc_cgi.ipccgi import IpcCgiClient, WdrConfig
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import (
    EVENT_STATE_CHANGED,
    EVENT_STATE_REPORTED,
    STATE_UNAVAILABLE,
)
from homeassistant.core import Event, HomeAssistant, callback
import homeassistant.helpers.entity_registry as er
from homeassistant.setup import async_setup_component
from ipc_simulator import EndpointFault, ManualClock, Simulator

from .conftest import cgi_requests, poll, setup_entry, state_of

# What a poll reads for the entities enabled by default: the state groups.
STATE_PATHS = {
    "/cgi-bin/getDevState": 1,
    "/cgi-bin/getRelayStatus": 1,
    "/cgi-bin/set_led": 1,
}
# ... and once per CONFIG_READ_INTERVAL (5 minutes) the configuration groups,
# a few per poll.
CONFIG_PATHS = {
    "/cgi-bin/setBrightness_InfraredLamp": 1,
    "/cgi-bin/set_ircut": 1,
    "/cgi-bin/motion": 1,
    "/cgi-bin/audioencoder": 1,
    "/cgi-bin/videoencoder": 1,  # privacy mode: the picture size it covers
    "/cgi-bin/setScheduleStorage": 1,
    "/cgi-bin/setEventStorage": 1,
    "/cgi-bin/rtsp": 1,  # the camera entity: is RTSP authenticated
    "/cgi-bin/set_service_port": 1,  # the camera entity: the RTSP port
    "/cgi-bin/set_privacy_zone": 1,  # privacy mode
}
# The entities enabled by default that show the device state (3.25).
DEVICE_STATE_ENTITIES = (
    "sensor.mc400l_sd_card",
    "sensor.mc400l_last_restart",
    "sensor.mc400l_clock_drift",
)
SETUP_PATHS = {
    "/cgi-bin/getuid": 1,
    "/cgi-bin/getinfo": 1,
    "/cgi-bin/getcapabilities": 1,
    "/cgi-bin/videoencoder/getcapabilities": 1,
    "/cgi-bin/audioencoder/getcapabilities": 1,
    "/cgi-bin/time": 1,  # the clock check
}


def _problems(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Return the warnings and errors Home Assistant and the integration logged."""
    return [
        record.getMessage()
        for record in caplog.records
        if record.levelno >= logging.WARNING
        and record.name.startswith(("homeassistant", "custom_components"))
    ]


def _states(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, str]:
    """Return the states of the entry's entities that show the camera's replies.

    Left out: buttons, the camera, and the firmware upgrade's step (Home
    Assistant's own record, available while the camera is away).
    """
    registry = er.async_get(hass)
    return {
        entity.entity_id: state_of(hass, entity.entity_id)
        for entity in er.async_entries_for_config_entry(registry, entry.entry_id)
        if not entity.disabled
        and entity.domain not in ("button", "camera")
        and entity.translation_key != "firmware_upgrade"
    }


async def test_setup_reads_each_needed_endpoint_once(
    hass: HomeAssistant, simulator: Simulator, init_integration: MockConfigEntry
) -> None:
    """Setup logs in once and reads each endpoint an enabled entity shows, once."""
    assert cgi_requests(simulator) == SETUP_PATHS | STATE_PATHS | CONFIG_PATHS
    # Disabled by default, so never requested: ONVIF auth, RTMP, user OSD, the
    # picture settings, WDR, flip, OSD, ...
    for path in (
        "/cgi-bin/onvif",
        "/cgi-bin/userosd",
        "/cgi-bin/image",
        "/cgi-bin/set_wdr",
        "/cgi-bin/set_flip",
        "/cgi-bin/osd",
    ):
        assert path not in cgi_requests(simulator)


async def _polls_over(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sim_clock: ManualClock,
    simulator: Simulator,
    seconds: float,
    interval: int = 30,
) -> list[Counter[str]]:
    """Poll every `interval` seconds for `seconds`; return each poll's requests."""
    requests = []
    for _ in range(int(seconds // interval)):
        simulator.reset_counters()
        await poll(hass, freezer, sim_clock, seconds=interval)
        requests.append(Counter(cgi_requests(simulator)))
    return requests


async def test_configuration_is_read_by_time(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    """State at every poll; configuration once per 5 minutes, spread over the polls.

    No re-login. 10 configuration groups at 30 s polls: 1 per poll.
    """
    interval, per_poll = 30, 1
    await setup_entry(hass, mock_config_entry)
    window = CONFIG_READ_INTERVAL.total_seconds()
    first = await _polls_over(hass, freezer, sim_clock, simulator, window - 1, interval)
    assert all(requests == STATE_PATHS for requests in first)

    second = await _polls_over(hass, freezer, sim_clock, simulator, window, interval)
    assert all(requests - Counter(CONFIG_PATHS) == STATE_PATHS for requests in second)
    assert max((requests - Counter(STATE_PATHS)).total() for requests in second) == (
        per_poll
    )
    assert sum(second, Counter()) - Counter(
        dict.fromkeys(STATE_PATHS, len(second))
    ) == Counter(CONFIG_PATHS)


@pytest.mark.usefixtures("all_entities_enabled")
async def test_poll_follows_the_camera(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """A change made on the camera shows after the next poll of its group."""
    simulator.state.relay_closed = True
    simulator.state.image.brightness = 10
    await poll(hass, freezer, sim_clock)
    assert state_of(hass, "switch.mc400l_relay") == "on"
    # configuration is read once per CONFIG_READ_INTERVAL
    assert state_of(hass, "number.mc400l_brightness") == "128"
    await _polls_over(
        hass, freezer, sim_clock, simulator, CONFIG_READ_INTERVAL.total_seconds()
    )
    assert state_of(hass, "number.mc400l_brightness") == "10"


async def _poll_after_disabling(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sim_clock: ManualClock,
    simulator: Simulator,
    entity_registry: er.EntityRegistry,
    entity_id: str,
) -> None:
    """Disable `entity_id` as a user does; then count the requests of one poll."""
    entity_registry.async_update_entity(
        entity_id, disabled_by=er.RegistryEntryDisabler.USER
    )
    await hass.async_block_till_done()
    simulator.reset_counters()
    await poll(hass, freezer, sim_clock)


async def test_disabled_entity_costs_no_request(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Disabling the only entity of a group stops its polling."""
    await _poll_after_disabling(
        hass, freezer, sim_clock, simulator, entity_registry, "switch.mc400l_relay"
    )
    assert "/cgi-bin/getRelayStatus" not in cgi_requests(simulator)
    assert cgi_requests(simulator)["/cgi-bin/getDevState"] == 1


async def test_group_polled_while_one_of_its_entities_is_enabled(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Both lights show 3.36: it is polled until the second of them is disabled."""
    await _poll_after_disabling(
        hass,
        freezer,
        sim_clock,
        simulator,
        entity_registry,
        "light.mc400l_infrared_lamp",
    )
    assert cgi_requests(simulator)["/cgi-bin/set_led"] == 1

    await _poll_after_disabling(
        hass, freezer, sim_clock, simulator, entity_registry, "light.mc400l_white_light"
    )
    assert "/cgi-bin/set_led" not in cgi_requests(simulator)
    assert cgi_requests(simulator)["/cgi-bin/getRelayStatus"] == 1


async def test_enabled_entity_is_read_at_once(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """An entity enabled later is read when it is added, then polled."""
    entity_registry.async_update_entity("switch.mc400l_rtmp_push", disabled_by=None)
    await hass.async_block_till_done()
    # the registry reloads the entry a while after an entity is enabled
    await poll(hass, freezer, sim_clock, seconds=31)
    assert state_of(hass, "switch.mc400l_rtmp_push") == "off"
    simulator.state.rtmp.enabled = True
    await _polls_over(
        hass, freezer, sim_clock, simulator, 2 * CONFIG_READ_INTERVAL.total_seconds()
    )
    assert state_of(hass, "switch.mc400l_rtmp_push") == "on"


async def test_offline_and_recovery(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Offline: every entity unavailable, one log line; back: available, one line."""
    assert STATE_UNAVAILABLE not in _states(hass, init_integration).values()
    caplog.clear()
    caplog.set_level(logging.INFO, logger="custom_components.ipc_cgi")
    simulator.set_offline(True)
    for _ in range(3):
        await poll(hass, freezer, sim_clock)
    assert set(_states(hass, init_integration).values()) == {STATE_UNAVAILABLE}
    assert state_of(hass, "camera.mc400l") == STATE_UNAVAILABLE
    assert _problems(caplog) == [
        "Error fetching MC400L data: Could not connect to the camera"
    ]
    assert "123456" not in caplog.text

    caplog.clear()
    simulator.set_offline(False)
    await poll(hass, freezer, sim_clock)
    await poll(hass, freezer, sim_clock)
    assert STATE_UNAVAILABLE not in _states(hass, init_integration).values()
    assert [r.message for r in caplog.records if "recovered" in r.message]
    assert not _problems(caplog)


async def test_auth_failure_starts_reauth(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """A password changed on the camera makes the poll start a reauthentication."""
    simulator.state.users["admin"].password = "changed"
    simulator.expire_uids()
    await poll(hass, freezer, sim_clock)
    flows = hass.config_entries.flow.async_progress()
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert flows[0]["context"]["entry_id"] == init_integration.entry_id
    assert state_of(hass, "switch.mc400l_relay") == STATE_UNAVAILABLE


async def test_one_failing_endpoint(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A fault of one endpoint makes only its entities unavailable, logged once."""
    simulator.state.relay_faulty = True  # 3.43: `Get status(0) fail`
    caplog.clear()
    await poll(hass, freezer, sim_clock)
    await poll(hass, freezer, sim_clock)
    states = _states(hass, init_integration)
    assert states.pop("switch.mc400l_relay") == STATE_UNAVAILABLE
    assert STATE_UNAVAILABLE not in states.values()
    assert _problems(caplog) == [
        "MC400L: reading relay failed: /cgi-bin/getRelayStatus: Get status(0) fail"
    ]

    simulator.state.relay_faulty = False
    await poll(hass, freezer, sim_clock)
    assert state_of(hass, "switch.mc400l_relay") == "off"


async def test_failure_while_reading_new_groups(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    """If the camera goes away while the entities' groups are first read, the next poll reads them.

    The first group without an answer ends the reading: entities of platforms
    added later do not try the camera again before that poll.
    """
    first_refresh: Any = IpcCgiCoordinator.async_config_entry_first_refresh
    online: Counter[str] = Counter()

    async def refresh_then_go_offline(coordinator: IpcCgiCoordinator) -> None:
        await first_refresh(coordinator)
        online.update(cgi_requests(simulator))
        simulator.set_offline(True)

    with patch.object(
        IpcCgiCoordinator,
        "async_config_entry_first_refresh",
        refresh_then_go_offline,
    ):
        await setup_entry(hass, mock_config_entry)
    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert state_of(hass, "switch.mc400l_motion_detection") == STATE_UNAVAILABLE
    offline = cgi_requests(simulator) - online
    # One group tried (and the client's one retry), getinfo asked whether the
    # camera answers; the clock check's read is the only other request.
    del offline["/cgi-bin/getinfo"], offline["/cgi-bin/time"]
    assert len(offline) == 1, offline

    simulator.set_offline(False)
    await poll(hass, freezer, sim_clock)
    assert STATE_UNAVAILABLE not in _states(hass, mock_config_entry).values()


async def test_endpoint_gone_after_it_was_read(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """HTTP 404 from an endpoint read before is a failure, not missing firmware: it is read again."""
    simulator.fault_endpoint("/cgi-bin/getRelayStatus", EndpointFault.NOT_FOUND)
    caplog.clear()
    await poll(hass, freezer, sim_clock)
    await poll(hass, freezer, sim_clock)
    assert state_of(hass, "switch.mc400l_relay") == STATE_UNAVAILABLE
    assert _problems(caplog) == [
        "MC400L: reading relay failed: /cgi-bin/getRelayStatus: HTTP 404"
    ]

    simulator.fault_endpoint("/cgi-bin/getRelayStatus", None)
    await poll(hass, freezer, sim_clock)
    assert state_of(hass, "switch.mc400l_relay") == "off"


async def test_setter_reply_wins_over_a_stale_poll(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """A command answered while a poll runs is not overwritten by the poll's older read."""
    coordinator = init_integration.runtime_data.coordinator

    async def relay_read_then_switched(client: IpcCgiClient) -> bool:
        # Fake the race the simulator cannot time: the poll reads the relay
        # (open), then a command closes it before the poll ends.
        stale = await client.get_relay()
        coordinator.async_apply(PollGroup.RELAY, await client.set_relay(True))
        return stale

    with patch.dict(READERS, {PollGroup.RELAY: relay_read_then_switched}):
        await poll(hass, freezer, sim_clock)
    assert simulator.state.relay_closed
    assert state_of(hass, "switch.mc400l_relay") == "on"


def test_each_poll_group_has_its_typed_group() -> None:
    """`Groups` has one typed group per poll group, which reads that group's reply."""
    groups = [
        *(group for group in vars(Groups).values() if isinstance(group, Group)),
        *Groups.USER_OSD,
    ]
    assert sorted(group.poll_group for group in groups) == sorted(PollGroup)
    for group in groups:
        reply = object()
        assert group.read(CameraData().replaced({group.poll_group: reply})) is reply


def test_short_reply_keeps_known_values() -> None:
    """A set reply that leaves fields out keeps the values read before."""
    old = WdrConfig(enabled=True, level=53)
    assert _merge(old, WdrConfig(enabled=False, level=None)) == WdrConfig(False, 53)  # type: ignore[arg-type]
    assert _merge(old, True) is True
    assert _merge(None, old) is old


async def test_default_entities_and_requests_per_poll(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """The closing note's numbers: default entities per platform, requests per poll."""
    entries = er.async_entries_for_config_entry(
        entity_registry, init_integration.entry_id
    )
    prefix = f"{init_integration.unique_id}_"
    assert {
        entry.unique_id.removeprefix(prefix): entry.domain
        for entry in entries
        if not entry.disabled
    } == {
        "reboot": "button",
        **{
            f"ptz_{move}": "button"
            for move in ("left", "right", "up", "down", "zoom_in", "zoom_out", "stop")
        },
        "camera": "camera",
        "infrared_lamp": "light",
        "white_light": "light",
        "motion_sensitivity": "number",
        "ir_cut_mode": "select",
        "lamp_mode": "select",
        "clock_drift": "sensor",
        "firmware_upgrade": "sensor",
        "sd_card": "sensor",
        "uptime": "sensor",
        "relay": "switch",
        "motion_detection": "switch",
        "audio": "switch",
        "schedule_recording": "switch",
        "event_recording": "switch",
        "privacy_mode": "switch",
        "motion": "binary_sensor",
        "motion_event": "event",
    }
    enabled = Counter(entry.domain for entry in entries if not entry.disabled)
    # The simulated camera has PTZ and audio; each needs its capability.
    assert enabled == {
        "binary_sensor": 1,
        "event": 1,
        "button": 8,
        "camera": 1,
        "light": 2,
        "number": 1,
        "select": 2,
        "sensor": 4,
        "switch": 6,
    }
    assert enabled.total() == 26
    assert Counter(entry.domain for entry in entries).total() == 70

    simulator.reset_counters()
    await poll(hass, freezer, sim_clock)
    assert cgi_requests(simulator).total() == 3
    assert cgi_requests(simulator) == STATE_PATHS  # no login, no configuration
    # The 5 minutes from the first configuration read on (polls at 300 ... 570 s
    # after setup): 3 state reads each, and 10 configuration reads in all,
    # 3 + 10/10 = 4 requests per poll.
    polls = await _polls_over(
        hass, freezer, sim_clock, simulator, 2 * CONFIG_READ_INTERVAL.total_seconds()
    )
    assert sum(polls[9:19], Counter()).total() == 3 * 10 + 10


async def test_one_missed_poll_is_not_an_outage(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A single failed poll keeps every entity available and logs nothing above DEBUG.

    The camera answers the next poll: nothing happened for the user.
    """
    caplog.clear()
    simulator.set_offline(True)
    await poll(hass, freezer, sim_clock)
    simulator.set_offline(False)
    assert STATE_UNAVAILABLE not in _states(hass, init_integration).values()
    assert not _problems(caplog)
    await poll(hass, freezer, sim_clock)
    assert init_integration.runtime_data.coordinator.last_update_success

    # A miss, an answer, a miss: still never two in a row.
    simulator.set_offline(True)
    await poll(hass, freezer, sim_clock)
    assert STATE_UNAVAILABLE not in _states(hass, init_integration).values()
    await poll(hass, freezer, sim_clock)  # the second in a row
    assert set(_states(hass, init_integration).values()) == {STATE_UNAVAILABLE}
    assert len(_problems(caplog)) == 1


async def test_state_written_only_when_it_changes(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """A poll whose values are unchanged writes no state; a change writes that entity only.

    Every poll's device state differs (the camera's clock and uptime move),
    but not what its entities show: the SD card, the boot time beyond its
    jitter, the clock's drift.
    """
    ours = {
        entry.entity_id
        for entry in er.async_entries_for_config_entry(
            entity_registry, init_integration.entry_id
        )
    }
    written: list[str] = []

    @callback
    def ours_only(event_data: Any) -> bool:
        return bool(event_data["entity_id"] in ours)

    @callback
    def record(event: Event[Any]) -> None:
        written.append(event.data["entity_id"])

    @callback
    def record_reported(event: Event[Any]) -> None:
        reported.append(event.data["entity_id"])

    reported: list[str] = []
    hass.bus.async_listen(EVENT_STATE_CHANGED, record, event_filter=ours_only)
    hass.bus.async_listen(EVENT_STATE_REPORTED, record_reported, event_filter=ours_only)
    for camera_seconds in (30, 31, 29):  # the camera's clock ticks, with jitter
        await poll(hass, freezer, sim_clock, camera_seconds=camera_seconds)
    assert written == []
    assert reported == []

    simulator.state.relay_closed = True
    await poll(hass, freezer, sim_clock)
    assert written == ["switch.mc400l_relay"]

    async def written_by_a_poll() -> list[str]:
        written.clear()
        await poll(hass, freezer, sim_clock)
        return written

    sd_card, last_restart, clock_drift = DEVICE_STATE_ENTITIES
    simulator.state.sd_cards[0] = 2
    assert await written_by_a_poll() == [sd_card]
    simulator.reboot()
    assert await written_by_a_poll() == [last_restart]
    simulator.state.time.offset_seconds = 3.0  # less than the clock check corrects
    assert await written_by_a_poll() == [clock_drift]
    assert state_of(hass, clock_drift) == "3"


async def test_poll_looks_only_at_entities_whose_values_changed(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """An entity whose poll groups kept what it shows is not even looked at.

    Not the device state's entities either, though 3.25's clock and uptime
    change every poll.
    """
    looked: list[str] = []
    write = IpcCgiEntity.async_write_ha_state

    def spy(entity: IpcCgiEntity) -> None:
        looked.append(str(entity.entity_id))
        write(entity)

    with patch.object(IpcCgiEntity, "async_write_ha_state", spy):
        await poll(hass, freezer, sim_clock)
        assert looked == []

        simulator.state.relay_closed = True
        await poll(hass, freezer, sim_clock)
        assert looked == ["switch.mc400l_relay"]

        # The camera stops answering: every entity is looked at (unavailable).
        looked.clear()
        simulator.set_offline(True)
        await poll(hass, freezer, sim_clock)
        await poll(hass, freezer, sim_clock)
        ours = _states(hass, init_integration)
        assert set(ours.values()) == {STATE_UNAVAILABLE}
        assert set(ours) <= set(looked)


async def test_reply_stored_outside_the_polls_counts_as_a_change(
    init_integration: MockConfigEntry,
) -> None:
    """A reply stored by a setter or the clock check makes its entities look, even if equal.

    What they show may come from its sender too: the clock check's drift.
    """
    coordinator = init_integration.runtime_data.coordinator
    time_key = coordinator.change_key([PollGroup.TIME])
    relay_key = coordinator.change_key([PollGroup.RELAY])
    coordinator.async_apply(PollGroup.TIME, coordinator.data.time)
    assert coordinator.change_key([PollGroup.TIME]) != time_key
    assert coordinator.change_key([PollGroup.RELAY]) == relay_key


async def test_entity_added_after_setup_gets_its_group_read(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """An entity added again after setup (a new entity id) reads its unread group at once, not at the next poll."""
    simulator.faults.inject("http_500", None, path="/cgi-bin/motion")
    await setup_entry(hass, mock_config_entry)
    assert state_of(hass, "switch.mc400l_motion_detection") == STATE_UNAVAILABLE
    simulator.faults.clear()
    reads = cgi_requests(simulator)["/cgi-bin/motion"]

    entity_registry.async_update_entity(
        "switch.mc400l_motion_detection", new_entity_id="switch.yard_motion"
    )
    await hass.async_block_till_done()
    assert cgi_requests(simulator)["/cgi-bin/motion"] == reads + 1
    assert state_of(hass, "switch.yard_motion") == "on"


async def _update_entity(hass: HomeAssistant, entity_id: str) -> None:
    """Ask for `entity_id`'s update as an automation does."""
    assert await async_setup_component(hass, "homeassistant", {})
    await hass.services.async_call(
        "homeassistant", "update_entity", {"entity_id": entity_id}, blocking=True
    )
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_update_entity_polls_with_polling_off(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    """With the entry's polling off nothing is read; `homeassistant.update_entity` polls once.

    The poll reads the state groups: the settings read at setup are not due.
    """
    await setup_entry(hass, mock_config_entry, pref_disable_polling=True)
    simulator.reset_counters()
    await poll(hass, freezer, sim_clock)
    assert not cgi_requests(simulator)

    simulator.state.relay_closed = True
    await _update_entity(hass, "switch.mc400l_relay")
    assert cgi_requests(simulator) == STATE_PATHS
    assert state_of(hass, "switch.mc400l_relay") == "on"


async def test_settings_are_read_on_their_own_schedule(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    """The settings are read once per 5 minutes, whatever asks for the polls.

    With polling off and an update every 10 minutes, each update reads them
    all; one asked for 30 s later reads only the state.
    """
    await setup_entry(hass, mock_config_entry, pref_disable_polling=True)
    simulator.state.motion.enabled = False
    for _ in range(20):  # 10 minutes
        await poll(hass, freezer, sim_clock)
    # setup's reads, no poll
    assert cgi_requests(simulator) == SETUP_PATHS | STATE_PATHS | CONFIG_PATHS
    simulator.reset_counters()
    await _update_entity(hass, "switch.mc400l_relay")
    # the uid expired meanwhile (3.39: 60 s): one login
    assert cgi_requests(simulator) == STATE_PATHS | CONFIG_PATHS | {
        "/cgi-bin/getuid": 1
    }
    assert state_of(hass, "switch.mc400l_motion_detection") == "off"

    simulator.reset_counters()
    await poll(hass, freezer, sim_clock)
    await _update_entity(hass, "switch.mc400l_motion_detection")
    assert cgi_requests(simulator) == STATE_PATHS
