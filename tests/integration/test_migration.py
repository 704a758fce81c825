"""Config entry migration: entries of earlier releases lose the entities and options now gone."""

from __future__ import annotations

import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from custom_components.ipc_cgi.config_flow import IpcCgiConfigFlow
from custom_components.ipc_cgi.const import CONF_STREAM, DOMAIN, STREAM_SUB
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_SCAN_INTERVAL, STATE_OFF, Platform
from homeassistant.core import HomeAssistant
import homeassistant.helpers.device_registry as dr
import homeassistant.helpers.entity_registry as er
from ipc_simulator import Simulator

from .conftest import entry_data, state_of

# What releases before 1.2 registered and later ones do not have.
REMOVED = {
    (Platform.SWITCH, "infrared_lamp"): "switch.mc400l_infrared_lamp",
    (Platform.SWITCH, "white_light"): "switch.mc400l_white_light",
    (Platform.NUMBER, "led_brightness"): "number.mc400l_light_brightness",
    (Platform.SWITCH, "onvif_authentication"): "switch.mc400l_onvif_authentication",
    (Platform.SWITCH, "rtsp_authentication"): "switch.mc400l_rtsp_authentication",
}
# What they had and later releases still have.
KEPT = {
    (Platform.NUMBER, "lamp_brightness"): "number.mc400l_lamp_brightness",
    (Platform.SELECT, "lamp_mode"): "select.mc400l_lamp_mode",
    (Platform.SWITCH, "relay"): "switch.mc400l_relay",
}


def _entry(
    simulator: Simulator,
    minor_version: int,
    version: int = 1,
    options: dict[str, object] | None = None,
) -> MockConfigEntry:
    """Return an entry for the simulator as a release of `version`.`minor_version` wrote it."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="MC400L",
        data=entry_data(simulator),
        options=options or {},
        unique_id=dr.format_mac(simulator.state.device.mac),
        version=version,
        minor_version=minor_version,
    )


def _register(
    registry: er.EntityRegistry,
    entry: MockConfigEntry,
    entities: dict[tuple[Platform, str], str],
) -> None:
    """Register `entities` of `entry` as an earlier release did."""
    for (domain, key), entity_id in entities.items():
        registered = registry.async_get_or_create(
            domain,
            DOMAIN,
            f"{entry.unique_id}_{key}",
            config_entry=entry,
            suggested_object_id=entity_id.split(".")[1],
        )
        assert registered.entity_id == entity_id


async def test_migration_removes_what_later_releases_lack(
    hass: HomeAssistant, simulator: Simulator, entity_registry: er.EntityRegistry
) -> None:
    """A 1.1 entry loses the lamp switches, the brightness number and the authentication switches.

    The others keep their unique ID and entity ID; another camera's keep theirs.
    The lights and the authentication binary sensors take their place.
    """
    simulator.state.rtsp_auth = True
    entry = _entry(simulator, minor_version=1)
    entry.add_to_hass(hass)
    _register(entity_registry, entry, REMOVED | KEPT)
    other_camera = entity_registry.async_get_or_create(
        Platform.SWITCH, DOMAIN, "aa:bb:cc:dd:ee:ff_rtsp_authentication"
    )

    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    assert entry.state is ConfigEntryState.LOADED
    assert (entry.version, entry.minor_version) == (
        IpcCgiConfigFlow.VERSION,
        IpcCgiConfigFlow.MINOR_VERSION,
    )

    def entity_id_of(domain: str, key: str) -> str | None:
        return entity_registry.async_get_entity_id(
            domain, DOMAIN, f"{entry.unique_id}_{key}"
        )

    for domain, key in REMOVED:
        assert entity_id_of(domain, key) is None, key
    assert hass.states.get("switch.mc400l_rtsp_authentication") is None
    for (domain, key), entity_id in KEPT.items():
        assert entity_id_of(domain, key) == entity_id
    assert entity_registry.async_get(other_camera.entity_id) is not None
    assert entity_id_of(Platform.LIGHT, "white_light") == "light.mc400l_white_light"
    assert state_of(hass, "light.mc400l_white_light") == STATE_OFF
    assert (
        entity_id_of(Platform.BINARY_SENSOR, "rtsp_authentication")
        == "binary_sensor.mc400l_rtsp_authentication"
    )


@pytest.mark.parametrize("minor_version", [2, 3, 4])
async def test_no_entity_removed_from_current_entries(
    hass: HomeAssistant,
    simulator: Simulator,
    entity_registry: er.EntityRegistry,
    minor_version: int,
) -> None:
    """An entry of 1.2 or later (a release downgraded to) keeps its entities; 1.2 becomes 1.3."""
    entry = _entry(simulator, minor_version=minor_version)
    entry.add_to_hass(hass)
    _register(entity_registry, entry, REMOVED)

    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    assert entry.state is ConfigEntryState.LOADED
    assert entry.minor_version == max(minor_version, 3)
    for (domain, key), entity_id in REMOVED.items():
        assert (
            entity_registry.async_get_entity_id(
                domain, DOMAIN, f"{entry.unique_id}_{key}"
            )
            == entity_id
        )


async def test_migration_drops_the_poll_interval(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """A 1.2 entry loses its poll interval option (now the integration's); other options stay."""
    entry = _entry(
        simulator,
        minor_version=2,
        options={CONF_SCAN_INTERVAL: 120, CONF_STREAM: STREAM_SUB},
    )
    entry.add_to_hass(hass)

    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    assert entry.state is ConfigEntryState.LOADED
    assert (entry.version, entry.minor_version) == (1, 3)
    assert entry.options == {CONF_STREAM: STREAM_SUB}
    assert entry.runtime_data.coordinator.update_interval.total_seconds() == 30


async def test_entry_of_a_later_major_version(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """An entry a later major release wrote is not set up: its format is unknown here."""
    entry = _entry(simulator, minor_version=1, version=2)
    entry.add_to_hass(hass)

    assert not await hass.config_entries.async_setup(entry.entry_id)

    assert entry.state is ConfigEntryState.MIGRATION_ERROR
    assert not simulator.counters
