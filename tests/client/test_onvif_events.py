"""The ONVIF event client (PullPoint) against the simulator and hostile cameras."""

from __future__ import annotations

import asyncio
from datetime import timedelta
import logging

import aiohttp
from aiohttp import web
import pytest

from custom_components.ipc_cgi.ipccgi import (
    EventKind,
    IpcCgiAuthenticationError,
    IpcCgiClient,
    IpcCgiConnectionError,
    IpcCgiError,
    IpcCgiNotFoundError,
    IpcCgiReplyTooLargeError,
    IpcCgiResponseError,
    IpcCgiSoapFaultError,
    OnvifEvent,
)
from ipc_simulator import OnvifQuirk, Simulator

from .conftest import sim_client
from .hostile import (
    BILLION_LAUGHS,
    MIB,
    PASSWORD,
    XXE,
    Handler,
    HostileCamera,
    deep_nesting,
    measure,
    serve,
    small_elements,
)

EVENTS = "/onvif/event_service"
SUBSCRIPTION = "/onvif/subscription/"
MOTION_ON = OnvifEvent(EventKind.MOTION, True, initial=False)
MOTION_OFF = OnvifEvent(EventKind.MOTION, False, initial=False)


async def pull_waiting(sim: Simulator, subscription: str = "1") -> None:
    """Return once a PullMessages waits on the subscription (the camera's side)."""
    async with asyncio.timeout(5):
        while sim.onvif.subscriptions[subscription].waiting == 0:
            await asyncio.sleep(0.01)


@pytest.mark.parametrize("sign", [True, False])
async def test_subscribe_pull_renew_unsubscribe(
    simulator: Simulator, client: IpcCgiClient, sign: bool
) -> None:
    """The initial state, then motion on and off, renew and unsubscribe; signed or not."""
    simulator.state.onvif_auth = sign
    point = await client.onvif_subscribe(sign=sign)
    assert point.path == f"{SUBSCRIPTION}1"
    assert point.lease == 600
    assert PASSWORD not in repr(point)
    initial = await client.onvif_pull(point, 1)
    assert initial == [
        OnvifEvent(EventKind.MOTION, False, initial=True),
        OnvifEvent(EventKind.ALARM_INPUT, False, initial=True),
    ]
    pulling = asyncio.create_task(client.onvif_pull(point, 10))
    await pull_waiting(simulator)
    simulator.detect_motion(5)
    assert await asyncio.wait_for(pulling, 2) == [MOTION_ON]
    simulator.onvif.set_motion(False)
    assert await client.onvif_pull(point, 1) == [MOTION_OFF]

    await client.onvif_synchronize(point)
    assert [event.initial for event in await client.onvif_pull(point, 1)] == [
        True,
        True,
    ]
    simulator.trigger_alarm_input(1)
    assert await client.onvif_pull(point, 1) == [
        OnvifEvent(EventKind.ALARM_INPUT, True, initial=False)
    ]
    await client.onvif_renew(point)
    assert point.lease == 600
    await client.onvif_unsubscribe(point)
    assert simulator.onvif.subscriptions == {}
    with pytest.raises(IpcCgiSoapFaultError) as fault:
        await client.onvif_pull(point, 1)
    assert "wsrf-rw:ResourceUnknownFault" in fault.value.subcodes


async def test_signed_in_the_cameras_clock(
    simulator: Simulator, client: IpcCgiClient
) -> None:
    """A camera clock an hour off: the token's time is the camera's (GetSystemDateAndTime)."""
    simulator.state.time.offset_seconds = 3600
    point = await client.onvif_subscribe(sign=True)
    assert abs(point.clock_offset - timedelta(hours=1)) < timedelta(seconds=2)
    assert len(await client.onvif_pull(point, 1)) == 2


