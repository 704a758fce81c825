"""Texts of the camera: the OSD title and the five user OSD lines (UTF-8)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.text import TextEntity, TextEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import OSD_TEXT_MAX_BYTES
from .coordinator import Groups
from .data import IpcCgiConfigEntry
from .entity import (
    IpcCgiSettingEntity,
    IpcCgiSettingEntityDescription,
    supported_entities,
)
from .errors import check_osd_text
from .ipccgi import IpcCgiClient, OsdConfig, UserOsdConfig

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class IpcCgiTextEntityDescription[_M](
    IpcCgiSettingEntityDescription[_M, str], TextEntityDescription
):
    """A text showing one value of the reply `_M` of its poll group."""

    set_fn: Callable[[IpcCgiClient, _M, str], Awaitable[_M]]
    entity_category: EntityCategory | None = EntityCategory.CONFIG
    native_max: int = OSD_TEXT_MAX_BYTES


def _user_osd_text(index: int) -> IpcCgiTextEntityDescription[UserOsdConfig]:
    """Return user OSD line `index` (3.35); an empty line is hidden, a filled one shown."""
    return IpcCgiTextEntityDescription[UserOsdConfig](
        key=f"user_osd_{index}",
        translation_key="user_osd",
        translation_placeholders={"line": str(index + 1)},
        entity_registry_enabled_default=False,
        group=Groups.USER_OSD[index],
        value_fn=lambda osd: osd.title,
        set_fn=lambda client, _, title: client.set_user_osd(
            index, enabled=bool(title), title=title
        ),
    )


TEXTS: tuple[IpcCgiTextEntityDescription[Any], ...] = (
    IpcCgiTextEntityDescription[OsdConfig](
        key="osd_title",
        translation_key="osd_title",
        entity_registry_enabled_default=False,
        group=Groups.OSD,
        value_fn=lambda osd: osd.title,
        set_fn=lambda client, _, title: client.set_osd(title=title),
    ),
    *(_user_osd_text(index) for index in range(len(Groups.USER_OSD))),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: IpcCgiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the texts."""
    async_add_entities(supported_entities(entry, TEXTS, IpcCgiTextEntity))


class IpcCgiTextEntity(IpcCgiSettingEntity[Any, str], TextEntity):
    """A text of the camera."""

    entity_description: IpcCgiTextEntityDescription[Any]

    @property
    def native_value(self) -> str | None:
        """Return the text from the last reply."""
        return self.setting_value()

    async def async_set_value(self, value: str) -> None:
        """Send the text, if the camera can show it."""
        text = check_osd_text(value)
        await self.async_change(
            text,
            lambda: self.entity_description.set_fn(
                self.coordinator.client, self.reply(), text
            ),
        )
