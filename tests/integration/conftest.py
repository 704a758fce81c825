"""Fixtures for the integration's tests: a config entry for the running simulator."""

from __future__ import annotations

import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from custom_components.ipc_cgi.const import CONF_VERIFY_SSL, DOMAIN
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
)
from homeassistant.core import HomeAssistant
import homeassistant.helpers.device_registry as dr
from ipc_simulator import Simulator

PASSWORD = "123456"


def entry_data(sim: Simulator, password: str = PASSWORD) -> dict[str, object]:
    """Return the config entry data that reaches `sim`."""
    return {
        CONF_HOST: "127.0.0.1",
        CONF_PORT: sim.port,
        CONF_SSL: False,
        CONF_VERIFY_SSL: True,
        CONF_USERNAME: "admin",
        CONF_PASSWORD: password,
    }


@pytest.fixture
def mock_config_entry(simulator: Simulator) -> MockConfigEntry:
    """Return a config entry for the running simulator (not yet added to hass)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=simulator.state.device.model,
        data=entry_data(simulator),
        unique_id=dr.format_mac(simulator.state.device.mac),
    )


@pytest.fixture
async def init_integration(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> MockConfigEntry:
    """Set up the integration for the simulator and return its entry."""
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    return mock_config_entry