async def test_unsigned_or_wrong_password_refused(
    simulator: Simulator, session: aiohttp.ClientSession
) -> None:
    """Authentication on: no token or a wrong password is the camera's NotAuthorized fault."""
    client = sim_client(simulator, session, password="wrong-Pa55")
    for sign in (False, True):
        with pytest.raises(IpcCgiSoapFaultError) as fault:
            await client.onvif_subscribe(sign=sign)
        assert "ter:NotAuthorized" in fault.value.subcodes
        assert "wrong-Pa55" not in str(fault.value)


async def test_no_pullpoint(simulator: Simulator, client: IpcCgiClient) -> None:
    """Firmware without a PullPoint answers ActionNotSupported."""
    simulator.fault_endpoint(EVENTS, OnvifQuirk.NO_PULLPOINT)
    with pytest.raises(IpcCgiSoapFaultError) as fault:
        await client.onvif_subscribe(sign=True)
    assert fault.value.subcodes == ("env:Receiver", "ter:ActionNotSupported")


async def test_short_lease(simulator: Simulator, client: IpcCgiClient) -> None:
    """The lease is what the camera grants, whatever was asked."""
    simulator.fault_endpoint(EVENTS, OnvifQuirk.SHORT_LEASE)
    point = await client.onvif_subscribe(sign=True)
    assert point.lease == 10
    assert point.renew_after == 8
    await client.onvif_renew(point)
    assert point.lease == 10


async def test_numeric_bools(simulator: Simulator, client: IpcCgiClient) -> None:
    """Values 1 and 0 read as true and false."""
    simulator.fault_endpoint(SUBSCRIPTION, OnvifQuirk.NUMERIC_BOOLS)
    point = await client.onvif_subscribe(sign=True)
    await client.onvif_pull(point, 1)
    simulator.detect_motion(5)
    assert await client.onvif_pull(point, 1) == [MOTION_ON]


async def test_motion_alarm_topic(simulator: Simulator, client: IpcCgiClient) -> None:
    """tns1:VideoSource/MotionAlarm (State) is motion too."""
    simulator.state.capabilities.cell_motion_topic = False
    simulator.state.capabilities.motion_alarm_topic = True
    point = await client.onvif_subscribe(sign=True)
    await client.onvif_pull(point, 1)
    simulator.detect_motion(5)
    assert await client.onvif_pull(point, 1) == [MOTION_ON]


async def test_huge_reply(simulator: Simulator, client: IpcCgiClient) -> None:
    """A PullMessages reply past the cap is refused, unread."""
    simulator.fault_endpoint(SUBSCRIPTION, OnvifQuirk.HUGE)
    point = await client.onvif_subscribe(sign=True)
    with pytest.raises(IpcCgiReplyTooLargeError):
        await client.onvif_pull(point, 1)


async def test_long_poll_holds_no_slot(
    simulator: Simulator, client: IpcCgiClient
) -> None:
    """A CGI request goes on while the long poll waits."""
    point = await client.onvif_subscribe(sign=True)
    await client.onvif_pull(point, 1)
    pulling = asyncio.create_task(client.onvif_pull(point, 30))
    await pull_waiting(simulator)
    await asyncio.wait_for(client.get_relay(), 2)
    simulator.detect_motion(1)
    assert await pulling == [MOTION_ON]


def _soap(body: str) -> str:
    return (
        '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope">'
        f"<env:Body>{body}</env:Body></env:Envelope>"
    )


UNKNOWN_AND_BAD = _soap(
    "<PullMessagesResponse>"
    "<NotificationMessage><Topic>tns1:Some/Other</Topic><Message><Message>"
    '<Data><SimpleItem Name="X" Value="true"/></Data></Message></Message>'
    "</NotificationMessage>"
    "<NotificationMessage><Topic>tns1:RuleEngine/CellMotionDetector/Motion</Topic>"
    '<Message><Message><Data><SimpleItem Name="IsMotion" Value="maybe"/></Data>'
    "</Message></Message></NotificationMessage>"
    "<NotificationMessage><Topic>RuleEngine/CellMotionDetector/Motion</Topic>"
    '<Message><Message><Data><SimpleItem Name="IsMotion" Value="TRUE"/></Data>'
    "</Message></Message></NotificationMessage>"
    "</PullMessagesResponse>"
)


