"""Motion and the alarm input from the camera's ONVIF events (camera_events.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Generator
import logging
from typing import Final
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from custom_components.ipc_cgi.const import DOMAIN
from custom_components.ipc_cgi.diagnostics import async_get_config_entry_diagnostics
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import EVENT_HOMEASSISTANT_STOP, STATE_UNAVAILABLE
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
import homeassistant.helpers.entity_registry as er
from homeassistant.helpers.event import async_track_state_change_event
from ipc_simulator import FaultKind, ManualClock, OnvifQuirk, Simulator

from .conftest import poll, setup_entry, state_of

MOTION: Final = "binary_sensor.mc400l_motion"
ALARM_INPUT: Final = "binary_sensor.mc400l_alarm_input"
EVENT: Final = "event.mc400l_motion_event"
RELAY: Final = "switch.mc400l_relay"
EVENTS_PATH: Final = "/onvif/event_service"
SUBSCRIPTION: Final = "/onvif/subscription/"
DEVICE_PATH: Final = "/onvif/device_service"


@pytest.fixture(autouse=True)
def no_pause() -> Generator[None]:
    """Pull again at once (the pause between pulls is for the camera's sake)."""
    with patch("custom_components.ipc_cgi.camera_events.PULL_PAUSE", 0):
        yield


async def wait_state(hass: HomeAssistant, entity_id: str, expected: str) -> None:
    """Return once `entity_id` shows `expected` (it may already)."""
    reached = asyncio.Event()

    @callback
    def check(_: Event[EventStateChangedData] | None = None) -> None:
        state = hass.states.get(entity_id)
        if state is not None and state.state == expected:
            reached.set()

    unsubscribe = async_track_state_change_event(hass, entity_id, check)
    check()
    try:
        async with asyncio.timeout(5):
            await reached.wait()
    finally:
        unsubscribe()


def _enable(entity_registry: er.EntityRegistry, entry: MockConfigEntry) -> None:
    """Enable the alarm input sensor before setup (disabled by default)."""
    entity_registry.async_get_or_create(
        "binary_sensor",
        DOMAIN,
        f"{entry.unique_id}_alarm_input",
        config_entry=entry,
        suggested_object_id="mc400l_alarm_input",
        disabled_by=None,
    )


@pytest.fixture
async def onvif_entry(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> MockConfigEntry:
    """Set the camera up with the alarm input sensor enabled; the initial state read."""
    mock_config_entry.add_to_hass(hass)
    _enable(entity_registry, mock_config_entry)
    await setup_entry(hass, mock_config_entry)
    await wait_state(hass, MOTION, "off")
    return mock_config_entry


@pytest.mark.parametrize("onvif_auth", [True, False])
async def test_motion_on_and_off(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    onvif_auth: bool,
) -> None:
    """Enabled by default; on when the camera says motion, off when it says it ended.

    Signed unless 3.41 is known to be off (not read by default): a camera
    with ONVIF authentication off takes signed requests too.
    """
    simulator.state.onvif_auth = onvif_auth
    await setup_entry(hass, mock_config_entry)
    registered = entity_registry.async_get(MOTION)
    assert registered is not None
    assert registered.disabled_by is None
    await wait_state(hass, MOTION, "off")
    assert state_of(hass, EVENT) == "unknown"  # the initial state fires nothing
    assert simulator.counters[DEVICE_PATH] == 1  # the camera's clock, once

    simulator.detect_motion(5)
    await wait_state(hass, MOTION, "on")
    event = hass.states.get(EVENT)
    assert event is not None
    assert event.attributes["event_type"] == "motion"
    simulator.onvif.set_motion(False)
    await wait_state(hass, MOTION, "off")


async def test_alarm_input(
    hass: HomeAssistant, simulator: Simulator, onvif_entry: MockConfigEntry
) -> None:
    """The alarm input is its own sensor, never motion; the event entity fires `alarm`."""
    simulator.trigger_alarm_input(60)
    await wait_state(hass, ALARM_INPUT, "on")
    assert state_of(hass, MOTION) == "off"
    event = hass.states.get(EVENT)
    assert event is not None
    assert event.attributes["event_type"] == "alarm"
    simulator.onvif.set_digital_input(False)
    await wait_state(hass, ALARM_INPUT, "off")


async def test_numeric_bools(
    hass: HomeAssistant, simulator: Simulator, onvif_entry: MockConfigEntry
) -> None:
    """Firmware that sends 1 and 0: motion all the same."""
    simulator.fault_endpoint(SUBSCRIPTION, OnvifQuirk.NUMERIC_BOOLS)
    simulator.detect_motion(5)
    await wait_state(hass, MOTION, "on")


async def test_no_pullpoint_falls_back(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """No PullPoint: the recordings, said in one log line and in the diagnostics."""
    simulator.fault_endpoint(EVENTS_PATH, OnvifQuirk.NO_PULLPOINT)
    with caplog.at_level(logging.INFO):
        await setup_entry(hass, mock_config_entry)
    lines = [
        record.getMessage()
        for record in caplog.records
        if "ONVIF" in record.getMessage()
    ]
    assert lines == [
        "MC400L: no ONVIF events (ONVIF CreatePullPointSubscription: Action Not "
        "Implemented (env:Receiver, ter:ActionNotSupported)); motion comes from "
        "the camera's recordings, found at each poll"
    ]
    registered = entity_registry.async_get(MOTION)
    assert registered is not None
    assert registered.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    diagnostics = await async_get_config_entry_diagnostics(hass, mock_config_entry)
    assert diagnostics["events"]["source"] == "recordings"
    assert "ActionNotSupported" in diagnostics["events"]["fallback_reason"]
    assert simulator.onvif.subscriptions == {}


async def test_diagnostics_onvif(
    hass: HomeAssistant, onvif_entry: MockConfigEntry
) -> None:
    """The diagnostics say where the events come from."""
    diagnostics = await async_get_config_entry_diagnostics(hass, onvif_entry)
    assert diagnostics["events"] == {
        "source": "onvif",
        "fallback_reason": None,
        "available": True,
        "subscriptions": 1,
        "lease_seconds": 600.0,
        "signed": True,
    }


async def test_short_lease_renewed(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    """A camera that grants 10 s: renewed at 8 s, the subscription lives on."""
    simulator.fault_endpoint(EVENTS_PATH, OnvifQuirk.SHORT_LEASE)
    await setup_entry(hass, mock_config_entry)
    await wait_state(hass, MOTION, "off")
    (subscription,) = simulator.onvif.subscriptions.values()
    for _ in range(3):  # 27 s: past the lease thrice
        freezer.tick(9)
        sim_clock.advance(9)
        simulator.detect_motion(1)  # wakes the pull: the renewal is due
        await wait_state(hass, MOTION, "on")
        simulator.onvif.set_motion(False)
        await wait_state(hass, MOTION, "off")
    assert list(simulator.onvif.subscriptions.values()) == [subscription]
    assert subscription.expires_at > sim_clock()


async def test_subscribes_again_after_a_restart(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    onvif_entry: MockConfigEntry,
) -> None:
    """A reboot forgets the subscription: subscribed anew within a poll of the camera's return."""
    simulator.reboot()
    await onvif_entry.runtime_data.events.retrying.wait()
    await poll(hass, freezer, sim_clock)  # the camera is back; the retry is due
    await wait_state(hass, MOTION, "off")
    assert list(simulator.onvif.subscriptions) == ["2"]
    simulator.detect_motion(5)
    await wait_state(hass, MOTION, "on")


async def test_forgotten_subscription(
    hass: HomeAssistant, simulator: Simulator, onvif_entry: MockConfigEntry
) -> None:
    """A subscription the camera forgot (a SOAP Fault): subscribed anew at once."""
    simulator.onvif.reset()
    simulator.detect_motion(5)  # queued nowhere: the new subscription's initial state
    await wait_state(hass, MOTION, "on")
    assert list(simulator.onvif.subscriptions) == ["2"]


async def test_huge_reply_only_events_suffer(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Pulls past the size cap: motion unavailable (one warning), every other entity as before."""
    simulator.fault_endpoint(SUBSCRIPTION, OnvifQuirk.HUGE)
    with caplog.at_level(logging.WARNING):
        await setup_entry(hass, mock_config_entry)
        events = mock_config_entry.runtime_data.events
        simulator.detect_motion(5)  # the pull answers: too large
        await events.retrying.wait()  # after the first failure
        await poll(hass, freezer, sim_clock)  # the second in a row
        await wait_state(hass, MOTION, STATE_UNAVAILABLE)
    assert state_of(hass, RELAY) == "off"
    assert [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith("custom_components")
    ] == ["MC400L: ONVIF events fail: /onvif/subscription/1: reply larger than 1 MiB"]
    await events.retrying.wait()
    simulator.fault_endpoint(SUBSCRIPTION, None)
    await poll(hass, freezer, sim_clock)
    await wait_state(hass, MOTION, "off")


async def test_unload_unsubscribes(
    hass: HomeAssistant, simulator: Simulator, onvif_entry: MockConfigEntry
) -> None:
    """Unload ends the subscription and the task; a reload subscribes again."""
    await hass.config_entries.async_reload(onvif_entry.entry_id)
    await hass.async_block_till_done()
    await wait_state(hass, MOTION, "off")
    assert list(simulator.onvif.subscriptions) == ["2"]
    assert await hass.config_entries.async_unload(onvif_entry.entry_id)
    assert onvif_entry.state is ConfigEntryState.NOT_LOADED
    assert simulator.onvif.subscriptions == {}
    assert not [
        task
        for task in asyncio.all_tasks()
        if task.get_name().startswith("ipc_cgi") and not task.done()
    ]


async def test_unsigned_once_authentication_is_known_off(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """3.41 read as off (its sensor enabled): the next subscription is not signed."""
    simulator.state.onvif_auth = False
    mock_config_entry.add_to_hass(hass)
    entity_registry.async_get_or_create(
        "binary_sensor",
        DOMAIN,
        f"{mock_config_entry.unique_id}_onvif_authentication",
        config_entry=mock_config_entry,
        suggested_object_id="mc400l_onvif_authentication",
        disabled_by=None,
    )
    await setup_entry(hass, mock_config_entry)
    await wait_state(hass, MOTION, "off")
    assert simulator.counters[DEVICE_PATH] == 1  # signed: 3.41 was not read yet
    assert state_of(hass, "binary_sensor.mc400l_onvif_authentication") == "off"
    simulator.onvif.reset()  # the camera forgets the subscription
    simulator.detect_motion(5)
    await wait_state(hass, MOTION, "on")
    assert list(simulator.onvif.subscriptions) == ["2"]
    assert simulator.counters[DEVICE_PATH] == 1  # no clock read: unsigned
    diagnostics = await async_get_config_entry_diagnostics(hass, mock_config_entry)
    assert diagnostics["events"]["signed"] is False


async def test_stop_unsubscribes(
    hass: HomeAssistant, simulator: Simulator, onvif_entry: MockConfigEntry
) -> None:
    """Home Assistant stopping ends the subscription too."""
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STOP)
    await hass.async_block_till_done()
    assert simulator.onvif.subscriptions == {}


async def test_synchronization_point_refused(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """A camera that fails SetSynchronizationPoint: the subscription's first pull has the state."""
    simulator.faults.inject(FaultKind.HTTP_500, 1, path=f"{SUBSCRIPTION}1")
    await setup_entry(hass, mock_config_entry)
    await wait_state(hass, MOTION, "off")
    simulator.detect_motion(5)
    await wait_state(hass, MOTION, "on")


async def test_subscription_refused_after_a_restart(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    onvif_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The camera forgot the subscription and refuses a new one: unavailable, then back."""
    simulator.fault_endpoint(EVENTS_PATH, OnvifQuirk.NO_PULLPOINT)
    events = onvif_entry.runtime_data.events
    simulator.onvif.reset()
    await events.retrying.wait()
    await poll(hass, freezer, sim_clock)  # refused again
    await wait_state(hass, MOTION, STATE_UNAVAILABLE)
    assert "ONVIF events fail: ONVIF CreatePullPointSubscription" in caplog.text
    await events.retrying.wait()
    simulator.fault_endpoint(EVENTS_PATH, None)
    await poll(hass, freezer, sim_clock)
    await wait_state(hass, MOTION, "off")
    assert "ONVIF events work again" in caplog.text
