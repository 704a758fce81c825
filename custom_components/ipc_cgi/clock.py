"""The camera's clock: its drift from Home Assistant's, and keeping it in sync (3.8)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta, timezone
import logging
import re
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.event import async_track_time_interval
import homeassistant.util.dt as dt_util

from .const import CONF_SYNC_CLOCK, DEFAULT_SYNC_CLOCK, PollGroup
from .ipccgi import (
    TIMEZONES,
    DeviceState,
    IpcCgiClient,
    IpcCgiError,
    TimeConfig,
    TimeUpdateMethod,
)

if TYPE_CHECKING:
    from .coordinator import IpcCgiCoordinator

_LOGGER = logging.getLogger(__name__)

# Set the camera's clock when it is further off than this.
SYNC_THRESHOLD = timedelta(seconds=5)
CHECK_INTERVAL = timedelta(days=1)
# A drift a poll sees is corrected at once, but no more often than this.
CORRECTION_INTERVAL = timedelta(hours=1)
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


def clock_setting(camera_zone: str | None) -> tuple[str, datetime] | None:
    """Return the 3.8 zone to give the camera, and its wall time now in that zone.

    The zone is Home Assistant's current UTC offset if 3.8 names it, else the
    camera's own (`camera_zone`; the time is then right in it); None if 3.8
    names neither. The wall time is in whole seconds, as the camera takes it
    (and then reports it: up to a second behind, its drift reads 0).
    """
    now = dt_util.now()
    zone = zone_of(now.utcoffset() or timedelta())
    if zone is None and camera_zone is not None:
        camera = zone_offset(camera_zone)
        zone = zone_of(camera) if camera is not None else None
    if zone is None or (offset := zone_offset(zone)) is None:
        return None
    return zone, now.astimezone(timezone(offset)).replace(tzinfo=None, microsecond=0)


def _whole_seconds_now() -> datetime:
    """Return Home Assistant's time as the camera reports its own: in whole seconds."""
    return dt_util.utcnow().replace(microsecond=0)


