"""HTTPS: a certificate failure and a port without TLS have their own errors."""

from __future__ import annotations

import aiohttp
import pytest

from custom_components.ipc_cgi.ipccgi import (
    IpcCgiCertificateError,
    IpcCgiConnectionError,
    IpcCgiTlsError,
)
from ipc_simulator import Simulator

from .conftest import PASSWORD, sim_client


async def test_untrusted_certificate(
    tls_simulator: Simulator, session: aiohttp.ClientSession
) -> None:
    """A self-signed certificate is a certificate error while verified, fine when not."""
    client = sim_client(tls_simulator, session, https=True)
    with pytest.raises(IpcCgiCertificateError) as err:
        await client.get_info()
    assert PASSWORD not in repr(err.value)
    assert err.value.__context__ is None
    assert tls_simulator.counters["/cgi-bin/getuid"] == 0

    client = sim_client(tls_simulator, session, https=True, verify_ssl=False)
    assert (await client.get_info()).model == "MC400L"


async def test_https_to_http_port(
    simulator: Simulator, session: aiohttp.ClientSession
) -> None:
    """HTTPS to a port that speaks HTTP fails the handshake: a TLS error, not a certificate one."""
    client = sim_client(simulator, session, https=True, verify_ssl=False)
    with pytest.raises(IpcCgiTlsError) as err:
        await client.get_info()
    assert not isinstance(err.value, IpcCgiCertificateError)
    assert PASSWORD not in repr(err.value)


async def test_http_to_https_port(
    tls_simulator: Simulator, session: aiohttp.ClientSession
) -> None:
    """HTTP to a port that speaks HTTPS is a plain connection error (the server hangs up)."""
    client = sim_client(tls_simulator, session)
    with pytest.raises(IpcCgiConnectionError) as err:
        await client.get_info()
    assert not isinstance(err.value, IpcCgiTlsError)
