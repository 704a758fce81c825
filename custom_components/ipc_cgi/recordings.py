"""Recordings on the camera's SD card (3.20): which days have them, their ids, saving one."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
import mimetypes
from pathlib import Path
from typing import IO, Final

from homeassistant.core import HomeAssistant

from .const import DOMAIN
from .ipccgi import IpcCgiClient, Recording, RecordingPart, RecordMode

# The media browser lists the days with recordings among this many, today included.
RECORDING_DAYS: Final = 30
MEDIA_SOURCE_PREFIX: Final = f"media-source://{DOMAIN}/"
_CLIP: Final = "clip"


class RecordingKind(StrEnum):
    """What made a recording (3.20 record_mode)."""

    SCHEDULED = "scheduled"
    MOTION = "motion"
    ALARM = "alarm"


KIND_MODES: Final = {
    RecordingKind.SCHEDULED: RecordMode.SCHEDULE,
    RecordingKind.MOTION: RecordMode.MOTION,
    RecordingKind.ALARM: RecordMode.ALARM,
}
_MODE_KINDS: Final[dict[int, RecordingKind]] = {
    mode: kind for kind, mode in KIND_MODES.items()
}


def mime_type(filepath: str) -> str:
    """Return the MIME type of a recording by its name (the camera writes MP4)."""
    return mimetypes.guess_type(filepath)[0] or "video/mp4"


def count_kinds(recordings: Iterable[Recording]) -> Counter[RecordingKind]:
    """Count recordings by kind; a record_mode the spec does not name is left out."""
    return Counter(
        _MODE_KINDS[recording.record_mode]
        for recording in recordings
        if recording.record_mode in _MODE_KINDS
    )


# --- identifiers: "<entry_id>", "<entry_id>/<day>", "<entry_id>/<day>/<kind>",
# and a clip "<entry_id>/clip/<filepath without its leading slash>" ---------------


@dataclass(frozen=True, slots=True)
class ClipId:
    """A recording of one camera: its config entry and the camera's file path."""

    entry_id: str
    filepath: str

    @property
    def identifier(self) -> str:
        """Return the media source identifier (after `media-source://ipc_cgi/`)."""
        return f"{self.entry_id}/{_CLIP}/{self.filepath.lstrip('/')}"

    @classmethod
    def parse(cls, identifier: str) -> ClipId | None:
        """Return the clip an identifier or media-source URI names, or None."""
        identifier = identifier.removeprefix(MEDIA_SOURCE_PREFIX)
        entry_id, kind, filepath = [*identifier.split("/", 2), "", ""][:3]
        if not entry_id or kind != _CLIP or not filepath.strip("/"):
            return None
        if ".." in filepath.split("/"):
            return None
        return cls(entry_id, f"/{filepath}")


def day_identifier(entry_id: str, day: date) -> str:
    """Return the identifier of a camera's day."""
    return f"{entry_id}/{day.isoformat()}"


def kind_identifier(entry_id: str, day: date, kind: RecordingKind) -> str:
    """Return the identifier of a camera's recordings of one kind on one day."""
    return f"{day_identifier(entry_id, day)}/{kind}"


# --- which days have recordings ----------------------------------------------------


class RecordingDays:
    """The kinds of recording each day has, for one camera.

    3.20 lists one day per request. Past days change only when the camera
    deletes its oldest files, so each is read once while the entry is loaded;
    today (the camera's) is read every time, and a day read while it was
    today is read again once past.
    """

    def __init__(self) -> None:
        """Start knowing nothing."""
        self._kinds: dict[date, Counter[RecordingKind]] = {}  # past days only
        self._lock = asyncio.Lock()

    async def recent(
        self, client: IpcCgiClient, today: date
    ) -> list[tuple[date, Counter[RecordingKind]]]:
        """Return the days with recordings among the last RECORDING_DAYS, newest first."""
        days = [today - timedelta(days=back) for back in range(RECORDING_DAYS)]
        async with self._lock:
            with client.background():  # a command goes before the rest of the scan
                counts = [(day, await self.kinds(client, day, today)) for day in days]
        return [(day, kinds) for day, kinds in counts if kinds]

    async def kinds(
        self, client: IpcCgiClient, day: date, today: date
    ) -> Counter[RecordingKind]:
        """Return the kinds of recording `day` has (read unless known and past)."""
        if (kinds := self._kinds.get(day)) is None:
            kinds = count_kinds(await client.get_recordings(day))
            if day < today:
                self._kinds[day] = kinds
        return kinds


# --- saving a recording to a file --------------------------------------------------


class FileSink:
    """Writes a streamed recording to a file, through a temporary file beside it.

    The file appears only when the whole recording is written; all disk work
    runs in the executor.
    """

    def __init__(self, hass: HomeAssistant, path: Path) -> None:
        """Write to `path`."""
        self._hass = hass
        self._path = path
        self._partial = path.with_name(f".{path.name}.part")
        self._file: IO[bytes] | None = None

    async def start(self, part: RecordingPart) -> None:
        """Open the temporary file."""

        def open_file() -> IO[bytes]:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            return self._partial.open("wb")

        self._file = await self._hass.async_add_executor_job(open_file)

    async def write(self, chunk: bytes) -> None:
        """Append a chunk."""
        assert self._file is not None
        await self._hass.async_add_executor_job(self._file.write, chunk)

    async def finish(self, *, keep: bool) -> None:
        """Close the file; move it in place if `keep`, else delete it."""
        file = self._file
        if file is None:
            return

        def close() -> None:
            file.close()
            try:
                if keep:
                    self._partial.replace(self._path)
            finally:
                self._partial.unlink(missing_ok=True)

        await self._hass.async_add_executor_job(close)


async def async_save_recording(
    hass: HomeAssistant, client: IpcCgiClient, filepath: str, path: Path
) -> None:
    """Stream a recording from the camera into the file `path`.

    Raises what the client raises (IpcCgiError) or the disk (OSError); a
    failed download leaves no file behind.
    """
    sink = FileSink(hass, path)
    done = False
    try:
        await client.stream_recording(filepath, sink)
        done = True
    finally:
        await sink.finish(keep=done)
