"""The camera's clock: its drift from Home Assistant's, and keeping it in sync (3.8)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
import logging
import re
from typing import TYPE_CHECKING

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.event import async_track_time_interval
import homeassistant.util.dt as dt_util

from .const import CONF_SYNC_CLOCK, DEFAULT_SYNC_CLOCK, PollGroup
from .ipccgi import TIMEZONES, DeviceState, IpcCgiClient, IpcCgiError, TimeUpdateMethod

if TYPE_CHECKING:
    from .coordinator import IpcCgiConfigEntry, IpcCgiCoordinator

_LOGGER = logging.getLogger(__name__)

# Set the camera's clock when it is further off than this.
SYNC_THRESHOLD = timedelta(seconds=5)
CHECK_INTERVAL = timedelta(days=1)
_GMT = re.compile(r"GMT([+-])(\d{1,2}):(\d{2})")


def zone_offset(zone: str) -> timedelta | None:
    """Return the UTC offset of a 3.8 time zone (`GMT+08:00`), or None."""
    match = _GMT.fullmatch(zone.strip())
    if match is None:
        return None
    sign, hours, minutes = match.groups()
    offset = timedelta(hours=int(hours), minutes=int(minutes))
    return -offset if sign == "-" else offset


def zone_name(offset: timedelta) -> str:
    """Return a UTC offset as 3.8 names time zones, e.g. GMT+05:30 (listed or not)."""
    minutes = round(offset.total_seconds() / 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"GMT{sign}{hours:02d}:{rest:02d}"


def zone_of(offset: timedelta) -> str | None:
    """Return the 3.8 time zone of a UTC offset, if the camera has one."""
    zone = zone_name(offset)
    return zone if zone in TIMEZONES else None


def _whole_seconds_now() -> datetime:
    """Return Home Assistant's time as the camera reports its own: in whole seconds."""
    return dt_util.utcnow().replace(microsecond=0)


class CameraClock:
    """Measure the camera's clock against Home Assistant's, and correct it.

    The check reads 3.8 (one request) at setup, once a day and after the
    camera restarted (its uptime went back); when the option is on and the
    clock is more than SYNC_THRESHOLD off, it sets the camera's time zone and
    time from Home Assistant's. Between checks the drift comes from the device
    state every poll reads anyway (3.25 `system_time`), in the zone 3.8 gave.
    """

    def __init__(
        self,
        hass: HomeAssistant,
        entry: IpcCgiConfigEntry,
        client: IpcCgiClient,
        coordinator: IpcCgiCoordinator,
    ) -> None:
        """Describe the clock of `entry`'s camera; nothing is read yet."""
        self.hass = hass
        self.entry = entry
        self.client = client
        self.coordinator = coordinator
        self._offset: timedelta | None = None  # the camera's UTC offset (3.8)
        self._uptime: timedelta | None = None
        self._drift: int | None = None
        self._read_before_set: DeviceState | None = None
        self._check: asyncio.Task[None] | None = None

    @property
    def sync(self) -> bool:
        """Return whether the option to keep the clock in sync is on."""
        return bool(self.entry.options.get(CONF_SYNC_CLOCK, DEFAULT_SYNC_CLOCK))

    @callback
    def async_start(self) -> None:
        """Check now, then daily and after each restart of the camera."""
        self.entry.async_on_unload(
            async_track_time_interval(
                self.hass, self._async_daily, CHECK_INTERVAL, cancel_on_shutdown=True
            )
        )
        self.entry.async_on_unload(
            self.coordinator.async_add_listener(self._async_handle_update)
        )
        self._async_schedule_check()

    async def _async_daily(self, _now: datetime) -> None:
        self._async_schedule_check()

    @callback
    def _async_handle_update(self) -> None:
        """Check again when the camera's uptime went back: it restarted."""
        state = self.coordinator.data.device_state
        if state is None:
            return
        if self._uptime is not None and state.uptime < self._uptime:
            self._async_schedule_check()
        self._uptime = state.uptime

    @callback
    def _async_schedule_check(self) -> None:
        if self._check is None or self._check.done():
            self._check = self.entry.async_create_background_task(
                self.hass, self.async_check(), f"{self.entry.title} clock check"
            )

    def drift(self, state: DeviceState | None) -> int | None:
        """Return the camera's clock minus Home Assistant's, in whole seconds.

        A change of one second is jitter (the camera reports whole seconds and
        the reply takes a while): the last value stays.
        """
        if state is None or state.system_time is None or self._offset is None:
            return None
        if state is self._read_before_set:
            return self._drift  # the camera's clock of before it was set
        camera = state.system_time.replace(tzinfo=timezone(self._offset))
        drift = round((camera - _whole_seconds_now()).total_seconds())
        if self._drift is None or abs(drift - self._drift) > 1:
            self._drift = drift
        return self._drift

    async def async_check(self) -> None:
        """Read the camera's clock; set it from Home Assistant's if it is too far off."""
        try:
            # A read as the polls': a poll reading 3.8 meanwhile shares it.
            with self.client.background():
                time = await self.client.get_time()
        except IpcCgiError as err:
            _LOGGER.debug("%s: reading the clock failed: %s", self.entry.title, err)
            return
        self._offset = zone_offset(time.timezone)
        if self._offset is None or time.current_time is None:
            return
        camera = time.current_time.replace(tzinfo=timezone(self._offset))
        drift = camera - _whole_seconds_now()
        self._drift = round(drift.total_seconds())
        if not self.sync or abs(drift) <= SYNC_THRESHOLD:
            # Kept as the poll's would be: the drift sensor shows it now.
            self.coordinator.async_apply(PollGroup.TIME, time)
            return
        local = dt_util.now().utcoffset()
        zone = (zone_of(local) if local is not None else None) or time.timezone
        offset = zone_offset(zone) or self._offset
        now = (dt_util.utcnow() + offset).replace(tzinfo=None, microsecond=0)
        try:
            reply = await self.client.set_time(
                timezone=zone, update_method=TimeUpdateMethod.MANUAL, current_time=now
            )
        except IpcCgiError as err:
            _LOGGER.warning(
                "%s: the camera's clock is %+d s off; setting it failed: %s",
                self.entry.title,
                self._drift,
                err,
            )
            self.coordinator.async_apply(PollGroup.TIME, time)  # the drift as read
            return
        _LOGGER.info(
            "%s: the camera's clock was %+d s off; set it to %s (%s)",
            self.entry.title,
            self._drift,
            now.isoformat(sep=" "),
            zone,
        )
        self._offset = offset
        self._drift = 0
        self._read_before_set = self.coordinator.data.device_state
        self.coordinator.async_apply(PollGroup.TIME, reply)
