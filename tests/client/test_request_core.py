"""The request core's contract: compression, parsing off the loop, streamed recordings.

The simulator answers where it can; a fake camera (`HostileCamera`) serves what
it does not do: compressed replies and HTTP ranges.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date
import gzip
from time import monotonic
from typing import Any
import zlib

import aiohttp
from aiohttp import web
import pytest

from custom_components.ipc_cgi.ipccgi import (
    IpcCgiClient,
    IpcCgiConnectionError,
    IpcCgiReplyTooLargeError,
    IpcCgiResponseError,
    RecordingPart,
    core,
    media,
)
from custom_components.ipc_cgi.ipccgi.parser import (
    MAX_DEPTH,
    Node,
    check_reply,
    parse_xml_dict,
)
from ipc_simulator import Simulator
from ipc_simulator.faults import FaultKind

from .hostile import PASSWORD, HostileCamera, serve

IMAGE = (
    b'<image brightness="128" contrast="128" saturation="128" sharpness="128" '
    b'hlc="0" blc="0" nr2d="0" nr3d="0" tvsystem="50" antiflicker="1"/>'
)
FILEPATH = "/mnt/mmc0/schedule/20191025/151233-av-1.mp4"


def _client(port: int, session: aiohttp.ClientSession, **options: Any) -> IpcCgiClient:
    return IpcCgiClient(
        "127.0.0.1",
        port,
        password=PASSWORD,
        session=session,
        **({"request_timeout": 2.0} | options),
    )


def _encoded(body: bytes, encoding: str, seen: list[str]) -> Any:
    async def handler(request: web.Request) -> web.StreamResponse:
        seen.append(request.headers.get("Accept-Encoding", ""))
        return web.Response(
            body=body, content_type="text/xml", headers={"Content-Encoding": encoding}
        )

    return handler


@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        ("gzip", gzip.compress(IMAGE, mtime=0)),
        ("deflate", zlib.compress(IMAGE)),
        ("br", IMAGE),
    ],
)
async def test_compressed_reply_is_refused(
    session: aiohttp.ClientSession, encoding: str, body: bytes
) -> None:
    """The client asks for no compression; a camera that compresses anyway is refused."""
    seen: list[str] = []
    camera = HostileCamera()
    camera.handlers["/cgi-bin/image"] = _encoded(body, encoding, seen)
    async with serve(camera.app) as port:
        with pytest.raises(
            IpcCgiResponseError,
            match="/cgi-bin/image: reply in an unsupported encoding",
        ):
            await _client(port, session).get_image()
    assert seen == ["identity"]


async def test_identity_encoding_is_read(session: aiohttp.ClientSession) -> None:
    """A reply that names the identity encoding it was asked for is read as it is."""
    camera = HostileCamera()
    camera.handlers["/cgi-bin/image"] = _encoded(IMAGE, "identity", [])
    async with serve(camera.app) as port:
        assert (await _client(port, session).get_image()).brightness == 128


def _chunked(body: bytes) -> Any:
    async def handler(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/xml"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        for start in range(0, len(body), 64 << 10):
            await response.write(body[start : start + (64 << 10)])
        await response.write_eof()
        return response

    return handler


@pytest.mark.parametrize("over", [0, 1])
async def test_reply_without_a_length_is_read_up_to_its_cap(
    session: aiohttp.ClientSession, over: int
) -> None:
    """A reply sent in chunks of exactly XML_LIMIT bytes is read; one byte more is refused."""
    body = IMAGE + b" " * (core.XML_LIMIT - len(IMAGE) + over)
    camera = HostileCamera()
    camera.handlers["/cgi-bin/image"] = _chunked(body)
    async with serve(camera.app) as port:
        client = _client(port, session)
        if over:
            with pytest.raises(IpcCgiReplyTooLargeError):
                await client.get_image()
        else:
            assert (await client.get_image()).brightness == 128


async def test_big_reply_parsed_in_the_executor(
    client: IpcCgiClient,
    simulator: Simulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A reply above INLINE_PARSE_LIMIT is parsed in the executor, and parsed right."""
    template = simulator.state.recordings[1]
    simulator.state.recordings = [
        replace(template, filepath=f"/mnt/mmc0/schedule/20191025/{n:06d}-av-1.mp4")
        for n in range(200)
    ]
    loop = asyncio.get_running_loop()
    calls: list[object] = []
    run_in_executor = loop.run_in_executor

    def spy(executor: Any, func: Any, *args: Any) -> Any:
        calls.append(func)
        return run_in_executor(executor, func, *args)

    monkeypatch.setattr(loop, "run_in_executor", spy)
    recordings = await client.get_recordings(date(2019, 10, 25))
    assert len(recordings) == 200
    assert recordings[-1].filepath.endswith("000199-av-1.mp4")
    assert len(calls) == 1  # the record list; the login's reply is parsed inline


