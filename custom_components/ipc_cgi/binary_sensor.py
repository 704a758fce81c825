"""Binary sensors of the camera: motion, from its own recordings (motion.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.event import async_call_later

from .const import PollGroup
from .coordinator import IpcCgiConfigEntry
from .entity import IpcCgiEntityDescription, IpcCgiNewRecordingEntity
from .ipccgi import Recording
from .motion import MOTION_ON_TIME

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class IpcCgiBinarySensorEntityDescription(
    IpcCgiEntityDescription, BinarySensorEntityDescription
):
    """A binary sensor of the camera."""


# Disabled by default: each costs a 3.20 query per poll, and shows nothing
# without an SD card and motion recording (the repair issue would nag).
MOTION = IpcCgiBinarySensorEntityDescription(
    key="motion",
    translation_key="motion",
    device_class=BinarySensorDeviceClass.MOTION,
    entity_registry_enabled_default=False,
    group=PollGroup.NEW_RECORDINGS,
)
BINARY_SENSORS = (MOTION,)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: IpcCgiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the motion sensor."""
    async_add_entities([IpcCgiMotionSensor(entry, MOTION)])


class IpcCgiMotionSensor(IpcCgiNewRecordingEntity, BinarySensorEntity):
    """On when a new motion or alarm recording appears, off MOTION_ON_TIME later.

    3.20 gives no clip length, so every clip counts as MOTION_ON_TIME long.
    """

    _attr_is_on = False
    _cancel_off: CALLBACK_TYPE | None = None

    def handle_recordings(self, recordings: tuple[Recording, ...]) -> None:
        """Turn on, and off again MOTION_ON_TIME after the last new recording."""
        self._attr_is_on = True
        if self._cancel_off is not None:
            self._cancel_off()
        self._cancel_off = async_call_later(self.hass, MOTION_ON_TIME, self._turn_off)

    @callback
    def _turn_off(self, _now: datetime) -> None:
        self._cancel_off = None
        self._attr_is_on = False
        self.async_write_ha_state()

    async def async_will_remove_from_hass(self) -> None:
        """Stop the timer."""
        if self._cancel_off is not None:
            self._cancel_off()
            self._cancel_off = None
        await super().async_will_remove_from_hass()
