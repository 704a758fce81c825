"""Hostile cameras for the client's tests, and how to measure what they cost.

Each server runs in the test's own event loop on 127.0.0.1. The password and
the uid are distinctive, to look for them in every text the client produces.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
import socket
import struct
from time import perf_counter
import tracemalloc
import zlib

from aiohttp import web
from aiohttp.test_utils import TestServer

PASSWORD = "Pa55-w0rd-XYZ"
UID = "5ecre70u1d"
MIB = 1 << 20

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def small_elements(size: int) -> bytes:
    """Return an XML reply of about `size` bytes made of tiny elements."""
    unit = b'<e a="1" b="2"/>'
    return b"<image>" + unit * (size // len(unit)) + b"</image>"


def deep_nesting(levels: int) -> bytes:
    """Return `levels` nested elements."""
    return b"<a>" * levels + b"</a>" * levels


def gzip_bomb(inflated: int) -> bytes:
    """Return a gzip stream of `inflated` zero bytes (a multiple of 1 MiB), about 1/1000 the size.

    One MiB of zeros is compressed once and its deflate blocks repeated: after a
    full flush the compressor starts afresh, so each MiB compresses the same.
    """
    zeros = bytes(MIB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    header_and_block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(inflated // MIB):
        crc = zlib.crc32(zeros, crc)
    # An empty final block (fixed Huffman), then the gzip trailer: CRC-32 and size.
    end = b"\x03\x00" + struct.pack("<II", crc, inflated & 0xFFFFFFFF)
    return header_and_block + block * (inflated // MIB - 1) + end


_LAUGHS = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE image [<!ENTITY lol0 "lol">'
    + _LAUGHS
    + ']><image brightness="&lol9;">&lol9;</image>'
).encode()
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE uid [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b"<uid>&xxe;</uid>"
)


class HostileCamera:
    """Answers getuid with `UID`; any other path with the handler set for it."""

    def __init__(self) -> None:
        """Start with no hostile paths and no requests."""
        self.handlers: dict[str, Handler] = {}
        self.requests: list[str] = []
        self.app = web.Application()
        self.app.router.add_route("*", "/{tail:.*}", self._handle)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(request.path)
        if handler := self.handlers.get(request.path):
            return await handler(request)
        if request.path == "/cgi-bin/getuid":
            return web.Response(text=f"<uid>{UID}</uid>", content_type="text/xml")
        return web.Response(status=404, text="<html>404</html>")


@asynccontextmanager
async def serve(app: web.Application) -> AsyncGenerator[int]:
    """Run `app` on 127.0.0.1 (no access log: the query carries the password)."""
    server = TestServer(app, host="127.0.0.1")
    await server.start_server(access_log=None)
    try:
        yield server.port or 0
    finally:
        await server.close()


type Connection = Callable[
    [asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]
]


@asynccontextmanager
async def serve_raw(connection: Connection) -> AsyncGenerator[int]:
    """Run a bare TCP server on 127.0.0.1, for what aiohttp's server would not do."""
    tasks: set[asyncio.Task[None]] = set()

    async def track(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        tasks.add(task)
        try:
            await connection(reader, writer)
        finally:
            writer.transport.abort()

    server = await asyncio.start_server(track, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await server.wait_closed()


async def read_request(reader: asyncio.StreamReader) -> bytes:
    """Read one request's head."""
    return await reader.readuntil(b"\r\n\r\n")


async def never_answer(reader: asyncio.StreamReader, _: asyncio.StreamWriter) -> None:
    """Read the request, then say nothing until the client gives up."""
    await read_request(reader)
    await reader.read()  # returns when the client closes the connection


async def reset_mid_body(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    """Promise 100 kB, send 1 kB, then reset the connection (RST)."""
    await read_request(reader)
    writer.write(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n\r\n"
        b"<uid>" + b"x" * 1000
    )
    await writer.drain()
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


@dataclass
class Figures:
    """What one call cost: its error, time, memory peak and longest loop block."""

    error: BaseException | None
    seconds: float
    peak_mib: float
    block_seconds: float

    def __str__(self) -> str:
        """Return the figures on one line."""
        return (
            f"{type(self.error).__name__}: {self.seconds:.2f} s, "
            f"peak {self.peak_mib:.1f} MiB, loop blocked {self.block_seconds:.3f} s"
        )


async def measure(call: Awaitable[object], *, memory: bool = True) -> Figures:
    """Await `call` while a ticker measures the longest loop block; trace memory if asked."""
    loop = asyncio.get_running_loop()
    longest = 0.0
    tick = 0.005
    last = loop.time()

    async def ticker() -> None:
        nonlocal longest, last
        while True:
            last = loop.time()
            await asyncio.sleep(tick)
            longest = max(longest, loop.time() - last - tick)

    if memory:
        tracemalloc.start()
        tracemalloc.reset_peak()
        baseline = tracemalloc.get_traced_memory()[0]
    ticking = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    started = perf_counter()
    error: BaseException | None = None
    try:
        await call
    except Exception as err:  # noqa: BLE001 - any outcome is measured
        error = err
    seconds = perf_counter() - started
    # A block that lasted until the call returned: the ticker never woke up to see it.
    longest = max(longest, loop.time() - last - tick)
    ticking.cancel()
    peak = 0.0
    if memory:
        peak = (tracemalloc.get_traced_memory()[1] - baseline) / MIB
        tracemalloc.stop()
    return Figures(error, seconds, peak, longest)
