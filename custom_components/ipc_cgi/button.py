"""Buttons of the camera: reboot, snapshot to SD card, alarm input, PTZ moves.

A PTZ button starts a move that lasts until the "PTZ stop" button is pressed
(3.15 has no timed move); the speed is the spec's example, 5 of 1-10.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.button import (
    ButtonDeviceClass,
    ButtonEntity,
    ButtonEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .data import IpcCgiConfigEntry, IpcCgiRuntimeData
from .entity import IpcCgiEntity, IpcCgiEntityDescription, supported_entities
from .errors import camera_command
from .ipccgi import IpcCgiClient, SnapshotTarget

PARALLEL_UPDATES = 1

PTZ_SPEED = 5


@dataclass(frozen=True, kw_only=True)
class IpcCgiButtonEntityDescription(IpcCgiEntityDescription, ButtonEntityDescription):
    """A button sending one command."""

    press_fn: Callable[[IpcCgiClient], Awaitable[Any]]


def _has_ptz(runtime_data: IpcCgiRuntimeData) -> bool:
    return runtime_data.capabilities.ptz


def _ptz_button(
    key: str, press_fn: Callable[[IpcCgiClient], Awaitable[Any]]
) -> IpcCgiButtonEntityDescription:
    return IpcCgiButtonEntityDescription(
        key=key, translation_key=key, supported_fn=_has_ptz, press_fn=press_fn
    )


BUTTONS: tuple[IpcCgiButtonEntityDescription, ...] = (
    IpcCgiButtonEntityDescription(
        key="reboot",
        translation_key="reboot",
        device_class=ButtonDeviceClass.RESTART,
        entity_category=EntityCategory.CONFIG,
        press_fn=lambda client: client.reboot(),
    ),
    IpcCgiButtonEntityDescription(
        key="snapshot_to_sd_card",
        translation_key="snapshot_to_sd_card",
        entity_registry_enabled_default=False,
        press_fn=lambda client: client.snapshot_upload(SnapshotTarget.SD_CARD),
    ),
    IpcCgiButtonEntityDescription(
        key="trigger_alarm_input",
        translation_key="trigger_alarm_input",
        # A control (it sets off the camera's alarm actions, e.g. to test an
        # automation), not configuration or a reading: no category.
        entity_registry_enabled_default=False,
        press_fn=lambda client: client.trigger_input_alarm(),
    ),
    _ptz_button("ptz_left", lambda client: client.ptz_move(-1, 0, PTZ_SPEED)),
    _ptz_button("ptz_right", lambda client: client.ptz_move(1, 0, PTZ_SPEED)),
    _ptz_button("ptz_up", lambda client: client.ptz_move(0, 1, PTZ_SPEED)),
    _ptz_button("ptz_down", lambda client: client.ptz_move(0, -1, PTZ_SPEED)),
    _ptz_button("ptz_zoom_in", lambda client: client.ptz_zoom(1)),
    _ptz_button("ptz_zoom_out", lambda client: client.ptz_zoom(-1)),
    _ptz_button("ptz_stop", lambda client: client.ptz_stop()),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: IpcCgiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the buttons the camera supports."""
    async_add_entities(supported_entities(entry, BUTTONS, IpcCgiButtonEntity))


class IpcCgiButtonEntity(IpcCgiEntity, ButtonEntity):
    """A button of the camera."""

    entity_description: IpcCgiButtonEntityDescription

    @camera_command
    async def async_press(self) -> None:
        """Send the command."""
        await self.entity_description.press_fn(self.coordinator.client)
