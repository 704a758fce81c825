"""All entities of a camera: registry entries and states, against the simulator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)
from syrupy.assertion import SnapshotAssertion

import custom_components.ipc_cgi
from custom_components.ipc_cgi.const import DOMAIN
from custom_components.ipc_cgi.entity import firmware_version
from custom_components.ipc_cgi.ipccgi import DeviceInfo
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
import homeassistant.helpers.device_registry as dr
from homeassistant.helpers.entity_platform import async_get_platforms
import homeassistant.helpers.entity_registry as er
from ipc_simulator import Simulator

from .conftest import setup_entry

pytestmark = pytest.mark.freeze_time("2026-11-25 12:00:00+00:00")
INTEGRATION = Path(custom_components.ipc_cgi.__file__).parent


# What the integration decides of a registry entry. Home Assistant adds fields
# of its own from release to release (2026.2: object_id_base), so the snapshot
# holds these only, and holds on every release CI tests.
REGISTRY_FIELDS = (
    "entity_id",
    "unique_id",
    "platform",
    "translation_key",
    "has_entity_name",
    "original_name",
    "original_icon",
    "original_device_class",
    "entity_category",
    "disabled_by",
    "hidden_by",
    "capabilities",
    "supported_features",
    "unit_of_measurement",
    "options",
)


def registry_fields(entry: er.RegistryEntry) -> dict[str, Any]:
    """Return the fields of a registry entry that the integration sets."""
    return {name: getattr(entry, name) for name in REGISTRY_FIELDS}


@pytest.mark.usefixtures("all_entities_enabled")
async def test_all_entities(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Every entity of the simulated camera, with its registry entry and state."""
    entries = sorted(
        er.async_entries_for_config_entry(entity_registry, init_integration.entry_id),
        key=lambda entry: entry.entity_id,
    )
    assert entries
    for entry in entries:
        if entry.domain == Platform.CAMERA:
            continue
        assert registry_fields(entry) == snapshot(name=f"{entry.entity_id}-entry")
        state = hass.states.get(entry.entity_id)
        assert state == snapshot(name=f"{entry.entity_id}-state")


async def test_default_entities_are_available(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """The entities enabled by default all show a value right after setup."""
    entries = er.async_entries_for_config_entry(
        entity_registry, init_integration.entry_id
    )
    enabled = [entry for entry in entries if not entry.disabled]
    assert len(enabled) < len(entries)
    for entry in enabled:
        state = hass.states.get(entry.entity_id)
        assert state is not None
        assert state.state != "unavailable", entry.entity_id
        # A button's state is its last press, an event entity's its last event.
        if entry.domain not in (Platform.BUTTON, Platform.EVENT):
            assert state.state != "unknown", entry.entity_id


async def test_device(
    hass: HomeAssistant,
    simulator: Simulator,
    init_integration: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """One device, identified by the MAC, with the camera's model, firmware and serial."""
    # async_entries_for_config_entry: the lookup that every release we support
    # has, and that none reports as deprecated (async_get_device is, from 2026.10).
    (device,) = dr.async_entries_for_config_entry(
        device_registry, init_integration.entry_id
    )
    assert device.identifiers == {("ipc_cgi", init_integration.unique_id)}
    identity = simulator.state.device
    assert device.connections == {(dr.CONNECTION_NETWORK_MAC, "f0:00:00:29:06:9f")}
    assert device.model == identity.model
    # 3.3's filesystem repeats the model: the camera reports no firmware version
    assert identity.filesystem == identity.model
    assert device.sw_version is None
    assert device.serial_number == identity.serial
    assert device.configuration_url == f"http://127.0.0.1:{simulator.port}"


@pytest.mark.usefixtures("all_entities_enabled")
async def test_entities_share_the_device_info(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Every entity of a camera holds the one device info of its entry, not a copy."""
    entities = [
        entity
        for platform in async_get_platforms(hass, DOMAIN)
        if platform.config_entry is init_integration
        for entity in platform.entities.values()
    ]
    assert len(entities) > 30
    device_info = init_integration.runtime_data.device_info
    assert all(entity.device_info is device_info for entity in entities)


async def test_device_firmware_version(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """The device's firmware is the version in 3.3's filesystem attribute."""
    simulator.state.device.filesystem = "V5.1.2 build 20220401"
    await setup_entry(hass, mock_config_entry)
    (device,) = dr.async_entries_for_config_entry(
        device_registry, mock_config_entry.entry_id
    )
    assert device.sw_version == "V5.1.2 build 20220401"


@pytest.mark.parametrize(
    ("filesystem", "version"),
    [
        ("V5.1.2", "V5.1.2"),
        (" V5.1.2 ", "V5.1.2"),
        ("MC400L", None),
        ("mc400l ", None),  # the model again, however written
        ("", None),
        (None, None),  # not reported (getinfo without login)
    ],
)
def test_firmware_version(filesystem: str | None, version: str | None) -> None:
    """The firmware version is 3.3's filesystem, unless it is missing or the model."""
    info = DeviceInfo(
        model="MC400L",
        mac="F0:00:00:29:06:9F",
        serial=None,
        kernel=None,
        firmware=filesystem,
    )
    assert firmware_version(info) == version


@pytest.mark.usefixtures("all_entities_enabled")
async def test_every_entity_is_translated_and_has_an_icon(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Each entity has a unique ID, a translation key, an icon and names in both languages."""
    icons = json.loads((INTEGRATION / "icons.json").read_text())["entity"]
    languages = {
        path.stem: json.loads(path.read_text())["entity"]
        for path in (INTEGRATION / "translations").glob("*.json")
    }
    assert set(languages) == {"en", "zh-Hans"}
    entries = er.async_entries_for_config_entry(
        entity_registry, init_integration.entry_id
    )
    assert len(entries) == 70
    for entry in entries:
        key = entry.translation_key
        assert entry.unique_id.startswith(f"{init_integration.unique_id}_")
        assert key is not None, entry.entity_id
        assert icons[entry.domain][key]["default"].startswith("mdi:"), key
        for language, entities in languages.items():
            assert entities[entry.domain][key]["name"], (language, key)
            state = hass.states.get(entry.entity_id)
            assert state is not None
            for option in state.attributes.get("options", []):
                assert entities[entry.domain][key]["state"][option], (language, option)
