"""The ONVIF device and event services on the camera's web port (issue 20)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
import time
from typing import Any
from xml.etree import ElementTree as ET

from aiohttp import ClientSession
from aiohttp.test_utils import TestServer
import pytest

from ipc_simulator import ManualClock, Simulator
from ipc_simulator.endpoints.common import camera_now, camera_utc
from ipc_simulator.onvif import HUGE_BYTES

from .conftest import Camera
from .onvif_client import (
    DEVICE,
    EVENTS,
    NS,
    OnvifClient,
    Reply,
    find,
    messages,
    parse_time,
    text,
)

MOTION = "tns1:RuleEngine/CellMotionDetector/Motion"
INPUT = "tns1:Device/Trigger/DigitalInput"
NOT_AUTHORIZED = ("env:Sender", ["ter:NotAuthorized"])


@pytest.fixture
def onvif(simulator: Simulator, http: ClientSession) -> OnvifClient:
    """Return a client that signs as admin."""
    return OnvifClient(simulator, http)


async def _control(http: ClientSession, sim: Simulator, name: str, **body: Any) -> Any:
    async with http.post(f"{sim.url}/__sim__/{name}", json=body or None) as resp:
        assert resp.status == 200
        return await resp.json()


async def _pull_waiting(sim: Simulator, subscription: str = "1") -> None:
    """Return once a PullMessages waits on the subscription (the camera's side)."""
    async with asyncio.timeout(5):
        while sim.onvif.subscriptions[subscription].waiting == 0:
            await asyncio.sleep(0.01)


def _date_time(element: ET.Element) -> datetime:
    """Return a tt:DateTime (UTCDateTime, LocalDateTime) as an aware datetime."""
    year, month, day, hour, minute, second = (
        int(text(element, f"tt:{path}"))
        for path in (
            "Date/tt:Year",
            "Date/tt:Month",
            "Date/tt:Day",
            "Time/tt:Hour",
            "Time/tt:Minute",
            "Time/tt:Second",
        )
    )
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def _moving(sim: Simulator) -> bool:
    """Return the camera's motion state (a call: mypy does not narrow it)."""
    return sim.onvif.motion


def _values(reply: Reply) -> list[tuple[str, str, str]]:
    """Return (topic, operation, value) of each message."""
    return [
        (topic, operation, next(iter(data.values())))
        for topic, operation, _, data in messages(reply.body)
    ]


async def test_date_and_time_needs_no_credentials(
    simulator: Simulator, http: ClientSession
) -> None:
    """GetSystemDateAndTime answers unsigned, in the camera's clock and zone (GMT+08:00)."""
    simulator.state.time.offset_seconds = -7200.0  # the camera is two hours slow
    anonymous = OnvifClient(simulator, http, username=None)
    body = await anonymous.ok(DEVICE, "<tds:GetSystemDateAndTime/>")
    when = find(body, "tds:SystemDateAndTime")
    reported = _date_time(find(when, "tt:UTCDateTime"))
    assert abs((camera_utc(simulator.state.time) - reported).total_seconds()) < 5
    local = _date_time(find(when, "tt:LocalDateTime")).replace(tzinfo=None)
    assert abs((camera_now(simulator.state.time) - local).total_seconds()) < 5
    assert text(when, "tt:TimeZone/tt:TZ") == "GMT-08:00"
    assert text(when, "tt:DateTimeType") == "NTP"

    simulator.state.time.timezone = "GMT-03:30"
    body = await anonymous.ok(DEVICE, "<tds:GetSystemDateAndTime/>")
    assert text(body, "tds:SystemDateAndTime/tt:TimeZone/tt:TZ") == "GMT+03:30"


async def test_services_and_capabilities(
    simulator: Simulator, http: ClientSession
) -> None:
    """GetServices and GetCapabilities (unsigned) give the device and event addresses."""
    anonymous = OnvifClient(simulator, http, username=None)
    body = await anonymous.ok(
        DEVICE,
        "<tds:GetServices><tds:IncludeCapability>true</tds:IncludeCapability>"
        "</tds:GetServices>",
    )
    services = {
        text(service, "tds:Namespace"): service
        for service in body.iterfind("tds:Service", NS)
    }
    assert text(services[NS["tds"]], "tds:XAddr") == simulator.url + DEVICE
    events = services[NS["tev"]]
    assert text(events, "tds:XAddr") == simulator.url + EVENTS
    caps = find(events, "tds:Capabilities/tev:Capabilities")
    assert caps.get("WSPausableSubscriptionManagerInterfaceSupport") == "false"

    body = await anonymous.ok(DEVICE, "<tds:GetCapabilities/>")
    assert text(body, "tds:Capabilities/tt:Events/tt:XAddr") == simulator.url + EVENTS
    assert text(body, "tds:Capabilities/tt:Events/tt:WSPullPointSupport") == "true"
    body = await anonymous.ok(DEVICE, "<tds:GetServiceCapabilities/>")
    security = find(body, "tds:Capabilities/tds:Security")
    assert security.get("UsernameToken") == "true"


async def test_device_information_needs_a_valid_digest(
    simulator: Simulator, http: ClientSession, onvif: OnvifClient
) -> None:
    """While ONVIF authentication (3.41) is on, the token must prove an account."""
    request = "<tds:GetDeviceInformation/>"
    body = await onvif.ok(DEVICE, request)
    assert text(body, "tds:Model") == "MC400L"
    assert text(body, "tds:SerialNumber") == simulator.state.device.serial

    for client in (
        OnvifClient(simulator, http, username=None),
        OnvifClient(simulator, http, password="wrong"),
        OnvifClient(simulator, http, username="nobody"),
    ):
        reply = await client.call(DEVICE, request)
        assert reply.status == 400
        assert reply.fault()[:2] == NOT_AUTHORIZED

    simulator.state.users["admin"].enabled = False
    assert (await onvif.call(DEVICE, request)).fault()[:2] == NOT_AUTHORIZED
    simulator.state.users["admin"].enabled = True

    # Off: no check at all.
    simulator.state.onvif_auth = False
    anonymous = OnvifClient(simulator, http, username=None)
    assert text(await anonymous.ok(DEVICE, request), "tds:Model") == "MC400L"


async def test_onvif_authentication_follows_the_cgi_setting(
    simulator: Simulator, http: ClientSession, camera: Camera
) -> None:
    """3.41 `onvif?onvif_auth=0` turns the token check off, `=1` on again."""
    anonymous = OnvifClient(simulator, http, username=None)
    request = "<tds:GetDeviceInformation/>"
    for value, status in ((0, 200), (1, 400)):
        await camera.xml("/cgi-bin/onvif", {"onvif_auth": value})
        assert (await anonymous.call(DEVICE, request)).status == status


async def test_created_is_checked_against_the_camera_clock(
    simulator: Simulator, onvif: OnvifClient
) -> None:
    """A Created 10 min off the camera's clock is refused; 4 min off is accepted.

    The client signs in the camera's clock: 2 h off real time does not matter.
    """
    simulator.state.time.offset_seconds = 7200.0
    request = "<tds:GetDeviceInformation/>"
    assert (await onvif.call(DEVICE, request)).status == 200
    onvif.skew = timedelta(minutes=4)
    assert (await onvif.call(DEVICE, request)).status == 200
    for skew in (timedelta(minutes=10), timedelta(minutes=-10)):
        onvif.skew = skew
        reply = await onvif.call(DEVICE, request)
        assert reply.fault()[:2] == NOT_AUTHORIZED
        assert "clock" in reply.fault()[2]


async def test_bad_requests(simulator: Simulator, onvif: OnvifClient) -> None:
    """Unknown operations, the wrong address, SOAP 1.1, non-XML and GET answer faults."""
    reply = await onvif.call(DEVICE, "<tds:GetHostname/>")
    assert reply.status == 500
    assert reply.fault() == (
        "env:Receiver",
        ["ter:ActionNotSupported"],
        "Action Not Implemented",
    )
    # An event operation at the device service's address.
    reply = await onvif.call(DEVICE, "<tev:GetEventProperties/>")
    assert reply.fault()[1] == ["ter:ActionNotSupported"]
    soap11 = (
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">'
        "<s:Body/></s:Envelope>"
    )
    assert (await onvif.post(DEVICE, soap11)).fault()[0] == "env:VersionMismatch"
    for body in ("not xml", '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'):
        reply = await onvif.post(DEVICE, body)
        assert (reply.status, reply.fault()[:2]) == (
            400,
            ("env:Sender", ["ter:WellFormed"]),
        )
    async with onvif.session.get(simulator.url + DEVICE) as resp:
        assert resp.status == 405
    assert simulator.counters[DEVICE] == 6


async def test_event_properties(simulator: Simulator, onvif: OnvifClient) -> None:
    """GetEventProperties lists the property topics with their Source and Data items."""
    body = await onvif.ok(EVENTS, "<tev:GetEventProperties/>")
    topics = find(body, "wstop:TopicSet")
    motion = find(topics, "tns1:RuleEngine/tns1:CellMotionDetector/tns1:Motion")
    description = find(motion, "tt:MessageDescription")
    assert description.get("IsProperty") == "true"
    data = find(description, "tt:Data/tt:SimpleItemDescription")
    assert (data.get("Name"), data.get("Type")) == ("IsMotion", "xs:boolean")
    source = find(
        topics, "tns1:Device/tns1:Trigger/tns1:DigitalInput/tt:MessageDescription"
    )
    assert find(source, "tt:Source/tt:SimpleItemDescription").get("Name") == (
        "InputToken"
    )
    assert topics.find("tns1:VideoSource", NS) is None

    simulator.state.capabilities.motion_alarm_topic = True
    body = await onvif.ok(EVENTS, "<tev:GetEventProperties/>")
    assert body.find("wstop:TopicSet/tns1:VideoSource/tns1:MotionAlarm", NS) is not None
    body = await onvif.ok(EVENTS, "<tev:GetServiceCapabilities/>")
    assert find(body, "tev:Capabilities").get("WSSubscriptionPolicySupport") == "false"


async def test_subscription_starts_with_the_state(
    simulator: Simulator, onvif: OnvifClient
) -> None:
    """A new subscription's first pull has each property Initialized, as real cameras send."""
    address = await onvif.subscribe("PT600S")
    assert address == f"{simulator.url}/onvif/subscription/1"
    reply = await onvif.pull(address)
    assert _values(reply) == [
        (MOTION, "Initialized", "false"),
        (INPUT, "Initialized", "false"),
    ]
    topic, _, source, _ = messages(reply.body)[0]
    assert source == {
        "VideoSourceConfigurationToken": "VideoSourceToken",
        "VideoAnalyticsConfigurationToken": "VideoAnalyticsToken",
        "Rule": "MyMotionDetectorRule",
    }
    assert messages(reply.body)[1][2] == {"InputToken": "AlarmIn_0"}
    notification = find(reply.body, "wsnt:NotificationMessage")
    utc = parse_time(find(notification, "wsnt:Message/tt:Message").get("UtcTime", ""))
    assert abs((utc - camera_utc(simulator.state.time)).total_seconds()) < 5
    current = parse_time(text(reply.body, "tev:CurrentTime"))
    termination = parse_time(text(reply.body, "tev:TerminationTime"))
    assert 595 <= (termination - current).total_seconds() <= 600
    # The message limit: one at a time.
    address = await onvif.subscribe()
    assert len(messages((await onvif.pull(address, limit=1)).body)) == 1
    assert len(messages((await onvif.pull(address, limit=1)).body)) == 1


async def test_long_poll_returns_on_motion_and_at_timeout(
    simulator: Simulator, http: ClientSession, onvif: OnvifClient
) -> None:
    """PullMessages waits: it answers as soon as motion is queued, else at Timeout."""
    address = await onvif.subscribe()
    await onvif.pull(address)  # the initial state

    started = time.monotonic()
    reply = await onvif.pull(address, "PT1S")
    waited = time.monotonic() - started
    assert _values(reply) == []
    assert 0.9 <= waited < 3

    pull = asyncio.create_task(onvif.pull(address, "PT10S"))
    await _pull_waiting(simulator)
    triggered = time.monotonic()
    made = await _control(http, simulator, "motion", seconds=0.3)
    reply = await pull
    assert time.monotonic() - triggered < 0.5
    assert _values(reply) == [(MOTION, "Changed", "true")]
    assert made["detected"] is True

    # The end of the motion comes by itself, 0.3 s later.
    reply = await onvif.pull(address, "PT5S")
    assert _values(reply) == [(MOTION, "Changed", "false")]


async def test_motion_alarm_topic(simulator: Simulator, onvif: OnvifClient) -> None:
    """Firmware that sends VideoSource/MotionAlarm (State) instead of CellMotionDetector."""
    simulator.state.capabilities.cell_motion_topic = False
    simulator.state.capabilities.motion_alarm_topic = True
    address = await onvif.subscribe()
    await onvif.pull(address)
    simulator.detect_motion(60)
    reply = await onvif.pull(address)
    assert _values(reply) == [("tns1:VideoSource/MotionAlarm", "Changed", "true")]
    assert messages(reply.body)[0][2] == {"Source": "VideoSourceToken"}


async def test_topic_filter(simulator: Simulator, onvif: OnvifClient) -> None:
    """A TopicExpression filter lets only its topics through."""
    address = await onvif.subscribe(topics="tns1:Device/Trigger/DigitalInput")
    assert _values(await onvif.pull(address)) == [(INPUT, "Initialized", "false")]
    simulator.detect_motion(60)
    simulator.trigger_alarm_input(60)
    assert _values(await onvif.pull(address)) == [(INPUT, "Changed", "true")]
    address = await onvif.subscribe(topics="tns1:RuleEngine//.")
    assert _values(await onvif.pull(address)) == [(MOTION, "Initialized", "true")]
    reply = await onvif.call(
        EVENTS,
        "<tev:CreatePullPointSubscription><tev:Filter><wsnt:TopicExpression>"
        "tns1:VideoSource/ImageTooDark</wsnt:TopicExpression></tev:Filter>"
        "</tev:CreatePullPointSubscription>",
    )
    assert reply.fault()[1] == ["ter:InvalidArgVal", "wsnt:TopicNotSupportedFault"]


async def test_synchronization_point(simulator: Simulator, onvif: OnvifClient) -> None:
    """SetSynchronizationPoint queues the current value of every property again."""
    address = await onvif.subscribe()
    await onvif.pull(address)
    simulator.detect_motion(60)
    assert _values(await onvif.pull(address)) == [(MOTION, "Changed", "true")]
    await onvif.ok(address, "<tev:SetSynchronizationPoint/>")
    assert _values(await onvif.pull(address)) == [
        (MOTION, "Initialized", "true"),
        (INPUT, "Initialized", "false"),
    ]


async def test_renew_and_expiry(
    simulator: Simulator, sim_clock: ManualClock, onvif: OnvifClient
) -> None:
    """A subscription ends at its TerminationTime unless renewed; then ResourceUnknown."""
    address = await onvif.subscribe("PT60S")
    sim_clock.advance(50)
    body = await onvif.ok(
        address,
        "<wsnt:Renew><wsnt:TerminationTime>PT60S</wsnt:TerminationTime></wsnt:Renew>",
    )
    left = parse_time(text(body, "wsnt:TerminationTime")) - parse_time(
        text(body, "wsnt:CurrentTime")
    )
    assert 59 <= left.total_seconds() <= 60
    sim_clock.advance(50)
    assert (await onvif.pull(address, "PT0S")).status == 200
    # An absolute termination time works too.
    until = camera_utc(simulator.state.time) + timedelta(seconds=30)
    await onvif.ok(
        address,
        f"<wsnt:Renew><wsnt:TerminationTime>{until:%Y-%m-%dT%H:%M:%S}Z"
        "</wsnt:TerminationTime></wsnt:Renew>",
    )
    sim_clock.advance(31)
    reply = await onvif.pull(address, "PT0S")
    assert reply.status == 400
    assert reply.fault()[:2] == ("env:Sender", ["wsrf-rw:ResourceUnknownFault"])
    assert reply.body.find(".//wsrf-rw:ResourceUnknownFault", NS) is not None
    assert simulator.onvif.subscriptions == {}

    reply = await onvif.call(
        address,
        "<wsnt:Renew><wsnt:TerminationTime>PT60S</wsnt:TerminationTime></wsnt:Renew>",
    )
    assert reply.fault()[1] == ["wsrf-rw:ResourceUnknownFault"]
    reply = await onvif.call(
        EVENTS,
        "<tev:CreatePullPointSubscription><tev:InitialTerminationTime>soon"
        "</tev:InitialTerminationTime></tev:CreatePullPointSubscription>",
    )
    assert reply.fault()[1] == [
        "ter:InvalidArgVal",
        "wsnt:UnacceptableInitialTerminationTimeFault",
    ]


async def test_unsubscribe(simulator: Simulator, onvif: OnvifClient) -> None:
    """Unsubscribe ends the subscription and a pull waiting on it (ResourceUnknown)."""
    address = await onvif.subscribe()
    await onvif.pull(address)
    waiting = asyncio.create_task(onvif.pull(address, "PT10S"))
    await _pull_waiting(simulator)
    await onvif.ok(address, "<wsnt:Unsubscribe/>")
    reply = await asyncio.wait_for(waiting, 2)
    assert reply.fault()[1] == ["wsrf-rw:ResourceUnknownFault"]
    reply = await onvif.call(address, "<wsnt:Unsubscribe/>")
    assert reply.fault()[1] == ["wsrf-rw:ResourceUnknownFault"]


async def test_subscriptions_need_credentials(
    simulator: Simulator, http: ClientSession, onvif: OnvifClient
) -> None:
    """Every event operation checks the token; a bad digest changes nothing."""
    address = await onvif.subscribe()
    intruder = OnvifClient(simulator, http, password="wrong")
    for where, request in (
        (EVENTS, "<tev:CreatePullPointSubscription/>"),
        (EVENTS, "<tev:GetEventProperties/>"),
        (
            address,
            "<tev:PullMessages><tev:Timeout>PT0S</tev:Timeout></tev:PullMessages>",
        ),
        (address, "<wsnt:Unsubscribe/>"),
    ):
        assert (await intruder.call(where, request)).fault()[:2] == NOT_AUTHORIZED
    assert list(simulator.onvif.subscriptions) == ["1"]


async def test_reboot_forgets_subscriptions(
    simulator: Simulator,
    sim_clock: ManualClock,
    http: ClientSession,
    onvif: OnvifClient,
) -> None:
    """POST /__sim__/reboot drops every subscription: ResourceUnknown once it is back.

    Motion and the alarm input under way end with the reboot: the new
    subscription starts with both off.
    """
    address = await onvif.subscribe()
    simulator.onvif.set_motion(True)
    simulator.onvif.set_digital_input(True)
    await _control(http, simulator, "reboot")
    sim_clock.advance(simulator.reboot_seconds)
    reply = await onvif.pull(address, "PT0S")
    assert reply.fault()[1] == ["wsrf-rw:ResourceUnknownFault"]
    # Ids go on: the new one is not mistaken for the old one.
    address = await onvif.subscribe()
    assert address == f"{simulator.url}/onvif/subscription/2"
    assert _values(await onvif.pull(address)) == [
        (MOTION, "Initialized", "false"),
        (INPUT, "Initialized", "false"),
    ]


async def test_no_pullpoint(
    simulator: Simulator, http: ClientSession, onvif: OnvifClient
) -> None:
    """Firmware that advertises events but answers CreatePullPointSubscription with a fault."""
    async with http.post(
        f"{simulator.url}/__sim__/endpoint_faults",
        json="/onvif/event_service:no_pullpoint",
    ) as resp:
        assert await resp.json() == {EVENTS: "no_pullpoint"}
    reply = await onvif.call(EVENTS, "<tev:CreatePullPointSubscription/>")
    assert (reply.status, reply.fault()) == (
        500,
        ("env:Receiver", ["ter:ActionNotSupported"], "Action Not Implemented"),
    )
    body = await onvif.ok(DEVICE, "<tds:GetCapabilities/>")
    assert text(body, "tds:Capabilities/tt:Events/tt:WSPullPointSupport") == "true"
    assert (await onvif.call(EVENTS, "<tev:GetEventProperties/>")).status == 200


async def test_short_lease(
    simulator: Simulator, sim_clock: ManualClock, onvif: OnvifClient
) -> None:
    """short_lease: 10 s granted whatever is asked, at creation and renewal."""
    simulator.fault_endpoint(EVENTS, "short_lease")
    address = await onvif.subscribe("PT600S")
    body = await onvif.ok(
        address,
        "<wsnt:Renew><wsnt:TerminationTime>PT600S</wsnt:TerminationTime></wsnt:Renew>",
    )
    left = parse_time(text(body, "wsnt:TerminationTime")) - parse_time(
        text(body, "wsnt:CurrentTime")
    )
    assert 9 <= left.total_seconds() <= 10
    sim_clock.advance(10)
    assert (await onvif.pull(address, "PT0S")).fault()[1] == [
        "wsrf-rw:ResourceUnknownFault"
    ]


async def test_numeric_bools_and_huge(simulator: Simulator, onvif: OnvifClient) -> None:
    """numeric_bools sends 1/0; huge pads each PullMessages reply to 5 MiB of messages."""
    address = await onvif.subscribe()
    simulator.fault_endpoint("/onvif/subscription/", "numeric_bools")
    assert [value for *_, value in _values(await onvif.pull(address))] == ["0", "0"]
    simulator.fault_endpoint("/onvif/subscription/", "huge")
    simulator.detect_motion(60)
    reply = await onvif.pull(address)
    assert reply.size > HUGE_BYTES
    values = _values(reply)
    assert values[0] == (MOTION, "Changed", "true")
    assert {value for *_, value in values} == {"true"}
    with pytest.raises(ValueError, match="fault of /onvif/subscription/"):
        simulator.fault_endpoint(EVENTS, "huge")
    with pytest.raises(ValueError, match="fault of /onvif/event_service"):
        simulator.fault_endpoint("/cgi-bin/image", "no_pullpoint")


async def test_generic_faults_apply(
    simulator: Simulator, http: ClientSession, onvif: OnvifClient
) -> None:
    """The CGI's faults work on ONVIF paths: slow replies, HTTP 500, a missing service."""
    simulator.faults.inject("latency", 1, path=EVENTS, seconds=0.3)
    started = time.monotonic()
    await onvif.subscribe()
    assert time.monotonic() - started >= 0.3
    simulator.fault_endpoint(DEVICE, "500")
    async with http.post(simulator.url + DEVICE, data="x") as resp:
        assert resp.status == 500
    simulator.fault_endpoint(DEVICE, None)
    simulator.missing_endpoints = frozenset({DEVICE, EVENTS, "/onvif/subscription/"})
    for path in (DEVICE, EVENTS, "/onvif/subscription/1"):
        async with http.post(simulator.url + path, data="x") as resp:
            assert resp.status == 404


async def test_motion_control_records_only_when_the_camera_would(
    simulator: Simulator, http: ClientSession
) -> None:
    """/__sim__/motion writes a clip only with motion recording (3.24) on and a card in."""
    before = len(simulator.state.recordings)
    made = await _control(http, simulator, "motion")
    assert made["seconds"] == 5.0
    assert made["filepath"].startswith("/mnt/mmc0/alarm/")
    simulator.state.event_storage.recording_enabled = False
    made = await _control(http, simulator, "motion", seconds=1)
    assert (made["detected"], made["filepath"], made["start"]) == (True, None, None)
    simulator.state.event_storage.recording_enabled = True
    simulator.state.sd_cards[0] = 0
    assert (await _control(http, simulator, "motion"))["filepath"] is None
    assert len(simulator.state.recordings) == before + 1
    assert _moving(simulator) is True

    # Motion detection off (3.16): the camera sees nothing.
    simulator.state.motion.enabled = False
    simulator.onvif.set_motion(False)
    made = await _control(http, simulator, "motion")
    assert made["detected"] is False
    assert _moving(simulator) is False

    async with http.post(
        f"{simulator.url}/__sim__/motion", json={"seconds": -1}
    ) as resp:
        assert resp.status == 400


async def test_alarm_input(
    simulator: Simulator, http: ClientSession, onvif: OnvifClient
) -> None:
    """/__sim__/alarm_input: DigitalInput true then false, an alarm clip with a card in."""
    address = await onvif.subscribe()
    await onvif.pull(address)
    made = await _control(http, simulator, "alarm_input", seconds=0.2)
    recording = next(
        r for r in simulator.state.recordings if r.filepath == made["filepath"]
    )
    assert (recording.record_mode, recording.media_type) == (8, 2)
    assert _values(await onvif.pull(address)) == [(INPUT, "Changed", "true")]
    assert _values(await onvif.pull(address, "PT5S")) == [(INPUT, "Changed", "false")]
    simulator.state.sd_cards[0] = 0
    assert (await _control(http, simulator, "alarm_input"))["filepath"] is None


async def test_pending_events_end_with_the_server(socket_enabled: None) -> None:
    """A motion's planned end and a waiting pull end when the server closes."""
    sim = Simulator(clock=ManualClock())
    server = TestServer(sim.app, host="127.0.0.1")
    await server.start_server()
    sim.host, sim.port = "127.0.0.1", server.port
    async with ClientSession() as http:
        onvif = OnvifClient(sim, http)
        address = await onvif.subscribe()
        await onvif.pull(address)
        sim.detect_motion(600)
        await onvif.pull(address)
        waiting = asyncio.create_task(onvif.pull(address, "PT600S"))
        await _pull_waiting(sim)
        await server.close()
        reply = await asyncio.wait_for(waiting, 5)
    assert reply.status == 200
    assert _moving(sim) is True  # its end was cancelled, not run
    assert not [
        task
        for task in asyncio.all_tasks()
        if task.get_name().startswith("ipc_simulator") and not task.done()
    ]


async def test_each_camera_has_its_own_services(
    simulator: Simulator, http: ClientSession, onvif: OnvifClient
) -> None:
    """Two cameras (as --cameras 2 serves them): motion on one reaches only its subscribers."""
    other = Simulator(clock=ManualClock())
    server = TestServer(other.app, host="127.0.0.1")
    await server.start_server()
    other.host, other.port = "127.0.0.1", server.port
    try:
        mine = await onvif.subscribe()
        theirs = await OnvifClient(other, http).subscribe()
        assert theirs == f"{other.url}/onvif/subscription/1"
        await onvif.pull(mine)
        await OnvifClient(other, http).pull(theirs)
        other.detect_motion(60)
        assert _values(await onvif.pull(mine, "PT0S")) == []
        assert _values(await OnvifClient(other, http).pull(theirs)) == [
            (MOTION, "Changed", "true")
        ]
    finally:
        await server.close()
