"""PTZ actions (3.15): entity actions whose target is the camera entity."""

from __future__ import annotations

import asyncio
from typing import Final

import voluptuous as vol

from homeassistant.core import callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import async_get_current_platform
from homeassistant.helpers.typing import VolDictType

from .const import DOMAIN
from .entity import IpcCgiEntity
from .errors import camera_command
from .ipccgi import IpcCgiClient

ATTR_ACTION: Final = "action"
ATTR_DIRECTION: Final = "direction"
ATTR_DURATION: Final = "duration"
ATTR_PRESET: Final = "preset"
ATTR_SPEED: Final = "speed"

# 3.15: move_x / move_y per direction
PTZ_DIRECTIONS: Final = {
    "up": (0, 1),
    "down": (0, -1),
    "left": (-1, 0),
    "right": (1, 0),
    "up_left": (-1, 1),
    "up_right": (1, 1),
    "down_left": (-1, -1),
    "down_right": (1, -1),
}
ZOOM_STEPS: Final = {"in": 1, "out": -1}
FOCUS_STEPS: Final = {"near": 1, "far": -1}
IRIS_STEPS: Final = {"open": 1, "close": -1}
PRESET_ACTIONS: Final = ("goto", "save", "delete")

SERVICE_PTZ_MOVE: Final = "ptz_move"
SERVICE_PTZ_STOP: Final = "ptz_stop"
SERVICE_PTZ_ZOOM: Final = "ptz_zoom"
SERVICE_PTZ_FOCUS: Final = "ptz_focus"
SERVICE_PTZ_IRIS: Final = "ptz_iris"
SERVICE_PTZ_PRESET: Final = "ptz_preset"

# Each action: its fields (3.15's ranges; Home Assistant adds the target) and
# the camera entity's method that runs it.
PTZ_ACTIONS: Final[dict[str, tuple[VolDictType, str]]] = {
    SERVICE_PTZ_MOVE: (
        {
            vol.Required(ATTR_DIRECTION): vol.In(PTZ_DIRECTIONS),
            vol.Optional(ATTR_SPEED, default=5): vol.All(
                vol.Coerce(int), vol.Range(min=1, max=10)
            ),
            vol.Optional(ATTR_DURATION): vol.All(
                vol.Coerce(float), vol.Range(min=0, max=60)
            ),
        },
        "async_ptz_move",
    ),
    SERVICE_PTZ_STOP: ({}, "async_ptz_stop"),
    SERVICE_PTZ_ZOOM: (
        {vol.Required(ATTR_DIRECTION): vol.In(ZOOM_STEPS)},
        "async_ptz_zoom",
    ),
    SERVICE_PTZ_FOCUS: (
        {vol.Required(ATTR_DIRECTION): vol.In(FOCUS_STEPS)},
        "async_ptz_focus",
    ),
    SERVICE_PTZ_IRIS: (
        {vol.Required(ATTR_DIRECTION): vol.In(IRIS_STEPS)},
        "async_ptz_iris",
    ),
    SERVICE_PTZ_PRESET: (
        {
            vol.Required(ATTR_ACTION): vol.In(PRESET_ACTIONS),
            vol.Required(ATTR_PRESET): vol.All(
                vol.Coerce(int), vol.Range(min=1, max=255)
            ),
        },
        "async_ptz_preset",
    ),
}


@callback
def async_register_ptz_actions() -> None:
    """Register the PTZ actions on the camera platform being set up (once)."""
    platform = async_get_current_platform()
    for service, (schema, method) in PTZ_ACTIONS.items():
        platform.async_register_entity_service(service, schema, method)


async def _wait(seconds: float) -> None:
    """Wait between a move and its stop (tests replace this)."""
    await asyncio.sleep(seconds)


class IpcCgiPtzEntity(IpcCgiEntity):
    """An entity that runs the PTZ actions: the camera entity."""

    def _ptz_client(self) -> IpcCgiClient:
        """Return the client of a camera with a PTZ head; refuse one without."""
        if not self.runtime_data.capabilities.ptz:
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="ptz_not_supported"
            )
        return self.runtime_data.client

    @camera_command
    async def async_ptz_move(
        self, direction: str, speed: int, duration: float | None = None
    ) -> None:
        """Turn the head; with a duration, stop it after that many seconds."""
        client = self._ptz_client()
        x, y = PTZ_DIRECTIONS[direction]
        await client.ptz_move(x, y, speed)
        if duration is not None:
            try:
                await _wait(duration)
            finally:
                await client.ptz_stop()

    @camera_command
    async def async_ptz_stop(self) -> None:
        """Stop the head."""
        await self._ptz_client().ptz_stop()

    @camera_command
    async def async_ptz_zoom(self, direction: str) -> None:
        """Zoom in or out."""
        await self._ptz_client().ptz_zoom(ZOOM_STEPS[direction])

    @camera_command
    async def async_ptz_focus(self, direction: str) -> None:
        """Focus near or far."""
        await self._ptz_client().ptz_focus(FOCUS_STEPS[direction])

    @camera_command
    async def async_ptz_iris(self, direction: str) -> None:
        """Open or close the iris."""
        await self._ptz_client().ptz_iris(IRIS_STEPS[direction])

    @camera_command
    async def async_ptz_preset(self, action: str, preset: int) -> None:
        """Go to, save or delete a preset."""
        client = self._ptz_client()
        match action:
            case "goto":
                await client.ptz_call_preset(preset)
            case "save":
                await client.ptz_add_preset(preset)
            case _:
                await client.ptz_delete_preset(preset)
