"""The base entity of the camera's entities."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from homeassistant.const import CONF_HOST, CONF_PORT, CONF_SSL
from homeassistant.core import callback
import homeassistant.helpers.device_registry as dr
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN, PollGroup
from .coordinator import Group, IpcCgiCoordinator
from .data import IpcCgiConfigEntry, IpcCgiRuntimeData
from .errors import camera_command, check_kept
from .ipccgi import DeviceInfo, OnvifEvent, Recording
from .motion import NewRecordings


def firmware_version(info: DeviceInfo) -> str | None:
    """Return the firmware version: 3.3's `filesystem` ("file system version").

    Firmware that reports no version repeats the model there (the spec's
    example has filesystem="MC400L"): then there is none.
    """
    version = (info.firmware or "").strip()
    if not version or version.casefold() == info.model.strip().casefold():
        return None
    return version


def camera_device_info(entry: IpcCgiConfigEntry, info: DeviceInfo) -> dr.DeviceInfo:
    """Return the device of the camera of `entry`, which `info` (3.3) describes.

    Built once per setup: all the camera's entities share it.
    """
    scheme = "https" if entry.data.get(CONF_SSL) else "http"
    return dr.DeviceInfo(
        identifiers={(DOMAIN, str(entry.unique_id))},
        connections=(
            {(dr.CONNECTION_NETWORK_MAC, dr.format_mac(info.mac))}
            if info.mac
            else set()
        ),
        name=entry.title,
        model=info.model,
        sw_version=firmware_version(info),
        serial_number=info.serial,
        configuration_url=f"{scheme}://{entry.data[CONF_HOST]}:{entry.data[CONF_PORT]}",
    )


# The poll groups of an entity that shows one group: one tuple per group, shared.
_ONE_GROUP = {group: (group,) for group in PollGroup}


def _always(runtime_data: IpcCgiRuntimeData) -> bool:
    """Return True: the feature exists on every camera."""
    return True


@dataclass(frozen=True, kw_only=True)
class IpcCgiEntityDescription(EntityDescription):
    """What every entity of this integration describes.

    `group` is the poll group the entity shows (None: nothing polled), typed
    (`coordinator.Groups`);
    `watches` are other groups whose values it shows (polled by others);
    `supported_fn` tells from what was read at setup whether the camera has
    the feature.
    """

    group: Group[object] | None = None
    watches: tuple[PollGroup, ...] = ()
    supported_fn: Callable[[IpcCgiRuntimeData], bool] = _always


@dataclass(frozen=True, kw_only=True)
class IpcCgiSettingEntityDescription[_M, _V](IpcCgiEntityDescription):
    """A setting: `value_fn` reads its value `_V` from the reply `_M` of its poll group."""

    group: Group[_M]
    value_fn: Callable[[_M], _V | None]


class IpcCgiEntity(CoordinatorEntity[IpcCgiCoordinator]):
    """An entity of one camera; it polls only its groups, and only while added.

    Entities with a description take their group from it; others (the camera
    entity) list theirs in `poll_groups`.
    """

    _attr_has_entity_name = True
    poll_groups: tuple[PollGroup, ...] = ()
    # Groups polled while the entity is added that it does not show as its own.
    _also_polls: tuple[PollGroup, ...] = ()
    _watches: tuple[PollGroup, ...] = ()
    _shows: tuple[PollGroup, ...] = ()  # poll_groups and _watches, once added
    _seen: tuple[object, ...] | None = None

    def __init__(
        self,
        entry: IpcCgiConfigEntry,
        description: IpcCgiEntityDescription | None = None,
    ) -> None:
        """Create the entity of `entry` described by `description`."""
        runtime_data = entry.runtime_data
        super().__init__(runtime_data.coordinator)
        self.runtime_data = runtime_data
        if description is not None:
            self.entity_description = description
            self._attr_unique_id = f"{entry.unique_id}_{description.key}"
            if description.group is not None:
                self.poll_groups = _ONE_GROUP[description.group.poll_group]
            self._watches = description.watches
        self._attr_device_info = runtime_data.device_info

    @property
    def available(self) -> bool:
        """Return whether the camera answers and every group of the entity was read."""
        data = self.coordinator.data
        return super().available and all(
            data.get(group) is not None for group in self.poll_groups
        )

    @callback
    def _handle_coordinator_update(self) -> None:
        """Look again, and write the state, only if the entity's groups or the polls' success changed.

        The coordinator counts a group changed only when what entities show of
        it changed (`change_key`): a poll that finds the camera as it was
        writes no state.
        """
        seen = self.coordinator.change_key(self._shows)
        if seen != self._seen:
            self._seen = seen
            self._update_from_data()
            self.async_write_ha_state()

    def _update_from_data(self) -> None:
        """Take what the entity shows from the coordinator's data, where it keeps it."""

    async def async_added_to_hass(self) -> None:
        """Start polling the entity's groups; the state written now shows the data as it is."""
        await super().async_added_to_hass()
        self._shows = self.poll_groups + self._watches
        self._seen = self.coordinator.change_key(self._shows)
        self._update_from_data()
        self.coordinator.async_register_groups(self.poll_groups + self._also_polls)

    async def async_will_remove_from_hass(self) -> None:
        """Stop polling the entity's groups."""
        await super().async_will_remove_from_hass()
        self.coordinator.async_unregister_groups(self.poll_groups + self._also_polls)