async def test_unforeseen_parse_error_is_an_invalid_reply(
    client: IpcCgiClient,
) -> None:
    """A parser that trips over a shape nobody foresaw gives the client's error."""

    def parse(node: Node) -> None:
        raise KeyError(node.tag)

    with pytest.raises(
        IpcCgiResponseError, match=r"^/cgi-bin/image: invalid reply \(KeyError\)$"
    ) as err:
        await client._request("/cgi-bin/image", None, parse)
    assert err.value.__context__ is None


def test_generic_reply_depth_is_bounded() -> None:
    """The generic call's dict refuses a tree deeper than MAX_DEPTH; up to it, it parses."""
    deeper = MAX_DEPTH + 1
    with pytest.raises(IpcCgiResponseError, match="nested deeper"):
        parse_xml_dict(b"<a>" * deeper + b"</a>" * deeper)
    level: Any = parse_xml_dict(b"<a>" * MAX_DEPTH + b"</a>" * MAX_DEPTH)
    for _ in range(MAX_DEPTH):
        level = level["a"]
    assert level == {}


# --- recordings ------------------------------------------------------------------


class _Chunks:
    """A recording sink keeping the chunks it gets."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    async def start(self, part: RecordingPart) -> None:
        """Take nothing from the part's description."""

    async def write(self, chunk: bytes) -> None:
        """Keep the chunk."""
        self.chunks.append(chunk)


async def _read(
    client: IpcCgiClient, start: int = 0, end: int | None = None
) -> tuple[bytes, int]:
    sink = _Chunks()
    await client.stream_recording(FILEPATH, sink, first=start, last=end)
    return b"".join(sink.chunks), len(sink.chunks)


@pytest.fixture
def recording(simulator: Simulator) -> bytes:
    """Make the recording FILEPATH 300 kB, so that it streams in several chunks."""
    data = bytes(range(256)) * 1200
    simulator.state.recordings[1].data = data
    return data


async def test_stream_recording(client: IpcCgiClient, recording: bytes) -> None:
    """The file arrives in chunks; a range is asked for and delivered."""
    data, chunks = await _read(client)
    assert data == recording
    assert chunks > 1
    assert (await _read(client, start=1000, end=250_000))[0] == recording[1000:250_001]
    assert (await _read(client, start=299_000))[0] == recording[299_000:]
    assert (await _read(client, end=99))[0] == recording[:100]


@pytest.mark.parametrize(("start", "end"), [(-1, None), (10, 9), (0, -1)])
async def test_stream_recording_bad_range(
    client: IpcCgiClient, simulator: Simulator, start: int, end: int | None
) -> None:
    """A range that is not 0 <= start <= end is refused before any request."""
    with pytest.raises(ValueError, match="range"):
        await _read(client, start=start, end=end)
    assert sum(simulator.counters.values()) == 0


async def test_stream_recording_logs_in_again(
    client: IpcCgiClient, simulator: Simulator, recording: bytes
) -> None:
    """A uid the camera forgot is renewed before the stream starts."""
    await client.get_image()
    simulator.faults.inject(FaultKind.EXPIRE_UID, 1, path=f"/playback{FILEPATH}")
    assert (await _read(client))[0] == recording
    assert simulator.counters["/cgi-bin/getuid"] == 2


