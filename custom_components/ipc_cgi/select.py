"""Selects of the camera: IR-cut mode, night lamp mode, mains frequency, resolutions."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
import re
from typing import Any

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.const import EntityCategory
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
    ImageConfig,
    IrCutConfig,
    IrCutMode,
    IrCutTime,
    LampConfig,
    LampMode,
    VideoEncoderConfig,
)

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class IpcCgiSelectEntityDescription[_M](
    IpcCgiSettingEntityDescription[_M, str], SelectEntityDescription
):
    """A select showing one value of the reply `_M` of its poll group.

    `options_fn` gives options that depend on the camera (resolutions).
    """

    set_fn: Callable[[IpcCgiRuntimeData, _M, str], Awaitable[_M]]
    options_fn: Callable[[IpcCgiRuntimeData, _M], list[str]] | None = None


# 3.37: mode 3 is manual and needs time=day|night; it shows as two options.
IR_CUT_OPTIONS: dict[str, tuple[IrCutMode, IrCutTime | None]] = {
    "auto": (IrCutMode.AUTO, None),
    "day": (IrCutMode.DAY, None),
    "night": (IrCutMode.NIGHT, None),
    "manual_day": (IrCutMode.MANUAL, IrCutTime.DAY),
    "manual_night": (IrCutMode.MANUAL, IrCutTime.NIGHT),
    "video": (IrCutMode.VIDEO, None),
    "schedule": (IrCutMode.SCHEDULE, None),
}
LAMP_MODES: dict[str, LampMode] = {
    "infrared": LampMode.INFRARED,
    "white": LampMode.WHITE,
    "smart_white": LampMode.WHITE_ON_INFRARED_TRIGGER,
    "smart_infrared": LampMode.INFRARED_ON_WHITE_TRIGGER,
}
TV_SYSTEMS: dict[str, int] = {"50hz": 50, "60hz": 60}
# A resolution named by its size: 2592X1944, 1280x720, 640*480.
_SIZE = re.compile(r"\s*(\d+)\s*[xX*\u00d7]\s*(\d+)\s*")
_NOT_IN_OPTION = re.compile(r"[^a-z0-9]+")


def _ir_cut_option(ir_cut: IrCutConfig) -> str | None:
    """Return the option of the camera's IR-cut mode."""
    if ir_cut.mode == IrCutMode.MANUAL:
        return f"manual_{ir_cut.time or IrCutTime.DAY}"
    return next(
        (option for option, (mode, _) in IR_CUT_OPTIONS.items() if mode == ir_cut.mode),
        None,
    )


async def _set_ir_cut(
    runtime_data: IpcCgiRuntimeData, _: IrCutConfig, option: str
) -> IrCutConfig:
    mode, time = IR_CUT_OPTIONS[option]
    return await runtime_data.client.set_ir_cut(mode, time)


def _option_of(options: Mapping[str, object], value: object) -> str | None:
    """Return the option whose value is `value`."""
    return next((option for option, v in options.items() if v == value), None)


def resolution_option(name: str) -> str:
    """Return the option of a resolution as the camera names it (3.9).

    "2592X1944" is "2592x1944", "1080P" is "1080p": the translations show
    them as "2592×1944" and "1920×1080 (1080p)". A name they lack shows as
    its option.
    """
    if size := _SIZE.fullmatch(name):
        return f"{int(size[1])}x{int(size[2])}"
    return _NOT_IN_OPTION.sub("_", name.strip().lower()).strip("_") or name


