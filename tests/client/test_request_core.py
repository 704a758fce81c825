"""The request core's contract: compression, parsing off the loop, streamed recordings.

The simulator answers where it can; a fake camera (`HostileCamera`) serves what
it does not do: compressed replies and HTTP ranges.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date
import gzip
from typing import Any
import zlib

import aiohttp
from aiohttp import web
import pytest

from custom_components.ipc_cgi.ipccgi import (
    IpcCgiClient,
    IpcCgiResponseError,
    client as client_module,
)
from custom_components.ipc_cgi.ipccgi.parser import MAX_DEPTH, Node
from ipc_simulator import Simulator

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
    [("gzip", gzip.compress(IMAGE)), ("deflate", zlib.compress(IMAGE))],
)
async def test_compressed_reply(
    session: aiohttp.ClientSession, encoding: str, body: bytes
) -> None:
    """A camera that compresses gets what the client asks for: gzip or deflate, inflated."""
    seen: list[str] = []
    camera = HostileCamera()
    camera.handlers["/cgi-bin/image"] = _encoded(body, encoding, seen)
    async with serve(camera.app) as port:
        assert (await _client(port, session).get_image()).brightness == 128
    assert seen == ["gzip, deflate"]


@pytest.mark.parametrize(
    ("encoding", "body", "message"),
    [
        ("br", IMAGE, "reply in an unsupported encoding"),
        ("gzip", b"\x1f\x8b not gzip at all", "reply does not inflate"),
        ("gzip", gzip.compress(IMAGE)[:-12], "compressed reply cut short"),
    ],
)
async def test_bad_compression(
    session: aiohttp.ClientSession, encoding: str, body: bytes, message: str
) -> None:
    """An encoding the client cannot inflate, or a broken or cut stream, is an invalid reply."""
    camera = HostileCamera()
    camera.handlers["/cgi-bin/image"] = _encoded(body, encoding, [])
    async with serve(camera.app) as port:
        with pytest.raises(IpcCgiResponseError, match=f"/cgi-bin/image: {message}"):
            await _client(port, session).get_image()


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
    """The generic call's dict conversion refuses a tree deeper than MAX_DEPTH."""
    node = Node("a")
    for _ in range(MAX_DEPTH):
        node = Node("a", elements=[node])
    with pytest.raises(IpcCgiResponseError, match="nested deeper"):
        client_module._node_as_dict(node)
