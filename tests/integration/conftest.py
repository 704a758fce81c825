"""Fixtures and helpers for the integration's tests, against the running simulator."""

from __future__ import annotations

from collections import Counter
from collections.abc import Generator
from datetime import timedelta
from typing import Any
from unittest.mock import PropertyMock, patch

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.ipc_cgi.binary_sensor import (
    AUTHENTICATION_SENSORS,
    BINARY_SENSORS,
    RECORDING_SENSORS,
)
from custom_components.ipc_cgi.button import BUTTONS
from custom_components.ipc_cgi.config_flow import IpcCgiConfigFlow
from custom_components.ipc_cgi.const import CONF_VERIFY_SSL, DOMAIN, UPDATE_INTERVAL
from custom_components.ipc_cgi.entity import IpcCgiEntityDescription
from custom_components.ipc_cgi.event import EVENTS, RECORDING_EVENT
from custom_components.ipc_cgi.light import LIGHTS
from custom_components.ipc_cgi.number import NUMBERS
from custom_components.ipc_cgi.ptz import PTZ_ACTIONS
from custom_components.ipc_cgi.select import SELECTS
from custom_components.ipc_cgi.sensor import SENSORS, UPGRADE_SENSORS
from custom_components.ipc_cgi.switch import PRIVACY_MODE, SWITCHES
from custom_components.ipc_cgi.text import TEXTS
from homeassistant.config_entries import SOURCE_USER, ConfigFlowResult
from homeassistant.const import (
    ATTR_DEVICE_ID,
    ATTR_ENTITY_ID,
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import homeassistant.helpers.device_registry as dr
import homeassistant.helpers.entity_registry as er
from ipc_simulator import ManualClock, Simulator

# Every entity description of every platform, and the poll group of each key.
DESCRIPTIONS: tuple[IpcCgiEntityDescription, ...] = (
    *LIGHTS,
    *SWITCHES,
    *NUMBERS,
    *SELECTS,
    *SENSORS,
    *UPGRADE_SENSORS,
    *TEXTS,
    *BUTTONS,
    *BINARY_SENSORS,
    *AUTHENTICATION_SENSORS,
    *EVENTS,
    PRIVACY_MODE,
)
# The poll group of each key; the motion entities' in the recordings fallback.
GROUP_OF_KEY = {
    description.key: description.group and description.group.poll_group
    for description in (*DESCRIPTIONS, *RECORDING_SENSORS, RECORDING_EVENT)
}

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


async def start_user_flow(hass: HomeAssistant, choice: str) -> ConfigFlowResult:
    """Start adding a camera and pick `choice` of the first menu ("manual", "search")."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["manual", "search"]
    return await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": choice}
    )


@pytest.fixture
def mock_config_entry(simulator: Simulator) -> MockConfigEntry:
    """Return a config entry for the running simulator (not yet added to hass).

    Of the version the config flow creates now.
    """
    return MockConfigEntry(
        domain=DOMAIN,
        version=IpcCgiConfigFlow.VERSION,
        minor_version=IpcCgiConfigFlow.MINOR_VERSION,
        title=simulator.state.device.model,
        data=entry_data(simulator),
        unique_id=dr.format_mac(simulator.state.device.mac),
    )


async def setup_entry(
    hass: HomeAssistant, entry: MockConfigEntry, **changes: Any
) -> None:
    """Add `entry` with `changes` (data=..., options=...) to hass and set it up.

    Returns once setup's background work is done too (the clock check).
    """
    entry.add_to_hass(hass)
    if changes:
        hass.config_entries.async_update_entry(entry, **changes)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)


@pytest.fixture
async def init_integration(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> MockConfigEntry:
    """Set up the integration for the simulator and return its entry."""
    await setup_entry(hass, mock_config_entry)
    return mock_config_entry


@pytest.fixture
def all_entities_enabled() -> Generator[None]:
    """Create every entity enabled, also those disabled by default."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        new_callable=PropertyMock,
        return_value=True,
    ):
        yield


async def poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sim_clock: ManualClock,
    seconds: float = UPDATE_INTERVAL.total_seconds(),
    camera_seconds: float | None = None,
) -> None:
    """Let `seconds` pass for Home Assistant and the camera, and run the due poll.

    `camera_seconds` lets the camera's clock move by another amount.
    """
    freezer.tick(timedelta(seconds=seconds))
    sim_clock.advance(seconds if camera_seconds is None else camera_seconds)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


def cgi_requests(sim: Simulator) -> Counter[str]:
    """Return the simulator's requests per path but the ONVIF events' (camera_events.py)."""
    return Counter(
        {path: n for path, n in sim.counters.items() if not path.startswith("/onvif/")}
    )


def camera_of(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, str]:
    """Return the action data that names `entry`'s camera: its device."""
    (device,) = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    return {ATTR_DEVICE_ID: device.id}


def camera_entity_of(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, str]:
    """Return the action data that targets `entry`'s camera entity."""
    entity_id = er.async_get(hass).async_get_entity_id(
        "camera", DOMAIN, f"{entry.unique_id}_camera"
    )
    assert entity_id is not None
    return {ATTR_ENTITY_ID: entity_id}


def target_of(
    hass: HomeAssistant, entry: MockConfigEntry, service: str
) -> dict[str, str]:
    """Return the data naming `entry`'s camera for `service`: a PTZ action's entity, else the device."""
    if service in PTZ_ACTIONS:
        return camera_entity_of(hass, entry)
    return camera_of(hass, entry)


def state_of(hass: HomeAssistant, entity_id: str) -> str:
    """Return the state of `entity_id`, which must exist."""
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state
