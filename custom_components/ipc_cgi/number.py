"""Numbers of the camera: picture, night lamp, motion detection, audio and shutter.

The shutter speeds (3.44b, 10-10000) are read as N of an exposure of 1/N s:
the spec gives only the range, which is that of 1/10 s to 1/10000 s.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.number import (
    NumberEntity,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.const import PERCENTAGE, EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import Groups
from .data import IpcCgiConfigEntry, IpcCgiRuntimeData
from .entity import (
    IpcCgiSettingEntity,
    IpcCgiSettingEntityDescription,
    supported_entities,
)
from .ipccgi import (
    AudioConfig,
    ImageConfig,
    IpcCgiClient,
    LampConfig,
    MotionConfig,
    NoiseReductionConfig,
    ShutterConfig,
    WdrConfig,
)

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class IpcCgiNumberEntityDescription[_M](
    IpcCgiSettingEntityDescription[_M, int], NumberEntityDescription
):
    """A number showing one value of the reply `_M` of its poll group."""

    set_fn: Callable[[IpcCgiClient, _M, int], Awaitable[_M]]
    entity_category: EntityCategory | None = EntityCategory.CONFIG
    native_step: float | None = 1
    mode: NumberMode = NumberMode.SLIDER


def _has_audio(runtime_data: IpcCgiRuntimeData) -> bool:
    return runtime_data.capabilities.audio


def _image_number(
    key: str,
    value_fn: Callable[[ImageConfig], int | None],
    set_fn: Callable[[IpcCgiClient, ImageConfig, int], Awaitable[ImageConfig]],
) -> IpcCgiNumberEntityDescription[ImageConfig]:
    """Return a 0-255 picture setting of 3.14, disabled by default."""
    return IpcCgiNumberEntityDescription[ImageConfig](
        key=key,
        translation_key=key,
        entity_registry_enabled_default=False,
        native_min_value=0,
        native_max_value=255,
        group=Groups.IMAGE,
        value_fn=value_fn,
        set_fn=set_fn,
    )


def _motion_number(
    key: str,
    value_fn: Callable[[MotionConfig], int],
    set_fn: Callable[[IpcCgiClient, MotionConfig, int], Awaitable[MotionConfig]],
    *,
    enabled: bool = True,
) -> IpcCgiNumberEntityDescription[MotionConfig]:
    """Return a 1-100 motion detection setting of 3.16."""
    return IpcCgiNumberEntityDescription[MotionConfig](
        key=key,
        translation_key=key,
        entity_registry_enabled_default=enabled,
        native_min_value=1,
        native_max_value=100,
        group=Groups.MOTION,
        value_fn=value_fn,
        set_fn=set_fn,
    )


NUMBERS: tuple[IpcCgiNumberEntityDescription[Any], ...] = (
    _image_number(
        "image_brightness",
        lambda image: image.brightness,
        lambda client, _, value: client.set_image(brightness=value),
    ),
    _image_number(
        "image_contrast",
        lambda image: image.contrast,
        lambda client, _, value: client.set_image(contrast=value),
    ),
    _image_number(
        "image_saturation",
        lambda image: image.saturation,
        lambda client, _, value: client.set_image(saturation=value),
    ),
    _image_number(
        "image_sharpness",
        lambda image: image.sharpness,
        lambda client, _, value: client.set_image(sharpness=value),
    ),
    _image_number(
        "image_hlc",
        lambda image: image.hlc,
        lambda client, _, value: client.set_image(hlc=value),
    ),
    _image_number(
        "image_blc",
        lambda image: image.blc,
        lambda client, _, value: client.set_image(blc=value),
    ),
    IpcCgiNumberEntityDescription[NoiseReductionConfig](
        key="noise_reduction_2d",
        translation_key="noise_reduction_2d",
        entity_registry_enabled_default=False,
        native_min_value=0,
        native_max_value=255,
        group=Groups.NOISE_REDUCTION,
        value_fn=lambda noise: noise.nr2d,
        set_fn=lambda client, _, value: client.set_noise_reduction(nr2d=value),
    ),
    IpcCgiNumberEntityDescription[NoiseReductionConfig](
        key="noise_reduction_3d",
        translation_key="noise_reduction_3d",
        entity_registry_enabled_default=False,
        native_min_value=0,
        native_max_value=255,
        group=Groups.NOISE_REDUCTION,
        value_fn=lambda noise: noise.nr3d,
        set_fn=lambda client, _, value: client.set_noise_reduction(nr3d=value),
    ),
    IpcCgiNumberEntityDescription[WdrConfig](
        key="wdr_level",
        translation_key="wdr_level",
        entity_registry_enabled_default=False,
        native_min_value=0,
        native_max_value=255,
        group=Groups.WDR,
        value_fn=lambda wdr: wdr.level,
        set_fn=lambda client, _, value: client.set_wdr(level=value),
    ),
    IpcCgiNumberEntityDescription[LampConfig](
        # The lights' brightness (3.36) is the one enabled by default.
        key="lamp_brightness",
        translation_key="lamp_brightness",
        entity_registry_enabled_default=False,
        native_min_value=0,
        native_max_value=255,
        group=Groups.LAMP,
        value_fn=lambda lamp: lamp.brightness,
        set_fn=lambda client, _, value: client.set_lamp(brightness=value),
    ),
    _motion_number(
        "motion_sensitivity",
        lambda motion: motion.sensitivity,
        lambda client, _, value: client.set_motion(sensitivity=value),
    ),
    _motion_number(
        "motion_alarm_threshold",
        lambda motion: motion.alarm_threshold,
        lambda client, _, value: client.set_motion(alarm_threshold=value),
        enabled=False,
    ),
    _motion_number(
        "motion_night_sensitivity",
        lambda motion: motion.night_sensitivity,
        lambda client, _, value: client.set_motion(night_sensitivity=value),
        enabled=False,
    ),
    _motion_number(
        "motion_night_alarm_threshold",
        lambda motion: motion.night_alarm_threshold,
        lambda client, _, value: client.set_motion(night_alarm_threshold=value),
        enabled=False,
    ),
    IpcCgiNumberEntityDescription[AudioConfig](
        key="audio_input_volume",
        translation_key="audio_input_volume",
        entity_registry_enabled_default=False,
        native_min_value=1,
        native_max_value=100,
        native_unit_of_measurement=PERCENTAGE,
        group=Groups.AUDIO,
        supported_fn=_has_audio,
        value_fn=lambda audio: audio.input_volume,
        set_fn=lambda client, _, value: client.set_audio(input_volume=value),
    ),
    IpcCgiNumberEntityDescription[AudioConfig](
        key="audio_output_volume",
        translation_key="audio_output_volume",
        entity_registry_enabled_default=False,
        native_min_value=1,
        native_max_value=100,
        native_unit_of_measurement=PERCENTAGE,
        group=Groups.AUDIO,
        supported_fn=_has_audio,
        value_fn=lambda audio: audio.output_volume,
        set_fn=lambda client, _, value: client.set_audio(output_volume=value),
    ),
    IpcCgiNumberEntityDescription[ShutterConfig](
        key="day_shutter_speed",
        translation_key="day_shutter_speed",
        entity_registry_enabled_default=False,
        native_min_value=10,
        native_max_value=10000,
        mode=NumberMode.BOX,
        group=Groups.SHUTTER,
        value_fn=lambda shutter: shutter.day_speed,
        set_fn=lambda client, _, value: client.set_shutter(day_speed=value),
    ),
    IpcCgiNumberEntityDescription[ShutterConfig](
        key="night_shutter_speed",
        translation_key="night_shutter_speed",
        entity_registry_enabled_default=False,
        native_min_value=10,
        native_max_value=10000,
        mode=NumberMode.BOX,
        group=Groups.SHUTTER,
        value_fn=lambda shutter: shutter.night_speed,
        set_fn=lambda client, _, value: client.set_shutter(night_speed=value),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: IpcCgiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the numbers the camera supports."""
    async_add_entities(supported_entities(entry, NUMBERS, IpcCgiNumberEntity))


class IpcCgiNumberEntity(IpcCgiSettingEntity[Any, int], NumberEntity):
    """A number of the camera."""

    entity_description: IpcCgiNumberEntityDescription[Any]

    @property
    def native_value(self) -> int | None:
        """Return the value from the last reply."""
        return self.setting_value()

    async def async_set_native_value(self, value: float) -> None:
        """Send the value."""
        number = round(value)
        await self.async_change(
            number,
            lambda: self.entity_description.set_fn(
                self.coordinator.client, self.reply(), number
            ),
        )