def _answer(body: bytes | str, status: int = 200) -> web.Response:
    data = body.encode() if isinstance(body, str) else body
    return web.Response(status=status, body=data, content_type="application/soap+xml")


async def _hostile_pull(handler: Handler) -> list[OnvifEvent]:
    """Subscribe on a hostile camera whose subscription answers `reply`; pull once."""
    camera = HostileCamera()

    async def subscribe(_: web.Request) -> web.Response:
        return _answer(
            _soap(
                "<tev:CreatePullPointSubscriptionResponse "
                'xmlns:tev="http://www.onvif.org/ver10/events/wsdl" '
                'xmlns:a="http://www.w3.org/2005/08/addressing">'
                "<tev:SubscriptionReference><a:Address>http://10.9.9.9/sub?Idx=3"
                "</a:Address></tev:SubscriptionReference>"
                "<CurrentTime>2026-01-01T00:00:00Z</CurrentTime>"
                "<TerminationTime>2026-01-01T00:01:00Z</TerminationTime>"
                "</tev:CreatePullPointSubscriptionResponse>"
            )
        )

    camera.handlers[EVENTS] = subscribe
    camera.handlers["/sub"] = handler
    async with serve(camera.app) as port, aiohttp.ClientSession() as session:
        client = IpcCgiClient(
            "127.0.0.1", port, password=PASSWORD, session=session, request_timeout=1
        )
        point = await client.onvif_subscribe(sign=False)
        assert (point.path, point.query, point.lease) == ("/sub", {"Idx": "3"}, 60)
        return await client.onvif_pull(point, 1)


def _handler(body: bytes | str, status: int = 200) -> Handler:
    async def handler(_: web.Request) -> web.Response:
        return _answer(body, status)

    return handler


async def _slow(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "application/soap+xml"})
    await response.prepare(request)
    await response.write(b"<env:Envelope>")
    while True:
        await response.write(b" ")
        await asyncio.sleep(0.05)


HOSTILE: dict[str, tuple[bytes | str, int, type[IpcCgiError], str]] = {
    "huge": (small_elements(20 * MIB), 200, IpcCgiReplyTooLargeError, "larger"),
    "deep": (deep_nesting(100_000), 200, IpcCgiResponseError, "not a SOAP reply"),
    "billion_laughs": (BILLION_LAUGHS, 200, IpcCgiResponseError, "not a SOAP"),
    "xxe": (XXE, 200, IpcCgiResponseError, "not a SOAP reply"),
    "garbage": (b"\x00\xff" * 1000, 200, IpcCgiResponseError, "not a SOAP reply"),
    "html_500": (b"<html>oops</html>", 500, IpcCgiConnectionError, "HTTP 500"),
    "http_401": (b"", 401, IpcCgiAuthenticationError, "HTTP 401"),
    "http_404": (b"<html>404</html>", 404, IpcCgiNotFoundError, "HTTP 404"),
    "http_302": (b"", 302, IpcCgiResponseError, "HTTP 302"),
    "other_reply": (
        _soap("<RenewResponse/>"),
        200,
        IpcCgiResponseError,
        "unexpected reply RenewResponse",
    ),
    "soap11_fault": (
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
        "<s:Fault><faultcode>s:Client</faultcode><faultstring>no</faultstring>"
        "</s:Fault></s:Body></s:Envelope>",
        500,
        IpcCgiSoapFaultError,
        "no (s:Client)",
    ),
    "fault_echoing_password": (
        _soap(
            "<env:Fault><env:Code><env:Value>env:Sender</env:Value></env:Code>"
            f"<env:Reason><env:Text>bad {PASSWORD}</env:Text></env:Reason></env:Fault>"
        ),
        400,
        IpcCgiSoapFaultError,
        "bad",
    ),
}


