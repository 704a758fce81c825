"""Commands before polls: a command waits for the request in flight only.

And polls' reads of an endpoint already being read share that request.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from functools import partial

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer
import pytest

from custom_components.ipc_cgi.ipccgi import (
    DeviceState,
    IpcCgiClient,
    IpcCgiConnectionError,
)
from custom_components.ipc_cgi.ipccgi.slots import RequestSlots
from ipc_simulator import Simulator

from .conftest import sim_client

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Gate:
    """Holds the simulator's answer to one path until released (what no latency can time)."""

    def __init__(self, path: str) -> None:
        """Hold requests for `path`."""
        self.path = path
        self.arrived = asyncio.Event()
        self.release = asyncio.Event()
        self.order: list[str] = []

    @web.middleware
    async def middleware(
        self, request: web.Request, handler: Handler
    ) -> web.StreamResponse:
        """Record each request's path in order; hold the gated one."""
        self.order.append(request.path)
        if request.path == self.path and not self.release.is_set():
            self.arrived.set()
            await self.release.wait()
        return await handler(request)


@asynccontextmanager
async def _gated(
    session: aiohttp.ClientSession, path: str
) -> AsyncIterator[tuple[IpcCgiClient, Gate]]:
    """Yield a client of a simulator that holds its first answer to `path`."""
    sim = Simulator()
    gate = Gate(path)
    sim.app.middlewares.append(gate.middleware)
    server = TestServer(sim.app, host="127.0.0.1")
    await server.start_server(access_log=None)
    sim.port = server.port
    try:
        yield sim_client(sim, session, request_timeout=5.0), gate
    finally:
        await server.close()


@pytest.fixture
async def gated(
    socket_enabled: None, session: aiohttp.ClientSession
) -> AsyncGenerator[tuple[IpcCgiClient, Gate]]:
    """Return a client of a simulator that holds its first getDevState answer."""
    async with _gated(session, "/cgi-bin/getDevState") as gated:
        yield gated


@pytest.fixture
async def gated_osd(
    socket_enabled: None, session: aiohttp.ClientSession
) -> AsyncGenerator[tuple[IpcCgiClient, Gate]]:
    """Return a client of a simulator that holds its first userosd answer (3.35)."""
    async with _gated(session, "/cgi-bin/userosd") as gated:
        yield gated


async def _queued(client: IpcCgiClient, waiting: int) -> None:
    """Yield until `waiting` requests wait for a slot (bounded)."""
    for _ in range(1000):
        if len(client._slots._waiters) >= waiting:
            return
        await asyncio.sleep(0)
    raise AssertionError(f"{waiting} requests never queued")


async def test_command_goes_before_queued_poll_reads(
    gated: tuple[IpcCgiClient, Gate],
) -> None:
    """A command reaches the camera right after the request in flight, before queued reads."""
    client, gate = gated
    await client.login()

    async def read(method: Callable[[], Awaitable[object]]) -> None:
        with client.background():
            await method()

    reads = [asyncio.create_task(read(client.get_device_state))]
    await gate.arrived.wait()
    reads += [
        asyncio.create_task(read(client.get_relay)),
        asyncio.create_task(read(client.get_lamp)),
    ]
    await _queued(client, 2)
    command = asyncio.create_task(client.set_relay(True))
    await _queued(client, 3)
    gate.release.set()
    assert await command is True
    await asyncio.gather(*reads)
    assert gate.order[1:] == [
        "/cgi-bin/getDevState",
        "/cgi-bin/setRelayStatus",
        "/cgi-bin/getRelayStatus",
        "/cgi-bin/setBrightness_InfraredLamp",
    ]


async def test_slots_order_and_cancellation() -> None:
    """Commands before background waiters, each kind in order; a cancelled waiter passes on."""
    slots = RequestSlots(1)
    order: list[str] = []
    holder = asyncio.Event()

    async def request(name: str, *, background: bool) -> None:
        async with slots.slot(background=background):
            order.append(name)
            if name == "first":
                await holder.wait()

    first = asyncio.create_task(request("first", background=True))
    await asyncio.sleep(0)
    waiting = [
        asyncio.create_task(request("poll 1", background=True)),
        asyncio.create_task(request("poll 2", background=True)),
        asyncio.create_task(request("command 1", background=False)),
        asyncio.create_task(request("cancelled", background=False)),
        asyncio.create_task(request("command 2", background=False)),
    ]
    await asyncio.sleep(0)
    waiting[3].cancel()
    holder.set()
    await first
    results = await asyncio.gather(*waiting, return_exceptions=True)
    assert isinstance(results[3], asyncio.CancelledError)
    assert order == ["first", "command 1", "command 2", "poll 1", "poll 2"]


