"""A camera answering with a redirect: the client never follows it to another host."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer
import pytest

from custom_components.ipc_cgi.ipccgi import IpcCgiClient, IpcCgiError
from ipc_simulator import ManualClock, Simulator

from .conftest import PASSWORD

DECL = '<?xml version="1.0" encoding="UTF-8"?>'


async def _serve(app: web.Application) -> TestServer:
    server = TestServer(app, host="127.0.0.1")
    # No access log: the CGI carries the password in the query.
    await server.start_server(access_log=None)
    return server


@pytest.fixture
async def elsewhere(socket_enabled: None) -> AsyncGenerator[Simulator]:
    """Run the other host: a camera that would accept the credentials; it counts requests."""
    sim = Simulator(clock=ManualClock())
    server = await _serve(sim.app)
    sim.host = "127.0.0.1"
    sim.port = server.port
    try:
        yield sim
    finally:
        await server.close()


class RedirectingCamera:
    """Logs in, and answers the paths in `redirected` with a 302 to another host.

    The redirect keeps the path and the query, and so the credentials or the uid.
    """

    def __init__(self, target: str) -> None:
        """Redirect to `target` (scheme, host and port)."""
        self.target = target
        self.redirected: set[str] = set()
        self.app = web.Application()
        self.app.router.add_get("/{tail:.*}", self._handle)

    async def _handle(self, request: web.Request) -> web.Response:
        if request.path in self.redirected:
            raise web.HTTPFound(f"{self.target}{request.path_qs}")
        return web.Response(text=f"{DECL}<uid>abcdef01</uid>", content_type="text/xml")


@pytest.fixture
async def camera(elsewhere: Simulator) -> AsyncGenerator[tuple[RedirectingCamera, int]]:
    """Run the redirecting camera on 127.0.0.1; return it and its port."""
    camera = RedirectingCamera(elsewhere.url)
    server = await _serve(camera.app)
    try:
        yield camera, server.port or 0
    finally:
        await server.close()


@pytest.mark.parametrize(
    ("path", "call"),
    [
        ("/cgi-bin/getuid", lambda client: client.login()),
        ("/cgi-bin/image", lambda client: client.get_image()),
    ],
    ids=["login", "command"],
)
async def test_redirect_to_another_host_is_not_followed(
    session: aiohttp.ClientSession,
    elsewhere: Simulator,
    camera: tuple[RedirectingCamera, int],
    path: str,
    call: Callable[[IpcCgiClient], Awaitable[Any]],
) -> None:
    """A 302 fails the call; the other host never sees the password or the uid."""
    redirecting, port = camera
    redirecting.redirected.add(path)
    client = IpcCgiClient("127.0.0.1", port, password=PASSWORD, session=session)
    with pytest.raises(IpcCgiError) as err:
        await call(client)
    assert not elsewhere.counters
    assert PASSWORD not in str(err.value)
