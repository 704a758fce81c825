"""Polling: which requests a poll makes, failures, recovery and reauthentication."""

from __future__ import annotations

from collections import Counter
import logging
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from custom_components.ipc_cgi.const import CONFIG_POLL_EVERY, PollGroup
from custom_components.ipc_cgi.coordinator import READERS, _merge
from custom_components.ipc_cgi.ipccgi import IpcCgiClient, WdrConfig
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
import homeassistant.helpers.entity_registry as er
from ipc_simulator import ManualClock, Simulator
from ipc_simulator.faults import FaultKind

from .conftest import poll, setup_entry, state_of

# What a poll reads for the entities enabled by default: the state groups.
STATE_PATHS = {
    "/cgi-bin/getDevState": 1,
    "/cgi-bin/getRelayStatus": 1,
    "/cgi-bin/setBrightness_InfraredLamp": 1,
    "/cgi-bin/set_led": 1,
    "/cgi-bin/set_ircut": 1,
}
# ... and every CONFIG_POLL_EVERY-th poll the configuration groups too.
CONFIG_PATHS = {
    "/cgi-bin/image": 1,
    "/cgi-bin/set_wdr": 1,
    "/cgi-bin/set_flip": 1,
    "/cgi-bin/motion": 1,
    "/cgi-bin/audioencoder": 1,
    "/cgi-bin/osd": 1,
    "/cgi-bin/videoencoder": 1,
    "/cgi-bin/setScheduleStorage": 1,
    "/cgi-bin/setEventStorage": 1,
    "/cgi-bin/rtsp": 1,  # the camera entity: is RTSP authenticated
    "/cgi-bin/set_service_port": 1,  # the camera entity: the RTSP port
}
SETUP_PATHS = {
    "/cgi-bin/getuid": 1,
    "/cgi-bin/getinfo": 1,
    "/cgi-bin/getcapabilities": 1,
    "/cgi-bin/videoencoder/getcapabilities": 1,
    "/cgi-bin/audioencoder/getcapabilities": 1,
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
    """Return the states of the entry's entities, buttons and camera left out."""
    registry = er.async_get(hass)
    return {
        entity.entity_id: state_of(hass, entity.entity_id)
        for entity in er.async_entries_for_config_entry(registry, entry.entry_id)
        if not entity.disabled and entity.domain not in ("button", "camera")
    }


async def test_setup_reads_each_needed_endpoint_once(
    hass: HomeAssistant, simulator: Simulator, init_integration: MockConfigEntry
) -> None:
    """Setup logs in once and reads each endpoint an enabled entity shows, once."""
    assert simulator.counters == SETUP_PATHS | STATE_PATHS | CONFIG_PATHS
    # Disabled by default, so never requested: ONVIF auth, RTMP, user OSD, ...
    assert "/cgi-bin/onvif" not in simulator.counters
    assert "/cgi-bin/userosd" not in simulator.counters


async def test_poll_cycle_requests(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """A poll reads the state groups, every 10th also configuration; no re-login."""
    simulator.reset_counters()
    await poll(hass, freezer, sim_clock)
    assert simulator.counters == STATE_PATHS

    for _ in range(CONFIG_POLL_EVERY - 2):
        await poll(hass, freezer, sim_clock)
    assert simulator.counters == dict.fromkeys(STATE_PATHS, CONFIG_POLL_EVERY - 1)

    simulator.reset_counters()
    await poll(hass, freezer, sim_clock)
    assert simulator.counters == STATE_PATHS | CONFIG_PATHS


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
    # configuration is read every CONFIG_POLL_EVERY-th poll
    assert state_of(hass, "number.mc400l_brightness") == "128"
    for _ in range(CONFIG_POLL_EVERY - 1):
        await poll(hass, freezer, sim_clock)
    assert state_of(hass, "number.mc400l_brightness") == "10"


async def test_disabled_entity_costs_no_request(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Disabling the only entity of a group stops its polling."""
    entity_registry.async_update_entity(
        "switch.mc400l_relay", disabled_by=er.RegistryEntryDisabler.USER
    )
    await hass.async_block_till_done()
    simulator.reset_counters()
    await poll(hass, freezer, sim_clock)
    assert "/cgi-bin/getRelayStatus" not in simulator.counters
    assert simulator.counters["/cgi-bin/getDevState"] == 1


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
    for _ in range(CONFIG_POLL_EVERY):
        await poll(hass, freezer, sim_clock)
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
    """If the camera drops while the entities' groups are first read, the next poll reads them."""
    simulator.faults.inject(FaultKind.DROP, None, path="/cgi-bin/motion")
    await setup_entry(hass, mock_config_entry)
    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert state_of(hass, "switch.mc400l_motion_detection") == STATE_UNAVAILABLE

    simulator.faults.clear()
    await poll(hass, freezer, sim_clock)
    assert STATE_UNAVAILABLE not in _states(hass, mock_config_entry).values()


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
    enabled = Counter(entry.domain for entry in entries if not entry.disabled)
    # The simulated camera has PTZ and audio; each needs its capability.
    assert enabled == {
        "button": 9,
        "camera": 1,
        "number": 7,
        "select": 4,
        "sensor": 2,
        "switch": 11,
        "text": 1,
    }
    assert enabled.total() == 35
    assert Counter(entry.domain for entry in entries).total() == 64

    simulator.reset_counters()
    await poll(hass, freezer, sim_clock)
    assert simulator.counters.total() == 5
    assert simulator.counters == STATE_PATHS  # no login, no configuration
    for _ in range(CONFIG_POLL_EVERY - 2):
        await poll(hass, freezer, sim_clock)
    simulator.reset_counters()
    await poll(hass, freezer, sim_clock)
    assert simulator.counters.total() == 16
    assert simulator.counters == STATE_PATHS | CONFIG_PATHS
