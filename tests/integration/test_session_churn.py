"""A camera that refuses the sessions it hands out is unavailable, not a wrong password."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from ipc_simulator import ManualClock, Simulator
from ipc_simulator.faults import FaultKind

from .conftest import poll, setup_entry, state_of


async def test_churn_at_setup_is_retried(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, simulator: Simulator
) -> None:
    """Setup retries later; no reauthentication starts."""
    simulator.faults.inject(FaultKind.EXPIRE_UID, None)
    await setup_entry(hass, mock_config_entry)
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY
    assert hass.config_entries.flow.async_progress() == []


async def test_churn_while_polling_is_unavailable(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """Entities go unavailable and come back once the camera keeps sessions again."""
    simulator.faults.inject(FaultKind.EXPIRE_UID, None)
    await poll(hass, freezer, sim_clock)  # one miss is not an outage
    await poll(hass, freezer, sim_clock)
    assert state_of(hass, "switch.mc400l_relay") == STATE_UNAVAILABLE
    assert hass.config_entries.flow.async_progress() == []
    assert simulator.counters["/cgi-bin/getuid"] > 1

    simulator.faults.clear()
    await poll(hass, freezer, sim_clock)
    assert state_of(hass, "switch.mc400l_relay") == "off"
