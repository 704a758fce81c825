"""The camera's event entity: motion and alarm, from ONVIF or its recordings (motion.py)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from homeassistant.components.event import (
    EventDeviceClass,
    EventEntity,
    EventEntityDescription,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import Groups
from .data import IpcCgiConfigEntry
from .entity import IpcCgiEntityDescription, IpcCgiNewRecordingEntity, IpcCgiOnvifEntity
from .ipccgi import EventKind, OnvifEvent, Recording
from .motion import EVENT_KINDS

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class IpcCgiEventEntityDescription(IpcCgiEntityDescription, EventEntityDescription):
    """An event entity of the camera."""


# From ONVIF: pushed, no request.
MOTION_EVENT = IpcCgiEventEntityDescription(
    key="motion_event",
    translation_key="motion_event",
    device_class=EventDeviceClass.MOTION,
    event_types=sorted(set(EVENT_KINDS.values())),
)
# The fallback: disabled by default, as its motion sensor (binary_sensor.py).
RECORDING_EVENT = replace(
    MOTION_EVENT, entity_registry_enabled_default=False, group=Groups.NEW_RECORDINGS
)
EVENTS = (MOTION_EVENT,)
# What the entity fires when an ONVIF property turns active.
ONVIF_EVENT_TYPES = {EventKind.MOTION: "motion", EventKind.ALARM_INPUT: "alarm"}


async def async_setup_entry(
    hass: HomeAssistant,
    entry: IpcCgiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the motion event entity."""
    if entry.runtime_data.events.onvif:
        async_add_entities([IpcCgiOnvifEvent(entry, MOTION_EVENT)])
    else:
        async_add_entities([IpcCgiRecordingEvent(entry, RECORDING_EVENT)])


class IpcCgiOnvifEvent(IpcCgiOnvifEntity, EventEntity):
    """Fires `motion` when the camera sees motion, `alarm` when the alarm input triggers."""

    @callback
    def handle_event(self, event: OnvifEvent | None) -> None:
        """Fire for a property that turned active; not for its initial value."""
        if event is not None and event.active and not event.initial:
            self._trigger_event(ONVIF_EVENT_TYPES[event.kind])
            self.async_write_ha_state()
        else:
            super().handle_event(event)


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
