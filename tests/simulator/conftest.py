"""A plain aiohttp client for the simulator tests."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Mapping
from contextlib import ExitStack
import socket
from typing import Any

from aiohttp import ClientSession
import pytest
import xmltodict

from ipc_simulator import Simulator

type Params = Mapping[str, object]


def consecutive_free_ports(count: int) -> int:
    """Return the first of `count` consecutive TCP ports of 127.0.0.1 free right now."""
    for _ in range(50):
        with ExitStack() as stack:
            first = stack.enter_context(socket.socket())
            first.bind(("127.0.0.1", 0))
            port: int = first.getsockname()[1]
            try:
                for offset in range(1, count):
                    stack.enter_context(socket.socket()).bind(
                        ("127.0.0.1", port + offset)
                    )
            except OSError:
                continue
            return port
    raise RuntimeError(f"no {count} consecutive free ports")


class Camera:
    """Talks to the simulator like a camera client would, over 127.0.0.1."""

    def __init__(self, sim: Simulator, session: ClientSession) -> None:
        """Wrap a running simulator and an HTTP session."""
        self.sim = sim
        self.session = session
        self.uid: str | None = None

    async def login(self, username: str = "admin", password: str = "123456") -> str:
        """Get a uid and use it for the following requests."""
        reply = await self.xml(
            "/cgi-bin/getuid", {"username": username, "password": password}, uid=False
        )
        uid: str = reply["uid"]
        self.uid = uid
        return uid

    async def get(
        self, path: str, params: Params | None = None, *, uid: bool = True
    ) -> tuple[int, str]:
        """GET `path`; the uid goes last, as in the spec's examples."""
        query = {key: str(value) for key, value in (params or {}).items()}
        if uid and self.uid is not None:
            query["uid"] = self.uid
        async with self.session.get(self.sim.url + path, params=query) as resp:
            return resp.status, await resp.text()

    async def xml(
        self, path: str, params: Params | None = None, *, uid: bool = True
    ) -> dict[str, Any]:
        """GET `path`, expect HTTP 200 and return the parsed XML."""
        status, body = await self.get(path, params, uid=uid)
        assert status == 200, body
        assert body.startswith('<?xml version="1.0" encoding="UTF-8"?>')
        parsed: dict[str, Any] = xmltodict.parse(body, strip_whitespace=False)
        return parsed

    async def fault(
        self, path: str, params: Params | None = None, *, uid: bool = True
    ) -> tuple[str, str]:
        """GET `path`, expect the spec's fault and return (value, reason)."""
        status, body = await self.get(path, params, uid=uid)
        assert status == 400, body
        fault = xmltodict.parse(body, strip_whitespace=False)["fault"]
        return fault["value"], fault["reason"]


def is_online(sim: Simulator) -> bool:
    """Return `sim.online` (a call, so that mypy does not narrow the property)."""
    return sim.online


@pytest.fixture
async def http(simulator: Simulator) -> AsyncGenerator[ClientSession]:
    """Return an HTTP session closed after the test."""
    async with ClientSession() as session:
        yield session


@pytest.fixture
async def camera(simulator: Simulator, http: ClientSession) -> Camera:
    """Return a client logged in as admin."""
    client = Camera(simulator, http)
    await client.login()
    return client
