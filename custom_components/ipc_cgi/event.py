"""Event entities of the camera: motion and alarm, from its own recordings (motion.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from homeassistant.components.event import (
    EventDeviceClass,
    EventEntity,
    EventEntityDescription,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import Groups
from .data import IpcCgiConfigEntry
from .entity import IpcCgiEntityDescription, IpcCgiNewRecordingEntity
from .ipccgi import Recording
from .motion import EVENT_KINDS

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class IpcCgiEventEntityDescription(IpcCgiEntityDescription, EventEntityDescription):
    """An event entity of the camera."""


# Disabled by default, as the motion sensor (binary_sensor.py).
RECORDING_EVENT = IpcCgiEventEntityDescription(
    key="motion_event",
    translation_key="motion_event",
    device_class=EventDeviceClass.MOTION,
    event_types=sorted(set(EVENT_KINDS.values())),
    entity_registry_enabled_default=False,
    group=Groups.NEW_RECORDINGS,
)
EVENTS = (RECORDING_EVENT,)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: IpcCgiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the motion event entity."""
    async_add_entities([IpcCgiRecordingEvent(entry, RECORDING_EVENT)])


class IpcCgiRecordingEvent(IpcCgiNewRecordingEntity, EventEntity):
    """Fires `motion` or `alarm` for each new recording, with its start time.

    The start time is the camera's local time, as 3.20 lists it.
    """

    def handle_recordings(self, recordings: tuple[Recording, ...]) -> None:
        """Fire one event per recording, oldest first."""
        for recording in sorted(recordings, key=lambda r: r.start_time or datetime.min):
            start = recording.start_time
            self._trigger_event(
                EVENT_KINDS[recording.record_mode],
                {"start_time": None if start is None else start.isoformat()},
            )
            self.async_write_ha_state()