@pytest.mark.parametrize("case", HOSTILE)
async def test_hostile_pull(
    socket_enabled: None, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Each hostile reply is one clear error, cheap, and no text holds the password."""
    body, status, error, match = HOSTILE[case]
    caplog.set_level(logging.DEBUG)
    figures = await measure(_hostile_pull(_handler(body, status)))
    assert isinstance(figures.error, error), figures
    assert match in str(figures.error)
    assert figures.seconds < 10
    assert figures.peak_mib < 64
    assert figures.block_seconds < 0.5
    assert PASSWORD not in str(figures.error)
    assert PASSWORD not in caplog.text


async def test_slow_pull_has_one_deadline(socket_enabled: None) -> None:
    """A reply that trickles forever ends at the pull's deadline (its Timeout + the request's)."""
    with pytest.raises(IpcCgiConnectionError, match="Timeout after 2 s"):
        await asyncio.wait_for(_hostile_pull(_slow), 5)


async def test_liberal_parsing_and_unknown_topics(
    socket_enabled: None, caplog: pytest.LogCaptureFixture
) -> None:
    """No prefixes, TRUE, an unknown topic (logged once at debug), a value not boolean."""
    caplog.set_level(logging.DEBUG)  # the module's logger: bundled or packaged
    events = await _hostile_pull(_handler(UNKNOWN_AND_BAD))
    assert events == [MOTION_ON]
    assert caplog.text.count("tns1:Some/Other not understood") == 1


SUBSCRIBED = (
    "<tev:CreatePullPointSubscriptionResponse "
    'xmlns:tev="http://www.onvif.org/ver10/events/wsdl">'
    "<tev:SubscriptionReference><Address>{address}</Address>"
    "</tev:SubscriptionReference>{lease}</tev:CreatePullPointSubscriptionResponse>"
)


@pytest.mark.parametrize(
    ("address", "lease", "expected"),
    [
        ("/sub", "<TerminationTime>PT90S</TerminationTime>", 90.0),
        ("/sub", "<TerminationTime>soon</TerminationTime>", 600.0),
        ("", "", "no address"),
        ("urn:nowhere", "", "bad address"),
    ],
)
async def test_odd_subscriptions(
    socket_enabled: None, address: str, lease: str, expected: float | str
) -> None:
    """A lease as a duration or not at all (the one asked for); no or no usable address."""
    camera = HostileCamera()
    camera.handlers[EVENTS] = _handler(
        _soap(SUBSCRIBED.format(address=address, lease=lease))
    )
    async with serve(camera.app) as port, aiohttp.ClientSession() as session:
        client = IpcCgiClient("127.0.0.1", port, password=PASSWORD, session=session)
        if isinstance(expected, str):
            with pytest.raises(IpcCgiResponseError, match=expected):
                await client.onvif_subscribe(sign=False)
        else:
            assert (await client.onvif_subscribe(sign=False)).lease == expected


async def test_bad_camera_clock_reply(socket_enabled: None) -> None:
    """GetSystemDateAndTime without a usable UTCDateTime is an invalid reply."""
    camera = HostileCamera()
    replies = iter(
        [
            "<GetSystemDateAndTimeResponse><SystemDateAndTime/>"
            "</GetSystemDateAndTimeResponse>",
            "<GetSystemDateAndTimeResponse><SystemDateAndTime><UTCDateTime>"
            "<Date><Year>2026</Year><Month>13</Month><Day>1</Day></Date>"
            "<Time><Hour>0</Hour><Minute>0</Minute><Second>0</Second></Time>"
            "</UTCDateTime></SystemDateAndTime></GetSystemDateAndTimeResponse>",
        ]
    )

    async def clock(_: web.Request) -> web.Response:
        return _answer(_soap(next(replies)))

    camera.handlers["/onvif/device_service"] = clock
    async with serve(camera.app) as port, aiohttp.ClientSession() as session:
        client = IpcCgiClient("127.0.0.1", port, password=PASSWORD, session=session)
        for match in ("without UTCDateTime", "invalid UTCDateTime"):
            with pytest.raises(IpcCgiResponseError, match=match):
                await client.onvif_subscribe(sign=True)
