"""Switches of the camera: relay, detection, overlays, recording and streams.

RTSP and ONVIF authentication are no switches: only admins change them
(admin_actions.py); binary_sensor.py shows them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.restore_state import ExtraStoredData, RestoreEntity

from .const import DOMAIN, PollGroup
from .coordinator import Groups
from .data import IpcCgiConfigEntry
from .entity import (
    IpcCgiEntity,
    IpcCgiEntityDescription,
    IpcCgiSettingEntity,
    IpcCgiSettingEntityDescription,
    supported_entities,
)
from .errors import camera_command
from .ipccgi import (
    AudioConfig,
    CodecStreams,
    EventStorageConfig,
    FlipConfig,
    ImageConfig,
    IpcCgiClient,
    MotionConfig,
    OsdConfig,
    PrivacyZone,
    RtmpConfig,
    ScheduleStorageConfig,
    WdrConfig,
)
from .privacy import COVER_ZONE, PrivacyZones, covering_zone, picture_size

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class IpcCgiSwitchEntityDescription[_M](
    IpcCgiSettingEntityDescription[_M, bool], SwitchEntityDescription
):
    """A switch showing one value of the reply `_M` of its poll group."""

    set_fn: Callable[[IpcCgiClient, _M, bool], Awaitable[_M]]


SWITCHES: tuple[IpcCgiSwitchEntityDescription[Any], ...] = (
    IpcCgiSwitchEntityDescription[bool](
        key="relay",
        translation_key="relay",
        group=Groups.RELAY,
        value_fn=lambda closed: closed,
        set_fn=lambda client, _, on: client.set_relay(on),
    ),
    IpcCgiSwitchEntityDescription[MotionConfig](
        key="motion_detection",
        translation_key="motion_detection",
        group=Groups.MOTION,
        value_fn=lambda motion: motion.enabled,
        set_fn=lambda client, _, on: client.set_motion(enabled=on),
    ),
    IpcCgiSwitchEntityDescription[AudioConfig](
        key="audio",
        translation_key="audio",
        entity_category=EntityCategory.CONFIG,
        group=Groups.AUDIO,
        supported_fn=lambda runtime_data: runtime_data.capabilities.audio,
        value_fn=lambda audio: audio.enabled,
        set_fn=lambda client, _, on: client.set_audio(enabled=on),
    ),
    IpcCgiSwitchEntityDescription[OsdConfig](
        key="osd",
        translation_key="osd",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
        group=Groups.OSD,
        value_fn=lambda osd: osd.enabled,
        set_fn=lambda client, _, on: client.set_osd(enabled=on),
    ),
    IpcCgiSwitchEntityDescription[WdrConfig](
        key="wdr",
        translation_key="wdr",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
        group=Groups.WDR,
        value_fn=lambda wdr: wdr.enabled,
        set_fn=lambda client, _, on: client.set_wdr(enabled=on),
    ),
    IpcCgiSwitchEntityDescription[FlipConfig](
        key="flip_vertical",
        translation_key="flip_vertical",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
        group=Groups.FLIP,
        value_fn=lambda flip: flip.vertical,
        set_fn=lambda client, _, on: client.set_flip(vertical=on),
    ),
    IpcCgiSwitchEntityDescription[FlipConfig](
        key="flip_horizontal",
        translation_key="flip_horizontal",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
        group=Groups.FLIP,
        value_fn=lambda flip: flip.horizontal,
        set_fn=lambda client, _, on: client.set_flip(horizontal=on),
    ),
    IpcCgiSwitchEntityDescription[ImageConfig](
        key="anti_flicker",
        translation_key="anti_flicker",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
        group=Groups.IMAGE,
        value_fn=lambda image: image.anti_flicker,
        set_fn=lambda client, _, on: client.set_image(anti_flicker=on),
    ),
    IpcCgiSwitchEntityDescription[CodecStreams](
        key="main_stream",
        translation_key="main_stream",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
        group=Groups.CODEC_STREAMS,
        value_fn=lambda streams: streams.main_enabled,
        set_fn=lambda client, _, on: client.set_codec_streams(main=on),
    ),
    IpcCgiSwitchEntityDescription[CodecStreams](
        key="sub_stream",
        translation_key="sub_stream",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
        group=Groups.CODEC_STREAMS,
        value_fn=lambda streams: streams.sub_enabled,
        set_fn=lambda client, _, on: client.set_codec_streams(sub=on),
    ),
    IpcCgiSwitchEntityDescription[RtmpConfig](
        key="rtmp",
        translation_key="rtmp",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
        group=Groups.RTMP,
        value_fn=lambda rtmp: rtmp.enabled,
        set_fn=lambda client, _, on: client.set_rtmp(enabled=on),
    ),
    IpcCgiSwitchEntityDescription[ScheduleStorageConfig](
        key="schedule_recording",
        translation_key="schedule_recording",
        entity_category=EntityCategory.CONFIG,
        group=Groups.SCHEDULE_STORAGE,
        value_fn=lambda storage: storage.enabled,
        set_fn=lambda client, _, on: client.set_schedule_storage(enabled=on),
    ),
    IpcCgiSwitchEntityDescription[EventStorageConfig](
        key="event_recording",
        translation_key="event_recording",
        entity_category=EntityCategory.CONFIG,
        group=Groups.EVENT_STORAGE,
        value_fn=lambda storage: storage.recording_enabled,
        set_fn=lambda client, _, on: client.set_event_storage(recording_enabled=on),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: IpcCgiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the switches the camera supports."""
    async_add_entities(supported_entities(entry, SWITCHES, IpcCgiSwitchEntity))
    async_add_entities(
        IpcCgiPrivacySwitch(entry, description) for description in PRIVACY_SWITCHES
    )


