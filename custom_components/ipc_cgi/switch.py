"""Switches of the camera: relay, detection, overlays, recording and services."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import PollGroup
from .coordinator import IpcCgiConfigEntry
from .entity import (
    IpcCgiSettingEntity,
    IpcCgiSettingEntityDescription,
    supported_entities,
)
from .ipccgi import (
    AudioConfig,
    CodecStreams,
    EventStorageConfig,
    FlipConfig,
    ImageConfig,
    IpcCgiClient,
    MotionConfig,
    OsdConfig,
    RtmpConfig,
    ScheduleStorageConfig,
    WdrConfig,
)

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
        group=PollGroup.RELAY,
        value_fn=lambda closed: closed,
        set_fn=lambda client, _, on: client.set_relay(on),
    ),
    IpcCgiSwitchEntityDescription[MotionConfig](
        key="motion_detection",
        translation_key="motion_detection",
        group=PollGroup.MOTION,
        value_fn=lambda motion: motion.enabled,
        set_fn=lambda client, _, on: client.set_motion(enabled=on),
    ),
    IpcCgiSwitchEntityDescription[AudioConfig](
        key="audio",
        translation_key="audio",
        entity_category=EntityCategory.CONFIG,
        group=PollGroup.AUDIO,
        supported_fn=lambda runtime_data: runtime_data.capabilities.audio,
        value_fn=lambda audio: audio.enabled,
        set_fn=lambda client, _, on: client.set_audio(enabled=on),
    ),
    IpcCgiSwitchEntityDescription[OsdConfig](
        key="osd",
        translation_key="osd",
        entity_category=EntityCategory.CONFIG,
        group=PollGroup.OSD,
        value_fn=lambda osd: osd.enabled,
        set_fn=lambda client, _, on: client.set_osd(enabled=on),
    ),
    IpcCgiSwitchEntityDescription[WdrConfig](
        key="wdr",
        translation_key="wdr",
        entity_category=EntityCategory.CONFIG,
        group=PollGroup.WDR,
        value_fn=lambda wdr: wdr.enabled,
        set_fn=lambda client, _, on: client.set_wdr(enabled=on),
    ),
    IpcCgiSwitchEntityDescription[FlipConfig](
        key="flip_vertical",
        translation_key="flip_vertical",
        entity_category=EntityCategory.CONFIG,
        group=PollGroup.FLIP,
        value_fn=lambda flip: flip.vertical,
        set_fn=lambda client, _, on: client.set_flip(vertical=on),
    ),
    IpcCgiSwitchEntityDescription[FlipConfig](
        key="flip_horizontal",
        translation_key="flip_horizontal",
        entity_category=EntityCategory.CONFIG,
        group=PollGroup.FLIP,
        value_fn=lambda flip: flip.horizontal,
        set_fn=lambda client, _, on: client.set_flip(horizontal=on),
    ),
    IpcCgiSwitchEntityDescription[ImageConfig](
        key="anti_flicker",
        translation_key="anti_flicker",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
        group=PollGroup.IMAGE,
        value_fn=lambda image: image.anti_flicker,
        set_fn=lambda client, _, on: client.set_image(anti_flicker=on),
    ),
    IpcCgiSwitchEntityDescription[CodecStreams](
        key="main_stream",
        translation_key="main_stream",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
        group=PollGroup.CODEC_STREAMS,
        value_fn=lambda streams: streams.main_enabled,
        set_fn=lambda client, _, on: client.set_codec_streams(main=on),
    ),
    IpcCgiSwitchEntityDescription[CodecStreams](
        key="sub_stream",
        translation_key="sub_stream",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
        group=PollGroup.CODEC_STREAMS,
        value_fn=lambda streams: streams.sub_enabled,
        set_fn=lambda client, _, on: client.set_codec_streams(sub=on),
    ),
    IpcCgiSwitchEntityDescription[RtmpConfig](
        key="rtmp",
        translation_key="rtmp",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
        group=PollGroup.RTMP,
        value_fn=lambda rtmp: rtmp.enabled,
        set_fn=lambda client, _, on: client.set_rtmp(enabled=on),
    ),
    IpcCgiSwitchEntityDescription[ScheduleStorageConfig](
        key="schedule_recording",
        translation_key="schedule_recording",
        entity_category=EntityCategory.CONFIG,
        group=PollGroup.SCHEDULE_STORAGE,
        value_fn=lambda storage: storage.enabled,
        set_fn=lambda client, _, on: client.set_schedule_storage(enabled=on),
    ),
    IpcCgiSwitchEntityDescription[EventStorageConfig](
        key="event_recording",
        translation_key="event_recording",
        entity_category=EntityCategory.CONFIG,
        group=PollGroup.EVENT_STORAGE,
        value_fn=lambda storage: storage.recording_enabled,
        set_fn=lambda client, _, on: client.set_event_storage(recording_enabled=on),
    ),
    IpcCgiSwitchEntityDescription[bool](
        key="onvif_authentication",
        translation_key="onvif_authentication",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
        group=PollGroup.ONVIF_AUTH,
        value_fn=lambda enabled: enabled,
        set_fn=lambda client, _, on: client.set_onvif_auth(on),
    ),
    IpcCgiSwitchEntityDescription[bool](
        key="rtsp_authentication",
        translation_key="rtsp_authentication",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
        group=PollGroup.RTSP_AUTH,
        value_fn=lambda enabled: enabled,
        set_fn=lambda client, _, on: client.set_rtsp_auth(on),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: IpcCgiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the switches the camera supports."""
    async_add_entities(supported_entities(entry, SWITCHES, IpcCgiSwitchEntity))


class IpcCgiSwitchEntity(IpcCgiSettingEntity[bool], SwitchEntity):
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
                self.coordinator.client, self.group_value(), on
            ),
        )
