"""As many sensors as ours has entities: ENABLED listen, DISABLED are off by default."""

from __future__ import annotations

from homeassistant.components.sensor import SensorEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import (
    CoordinatorEntity,
    DataUpdateCoordinator,
)

from . import DOMAIN, FloorEntry

ENABLED = 26  # ours: enabled entities per camera (scripts/bench prints it)
DISABLED = 43  # ours: entities disabled by default


class FloorSensor(
    CoordinatorEntity[DataUpdateCoordinator[tuple[bytes, ...]]], SensorEntity
):
    """A sensor whose value never changes: it writes its state once."""

    _attr_has_entity_name = True
    _attr_native_value = 1

    def __init__(self, entry: FloorEntry, index: int) -> None:
        """One of the camera's sensors."""
        super().__init__(entry.runtime_data)
        self._attr_unique_id = f"{entry.unique_id}_{index}"
        self._attr_name = f"Value {index}"
        self._attr_entity_registry_enabled_default = index < ENABLED
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, str(entry.unique_id))}, name=entry.title
        )

    @callback
    def _handle_coordinator_update(self) -> None:
        """Nothing changed: write nothing."""


async def async_setup_entry(
    hass: HomeAssistant,
    entry: FloorEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the sensors."""
    async_add_entities(FloorSensor(entry, i) for i in range(ENABLED + DISABLED))