async def _background[T](client: IpcCgiClient, read: Callable[[], Awaitable[T]]) -> T:
    with client.background():
        return await read()


async def _held_read(client: IpcCgiClient, gate: Gate) -> asyncio.Task[DeviceState]:
    """Log in; start a poll's read of the device state and hold it at the camera."""
    await client.login()
    first = asyncio.create_task(_background(client, client.get_device_state))
    await gate.arrived.wait()
    return first


async def _joined_reads(
    client: IpcCgiClient, gate: Gate
) -> tuple[asyncio.Task[DeviceState], asyncio.Task[DeviceState]]:
    """Return a held poll read of the device state, and a second one made meanwhile."""
    first = await _held_read(client, gate)
    second = asyncio.create_task(_background(client, client.get_device_state))
    await asyncio.sleep(0)  # it runs up to its wait: no request of its own
    return first, second


async def test_poll_reads_under_way_share_one_request(
    gated: tuple[IpcCgiClient, Gate],
) -> None:
    """A poll's read of what another is reading gets the same reply; a later one asks again."""
    client, gate = gated
    first, second = await _joined_reads(client, gate)
    gate.release.set()
    state = await first
    assert await second is state
    assert gate.order.count("/cgi-bin/getDevState") == 1
    await _background(client, client.get_device_state)
    assert gate.order.count("/cgi-bin/getDevState") == 2


async def test_poll_reads_with_other_parameters_get_their_own_reply(
    gated_osd: tuple[IpcCgiClient, Gate],
) -> None:
    """Reads of one path share by query too: OSD line 1 read meanwhile is not line 0's reply."""
    client, gate = gated_osd
    await client.login()
    first = asyncio.create_task(_background(client, partial(client.get_user_osd, 0)))
    await gate.arrived.wait()
    others = [
        asyncio.create_task(_background(client, partial(client.get_user_osd, line)))
        for line in (1, 0)
    ]
    await asyncio.sleep(0)  # they run up to their waits: line 1 for the camera
    gate.release.set()
    lines = [await first, *await asyncio.gather(*others)]
    assert [line.index for line in lines] == [0, 1, 0]
    assert lines[2] is lines[0]
    assert gate.order.count("/cgi-bin/userosd") == 2


async def test_reads_after_a_command_do_not_share_a_read_of_before(
    gated: tuple[IpcCgiClient, Gate],
) -> None:
    """A command may change what any endpoint answers: reads after it ask again."""
    client, gate = gated
    first = await _held_read(client, gate)
    command = asyncio.create_task(client.set_relay(True))
    await _queued(client, 1)
    second = asyncio.create_task(_background(client, client.get_device_state))
    await _queued(client, 2)
    gate.release.set()
    await asyncio.gather(first, command, second)
    assert gate.order[1:] == [
        "/cgi-bin/getDevState",
        "/cgi-bin/setRelayStatus",
        "/cgi-bin/getDevState",
    ]


async def test_a_shared_read_whose_first_caller_is_cancelled(
    gated: tuple[IpcCgiClient, Gate],
) -> None:
    """The poll that started the request is cancelled: the one waiting reads on its own."""
    client, gate = gated
    first, second = await _joined_reads(client, gate)
    first.cancel()
    gate.release.set()
    assert isinstance(await second, DeviceState)
    with pytest.raises(asyncio.CancelledError):
        await first
    assert gate.order.count("/cgi-bin/getDevState") == 2


async def test_a_shared_read_fails_for_every_poll_waiting(
    simulator: Simulator, client: IpcCgiClient
) -> None:
    """One request, one failure: each poll that shared it gets the error."""
    await client.login()
    simulator.faults.inject("http_500", 1, path="/cgi-bin/getDevState")
    results = await asyncio.gather(
        _background(client, client.get_device_state),
        _background(client, client.get_device_state),
        return_exceptions=True,
    )
    assert [type(result) for result in results] == [IpcCgiConnectionError] * 2
    assert simulator.counters["/cgi-bin/getDevState"] == 1
