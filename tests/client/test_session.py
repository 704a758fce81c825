"""Login, uid lifetime, concurrency and session ownership against the simulator."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import aiohttp
import pytest

from custom_components.ipc_cgi.ipccgi import (
    IpcCgiAuthenticationError,
    IpcCgiClient,
    IpcCgiConnectionError,
    Privilege,
    core,
)
from ipc_simulator import ManualClock, Simulator
from ipc_simulator.faults import FaultKind

from .conftest import sim_client

GETUID = "/cgi-bin/getuid"


@pytest.fixture
def shared_clock(
    monkeypatch: pytest.MonkeyPatch, sim_clock: ManualClock
) -> ManualClock:
    """Let the client measure uid lifetimes on the simulator's manual clock."""
    monkeypatch.setattr(core, "monotonic", sim_clock)
    return sim_clock


class InFlight:
    """Counts the client's requests on the wire through aiohttp's tracing."""

    def __init__(self) -> None:
        """Start at zero."""
        self.current = 0
        self.peak = 0
        self.trace = aiohttp.TraceConfig()
        self.trace.on_request_start.append(self._start)
        self.trace.on_request_end.append(self._end)
        self.trace.on_request_exception.append(self._end)

    async def _start(self, *_: object) -> None:
        self.current += 1
        self.peak = max(self.peak, self.current)

    async def _end(self, *_: object) -> None:
        self.current -= 1


async def test_first_call_logs_in_once(
    client: IpcCgiClient, simulator: Simulator
) -> None:
    """The uid is fetched on first need and reused."""
    await client.get_image()
    await client.get_audio()
    await client.keep_alive()
    assert simulator.counters[GETUID] == 1
    assert len(simulator.sessions) == 1


async def test_concurrent_calls_share_one_login(
    simulator: Simulator, socket_enabled: None
) -> None:
    """20 concurrent calls cost one getuid and never have two requests in flight."""
    in_flight = InFlight()
    simulator.faults.inject(FaultKind.LATENCY, None, seconds=0.01)
    async with aiohttp.ClientSession(trace_configs=[in_flight.trace]) as session:
        client = sim_client(simulator, session)
        results = await asyncio.gather(*(client.get_image() for _ in range(20)))
    assert {result.brightness for result in results} == {128}
    assert simulator.counters[GETUID] == 1
    assert simulator.counters["/cgi-bin/image"] == 20
    assert in_flight.peak == 1


async def test_more_requests_in_flight_when_allowed(
    simulator: Simulator, socket_enabled: None
) -> None:
    """max_concurrent_requests bounds the requests in flight."""
    in_flight = InFlight()
    simulator.faults.inject(FaultKind.LATENCY, None, seconds=0.05)
    async with aiohttp.ClientSession(trace_configs=[in_flight.trace]) as session:
        client = sim_client(simulator, session, max_concurrent_requests=3)
        await asyncio.gather(*(client.get_image() for _ in range(12)))
    assert in_flight.peak == 3
    assert simulator.counters[GETUID] == 1


async def test_expired_uid_logs_in_again_once(
    client: IpcCgiClient, simulator: Simulator
) -> None:
    """`uid error` costs exactly one new login and one retry, which succeeds."""
    await client.get_image()
    simulator.faults.inject(FaultKind.EXPIRE_UID, 1, path="/cgi-bin/set_flip")
    flip = await client.set_flip(vertical=True)
    assert flip.vertical is True
    assert simulator.counters[GETUID] == 2
    assert simulator.counters["/cgi-bin/set_flip"] == 2


async def test_expired_uid_during_an_upload(
    client: IpcCgiClient, simulator: Simulator
) -> None:
    """The retry after `uid error` sends the multipart certificate (3.34) again, whole."""
    await client.get_image()
    path = "/WebCertificateUploadFile"
    simulator.faults.inject(FaultKind.EXPIRE_UID, 1, path=path)
    await client.upload_certificate(b"-----BEGIN CERTIFICATE-----", "server.crt")
    assert simulator.counters[path] == 2
    assert simulator.counters[GETUID] == 2
    certificate = simulator.state.certificates[0]
    assert (certificate.field_name, certificate.filename, certificate.data) == (
        "oem_mp3",
        "server.crt",
        b"-----BEGIN CERTIFICATE-----",
    )


