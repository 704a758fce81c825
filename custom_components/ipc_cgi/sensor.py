"""Sensors of the camera: SD card, boot time, memory, clock, diagnostics, firmware upgrade."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import EntityCategory, UnitOfInformation, UnitOfTime
from homeassistant.core import HomeAssistant
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .clock import zone_offset
from .const import PollGroup
from .coordinator import Group, Groups
from .data import IpcCgiConfigEntry, IpcCgiRuntimeData
from .entity import (
    IpcCgiEntity,
    IpcCgiEntityDescription,
    firmware_version,
    supported_entities,
)
from .firmware import UpgradeStep, upgrade_signal, upgrade_step
from .ipccgi import DeviceState, NetworkConfig, TimeConfig, User

PARALLEL_UPDATES = 0

# 3.25: sd1 0 no card, 1 mounted, 2 error.
SD_CARD_STATES = ("none", "mounted", "error")
# The boot time the coordinator keeps from the device state (3.25 run_time).
BOOT_TIME = Group(PollGroup.DEVICE_STATE, lambda data: data.boot_time)


@dataclass(frozen=True, kw_only=True)
class IpcCgiSensorEntityDescription[_M](
    IpcCgiEntityDescription, SensorEntityDescription
):
    """A sensor showing one value of the reply `_M` of its poll group.

    Without a group, `value_fn` gets the runtime data (what was read at setup,
    the coordinator, the clock).
    """

    group: Group[_M] | None = None
    value_fn: Callable[[_M], StateType | datetime]


def _sd_card(state: DeviceState) -> str | None:
    if not state.sd_cards or not 0 <= state.sd_cards[0] < len(SD_CARD_STATES):
        return None
    return SD_CARD_STATES[state.sd_cards[0]]


def _camera_clock(time: TimeConfig) -> datetime | None:
    """Return the camera's wall time; 3.8 gives it local, with a GMT±hh:mm zone."""
    offset = zone_offset(time.timezone)
    if time.current_time is None or offset is None:
        return None
    return time.current_time.replace(tzinfo=timezone(offset))


SENSORS: tuple[IpcCgiSensorEntityDescription[Any], ...] = (
    IpcCgiSensorEntityDescription[DeviceState](
        key="sd_card",
        translation_key="sd_card",
        device_class=SensorDeviceClass.ENUM,
        options=list(SD_CARD_STATES),
        group=Groups.DEVICE_STATE,
        value_fn=_sd_card,
    ),
    IpcCgiSensorEntityDescription[datetime](
        key="uptime",
        translation_key="uptime",
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        group=BOOT_TIME,
        value_fn=lambda boot_time: boot_time,
    ),
    IpcCgiSensorEntityDescription[DeviceState](
        key="memory_free",
        translation_key="memory_free",
        device_class=SensorDeviceClass.DATA_SIZE,
        native_unit_of_measurement=UnitOfInformation.KILOBYTES,
        suggested_unit_of_measurement=UnitOfInformation.MEGABYTES,
        suggested_display_precision=1,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        group=Groups.DEVICE_STATE,
        value_fn=lambda state: state.memory_free_kb,
    ),
    IpcCgiSensorEntityDescription[TimeConfig](
        key="camera_clock",
        translation_key="camera_clock",
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        group=Groups.TIME,
        value_fn=_camera_clock,
    ),
    IpcCgiSensorEntityDescription[IpcCgiRuntimeData](
        key="clock_drift",
        translation_key="clock_drift",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        # from the device state every poll reads: no request of its own
        watches=(PollGroup.DEVICE_STATE, PollGroup.TIME),
        value_fn=lambda data: data.clock.drift(data.coordinator.data.device_state),
    ),
    IpcCgiSensorEntityDescription[NetworkConfig](
        key="ip_address",
        translation_key="ip_address",
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        group=Groups.NETWORK,
        value_fn=lambda network: network.ip_address,
    ),
    IpcCgiSensorEntityDescription[IpcCgiRuntimeData](
        key="firmware",
        translation_key="firmware",
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda runtime_data: firmware_version(runtime_data.info),
    ),
    IpcCgiSensorEntityDescription[tuple[User, ...]](
        key="accounts",
        translation_key="accounts",
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        group=Groups.USERS,
        # How many, not who: account names are half of each login, and state
        # attributes are seen by every user and recorded (diagnostics redact them).
        value_fn=len,
    ),
)


# The last firmware upgrade's step (firmware.py): Home Assistant's record, not a reply.
UPGRADE_SENSORS: tuple[IpcCgiSensorEntityDescription[IpcCgiRuntimeData], ...] = (
    IpcCgiSensorEntityDescription[IpcCgiRuntimeData](
        key="firmware_upgrade",
        translation_key="firmware_upgrade",
        device_class=SensorDeviceClass.ENUM,
        options=[step.value for step in UpgradeStep],
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda data: upgrade_step(
            data.coordinator.hass, data.coordinator.config_entry.entry_id
        ),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: IpcCgiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the sensors."""
    async_add_entities(
        [
            *supported_entities(entry, SENSORS, IpcCgiSensorEntity),
            *(IpcCgiUpgradeSensorEntity(entry, d) for d in UPGRADE_SENSORS),
        ]
    )


class IpcCgiSensorEntity(IpcCgiEntity, SensorEntity):
    """A sensor of the camera."""

    entity_description: IpcCgiSensorEntityDescription[Any]

    def __init__(
        self, entry: IpcCgiConfigEntry, description: IpcCgiSensorEntityDescription[Any]
    ) -> None:
        """Create the sensor and read its value from what is known."""
        super().__init__(entry, description)
        self._update_value()

    def _update_value(self) -> None:
        """Take the value from the last reply."""
        description = self.entity_description
        source = (
            self.runtime_data
            if description.group is None
            else self.coordinator.data.reply(description.group)
        )
        if source is not None:
            self._attr_native_value = description.value_fn(source)

    def _update_from_data(self) -> None:
        """Update the value."""
        self._update_value()


class IpcCgiUpgradeSensorEntity(SensorEntity):
    """The firmware upgrade's step: Home Assistant's record, not read from the camera.

    No coordinator entity: it is available while the camera is away, and
    writes only when the step changes.
    """

    _attr_has_entity_name = True
    _attr_should_poll = False
    entity_description: IpcCgiSensorEntityDescription[IpcCgiRuntimeData]

    def __init__(
        self,
        entry: IpcCgiConfigEntry,
        description: IpcCgiSensorEntityDescription[IpcCgiRuntimeData],
    ) -> None:
        """Create the sensor of `entry`'s camera."""
        self.entity_description = description
        self._attr_unique_id = f"{entry.unique_id}_{description.key}"
        self._attr_device_info = entry.runtime_data.device_info
        self._entry_id = entry.entry_id
        self._runtime_data = entry.runtime_data

    @property
    def native_value(self) -> StateType | datetime:
        """Return the step."""
        return self.entity_description.value_fn(self._runtime_data)

    async def async_added_to_hass(self) -> None:
        """Follow the upgrade's steps."""
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, upgrade_signal(self._entry_id), self.async_write_ha_state
            )
        )