class CameraClock:
    """Measure the camera's clock against Home Assistant's, and correct it.

    The check reads 3.8 (one request) at setup, once a day and after the
    camera restarted (its uptime went back); when the option is on and the
    clock is more than SYNC_THRESHOLD off, it sets the camera's time zone and
    time from Home Assistant's. Between checks the drift comes from the device
    state every poll reads anyway (3.25 `system_time`), in the zone of the last
    3.8 reply; a poll that sees the clock too far off starts a check at once,
    at most once per CORRECTION_INTERVAL.
    """

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        client: IpcCgiClient,
        coordinator: IpcCgiCoordinator,
    ) -> None:
        """Describe the clock of `entry`'s camera; nothing is read yet."""
        self.hass = hass
        self.entry = entry
        self.client = client
        self.coordinator = coordinator
        self._time: TimeConfig | None = None  # the last 3.8 reply measured
        self._zone: str | None = None  # the camera's time zone, as 3.8 gave it
        self._offset: timedelta | None = None  # its UTC offset
        self._state_before_time: DeviceState | None = None
        self._seen_state: DeviceState | None = None
        self._uptime: timedelta | None = None
        self._drift: int | None = None
        self._given: int | None = None  # the drift `drift` last returned
        self._check: asyncio.Task[None] | None = None
        self._corrected_at: datetime | None = None  # a set tried, or a check started
        self._set_at: datetime | None = None  # the clock last set
        self._set_failed = False
        self._warned_unkept = False

    @property
    def sync(self) -> bool:
        """Return whether the option to keep the clock in sync is on."""
        return bool(self.entry.options.get(CONF_SYNC_CLOCK, DEFAULT_SYNC_CLOCK))

    @property
    def zone(self) -> str | None:
        """Return the camera's time zone, as its last 3.8 reply gave it."""
        self._follow_time()
        return self._zone

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
        """Check again when the camera restarted, or a poll saw its clock too far off."""
        state = self.coordinator.data.device_state
        if state is None or state is self._seen_state:
            return
        self._seen_state = state
        restarted = self._uptime is not None and state.uptime < self._uptime
        self._uptime = state.uptime
        drift = self.drift(state)
        if restarted:
            self._async_schedule_check()
        elif self.sync and drift is not None and abs(drift) > SYNC_THRESHOLD.seconds:
            self._async_correct(drift)

    @callback
    def _async_correct(self, drift: int) -> None:
        """Check at once, unless a correction was tried within the interval."""
        now = dt_util.utcnow()
        if (
            self._corrected_at is None
            or now - self._corrected_at >= CORRECTION_INTERVAL
        ):
            self._corrected_at = now
            self._async_schedule_check()
            return
        if (
            self._set_at is not None
            and now - self._set_at < CORRECTION_INTERVAL
            and not self._warned_unkept
        ):
            self._warned_unkept = True
            _LOGGER.warning(
                "%s: the camera's clock is %+d s off again %d min after it was"
                " set: it does not keep the time; it is set again at most once"
                " an hour",
                self.entry.title,
                drift,
                (now - self._set_at) // timedelta(minutes=1),
            )

    @callback
    def _async_schedule_check(self) -> None:
        if self._check is None or self._check.done():
            self._check = self.entry.async_create_background_task(
                self.hass, self.async_check(), f"{self.entry.title} clock check"
            )

    def _follow_time(self) -> None:
        """Take the zone and the drift of a 3.8 reply newer than the last.

        The device states read before it are older than its clock: they give
        no drift of their own.
        """
        time = self.coordinator.data.time
        if time is None or time is self._time:
            return
        self._time = time
        self._zone = time.timezone
        self._offset = zone_offset(time.timezone)
        self._state_before_time = self.coordinator.data.device_state
        if self._offset is None:
            self._drift = None
        elif time.current_time is not None:
            self._drift = self._measure(time.current_time)

    def _measure(self, wall: datetime) -> int:
        """Return the camera's `wall` time minus Home Assistant's, in whole seconds."""
        assert self._offset is not None
        camera = wall.replace(tzinfo=timezone(self._offset))
        return round((camera - _whole_seconds_now()).total_seconds())

    def drift(self, state: DeviceState | None) -> int | None:
        """Return the camera's clock minus Home Assistant's, in whole seconds.

        A change of one second is jitter (the camera reports whole seconds and
        the reply takes a while): the last value stays.
        """
        self._given = self._drift_of(state)
        return self._given

    def drift_moved(self, state: DeviceState) -> bool:
        """Tell whether the drift of `state` differs from the one `drift` last returned."""
        before = self._given
        return self.drift(state) != before

    def _drift_of(self, state: DeviceState | None) -> int | None:
        self._follow_time()
        if state is None or state.system_time is None or self._offset is None:
            return None
        if state is self._state_before_time:
            return self._drift  # measured from the newer 3.8 reply
        drift = self._measure(state.system_time)
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
        offset = zone_offset(time.timezone)
        if not self.sync or offset is None or time.current_time is None:
            self.coordinator.async_apply(PollGroup.TIME, time)
            return
        camera = time.current_time.replace(tzinfo=timezone(offset))
        drift = round((camera - _whole_seconds_now()).total_seconds())
        if abs(drift) <= SYNC_THRESHOLD.seconds:
            # Kept as the poll's would be: the drift sensor shows it now.
            self.coordinator.async_apply(PollGroup.TIME, time)
            return
        self._corrected_at = dt_util.utcnow()
        if (setting := clock_setting(time.timezone)) is None:
            self._async_not_set(
                time, drift, f"3.8 names neither this UTC offset nor {time.timezone}"
            )
            return
        zone, now = setting
        try:
            reply = await self.client.set_time(
                timezone=zone, update_method=TimeUpdateMethod.MANUAL, current_time=now
            )
        except IpcCgiError as err:
            self._async_not_set(time, drift, str(err))
            return
        self._set_failed = False
        self._set_at = self._corrected_at
        if time.update_method == TimeUpdateMethod.NTP:
            _LOGGER.warning(
                "%s: the camera's clock was %+d s off on NTP (it cannot reach"
                " %s?); set it to %s (%s): it is now on manual time",
                self.entry.title,
                drift,
                time.ntp_server,
                now.isoformat(sep=" "),
                zone,
            )
        else:
            _LOGGER.info(
                "%s: the camera's clock was %+d s off; set it to %s (%s)",
                self.entry.title,
                drift,
                now.isoformat(sep=" "),
                zone,
            )
        if reply.current_time is None:  # a short reply: the time just set
            reply = replace(reply, current_time=now)
        self.coordinator.async_apply(PollGroup.TIME, reply)

    @callback
    def _async_not_set(self, time: TimeConfig, drift: int, reason: str) -> None:
        """Warn that the clock was not set (once in a row); show it as read."""
        (_LOGGER.debug if self._set_failed else _LOGGER.warning)(
            "%s: the camera's clock is %+d s off; setting it failed: %s",
            self.entry.title,
            drift,
            reason,
        )
        self._set_failed = True
        self.coordinator.async_apply(PollGroup.TIME, time)