async def test_expired_uid_with_concurrent_calls(
    simulator: Simulator, session: aiohttp.ClientSession
) -> None:
    """After the camera forgets the uid, 20 waiting calls cost one new login."""
    client = sim_client(simulator, session)
    await client.get_image()
    simulator.expire_uids()
    results = await asyncio.gather(*(client.get_wdr() for _ in range(20)))
    assert len(results) == 20
    assert simulator.counters[GETUID] == 2


async def test_uid_refused_twice(client: IpcCgiClient, simulator: Simulator) -> None:
    """A camera that refuses even a fresh uid is a connection problem (no reauth), no loop."""
    simulator.faults.inject(FaultKind.EXPIRE_UID, None, path="/cgi-bin/image")
    with pytest.raises(IpcCgiConnectionError, match="refused a fresh session") as err:
        await client.get_image()
    assert not isinstance(err.value, IpcCgiAuthenticationError)
    assert simulator.counters[GETUID] == 2
    assert simulator.counters["/cgi-bin/image"] == 2


async def test_refused_fresh_session_while_logging_in(
    simulator: Simulator, session: aiohttp.ClientSession
) -> None:
    """Refusing the uid it just issued (3.39 after a login) is a connection problem."""
    client = sim_client(simulator, session)
    await client.set_uid_valid_time(120)
    simulator.expire_uids()
    simulator.faults.inject(FaultKind.EXPIRE_UID, None, path="/cgi-bin/setUidValidTime")
    with pytest.raises(IpcCgiConnectionError, match="refused the session") as err:
        await client.get_image()
    assert not isinstance(err.value, IpcCgiAuthenticationError)


async def test_wrong_password(
    simulator: Simulator, session: aiohttp.ClientSession
) -> None:
    """`password error` is an authentication error after a single login attempt."""
    client = sim_client(simulator, session, password="wrong")
    with pytest.raises(IpcCgiAuthenticationError, match="password error"):
        await client.get_info()
    assert simulator.counters[GETUID] == 1
    assert simulator.counters["/cgi-bin/getinfo"] == 0


async def test_steady_polling_keeps_the_uid(
    client: IpcCgiClient, simulator: Simulator, shared_clock: ManualClock
) -> None:
    """Polling more often than the uid's validity never logs in again."""
    for _ in range(10):
        await client.get_device_state()
        shared_clock.advance(50)
    assert simulator.counters[GETUID] == 1
    assert simulator.counters["/cgi-bin/getDevState"] == 10


async def test_idle_uid_is_replaced_before_use(
    client: IpcCgiClient, simulator: Simulator, shared_clock: ManualClock
) -> None:
    """After idling past its validity the client logs in first, without a refused request."""
    await client.get_image()
    shared_clock.advance(61)
    await client.get_image()
    assert simulator.counters[GETUID] == 2
    assert simulator.counters["/cgi-bin/image"] == 2


async def test_uid_valid_time_is_honoured(
    client: IpcCgiClient, simulator: Simulator, shared_clock: ManualClock
) -> None:
    """3.39: a longer validity lets the client idle longer without a login."""
    assert await client.set_uid_valid_time(300) == 300
    assert client.uid_valid_time == 300
    shared_clock.advance(250)
    await client.get_image()
    shared_clock.advance(250)
    await client.keep_alive()
    assert simulator.counters[GETUID] == 1
    shared_clock.advance(301)
    await client.get_image()
    assert simulator.counters[GETUID] == 2


async def test_keep_alive_renews(
    client: IpcCgiClient, simulator: Simulator, shared_clock: ManualClock
) -> None:
    """3.2: keep_alive keeps an otherwise idle uid valid."""
    await client.login()
    for _ in range(3):
        shared_clock.advance(45)
        await client.keep_alive()
    await client.get_flip()
    assert simulator.counters[GETUID] == 1


async def test_login_replaces_the_uid(
    client: IpcCgiClient, simulator: Simulator
) -> None:
    """login() always fetches a new uid."""
    await client.login()
    await client.login()
    await client.get_flip()
    assert simulator.counters[GETUID] == 2


