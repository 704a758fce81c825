"""Fixtures for the client tests: an IpcCgiClient talking to the simulator."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

import aiohttp
import pytest

from custom_components.ipc_cgi.ipccgi import IpcCgiClient
from ipc_simulator import Simulator

PASSWORD = "123456"


@pytest.fixture
async def session(socket_enabled: None) -> AsyncGenerator[aiohttp.ClientSession]:
    """Return an HTTP session the tests own (as Home Assistant's shared one)."""
    async with aiohttp.ClientSession() as session:
        yield session


def sim_client(
    sim: Simulator, session: aiohttp.ClientSession | None, **options: Any
) -> IpcCgiClient:
    """Return a client for `sim` as admin/123456 on `session`; `options` override."""
    return IpcCgiClient(
        "127.0.0.1",
        sim.port or 0,
        **({"password": PASSWORD, "session": session} | options),
    )


@pytest.fixture
async def client(simulator: Simulator, session: aiohttp.ClientSession) -> IpcCgiClient:
    """Return a client for the simulator (admin/123456) on the injected session."""
    return sim_client(simulator, session, request_timeout=2.0)
