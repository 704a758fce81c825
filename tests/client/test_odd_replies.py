"""Replies the simulator never gives: a fake camera for odd shapes, and HTTPS."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable
import datetime as dt
import ipaddress
from pathlib import Path
import ssl
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
import pytest

from custom_components.ipc_cgi.ipccgi import (
    IpcCgiClient,
    IpcCgiConnectionError,
    IpcCgiResponseError,
)
from ipc_simulator import ManualClock, Simulator

DECL = '<?xml version="1.0" encoding="UTF-8"?>'


class OddCamera:
    """Answers getuid normally and every other path with a canned reply."""

    def __init__(self) -> None:
        """Start with a valid login and no canned replies."""
        self.uid = "<uid>abcdef01</uid>"
        self.replies: dict[str, str] = {}
        self.app = web.Application()
        self.app.router.add_get("/{tail:.*}", self._handle)

    async def _handle(self, request: web.Request) -> web.Response:
        if request.path == "/cgi-bin/getuid":
            return web.Response(text=DECL + self.uid, content_type="text/xml")
        return web.Response(
            text=DECL + self.replies[request.path], content_type="text/xml"
        )


@pytest.fixture
async def odd_camera(socket_enabled: None) -> AsyncGenerator[tuple[OddCamera, int]]:
    """Run the fake camera on 127.0.0.1."""
    camera = OddCamera()
    server = TestServer(camera.app, host="127.0.0.1")
    await server.start_server()
    try:
        yield camera, server.port or 0
    finally:
        await server.close()


@pytest.mark.parametrize(
    ("path", "body", "call"),
    [
        (
            "/cgi-bin/keep_alive",
            "<keep_alive>false</keep_alive>",
            lambda c: c.keep_alive(),
        ),
        ("/cgi-bin/reboot", "<reboot>false</reboot>", lambda c: c.reboot()),
        ("/cgi-bin/getmodel", "<model> </model>", lambda c: c.get_model()),
        ("/cgi-bin/getmodel", "<info oem='x'/>", lambda c: c.get_model()),
        (
            "/cgi-bin/set_privacy_zone",
            "<Mask>FAIL</Mask>",
            lambda c: c.set_privacy_zone(1, 0, 0, 1, 1),
        ),
        (
            "/cgi-bin/setManualInputAlarm",
            "<ManualInputAlarm>failed</ManualInputAlarm>",
            lambda c: c.trigger_input_alarm(),
        ),
        (
            "/cgi-bin/user_management",
            "<user_management>busy</user_management>",
            lambda c: c.delete_user("guest"),
        ),
        (
            "/cgi-bin/snapshot.cgi",
            "<upload>busy</upload>",
            lambda c: c.snapshot_upload(0),
        ),
        ("/cgi-bin/snapshot.cgi", "<upload>OK</upload>", lambda c: c.snapshot()),
        (
            "/cgi-bin/get_record_query",
            "<fault2/>",
            lambda c: c.get_recordings(dt.date(2020, 1, 1)),
        ),
    ],
)
async def test_unexpected_replies(
    odd_camera: tuple[OddCamera, int],
    session: aiohttp.ClientSession,
    path: str,
    body: str,
    call: Callable[[IpcCgiClient], Awaitable[Any]],
) -> None:
    """Well-formed replies of the wrong shape are invalid replies."""
    camera, port = odd_camera
    camera.replies[path] = body
    client = IpcCgiClient("127.0.0.1", port, session=session)
    with pytest.raises(IpcCgiResponseError):
        await call(client)


async def test_empty_uid(
    odd_camera: tuple[OddCamera, int], session: aiohttp.ClientSession
) -> None:
    """A getuid reply without a uid is an invalid reply."""
    camera, port = odd_camera
    camera.uid = "<uid></uid>"
    client = IpcCgiClient("127.0.0.1", port, session=session)
    with pytest.raises(IpcCgiResponseError):
        await client.get_info()


def _self_signed(directory: Path) -> ssl.SSLContext:
    """Return a server context with a fresh self-signed certificate for 127.0.0.1."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ipc-camera")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_path, key_path)
    return context


async def test_https_with_a_self_signed_certificate(
    socket_enabled: None, session: aiohttp.ClientSession, tmp_path: Path
) -> None:
    """HTTPS works with verify_ssl=False and refuses the self-signed certificate otherwise."""
    loop = asyncio.get_running_loop()
    handler = loop.get_exception_handler()
    aborted: list[BaseException | None] = []
    # The server side reports the client's aborted handshake; that is expected here.
    loop.set_exception_handler(
        lambda _, context: aborted.append(context.get("exception"))
    )
    simulator = Simulator(clock=ManualClock())
    server = TestServer(simulator.app, host="127.0.0.1")
    await server.start_server(ssl=_self_signed(tmp_path))
    try:
        port = server.port or 0
        trusting = IpcCgiClient(
            "127.0.0.1", port, https=True, verify_ssl=False, session=session
        )
        assert (await trusting.get_flip()).vertical is False
        strict = IpcCgiClient("127.0.0.1", port, https=True, session=session)
        with pytest.raises(
            IpcCgiConnectionError, match="ClientConnectorCertificateError"
        ):
            await strict.get_flip()
    finally:
        await server.close()
        loop.set_exception_handler(handler)
    assert all(error is None or isinstance(error, OSError) for error in aborted)