async def test_web_login(
    client: IpcCgiClient, simulator: Simulator, session: aiohttp.ClientSession
) -> None:
    """3.38: WEBlogin with the client's credentials."""
    await client.web_login()
    assert simulator.counters["/WEBlogin"] == 1
    wrong = sim_client(simulator, session, password="nope")
    with pytest.raises(IpcCgiAuthenticationError):
        await wrong.web_login()


async def test_privileges(
    client: IpcCgiClient, simulator: Simulator, session: aiohttp.ClientSession
) -> None:
    """A User may read but not change; an Operator may not manage users."""
    await client.add_user("viewer", "viewpw", Privilege.USER)
    await client.add_user("operator", "operpw", Privilege.OPERATOR)
    viewer = sim_client(simulator, session, username="viewer", password="viewpw")
    assert (await viewer.get_image()).brightness == 128
    with pytest.raises(IpcCgiAuthenticationError, match="permission denied"):
        await viewer.set_image(brightness=1)
    operator = sim_client(simulator, session, username="operator", password="operpw")
    assert (await operator.set_image(brightness=1)).brightness == 1
    with pytest.raises(
        IpcCgiAuthenticationError, match="Non-administrators cannot edit users"
    ):
        await operator.delete_user("viewer")


async def test_owned_session_is_closed(
    simulator: Simulator, socket_enabled: None
) -> None:
    """Without an injected session the client creates one and closes it."""
    async with IpcCgiClient("127.0.0.1", simulator.port or 0) as client:
        assert (await client.get_flip()).vertical is False
        session = client.session
    assert session is not None
    assert session.closed
    assert client.session is None
    await client.close()


async def test_injected_session_stays_open(
    client: IpcCgiClient, session: aiohttp.ClientSession
) -> None:
    """An injected session (Home Assistant's) is never closed by the client."""
    await client.get_flip()
    async with client:
        pass
    await client.close()
    assert not session.closed
    assert client.session is session


def test_constructor_checks() -> None:
    """Nonsense limits are refused."""
    with pytest.raises(ValueError):
        IpcCgiClient("camera", max_concurrent_requests=0)
    with pytest.raises(ValueError):
        IpcCgiClient("camera", request_timeout=0)


def test_repr_has_no_password() -> None:
    """The repr names the camera, not the credentials."""
    client = IpcCgiClient(
        "cam.local", 8443, https=True, verify_ssl=False, password="s3cr3t-pw"
    )
    assert repr(client) == "IpcCgiClient(https://cam.local:8443, username='admin')"
    assert SimpleNamespace(client=client).__repr__().count("s3cr3t") == 0


async def test_uid_valid_time_survives_a_new_login(
    client: IpcCgiClient, simulator: Simulator, shared_clock: ManualClock
) -> None:
    """3.39 applies to one uid: after a new login the client sets it again."""
    await client.set_uid_valid_time(300)
    simulator.expire_uids()
    await client.get_image()
    assert simulator.counters[GETUID] == 2
    assert simulator.counters["/cgi-bin/setUidValidTime"] == 2
    shared_clock.advance(250)
    await client.get_image()
    assert simulator.counters[GETUID] == 2
    assert simulator.counters["/cgi-bin/image"] == 3


async def test_failed_login_is_shared(
    simulator: Simulator, session: aiohttp.ClientSession
) -> None:
    """Calls waiting on a login that times out share its error: one getuid, not 5."""
    client = sim_client(simulator, session, request_timeout=0.1)
    simulator.faults.inject(FaultKind.LATENCY, 1, path=GETUID, seconds=0.5)
    results = await asyncio.gather(
        *(client.get_flip() for _ in range(5)), return_exceptions=True
    )
    assert all(isinstance(result, IpcCgiConnectionError) for result in results)
    assert simulator.counters[GETUID] == 1
    assert (await client.get_flip()).vertical is False
    assert simulator.counters[GETUID] == 2


async def test_wrong_password_with_concurrent_calls(
    simulator: Simulator, session: aiohttp.ClientSession
) -> None:
    """20 calls with a wrong password cost one refused login."""
    client = sim_client(simulator, session, password="wrong")
    results = await asyncio.gather(
        *(client.get_flip() for _ in range(20)), return_exceptions=True
    )
    assert all(isinstance(result, IpcCgiAuthenticationError) for result in results)
    assert simulator.counters[GETUID] == 1
