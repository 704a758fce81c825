"""Motion events from the camera's own recordings (3.20)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Final

from homeassistant.core import HomeAssistant, callback
import homeassistant.util.dt as dt_util
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN
from .ipccgi import IpcCgiClient, Recording, RecordMode

# What the event entity fires for each record_mode that is an event (3.20).
EVENT_KINDS: Final[dict[int, str]] = {
    RecordMode.MOTION: "motion",
    RecordMode.ALARM: "alarm",
}
# How long the motion sensor stays on: 3.20 lists no clip length.
MOTION_ON_TIME: Final = timedelta(seconds=30)


@dataclass(frozen=True, slots=True)
class NewRecordings:
    """The motion and alarm recordings one read found that the reads before had not."""

    recordings: tuple[Recording, ...]
    # The camera's clock at the read, None if unknown: what is live motion.
    clock: datetime | None = field(default=None, compare=False)


class RecordingWatch:
    """Find the recordings that are new since the last read of today's list.

    Each read asks 3.20 for the camera's day from the last start seen (files
    seen are left out by path); a start ahead of the camera's clock is no
    filter, and the filter goes back as far as the clock went back. A day's
    first read returns all of it not seen (the entities keep the live clips).
    At the camera's midnight it reads the rest of the day before, then the new
    one. What was seen is kept for the last SEEN_DAYS days read: a clock set
    back over midnight finds nothing twice. It outlives a reload.
    """

    SEEN_DAYS: Final = 3

    def __init__(self) -> None:
        """Start knowing nothing: the next read returns the whole day."""
        self._day: date | None = None
        self._seen: dict[date, set[str]] = {}  # by day, the latest read last
        self._last: datetime | None = None
        self._offset: timedelta | None = None  # the camera's clock minus UTC

    @callback
    def reset(self) -> None:
        """Forget what was seen: the next read is a first read again."""
        self._day = None
        self._seen.clear()

    async def async_read(self, client: IpcCgiClient, now: datetime) -> NewRecordings:
        """Read the list of the camera's day (`now` is its local time); return what is new."""
        offset = now - dt_util.utcnow().replace(tzinfo=None)
        if self._last is not None and self._offset is not None:
            self._last -= max(self._offset - offset, timedelta())
        self._offset = offset
        day, today = self._day, now.date()
        found: list[Recording] = []
        if day is not None and day < today:
            found += self._remember(day, await self._since(client, day))
        if day != today:
            self._last = None
        recordings = self._remember(today, await self._since(client, today))
        self._day = today
        starts = [
            r.start_time
            for r in recordings
            if r.start_time is not None and r.start_time <= now
        ]
        if self._last is not None:
            starts.append(self._last)
        self._last = max(starts, default=None)
        found += recordings
        return NewRecordings(
            tuple(
                recording for recording in found if recording.record_mode in EVENT_KINDS
            ),
            now,
        )

    async def _since(self, client: IpcCgiClient, day: date) -> list[Recording]:
        """Return `day`'s recordings not seen, asking only from the last start on."""
        start = None
        if self._last is not None and self._last.date() == day:
            start = self._last.time()
        recordings = await client.get_recordings(day, start=start)
        seen = self._seen.get(day, set())
        return [recording for recording in recordings if recording.filepath not in seen]

    def _remember(self, day: date, recordings: list[Recording]) -> list[Recording]:
        """Keep `recordings` as seen on `day`; return them."""
        seen = self._seen.pop(day, set())
        seen.update(recording.filepath for recording in recordings)
        self._seen[day] = seen
        for old in list(self._seen)[: -self.SEEN_DAYS]:
            del self._seen[old]
        return recordings


# Each entry's watch, kept across reloads while Home Assistant runs.
RECORDING_WATCHES: HassKey[dict[str, RecordingWatch]] = HassKey(
    f"{DOMAIN}_recording_watches"
)


def recording_watch(hass: HomeAssistant, entry_id: str) -> RecordingWatch:
    """Return the entry's watch: the one before a reload, or a new one."""
    return hass.data.setdefault(RECORDING_WATCHES, {}).setdefault(
        entry_id, RecordingWatch()
    )