class IpcCgiSwitchEntity(IpcCgiSettingEntity[Any, bool], SwitchEntity):
    """A switch of the camera."""

    entity_description: IpcCgiSwitchEntityDescription[Any]

    @property
    def is_on(self) -> bool | None:
        """Return the state from the last reply."""
        return self.setting_value()

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Turn the feature on."""
        await self._async_set(True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Turn the feature off."""
        await self._async_set(False)

    async def _async_set(self, on: bool) -> None:
        """Send the change."""
        await self.async_change(
            on,
            lambda: self.entity_description.set_fn(
                self.coordinator.client, self.reply(), on
            ),
        )


@dataclass(frozen=True, kw_only=True)
class IpcCgiPrivacySwitchEntityDescription(
    IpcCgiEntityDescription, SwitchEntityDescription
):
    """The privacy mode switch."""


PRIVACY_MODE = IpcCgiPrivacySwitchEntityDescription(
    key="privacy_mode",
    translation_key="privacy_mode",
    group=Groups.PRIVACY_ZONES,
    watches=(PollGroup.VIDEO_ENCODER,),  # the picture size it covers
)
PRIVACY_SWITCHES = (PRIVACY_MODE,)


@dataclass(frozen=True, slots=True)
class PrivacyModeData(ExtraStoredData):
    """What the privacy mode switch keeps across restarts."""

    on: bool | None
    replaced: PrivacyZone | None  # the zone it covered the picture with, before

    def as_dict(self) -> dict[str, Any]:
        """Return the data to store."""
        zone = self.replaced
        return {
            "on": self.on,
            "replaced": None
            if zone is None
            else [zone.index, zone.x, zone.y, zone.width, zone.height],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PrivacyModeData:
        """Return the stored data; what does not parse is forgotten."""
        on = data.get("on")
        replaced = data.get("replaced")
        zone = None
        if isinstance(replaced, list) and len(replaced) == 5:
            if all(type(value) is int for value in replaced):
                zone = PrivacyZone(*replaced)
        return cls(on if isinstance(on, bool) else None, zone)


class IpcCgiPrivacySwitch(IpcCgiEntity, SwitchEntity, RestoreEntity):
    """Privacy mode: zone 1 (3.32) covers the whole main stream picture (3.10).

    On, it remembers the zone it replaced; off, it puts that zone back. Where
    the camera reports its zones, the state is whether one covers the picture;
    where it answers only OK (the spec's example), the switch keeps its own
    state (assumed), across restarts too.
    """

    entity_description: IpcCgiPrivacySwitchEntityDescription
    _also_polls = (PollGroup.VIDEO_ENCODER,)  # the resolution
    _assumed_on: bool | None = None
    _replaced: PrivacyZone | None = None

    async def async_added_to_hass(self) -> None:
        """Restore what the switch remembers; poll the zones and the resolution."""
        await super().async_added_to_hass()
        if (data := await self.async_get_last_extra_data()) is not None:
            stored = PrivacyModeData.from_dict(data.as_dict())
            self._assumed_on, self._replaced = stored.on, stored.replaced

    @property
    def extra_restore_state_data(self) -> PrivacyModeData:
        """Return what the switch keeps across restarts."""
        return PrivacyModeData(self._assumed_on, self._replaced)

    def _zones(self) -> PrivacyZones:
        zones = self.coordinator.data.privacy_zones
        if TYPE_CHECKING:
            assert zones is not None  # read while the entity is available
        return zones

    @property
    def assumed_state(self) -> bool:
        """Return True where the camera does not report its zones."""
        zones = self.coordinator.data.privacy_zones
        return zones is not None and zones.zones is None

    @property
    def is_on(self) -> bool | None:
        """Return whether a zone covers the picture, or the switch's own state."""
        if self.assumed_state:
            return self._assumed_on
        size = picture_size(self.coordinator.data.video_encoder)
        return None if size is None else self._zones().covers(size)

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Cover the picture with zone 1; remember the zone it had."""
        size = picture_size(self.coordinator.data.video_encoder)
        if size is None:
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="picture_size_unknown"
            )
        if not self.is_on:
            replaced = self._zones().zone(COVER_ZONE)
            await self._async_set_zone(covering_zone(size), on=True, replaced=replaced)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Put back the zone privacy mode replaced (none known: an unused zone)."""
        if self.is_on is not False:
            zone = self._replaced or PrivacyZone(COVER_ZONE, 0, 0, 0, 0)
            await self._async_set_zone(zone, on=False, replaced=None)

    @camera_command
    async def _async_set_zone(
        self, zone: PrivacyZone, /, *, on: bool, replaced: PrivacyZone | None
    ) -> None:
        """Set `zone`; remember the new state and the replaced zone."""
        await self.coordinator.client.set_privacy_zone(
            zone.index, zone.x, zone.y, zone.width, zone.height
        )
        self._replaced, self._assumed_on = replaced, on
        self.coordinator.async_apply(
            PollGroup.PRIVACY_ZONES, self._zones().with_zone(zone)
        )
        self.async_write_ha_state()
