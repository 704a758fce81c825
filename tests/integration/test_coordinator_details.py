"""The coordinator's details a mutation run found untested."""

from __future__ import annotations

from datetime import timedelta
import logging

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from custom_components.ipc_cgi.const import CONF_VERIFY_SSL, DOMAIN, UPDATE_INTERVAL
from custom_components.ipc_cgi.coordinator import IpcCgiCoordinator, create_client
from homeassistant.const import (
    CONF_SSL,
    CONF_USERNAME,
    EVENT_STATE_REPORTED,
    STATE_UNAVAILABLE,
)
from homeassistant.core import Event, EventStateReportedData, HomeAssistant, callback
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from ipc_simulator import ManualClock, Simulator

from .conftest import entry_data, poll, setup_entry, state_of

RELAY_FAILED = (
    "MC400L: reading relay failed: /cgi-bin/getRelayStatus: Get status(0) fail"
)


@pytest.mark.parametrize(("https", "verify_ssl"), [(True, False), (False, True)])
async def test_client_follows_the_entry(
    hass: HomeAssistant, simulator: Simulator, https: bool, verify_ssl: bool
) -> None:
    """The client uses the entry's account, HTTPS and certificate check."""
    data = entry_data(simulator) | {
        CONF_SSL: https,
        CONF_VERIFY_SSL: verify_ssl,
        CONF_USERNAME: "operator",
    }
    client = create_client(hass, data)
    assert (client.host, client.port) == ("127.0.0.1", simulator.port)
    assert client.username == "operator"
    assert (client.https, client.verify_ssl) == (https, verify_ssl)
    assert client.session is async_get_clientsession(hass, verify_ssl=verify_ssl)


async def test_poll_interval_is_the_integrations(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """The camera is polled every 30 s: less than the uid's 60 s lifetime (3.39)."""
    await setup_entry(hass, mock_config_entry)
    coordinator = mock_config_entry.runtime_data.coordinator
    assert coordinator.update_interval == timedelta(seconds=30)


async def test_unchanged_poll_writes_no_state(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """A poll that reads the same values does not write the entities' states again."""
    reported: list[Event[EventStateReportedData]] = []

    @callback
    def relay_only(data: EventStateReportedData) -> bool:
        return data["entity_id"] == "switch.mc400l_relay"

    @callback
    def record(event: Event[EventStateReportedData]) -> None:
        reported.append(event)

    hass.bus.async_listen(EVENT_STATE_REPORTED, record, event_filter=relay_only)

    async def poll_with_camera_clock_still() -> None:
        # The camera's time and uptime read the same as before.
        simulator.state.time.offset_seconds -= UPDATE_INTERVAL.total_seconds()
        await poll(hass, freezer, sim_clock, camera_seconds=0)

    simulator.reset_counters()
    await poll_with_camera_clock_still()
    assert simulator.counters["/cgi-bin/getRelayStatus"] == 1
    assert not reported
    simulator.state.relay_closed = True
    await poll_with_camera_clock_still()
    assert state_of(hass, "switch.mc400l_relay") == "on"


async def test_failure_after_recovery_is_logged_again(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An endpoint that fails, works, and fails again is reported each time it breaks."""
    caplog.set_level(logging.INFO, logger="custom_components.ipc_cgi")
    for _ in range(2):
        simulator.state.relay_faulty = True
        await poll(hass, freezer, sim_clock)
        await poll(hass, freezer, sim_clock)
        simulator.state.relay_faulty = False
        await poll(hass, freezer, sim_clock)
    messages = [record.getMessage() for record in caplog.records]
    assert messages.count(RELAY_FAILED) == 2
    assert messages.count("MC400L: reading relay works again") == 2


async def test_refused_password_is_reported_as_such(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """A poll refused for the password fails with the invalid_auth message."""
    simulator.state.users["admin"].password = "changed"
    simulator.expire_uids()
    await poll(hass, freezer, sim_clock)
    error = init_integration.runtime_data.coordinator.last_exception
    assert error is not None
    assert (error.translation_domain, error.translation_key) == (DOMAIN, "invalid_auth")


async def test_fault_on_the_first_read_is_read_again(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Only HTTP 404 marks an endpoint missing: a fault on the first read is retried."""
    simulator.state.relay_faulty = True  # 3.43: `Get status(0) fail`
    await setup_entry(hass, mock_config_entry)
    assert state_of(hass, "switch.mc400l_relay") == STATE_UNAVAILABLE
    simulator.state.relay_faulty = False
    simulator.state.relay_closed = True
    await poll(hass, freezer, sim_clock)
    assert state_of(hass, "switch.mc400l_relay") == "on"


async def test_coordinator_names_its_entry(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """Made outside the entry's setup too, the coordinator belongs to its entry."""
    mock_config_entry.add_to_hass(hass)
    client = create_client(hass, entry_data(simulator))
    coordinator = IpcCgiCoordinator(hass, mock_config_entry, client)
    assert coordinator.config_entry is mock_config_entry
    assert coordinator.name == mock_config_entry.title
