"""Streamed downloads of recordings (3.20 /playback/): pieces, ranges, errors."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
import math
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer
import pytest

from custom_components.ipc_cgi.ipccgi import (
    DeviceState,
    IpcCgiClient,
    IpcCgiConnectionError,
    IpcCgiNotFoundError,
    IpcCgiRangeError,
    IpcCgiResponseError,
    RecordingPart,
    playback,
)
from custom_components.ipc_cgi.ipccgi.media import STREAM_CHUNK_BYTES
from ipc_simulator import Simulator
from ipc_simulator.state import Recording

from .conftest import sim_client


class ListSink:
    """Keeps what a download delivers; optionally slow, or failing."""

    def __init__(self, delay: float = 0.0) -> None:
        """Wait `delay` seconds per chunk, as a slow viewer does."""
        self.part: RecordingPart | None = None
        self.chunks: list[bytes] = []
        self.delay = delay

    async def start(self, part: RecordingPart) -> None:
        """Keep the part."""
        assert self.part is None
        self.part = part

    async def write(self, chunk: bytes) -> None:
        """Keep the chunk."""
        assert self.part is not None
        assert chunk
        self.chunks.append(chunk)
        if self.delay:
            await asyncio.sleep(self.delay)

    @property
    def data(self) -> bytes:
        """Return every byte delivered."""
        return b"".join(self.chunks)


def _largest(simulator: Simulator) -> Recording:
    return max(simulator.state.recordings, key=lambda recording: recording.size)


def _playback_requests(simulator: Simulator, recording: Recording) -> int:
    return simulator.counters[f"/playback{recording.filepath}"]


async def test_whole_file_in_chunks(client: IpcCgiClient, simulator: Simulator) -> None:
    """The whole file arrives in chunks of at most 64 KiB, in one request."""
    recording = _largest(simulator)
    sink = ListSink()
    await client.stream_recording(recording.filepath, sink)
    assert sink.part == RecordingPart(0, recording.size - 1, recording.size)
    assert sink.data == recording.data
    assert len(sink.chunks) > 1
    assert max(map(len, sink.chunks)) <= STREAM_CHUNK_BYTES
    assert _playback_requests(simulator, recording) == 1
    # The older whole-file download still works.
    assert await client.download_recording(recording.filepath) == recording.data


async def test_pieces(
    client: IpcCgiClient, simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file larger than a piece takes one ranged request per piece."""
    monkeypatch.setattr(playback, "RECORDING_PIECE_BYTES", 50_000)
    recording = _largest(simulator)
    sink = ListSink()
    await client.stream_recording(recording.filepath, sink)
    assert sink.data == recording.data
    assert _playback_requests(simulator, recording) == math.ceil(
        recording.size / 50_000
    )
    simulator.reset_counters()
    sink = ListSink()
    await client.stream_recording(recording.filepath, sink, first=49_990, last=50_009)
    assert sink.part == RecordingPart(49_990, 50_009, recording.size)
    assert sink.data == recording.data[49_990:50_010]
    assert _playback_requests(simulator, recording) == 1


@pytest.mark.parametrize("ranges", [True, False])
async def test_byte_ranges(
    client: IpcCgiClient, simulator: Simulator, ranges: bool
) -> None:
    """A range arrives exactly, whether the camera answers ranges or the whole file."""
    simulator.state.playback_ranges = ranges
    recording = _largest(simulator)
    data, size = recording.data, recording.size
    for first, last, expected in (
        (100, 199, RecordingPart(100, 199, size)),
        (size - 10, None, RecordingPart(size - 10, size - 1, size)),
        (70_000, size + 5, RecordingPart(70_000, size - 1, size)),
        (0, 0, RecordingPart(0, 0, size)),
    ):
        sink = ListSink()
        await client.stream_recording(recording.filepath, sink, first=first, last=last)
        assert sink.part == expected
        assert expected.last is not None
        assert sink.data == data[first : expected.last + 1]
    sink = ListSink()
    with pytest.raises(IpcCgiRangeError):
        await client.stream_recording(recording.filepath, sink, first=size)
    assert sink.part is None
    # One request per download: the camera never got more than one at a time.
    assert _playback_requests(simulator, recording) == 5