def _resolution_select(
    key: str, stream: int
) -> IpcCgiSelectEntityDescription[VideoEncoderConfig]:
    """Return the resolution select of one encoder stream (3.9, 3.10), disabled by default."""

    def names(
        runtime_data: IpcCgiRuntimeData, encoder: VideoEncoderConfig
    ) -> dict[str, str]:
        """Return the camera's name of each resolution option the stream offers."""
        codecs = runtime_data.video_capabilities.streams[stream]
        current = encoder.streams.get(stream)
        if current is not None and current.codec in codecs:
            offered = list(codecs[current.codec])
        else:
            offered = [r for codec in codecs.values() for r in codec]
        by_option: dict[str, str] = {}
        for name in offered:
            by_option.setdefault(resolution_option(name), name)
        return by_option

    async def set_resolution(
        runtime_data: IpcCgiRuntimeData, encoder: VideoEncoderConfig, option: str
    ) -> VideoEncoderConfig:
        resolution = names(runtime_data, encoder)[option]
        # Keep frame rate and bitrate within what the new resolution allows (3.9).
        framerate = bitrate = None
        current = encoder.streams.get(stream)
        codecs = runtime_data.video_capabilities.streams[stream]
        if current is not None and (
            limits := codecs.get(current.codec, {}).get(resolution)
        ):
            framerate = min(
                max(current.framerate, limits.framerate_min), limits.framerate_max
            )
            bitrate = min(max(current.bitrate, limits.bitrate_min), limits.bitrate_max)
        reply = await runtime_data.client.set_video_stream(
            stream, resolution=resolution, framerate=framerate, bitrate=bitrate
        )
        # A set reply may carry only the stream it changed.
        return VideoEncoderConfig({**encoder.streams, **reply.streams})

    return IpcCgiSelectEntityDescription[VideoEncoderConfig](
        key=key,
        translation_key=key,
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
        group=Groups.VIDEO_ENCODER,
        supported_fn=lambda runtime_data: (
            runtime_data.capabilities.video
            and stream in runtime_data.video_capabilities.streams
        ),
        value_fn=lambda encoder: (
            resolution_option(encoder.streams[stream].resolution)
            if stream in encoder.streams
            else None
        ),
        set_fn=set_resolution,
        options_fn=lambda runtime_data, encoder: list(names(runtime_data, encoder)),
    )


SELECTS: tuple[IpcCgiSelectEntityDescription[Any], ...] = (
    IpcCgiSelectEntityDescription[IrCutConfig](
        key="ir_cut_mode",
        translation_key="ir_cut_mode",
        entity_category=EntityCategory.CONFIG,
        options=list(IR_CUT_OPTIONS),
        group=Groups.IR_CUT,
        value_fn=_ir_cut_option,
        set_fn=_set_ir_cut,
    ),
    IpcCgiSelectEntityDescription[LampConfig](
        key="lamp_mode",
        translation_key="lamp_mode",
        entity_category=EntityCategory.CONFIG,
        options=list(LAMP_MODES),
        group=Groups.LAMP,
        value_fn=lambda lamp: _option_of(LAMP_MODES, lamp.mode),
        set_fn=lambda runtime_data, _, option: runtime_data.client.set_lamp(
            mode=LAMP_MODES[option]
        ),
    ),
    IpcCgiSelectEntityDescription[ImageConfig](
        key="power_frequency",
        translation_key="power_frequency",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
        options=list(TV_SYSTEMS),
        group=Groups.IMAGE,
        value_fn=lambda image: _option_of(TV_SYSTEMS, image.tv_system),
        set_fn=lambda runtime_data, _, option: runtime_data.client.set_image(
            tv_system=TV_SYSTEMS[option]
        ),
    ),
    _resolution_select("main_stream_resolution", 1),
    _resolution_select("sub_stream_resolution", 2),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: IpcCgiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the selects the camera supports."""
    async_add_entities(supported_entities(entry, SELECTS, IpcCgiSelectEntity))


class IpcCgiSelectEntity(IpcCgiSettingEntity[Any, str], SelectEntity):
    """A select of the camera."""

    entity_description: IpcCgiSelectEntityDescription[Any]

    @property
    def options(self) -> list[str]:
        """Return the options; resolutions follow the stream's codec."""
        description = self.entity_description
        value = self.reply()
        if description.options_fn is not None and value is not None:
            return description.options_fn(self.runtime_data, value)
        return description.options or []

    @property
    def current_option(self) -> str | None:
        """Return the option from the last reply."""
        return self.setting_value()

    async def async_select_option(self, option: str) -> None:
        """Send the option."""
        await self.async_change(
            option,
            lambda: self.entity_description.set_fn(
                self.runtime_data, self.reply(), option
            ),
        )