async def test_download_recording_cap(
    client: IpcCgiClient, recording: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """download_recording holds the file in memory: at most RECORDING_LIMIT bytes."""
    monkeypatch.setattr(media, "RECORDING_LIMIT", 100_000)
    with pytest.raises(IpcCgiReplyTooLargeError, match="larger than 0.0953674 MiB"):
        await client.download_recording(FILEPATH)
    monkeypatch.setattr(media, "RECORDING_STREAM_LIMIT", 100_000)
    with pytest.raises(IpcCgiReplyTooLargeError):
        await _read(client)
    assert (await client.get_image()).brightness == 128


def _playback(
    status: int,
    body: bytes,
    *,
    content_type: str = "video/mp4",
    pause: float = 0,
    headers: dict[str, str] | None = None,
) -> Any:
    async def handler(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(
            status=status, headers={"Content-Type": content_type, **(headers or {})}
        )
        await response.prepare(request)
        for start in range(0, len(body), 10_000):
            await response.write(body[start : start + 10_000])
            await asyncio.sleep(pause)
        await response.write_eof()
        return response

    return handler


async def test_stream_recording_from_a_camera_that_serves_ranges(
    session: aiohttp.ClientSession,
) -> None:
    """A 206 reply is the range asked for; one that starts elsewhere is refused."""
    data = bytes(range(256)) * 100
    camera = HostileCamera()
    path = f"/playback{FILEPATH}"
    async with serve(camera.app) as port:
        client = _client(port, session)
        camera.handlers[path] = _playback(
            206, data[100:200], headers={"Content-Range": f"bytes 100-199/{len(data)}"}
        )
        assert (await _read(client, start=100, end=199))[0] == data[100:200]
        camera.handlers[path] = _playback(
            206, data[:100], headers={"Content-Range": f"bytes 0-99/{len(data)}"}
        )
        with pytest.raises(IpcCgiResponseError, match="another byte range"):
            await _read(client, start=100, end=199)
        camera.handlers[path] = _playback(
            200, b"<upload>OK</upload>", content_type="text/xml"
        )
        with pytest.raises(IpcCgiResponseError, match="reply is not a recording"):
            await _read(client)


async def test_stream_recording_timeout_is_per_chunk(
    session: aiohttp.ClientSession,
) -> None:
    """A stream may take longer than the timeout; a chunk may not."""
    data = bytes(50_000)
    camera = HostileCamera()
    path = f"/playback{FILEPATH}"
    camera.handlers[path] = _playback(200, data, pause=0.1)
    async with serve(camera.app) as port:
        client = _client(port, session, request_timeout=0.3)
        started = monotonic()
        assert (await _read(client))[0] == data
        assert monotonic() - started > 0.3
        camera.handlers[path] = _playback(200, data, pause=0.5)
        with pytest.raises(IpcCgiConnectionError, match="Timeout after 0.3 s"):
            await _read(client)
        # Before the stream starts, a fault in its place gets the timeout as a whole.
        fault = b"<fault><reason>" + b" " * 14_000 + b"busy</reason></fault>"
        camera.handlers[path] = _playback(
            400, fault, content_type="text/xml", pause=0.2
        )
        with pytest.raises(IpcCgiConnectionError, match="Timeout after 0.3 s"):
            await _read(client)


async def test_an_unchanged_poll_reply_is_not_parsed_again(
    client: IpcCgiClient, simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A poll's reply equal to the last one of its path gives the last model; a changed one is parsed."""
    parsed: list[bytes] = []

    def spy(path: str, status: int, body: bytes, **kwargs: Any) -> Any:
        parsed.append(body)
        return check_reply(path, status, body, **kwargs)

    with client.background():
        first = await client.get_led()
        monkeypatch.setattr(core, "check_reply", spy)
        assert await client.get_led() is first
        assert parsed == []
        simulator.state.led_on = not first.on
        changed = await client.get_led()
        assert changed.on is not first.on
        assert len(parsed) == 1
    # Outside a poll (a command's read) every reply is parsed.
    assert await client.get_led() == changed
    assert len(parsed) == 2


async def test_an_equal_reply_with_an_error_status_is_an_error(
    session: aiohttp.ClientSession,
) -> None:
    """Only an HTTP 200 reply may be the last one again: the same body with 500 fails a poll."""
    statuses = [200, 500]

    async def handler(request: web.Request) -> web.StreamResponse:
        return web.Response(body=IMAGE, status=statuses.pop(0), content_type="text/xml")

    camera = HostileCamera()
    camera.handlers["/cgi-bin/image"] = handler
    async with serve(camera.app) as port:
        client = _client(port, session)
        with client.background():
            assert (await client.get_image()).brightness == 128
            with pytest.raises(IpcCgiConnectionError, match="HTTP 500"):
                await client.get_image()