async def test_commands_and_polls_go_between_pieces(
    client: IpcCgiClient, simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command or a poll's read sent during a download waits for one piece only."""
    monkeypatch.setattr(playback, "RECORDING_PIECE_BYTES", 40_000)
    recording = _largest(simulator)
    seen: list[tuple[int, int]] = []
    others: list[asyncio.Task[Any]] = []

    async def poll_read() -> DeviceState:
        with client.background():
            return await client.get_device_state()

    class WatchingSink(ListSink):
        async def write(self, chunk: bytes) -> None:
            await super().write(chunk)
            counters = simulator.counters
            seen.append(
                (counters["/cgi-bin/getRelayStatus"], counters["/cgi-bin/getDevState"])
            )
            if not others:
                others.append(asyncio.create_task(client.get_relay()))
                others.append(asyncio.create_task(poll_read()))

    await client.stream_recording(recording.filepath, WatchingSink())
    await asyncio.gather(*others)
    # The camera served both after the first piece and before the last.
    assert seen[0] == (0, 0)
    assert seen[-1] == (1, 1)
    assert _playback_requests(simulator, recording) == math.ceil(
        recording.size / 40_000
    )


async def test_session_renewed_between_pieces(
    client: IpcCgiClient, simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A uid that expires during a download is renewed; the download goes on."""
    monkeypatch.setattr(playback, "RECORDING_PIECE_BYTES", 100_000)
    recording = _largest(simulator)

    class ExpiringSink(ListSink):
        async def write(self, chunk: bytes) -> None:
            await super().write(chunk)
            simulator.expire_uids()

    sink = ExpiringSink()
    await client.stream_recording(recording.filepath, sink)
    assert sink.data == recording.data
    assert simulator.counters["/cgi-bin/getuid"] == 2


async def test_timeout_is_per_chunk(
    simulator: Simulator, session: aiohttp.ClientSession
) -> None:
    """A slow viewer is fine while each chunk is on time; a stalled one times out."""
    client = sim_client(simulator, session, request_timeout=0.4)
    recording = _largest(simulator)
    slow = ListSink(delay=0.15)
    await client.stream_recording(recording.filepath, slow)
    assert len(slow.chunks) * 0.15 > 0.4
    assert slow.data == recording.data
    with pytest.raises(IpcCgiConnectionError, match="Timeout after 0.4 s"):
        await client.stream_recording(recording.filepath, ListSink(delay=1.0))


async def test_errors(client: IpcCgiClient, simulator: Simulator) -> None:
    """Bad arguments are refused before sending; camera errors map as elsewhere."""
    recording = _largest(simulator)
    for bad in ("", "/", "/mnt/../etc/passwd"):
        with pytest.raises(ValueError, match="filepath"):
            await client.stream_recording(bad, ListSink())
    for first, last in ((-1, None), (10, 9)):
        with pytest.raises(ValueError, match="range"):
            await client.stream_recording(
                recording.filepath, ListSink(), first=first, last=last
            )
    assert simulator.counters == {}
    with pytest.raises(IpcCgiNotFoundError):
        await client.stream_recording("/mnt/mmc0/none.mp4", ListSink())
    simulator.set_offline(True)
    with pytest.raises(IpcCgiConnectionError):
        await client.stream_recording(recording.filepath, ListSink())


async def test_sink_errors_pass_unchanged(
    client: IpcCgiClient, simulator: Simulator
) -> None:
    """A sink's own failure (a full disk, a viewer gone) is not a camera error."""
    recording = _largest(simulator)

    class FullDisk(ListSink):
        async def write(self, chunk: bytes) -> None:
            raise OSError(28, "No space left on device")

    class Gone(ListSink):
        async def start(self, part: RecordingPart) -> None:
            raise ConnectionResetError

    with pytest.raises(OSError, match="No space") as err:
        await client.stream_recording(recording.filepath, FullDisk())
    assert not isinstance(err.value, IpcCgiConnectionError)
    with pytest.raises(ConnectionResetError):
        await client.stream_recording(recording.filepath, Gone())
    # The client is still usable.
    assert await client.get_relay() is False


ODD_DATA = bytes(range(256)) * 1000


@pytest.fixture
async def odd_camera(socket_enabled: None) -> AsyncGenerator[TestServer]:
    """Serve a camera whose web server sends files without their size.

    The simulator always says the size; this plays what it cannot.
    """
    data = ODD_DATA

    async def getuid(request: web.Request) -> web.Response:
        return web.Response(text="<uid>0badc0de</uid>", content_type="text/xml")

    async def recording(request: web.Request) -> web.StreamResponse:
        if request.path.endswith("empty.mp4"):
            return web.Response(body=b"", status=206, content_type="video/mp4")
        if request.path.endswith("html.mp4"):
            return web.Response(text="<html>no</html>", content_type="text/html")
        if request.path.endswith("switch.mp4"):
            if request.http_range.start:
                return web.Response(body=data[:90], content_type="video/mp4")
            return web.Response(
                body=data[:10],
                status=206,
                headers={"Content-Range": "bytes 0-9/100"},
                content_type="video/mp4",
            )
        if request.path.endswith("wrong.mp4"):
            return web.Response(
                body=data[:10],
                status=206,
                headers={"Content-Range": f"bytes 5-14/{len(data)}"},
                content_type="video/mp4",
            )
        response = web.StreamResponse()
        response.content_type = "video/mp4"
        response.enable_chunked_encoding()
        await response.prepare(request)
        for start in range(0, len(data), 10_000):
            await response.write(data[start : start + 10_000])
        await response.write_eof()
        return response

    app = web.Application()
    app.router.add_get("/cgi-bin/getuid", getuid)
    app.router.add_get("/playback/{tail:.*}", recording)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield server
    finally:
        await server.close()


async def test_camera_without_sizes(
    odd_camera: TestServer, session: aiohttp.ClientSession
) -> None:
    """Without a size, only the whole file can be streamed; odd replies are errors."""
    client = IpcCgiClient("127.0.0.1", odd_camera.port or 0, session=session)
    sink = ListSink()
    await client.stream_recording("/mnt/a.mp4", sink)
    assert sink.part == RecordingPart(0, None, None)
    assert sink.data == ODD_DATA
    with pytest.raises(IpcCgiResponseError, match="does not say the file's size"):
        await client.stream_recording("/mnt/a.mp4", ListSink(), first=1)
    with pytest.raises(IpcCgiResponseError, match="Content-Range"):
        await client.stream_recording("/mnt/empty.mp4", ListSink())
    with pytest.raises(IpcCgiResponseError, match="another byte range"):
        await client.stream_recording("/mnt/wrong.mp4", ListSink())
    with pytest.raises(IpcCgiResponseError, match="not a recording"):
        await client.stream_recording("/mnt/html.mp4", ListSink())
    sink = ListSink()
    with pytest.raises(IpcCgiResponseError, match="stopped sending byte ranges"):
        await client.stream_recording("/mnt/switch.mp4", sink)
    assert sink.data == ODD_DATA[:10]
