"""Lights of the camera: the infrared lamp and the white light (3.36).

The camera drives one lamp at a time: 3.36 holds one brightness, on or off,
and which lamp (`ledmode`). Turning one lamp on turns the other off, and
each light says which lamp is lit.
"""

from __future__ import annotations

from dataclasses import dataclass
import math
from typing import TYPE_CHECKING, Any, Final

from homeassistant.components.light import (
    ATTR_BRIGHTNESS,
    LightEntity,
    LightEntityDescription,
)
from homeassistant.components.light.const import ColorMode
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util.color import brightness_to_value, value_to_brightness

from .const import PollGroup
from .coordinator import Group, Groups
from .data import IpcCgiConfigEntry
from .entity import IpcCgiEntity, IpcCgiEntityDescription, supported_entities
from .errors import camera_command, check_kept
from .ipccgi import LedConfig, LedMode

PARALLEL_UPDATES = 1

# 3.36 brightness is 1-100 % (0 is accepted, and lights nothing).
BRIGHTNESS_SCALE: Final = (1, 100)
# The state attribute naming the lamp that is lit, and its values.
ATTR_LIT_LAMP: Final = "lit_lamp"
LIT_LAMPS: Final[dict[int, str]] = {
    LedMode.INFRARED: "infrared",
    LedMode.WHITE: "white",
}
NO_LAMP: Final = "none"


@dataclass(frozen=True, kw_only=True)
class IpcCgiLightEntityDescription(IpcCgiEntityDescription, LightEntityDescription):
    """One lamp of 3.36: `mode` is its `ledmode`."""

    mode: LedMode
    group: Group[object] | None = Groups.LED


LIGHTS: tuple[IpcCgiLightEntityDescription, ...] = (
    IpcCgiLightEntityDescription(
        key="infrared_lamp", translation_key="infrared_lamp", mode=LedMode.INFRARED
    ),
    IpcCgiLightEntityDescription(
        key="white_light", translation_key="white_light", mode=LedMode.WHITE
    ),
)


def lit_lamp(led: LedConfig) -> str | None:
    """Return which lamp is lit ("infrared", "white" or "none")."""
    if not led.on:
        return NO_LAMP
    return LIT_LAMPS.get(led.mode)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: IpcCgiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the camera's two lamps as lights."""
    async_add_entities(supported_entities(entry, LIGHTS, IpcCgiLightEntity))


class IpcCgiLightEntity(IpcCgiEntity, LightEntity):
    """One lamp of the camera, dimmable in %."""

    entity_description: IpcCgiLightEntityDescription
    _attr_color_mode = ColorMode.BRIGHTNESS
    _attr_supported_color_modes = {ColorMode.BRIGHTNESS}

    def _led(self) -> LedConfig:
        led = self.coordinator.data.led
        if TYPE_CHECKING:
            assert led is not None  # read while the entity is available
        return led

    @property
    def is_on(self) -> bool:
        """Return whether this lamp is the one lit."""
        led = self._led()
        return led.on and led.mode == self.entity_description.mode

    @property
    def brightness(self) -> int | None:
        """Return the brightness while lit (3.36's %, as 1-255)."""
        if not self.is_on:
            return None
        return value_to_brightness(BRIGHTNESS_SCALE, self._led().brightness)

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Return which lamp is lit: the camera lights one at a time."""
        return {ATTR_LIT_LAMP: lit_lamp(self._led())}

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Light this lamp, which puts out the other one."""
        led = self._led()
        if ATTR_BRIGHTNESS in kwargs:
            percent = math.ceil(
                brightness_to_value(BRIGHTNESS_SCALE, kwargs[ATTR_BRIGHTNESS])
            )
        else:
            # The lamp's last brightness; at 0 it would stay dark.
            percent = led.brightness or BRIGHTNESS_SCALE[1]
        await self._async_set(percent, True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Put this lamp out; nothing is sent while the other lamp is lit."""
        if self.is_on:
            await self._async_set(self._led().brightness, False)

    @camera_command
    async def _async_set(self, percent: int, on: bool) -> None:
        """Send brightness, on/off and lamp (3.36 needs all three); store the reply."""
        mode = self.entity_description.mode
        reply = await self.coordinator.client.set_led(percent, on, mode)
        self.coordinator.async_apply(PollGroup.LED, reply)
        check_kept(on, reply.on and reply.mode == mode)
