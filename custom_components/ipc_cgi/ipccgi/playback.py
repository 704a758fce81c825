"""Streamed downloads of recordings (3.20 `/playback/`), one byte range at a time."""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from typing import Protocol

from .exceptions import IpcCgiRangeError, IpcCgiResponseError
from .models import RecordingPart
from .parser import parse_content_range

# One request asks for at most this many bytes: between two, the camera
# serves commands and polls.
RECORDING_PIECE_BYTES = 1024 * 1024


class RecordingSink(Protocol):
    """Where a streamed recording goes: a file, an HTTP response."""

    async def start(self, part: RecordingPart) -> None:
        """Take the bytes the download will deliver, before the first chunk."""

    async def write(self, chunk: bytes) -> None:
        """Take the next chunk (at most STREAM_CHUNK_BYTES)."""


class SinkError(Exception):
    """The sink failed: carries its error past the request core unchanged."""

    def __init__(self, error: Exception) -> None:
        """Keep the sink's error."""
        super().__init__(str(error))
        self.error = error


async def _call(awaitable: Awaitable[None]) -> None:
    try:
        await awaitable
    except Exception as err:
        raise SinkError(err) from err


def _content_length(headers: Mapping[str, str]) -> int | None:
    text = headers.get("Content-Length", "").strip()
    return int(text) if text.isdigit() and len(text) <= 18 else None


class RecordingDownload:
    """Feeds one download's replies to a sink (a `BodyStream` of the request core).

    Each reply is a piece: `Range: bytes=next-end`. A camera that answers 206
    gets asked for the next piece until the range is complete; one that
    answers 200 sends the whole file at once, and the sink gets the range of it.
    """

    def __init__(self, sink: RecordingSink, first: int, last: int | None) -> None:
        """Deliver bytes `first` to `last` (None: to the end) to `sink`."""
        self.next = first  # the next byte the sink gets
        self.part: RecordingPart | None = None
        self._sink = sink
        self._last = last
        self._position = 0  # the file offset of the next byte received
        self._whole = False

    @property
    def done(self) -> bool:
        """Tell whether the sink has every byte of the range."""
        if self.part is None:
            return False
        return self._whole or (
            self.part.last is not None and self.next > self.part.last
        )

    def range_header(self) -> str:
        """Return the Range header of the next piece."""
        end = self.next + RECORDING_PIECE_BYTES - 1
        last = self._last if self.part is None else self.part.last
        return f"bytes={self.next}-{end if last is None else min(end, last)}"

    async def start(self, status: int, headers: Mapping[str, str]) -> None:
        """Check a piece's reply; tell the sink what comes on the first."""
        size: int | None
        if status == 206:
            first, _, size = parse_content_range(headers.get("Content-Range", ""))
            if first != self.next:
                raise IpcCgiResponseError("the camera sent another byte range")
            self._position = first
        elif self.part is not None:
            raise IpcCgiResponseError("the camera stopped sending byte ranges")
        else:
            # The camera ignores Range: the whole file comes in this reply.
            self._position, self._whole = 0, True
            size = _content_length(headers)
            if size is None and (self.next or self._last is not None):
                raise IpcCgiResponseError(
                    "the camera ignores byte ranges and does not say the file's size"
                )
        if self.part is not None:
            return
        if size is not None and self.next >= size:
            raise IpcCgiRangeError(f"the recording has {size} bytes")
        last = None if size is None else size - 1
        if self._last is not None and last is not None:
            last = min(last, self._last)
        self.part = RecordingPart(self.next, last, size)
        await _call(self._sink.start(self.part))

    async def write(self, chunk: bytes) -> bool:
        """Pass on the chunk's bytes within the range; tell whether more are wanted."""
        assert self.part is not None
        offset = self._position
        self._position += len(chunk)
        begin = max(self.next - offset, 0)
        end = len(chunk)
        if self.part.last is not None:
            end = min(end, self.part.last + 1 - offset)
        if begin < end:
            data = chunk[begin:end]
            await _call(self._sink.write(data))
            self.next += len(data)
        return self.part.last is None or self.next <= self.part.last