class IpcCgiSettingEntity[_M, _V](IpcCgiEntity):
    """An entity that changes a setting of its poll group's endpoint, whose reply is `_M`."""

    entity_description: IpcCgiSettingEntityDescription[_M, _V]

    def reply(self) -> _M | None:
        """Return the last reply of the setting's poll group."""
        return self.coordinator.data.reply(self.entity_description.group)

    def setting_value(self) -> _V | None:
        """Return the setting's value in the last reply."""
        reply = self.reply()
        return None if reply is None else self.entity_description.value_fn(reply)

    @camera_command
    async def async_change(self, value: _V, send: Callable[[], Awaitable[_M]]) -> None:
        """Send a change to `value`; store and check the camera's reply.

        The reply is the configuration the camera now has: the entity shows
        it, and if it keeps another value, the action fails saying so.
        """
        self.coordinator.async_apply(
            self.entity_description.group.poll_group, await send()
        )
        check_kept(value, self.setting_value())


def supported_entities[_D: IpcCgiEntityDescription, _E: IpcCgiEntity](
    entry: IpcCgiConfigEntry,
    descriptions: Iterable[_D],
    entity_class: Callable[[IpcCgiConfigEntry, _D], _E],
) -> list[_E]:
    """Return an `entity_class` entity per description the camera supports."""
    return [
        entity_class(entry, description)
        for description in descriptions
        if description.supported_fn(entry.runtime_data)
    ]


class IpcCgiNewRecordingEntity(IpcCgiEntity):
    """An entity of the motion events (motion.py): it handles each read's news once.

    It shows only the recording list (availability); it also polls the device
    state (the camera's date, SD card) and the motion recording setting (the
    repair issue), which other entities read anyway.
    """

    _also_polls = (PollGroup.DEVICE_STATE, PollGroup.EVENT_STORAGE)
    _handled: NewRecordings | None = None

    async def async_added_to_hass(self) -> None:
        """Start polling; what was found before the entity was added is old news."""
        await super().async_added_to_hass()
        self._handled = self.coordinator.data.new_recordings

    def handle_recordings(self, recordings: tuple[Recording, ...]) -> None:
        """Handle the live recordings one read found new (at least one)."""
        raise NotImplementedError

    def _live(self, news: NewRecordings) -> tuple[Recording, ...]:
        """Return the recordings that started within two poll intervals of the read: live motion.

        An older clip found now (the camera wrote it late, or the card came
        back) is in the media browser, but no event.
        """
        now, recordings = news.clock, news.recordings
        interval = self.coordinator.update_interval
        if now is None or interval is None:
            return recordings
        # Not live either: a start ahead of the clock (made before the
        # camera's clock went back).
        oldest, newest = now - 2 * interval, now + interval
        return tuple(
            recording
            for recording in recordings
            if recording.start_time is None or oldest <= recording.start_time <= newest
        )

    @callback
    def _handle_coordinator_update(self) -> None:
        """Handle new recordings once, then write the state if it changed."""
        news = self.coordinator.data.new_recordings
        if news is not None and news is not self._handled:
            self._handled = news
            if live := self._live(news):
                self.handle_recordings(live)
                self._seen = None  # what it shows changed: look again
        super()._handle_coordinator_update()


class IpcCgiOnvifEntity(IpcCgiEntity):
    """An entity of the camera's ONVIF events (camera_events.py): pushed, not polled."""

    async def async_added_to_hass(self) -> None:
        """Follow the events."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self.runtime_data.events.async_add_listener(self.handle_event)
        )

    @property
    def available(self) -> bool:
        """Return whether the camera answers and its events flow."""
        return super().available and self.runtime_data.events.available

    @callback
    def handle_event(self, event: OnvifEvent | None) -> None:
        """Show an event (None: the events' availability changed)."""
        self.async_write_ha_state()
