"""The camera simulator fixtures, free of Home Assistant.

tests/conftest.py offers them to the whole suite; the client package's own run
(scripts/client_package, without Home Assistant) loads them through
tests/client/installed_package.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from pathlib import Path

from aiohttp.test_utils import TestServer
import pytest

from ipc_simulator import ManualClock, Simulator

from .tls import refused_handshakes_unreported, self_signed_server_context


@pytest.fixture
def sim_clock() -> ManualClock:
    """Return the simulator's clock; it moves only on `sim_clock.advance(seconds)`.

    Advance it past 60 s to expire uids, or past `sim.reboot_seconds` to end a reboot.
    """
    return ManualClock()


@pytest.fixture
async def simulator(
    socket_enabled: None, sim_clock: ManualClock
) -> AsyncGenerator[Simulator]:
    """Run a camera simulator on 127.0.0.1 in the test's event loop.

    Returns the `Simulator`: `simulator.host` ("127.0.0.1"), `simulator.port`,
    `simulator.url`, `simulator.state` (camera model), `simulator.counters`,
    `simulator.faults`; its clock is the `sim_clock` fixture. Account admin/123456.
    """
    sim = Simulator(clock=sim_clock)
    server = TestServer(sim.app, host="127.0.0.1")
    # No access log: the CGI carries the password in the query.
    await server.start_server(access_log=None)
    sim.host = "127.0.0.1"
    sim.port = server.port
    try:
        yield sim
    finally:
        await server.close()


@pytest.fixture
async def tls_simulator(
    socket_enabled: None, tmp_path: Path
) -> AsyncGenerator[Simulator]:
    """Run a camera simulator behind HTTPS, with a self-signed certificate for 127.0.0.1.

    Like `simulator`, with its own clock; the certificate is trusted by nobody.
    """
    context = await asyncio.get_running_loop().run_in_executor(
        None, self_signed_server_context, tmp_path
    )
    sim = Simulator(clock=ManualClock())
    server = TestServer(sim.app, host="127.0.0.1")
    await server.start_server(access_log=None, ssl=context)
    sim.host = "127.0.0.1"
    sim.port = server.port
    try:
        with refused_handshakes_unreported():
            yield sim
    finally:
        await server.close()
