"""Binary sensors of the camera: motion and the alarm input, RTSP and ONVIF authentication.

Motion and the alarm input follow the camera's ONVIF events (camera_events.py),
or, on firmware without them, its new recordings (motion.py).

Turning authentication off lets anyone on the network watch the stream, so
only admins change it (admin_actions.py); every user sees it here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.event import async_call_later

from .coordinator import Groups
from .data import IpcCgiConfigEntry
from .entity import (
    IpcCgiEntityDescription,
    IpcCgiNewRecordingEntity,
    IpcCgiOnvifEntity,
    IpcCgiSettingEntity,
    IpcCgiSettingEntityDescription,
    supported_entities,
)
from .ipccgi import EventKind, Recording, RecordMode
from .motion import MOTION_ON_TIME

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class IpcCgiBinarySensorEntityDescription(
    IpcCgiEntityDescription, BinarySensorEntityDescription
):
    """A binary sensor of the camera."""


@dataclass(frozen=True, kw_only=True)
class IpcCgiEventSensorDescription(IpcCgiBinarySensorEntityDescription):
    """Motion or the alarm input: the ONVIF event, or the clips of its record_mode."""

    kind: EventKind
    record_mode: RecordMode


# From ONVIF: pushed, no request. The alarm input (3.26) is disabled by
# default: most cameras have nothing wired to it.
MOTION = IpcCgiEventSensorDescription(
    key="motion",
    translation_key="motion",
    device_class=BinarySensorDeviceClass.MOTION,
    kind=EventKind.MOTION,
    record_mode=RecordMode.MOTION,
)
ALARM_INPUT = IpcCgiEventSensorDescription(
    key="alarm_input",
    translation_key="alarm_input",
    entity_registry_enabled_default=False,
    kind=EventKind.ALARM_INPUT,
    record_mode=RecordMode.ALARM,
)
BINARY_SENSORS = (MOTION, ALARM_INPUT)
# The fallback, from the recordings: disabled by default, each costs a 3.20
# query per poll and shows nothing without an SD card and motion recording
# (the repair issue would nag).
RECORDING_SENSORS = tuple(
    replace(
        description,
        entity_registry_enabled_default=False,
        group=Groups.NEW_RECORDINGS,
    )
    for description in BINARY_SENSORS
)


@dataclass(frozen=True, kw_only=True)
class IpcCgiSettingBinarySensorEntityDescription(
    IpcCgiSettingEntityDescription[bool, bool], BinarySensorEntityDescription
):
    """A camera setting that is on or off, shown and not changed."""


# On: the camera asks for the account's password (3.41, 3.42).
AUTHENTICATION_SENSORS: tuple[IpcCgiSettingBinarySensorEntityDescription, ...] = (
    IpcCgiSettingBinarySensorEntityDescription(
        key="onvif_authentication",
        translation_key="onvif_authentication",
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        group=Groups.ONVIF_AUTH,
        value_fn=lambda enabled: enabled,
    ),
    IpcCgiSettingBinarySensorEntityDescription(
        key="rtsp_authentication",
        translation_key="rtsp_authentication",
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        group=Groups.RTSP_AUTH,
        value_fn=lambda enabled: enabled,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: IpcCgiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add motion, the alarm input and the authentication sensors."""
    events: list[BinarySensorEntity] = (
        [IpcCgiOnvifSensor(entry, description) for description in BINARY_SENSORS]
        if entry.runtime_data.events.onvif
        else [
            IpcCgiRecordingSensor(entry, description)
            for description in RECORDING_SENSORS
        ]
    )
    async_add_entities(
        [
            *events,
            *supported_entities(
                entry, AUTHENTICATION_SENSORS, IpcCgiSettingBinarySensor
            ),
        ]
    )


class IpcCgiSettingBinarySensor(IpcCgiSettingEntity[bool, bool], BinarySensorEntity):
    """A setting of the camera, on or off."""

    entity_description: IpcCgiSettingBinarySensorEntityDescription

    @property
    def is_on(self) -> bool | None:
        """Return the setting in the last reply."""
        return self.setting_value()


class IpcCgiOnvifSensor(IpcCgiOnvifEntity, BinarySensorEntity):
    """On while the camera says motion (or the alarm input is active), off when it ends."""

    entity_description: IpcCgiEventSensorDescription

    @property
    def is_on(self) -> bool | None:
        """Return what the camera said last."""
        events = self.runtime_data.events
        if self.entity_description.kind is EventKind.MOTION:
            return events.motion
        return events.alarm_input


class IpcCgiRecordingSensor(IpcCgiNewRecordingEntity, BinarySensorEntity):
    """On when a new clip of its record_mode appears, off MOTION_ON_TIME later.

    3.20 gives no clip length, so every clip counts as MOTION_ON_TIME long.
    """

    entity_description: IpcCgiEventSensorDescription
    _attr_is_on = False
    _cancel_off: CALLBACK_TYPE | None = None

    def handle_recordings(self, recordings: tuple[Recording, ...]) -> None:
        """Turn on, and off again MOTION_ON_TIME after the last new recording."""
        mode = self.entity_description.record_mode
        if not any(recording.record_mode == mode for recording in recordings):
            return
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
