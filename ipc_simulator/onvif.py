"""The camera's ONVIF device and event services (PullPoint) on its web port.

Operations, addresses and faults follow the ONVIF Core and Event service
specifications and WS-BaseNotification; README.md lists them.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
import uuid
from xml.sax.saxutils import escape, quoteattr

from aiohttp import web

from .camera import Camera
from .endpoint_faults import OnvifQuirk, drop
from .endpoints.common import camera_now, camera_utc, utc_offset
from .faults import FaultKind
from .soap import (
    NAMESPACES,
    Request,
    SoapFault,
    duration_seconds,
    invalid_arg,
    not_authorized,
    not_supported,
    parse,
    reply,
    username_token,
    utc_text,
)

DEVICE_PATH = "/onvif/device_service"
EVENT_PATH = "/onvif/event_service"
SUBSCRIPTION_PREFIX = "/onvif/subscription/"  # + the subscription's id
PATHS = frozenset({DEVICE_PATH, EVENT_PATH, SUBSCRIPTION_PREFIX})
# Firmware quirks, set as endpoint faults on the path each belongs to.
QUIRKS: dict[OnvifQuirk, str] = {
    OnvifQuirk.NO_PULLPOINT: EVENT_PATH,
    OnvifQuirk.SHORT_LEASE: EVENT_PATH,
    OnvifQuirk.NUMERIC_BOOLS: SUBSCRIPTION_PREFIX,
    OnvifQuirk.HUGE: SUBSCRIPTION_PREFIX,
}
SHORT_LEASE_SECONDS = 10.0  # what a SHORT_LEASE camera grants, whatever is asked
HUGE_BYTES = 5 * 1024 * 1024  # a HUGE PullMessages reply is at least this long
DEFAULT_LEASE_SECONDS = 60.0  # without InitialTerminationTime
MAX_QUEUED = 1000  # messages a subscription keeps; older ones are dropped
DEFAULT_MESSAGE_LIMIT = 100

CELL_MOTION = "tns1:RuleEngine/CellMotionDetector/Motion"
MOTION_ALARM = "tns1:VideoSource/MotionAlarm"
DIGITAL_INPUT = "tns1:Device/Trigger/DigitalInput"
CONCRETE_SET = "http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet"
VIDEO_SOURCE = "VideoSourceToken"
INPUT_TOKEN = "AlarmIn_0"
# topic -> (Source items, the Data item's name); the Source as real cameras send it
TOPICS: dict[str, tuple[tuple[tuple[str, str, str], ...], str]] = {
    CELL_MOTION: (
        (
            ("VideoSourceConfigurationToken", VIDEO_SOURCE, "tt:ReferenceToken"),
            (
                "VideoAnalyticsConfigurationToken",
                "VideoAnalyticsToken",
                "tt:ReferenceToken",
            ),
            ("Rule", "MyMotionDetectorRule", "xs:string"),
        ),
        "IsMotion",
    ),
    MOTION_ALARM: ((("Source", VIDEO_SOURCE, "tt:ReferenceToken"),), "State"),
    DIGITAL_INPUT: (
        (("InputToken", INPUT_TOKEN, "tt:ReferenceToken"),),
        "LogicalState",
    ),
}
_EVENTS_WSDL = "http://www.onvif.org/ver10/events/wsdl"
_WSN_ACTIONS = "http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager"


@dataclass(frozen=True, slots=True)
class Message:
    """One notification: a property's new value (or its current one, Initialized)."""

    topic: str
    value: bool
    utc: datetime
    operation: str  # "Initialized" or "Changed"

    def xml(self, *, numeric: bool = False) -> str:
        """Return the wsnt:NotificationMessage (values as 1/0 when `numeric`)."""
        source, name = TOPICS[self.topic]
        items = "".join(
            f"<tt:SimpleItem Name={quoteattr(item)} Value={quoteattr(value)}/>"
            for item, value, _ in source
        )
        value = ("1" if self.value else "0") if numeric else str(self.value).lower()
        return (
            "<wsnt:NotificationMessage>"
            f'<wsnt:Topic Dialect="{CONCRETE_SET}">{self.topic}</wsnt:Topic>'
            "<wsnt:Message>"
            f'<tt:Message UtcTime="{utc_text(self.utc)}" '
            f'PropertyOperation="{self.operation}">'
            f"<tt:Source>{items}</tt:Source>"
            f'<tt:Data><tt:SimpleItem Name="{name}" Value="{value}"/></tt:Data>'
            "</tt:Message></wsnt:Message></wsnt:NotificationMessage>"
        )


@dataclass
class Subscription:
    """A PullPoint subscription: its queue and when it ends (the simulator's clock)."""

    id: str
    expires_at: float
    topics: frozenset[str] | None  # None: every topic
    messages: deque[Message] = field(default_factory=lambda: deque(maxlen=MAX_QUEUED))
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    waiting: int = 0  # PullMessages waiting for a message (tests wait for it)

    def wants(self, topic: str) -> bool:
        """Tell whether the subscription's filter lets `topic` through."""
        return self.topics is None or topic in self.topics


@dataclass(frozen=True, slots=True)
class Call:
    """One SOAP request to a service."""

    http: web.Request
    soap: Request
    path: str

    @property
    def base(self) -> str:
        """Return the URL of the camera's web port as the client reached it."""
        return f"{self.http.scheme}://{self.http.host}"


type Handler = Callable[[Call], Awaitable[web.StreamResponse]]


@dataclass(frozen=True, slots=True)
class Operation:
    """An operation of a service; `public` ones need no credentials (ONVIF PRE_AUTH)."""

    namespace: str  # prefix of soap.NAMESPACES
    handler: Handler
    public: bool = False


def endpoint_reference(sim: Camera) -> str:
    """Return the device's WS-Discovery endpoint reference, stable per MAC."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_OID, sim.state.device.mac)}"


def resource_unknown(now: datetime) -> SoapFault:
    """Return WS-ResourceFramework's fault for an unknown or expired subscription."""
    return SoapFault(
        "Sender",
        ("wsrf-rw:ResourceUnknownFault",),
        "The subscription is unknown or has expired",
        detail=(
            "<wsrf-rw:ResourceUnknownFault>"
            f"<wsrf-bf:Timestamp>{utc_text(now)}</wsrf-bf:Timestamp>"
            "</wsrf-rw:ResourceUnknownFault>"
        ),
    )


def _topic_filter(expression: str | None) -> frozenset[str] | None:
    """Return the topics a ConcreteSet TopicExpression selects (`a|b`, `x//.`)."""
    if not expression:
        return None
    selected = set()
    for part in expression.split("|"):
        wanted = "/".join(step.rpartition(":")[2] for step in part.strip().split("/"))
        for topic in TOPICS:
            plain = "/".join(step.rpartition(":")[2] for step in topic.split("/"))
            if plain == wanted or (
                wanted.endswith("//.") and plain.startswith(wanted[:-3])
            ):
                selected.add(topic)
    return frozenset(selected)


class Onvif:
    """The ONVIF services of one camera: the state of its events and its subscriptions."""

    def __init__(self, sim: Camera) -> None:
        """Serve the ONVIF services of `sim`."""
        self._sim = sim
        self.motion = False
        self.digital_input = False
        self.subscriptions: dict[str, Subscription] = {}
        self._next_id = 1
        self._closed = False
        self._operations: dict[str, dict[str, Operation]] = {
            DEVICE_PATH: {
                "GetSystemDateAndTime": Operation("tds", self._date_and_time, True),
                "GetServices": Operation("tds", self._services, True),
                "GetServiceCapabilities": Operation("tds", self._device_caps, True),
                "GetCapabilities": Operation("tds", self._capabilities, True),
                "GetDeviceInformation": Operation("tds", self._device_information),
            },
            EVENT_PATH: {
                "GetServiceCapabilities": Operation("tev", self._event_caps),
                "GetEventProperties": Operation("tev", self._event_properties),
                "CreatePullPointSubscription": Operation("tev", self._subscribe),
            },
            SUBSCRIPTION_PREFIX: {
                "PullMessages": Operation("tev", self._pull),
                "SetSynchronizationPoint": Operation("tev", self._synchronize),
                "Renew": Operation("wsnt", self._renew),
                "Unsubscribe": Operation("wsnt", self._unsubscribe),
            },
        }

    # The camera's events

    def set_motion(self, moving: bool) -> None:
        """Tell subscribers that motion started or ended (no message if unchanged)."""
        if moving != self.motion:
            self.motion = moving
            self._publish(self._motion_topics(), moving, "Changed")

    def set_digital_input(self, active: bool) -> None:
        """Tell subscribers that the alarm input changed (no message if unchanged)."""
        if active != self.digital_input:
            self.digital_input = active
            self._publish((DIGITAL_INPUT,), active, "Changed")

    def _motion_topics(self) -> tuple[str, ...]:
        caps = self._sim.state.capabilities
        return (CELL_MOTION,) * caps.cell_motion_topic + (
            MOTION_ALARM,
        ) * caps.motion_alarm_topic

    def _topics(self) -> tuple[str, ...]:
        return (*self._motion_topics(), DIGITAL_INPUT)

    def _value(self, topic: str) -> bool:
        return self.digital_input if topic == DIGITAL_INPUT else self.motion

    def _publish(self, topics: tuple[str, ...], value: bool, operation: str) -> None:
        now = camera_utc(self._sim.state.time)
        for subscription in list(self.subscriptions.values()):
            if self._live(subscription.id) is None:
                continue
            for topic in topics:
                if subscription.wants(topic):
                    subscription.messages.append(Message(topic, value, now, operation))
            subscription.arrived.set()

    def _initialize(self, subscription: Subscription) -> None:
        """Queue the current value of every property (after subscribing, at a sync point)."""
        now = camera_utc(self._sim.state.time)
        for topic in self._topics():
            if subscription.wants(topic):
                message = Message(topic, self._value(topic), now, "Initialized")
                subscription.messages.append(message)
        subscription.arrived.set()

    def reset(self) -> None:
        """Forget every subscription (a reboot); their pending pulls end."""
        subscriptions, self.subscriptions = self.subscriptions, {}
        for subscription in subscriptions.values():
            subscription.arrived.set()
        self.motion = self.digital_input = False

    def close(self) -> None:
        """Let pending pulls answer now: the server shuts down."""
        self._closed = True
        for subscription in self.subscriptions.values():
            subscription.arrived.set()

    def _live(self, subscription_id: str) -> Subscription | None:
        """Return the subscription unless unknown or past its termination time."""
        subscription = self.subscriptions.get(subscription_id)
        if subscription is not None and self._sim.clock() >= subscription.expires_at:
            del self.subscriptions[subscription_id]
            subscription.arrived.set()
            return None
        return subscription

    # HTTP

    async def handle(self, request: web.Request, key: str) -> web.StreamResponse:
        """Answer a SOAP request to one of PATHS (`key`)."""
        if request.method != "POST":
            return web.Response(status=405, text="405 Method Not Allowed")
        try:
            soap = parse(await request.read())
            operation = self._operations[key].get(soap.name)
            if operation is None or soap.namespace != NAMESPACES[operation.namespace]:
                raise not_supported()
            if not operation.public:
                self._authenticate(soap, request.path)
            return await operation.handler(Call(request, soap, request.path))
        except SoapFault as fault:
            return fault.response()

    def _authenticate(self, soap: Request, path: str) -> None:
        """Check the WS-UsernameToken while ONVIF authentication (3.41) is on."""
        state = self._sim.state
        if not state.onvif_auth:
            return
        if self._sim.faults.take(FaultKind.WRONG_PASSWORD, path) is not None:
            raise not_authorized("wrong username or password")
        passwords = {
            user.name: user.password for user in state.users.values() if user.enabled
        }
        username_token(soap.header, passwords, camera_utc(state.time))

    def _quirk(self, kind: OnvifQuirk) -> bool:
        return self._sim.endpoint_faults.get(QUIRKS[kind]) is kind

    # The device service

    async def _date_and_time(self, call: Call) -> web.StreamResponse:
        settings = self._sim.state.time
        offset = utc_offset(settings.timezone)
        minutes = int(abs(offset).total_seconds()) // 60
        # POSIX TZ: the offset's sign is west-positive, the opposite of GMT+08:00.
        posix = f"GMT{'-' if offset >= timedelta() else '+'}{minutes // 60:02d}:{minutes % 60:02d}"
        kind = "NTP" if settings.update_method.lower() == "ntp" else "Manual"
        return reply(
            "<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>"
            f"<tt:DateTimeType>{kind}</tt:DateTimeType>"
            "<tt:DaylightSavings>false</tt:DaylightSavings>"
            f"<tt:TimeZone><tt:TZ>{posix}</tt:TZ></tt:TimeZone>"
            f"<tt:UTCDateTime>{_date_time(camera_utc(settings))}</tt:UTCDateTime>"
            f"<tt:LocalDateTime>{_date_time(camera_now(settings))}</tt:LocalDateTime>"
            "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>"
        )

    async def _services(self, call: Call) -> web.StreamResponse:
        include = (call.soap.text("tds", "IncludeCapability") or "").lower()
        services = (
            ("device", DEVICE_PATH, _device_capabilities("tds")),
            ("events", EVENT_PATH, _event_capabilities("tev")),
        )
        body = "".join(
            "<tds:Service>"
            f"<tds:Namespace>http://www.onvif.org/ver10/{name}/wsdl</tds:Namespace>"
            f"<tds:XAddr>{call.base}{path}</tds:XAddr>"
            + (
                f"<tds:Capabilities>{caps}</tds:Capabilities>"
                if include in ("true", "1")
                else ""
            )
            + "<tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version>"
            "</tds:Service>"
            for name, path, caps in services
        )
        return reply(f"<tds:GetServicesResponse>{body}</tds:GetServicesResponse>")

    async def _device_caps(self, call: Call) -> web.StreamResponse:
        return reply(
            "<tds:GetServiceCapabilitiesResponse>"
            f"{_device_capabilities('tds')}</tds:GetServiceCapabilitiesResponse>"
        )

    async def _capabilities(self, call: Call) -> web.StreamResponse:
        # Events are advertised even by firmware whose PullPoint is missing (NO_PULLPOINT).
        return reply(
            "<tds:GetCapabilitiesResponse><tds:Capabilities>"
            f"<tt:Device><tt:XAddr>{call.base}{DEVICE_PATH}</tt:XAddr></tt:Device>"
            f"<tt:Events><tt:XAddr>{call.base}{EVENT_PATH}</tt:XAddr>"
            "<tt:WSSubscriptionPolicySupport>false</tt:WSSubscriptionPolicySupport>"
            "<tt:WSPullPointSupport>true</tt:WSPullPointSupport>"
            "<tt:WSPausableSubscriptionManagerInterfaceSupport>false"
            "</tt:WSPausableSubscriptionManagerInterfaceSupport></tt:Events>"
            "</tds:Capabilities></tds:GetCapabilitiesResponse>"
        )

    async def _device_information(self, call: Call) -> web.StreamResponse:
        device = self._sim.state.device
        return reply(
            "<tds:GetDeviceInformationResponse>"
            "<tds:Manufacturer>IPC</tds:Manufacturer>"
            f"<tds:Model>{escape(device.model)}</tds:Model>"
            "<tds:FirmwareVersion>V1.0.10</tds:FirmwareVersion>"
            f"<tds:SerialNumber>{escape(device.serial)}</tds:SerialNumber>"
            f"<tds:HardwareId>{escape(device.filesystem)}</tds:HardwareId>"
            "</tds:GetDeviceInformationResponse>"
        )

    # The event service

    async def _event_caps(self, call: Call) -> web.StreamResponse:
        return reply(
            "<tev:GetServiceCapabilitiesResponse>"
            f"{_event_capabilities('tev')}</tev:GetServiceCapabilitiesResponse>"
        )

    async def _event_properties(self, call: Call) -> web.StreamResponse:
        tree: dict[str, object] = {}
        for topic in self._topics():
            node = tree
            for step in topic.split("/"):
                child = node.setdefault(step.removeprefix("tns1:"), {})
                assert isinstance(child, dict)
                node = child
            node[""] = topic
        return reply(
            "<tev:GetEventPropertiesResponse>"
            "<tev:TopicNamespaceLocation>"
            "http://www.onvif.org/onvif/ver10/topics/topicns.xml"
            "</tev:TopicNamespaceLocation>"
            "<wsnt:FixedTopicSet>true</wsnt:FixedTopicSet>"
            f"<wstop:TopicSet>{_topic_set(tree)}</wstop:TopicSet>"
            f"<wsnt:TopicExpressionDialect>{CONCRETE_SET}</wsnt:TopicExpressionDialect>"
            "<wsnt:TopicExpressionDialect>"
            "http://docs.oasis-open.org/wsn/t-1/TopicExpression/Concrete"
            "</wsnt:TopicExpressionDialect>"
            "<tev:MessageContentFilterDialect>"
            "http://www.onvif.org/ver10/tev/messageContentFilter/ItemFilter"
            "</tev:MessageContentFilterDialect>"
            "<tev:MessageContentSchemaLocation>"
            "http://www.onvif.org/onvif/ver10/schema/onvif.xsd"
            "</tev:MessageContentSchemaLocation>"
            "</tev:GetEventPropertiesResponse>",
            action=f"{_EVENTS_WSDL}/EventPortType/GetEventPropertiesResponse",
        )

    def _lease(self, text: str | None, fault: str) -> float:
        """Return the seconds a subscription is granted for a requested termination time."""
        if self._quirk(OnvifQuirk.SHORT_LEASE):
            return SHORT_LEASE_SECONDS
        if text is None:
            return DEFAULT_LEASE_SECONDS
        seconds = duration_seconds(text)
        if seconds is None:
            try:
                when = datetime.fromisoformat(text)
            except ValueError:
                when = None
            if when is not None:
                when = when if when.tzinfo else when.replace(tzinfo=UTC)
                seconds = (when - camera_utc(self._sim.state.time)).total_seconds()
        if seconds is None or seconds <= 0:
            raise SoapFault(
                "Sender",
                ("ter:InvalidArgVal", f"wsnt:{fault}"),
                f"Unacceptable termination time: {text}",
                detail=f"<wsnt:{fault}/>",
            )
        return seconds

    def _termination(self, subscription: Subscription) -> str:
        remaining = subscription.expires_at - self._sim.clock()
        now = camera_utc(self._sim.state.time)
        return utc_text(now + timedelta(seconds=remaining))

    async def _subscribe(self, call: Call) -> web.StreamResponse:
        if self._quirk(OnvifQuirk.NO_PULLPOINT):
            raise not_supported()
        lease = self._lease(
            call.soap.text("tev", "InitialTerminationTime"),
            "UnacceptableInitialTerminationTimeFault",
        )
        expression = call.soap.text("wsnt", "TopicExpression")
        topics = _topic_filter(expression)
        if topics is not None and not topics:
            raise SoapFault(
                "Sender",
                ("ter:InvalidArgVal", "wsnt:TopicNotSupportedFault"),
                f"No topic of this camera matches {expression}",
                detail="<wsnt:TopicNotSupportedFault/>",
            )
        subscription = Subscription(
            str(self._next_id), self._sim.clock() + lease, topics
        )
        self._next_id += 1
        self.subscriptions[subscription.id] = subscription
        self._initialize(subscription)
        now = camera_utc(self._sim.state.time)
        return reply(
            "<tev:CreatePullPointSubscriptionResponse><tev:SubscriptionReference>"
            f"<wsa5:Address>{call.base}{SUBSCRIPTION_PREFIX}{subscription.id}"
            "</wsa5:Address></tev:SubscriptionReference>"
            f"<wsnt:CurrentTime>{utc_text(now)}</wsnt:CurrentTime>"
            f"<wsnt:TerminationTime>{self._termination(subscription)}"
            "</wsnt:TerminationTime></tev:CreatePullPointSubscriptionResponse>",
            action=(
                f"{_EVENTS_WSDL}/EventPortType/CreatePullPointSubscriptionResponse"
            ),
        )

    def _subscription(self, call: Call) -> Subscription:
        subscription = self._live(call.path.removeprefix(SUBSCRIPTION_PREFIX))
        if subscription is None:
            raise resource_unknown(camera_utc(self._sim.state.time))
        return subscription

    async def _pull(self, call: Call) -> web.StreamResponse:
        subscription = self._subscription(call)
        timeout = duration_seconds(call.soap.text("tev", "Timeout") or "PT10S")
        limit_text = call.soap.text("tev", "MessageLimit")
        if timeout is None:
            raise invalid_arg("Timeout is not an xs:duration")
        if limit_text is not None and not limit_text.isdigit():
            raise invalid_arg("MessageLimit is not a number")
        limit = DEFAULT_MESSAGE_LIMIT if limit_text is None else int(limit_text)
        # A long poll: answer once a message is queued or when Timeout ends.
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not subscription.messages and not self._closed:
            subscription.arrived.clear()
            subscription.waiting += 1
            try:
                async with asyncio.timeout_at(deadline):
                    await subscription.arrived.wait()
            except TimeoutError:
                break
            finally:
                subscription.waiting -= 1
            if not self._sim.online:
                return drop(call.http)
            if self._live(subscription.id) is not subscription:
                raise resource_unknown(camera_utc(self._sim.state.time))
        taken = [
            subscription.messages.popleft()
            for _ in range(min(limit, len(subscription.messages)))
        ]
        numeric = self._quirk(OnvifQuirk.NUMERIC_BOOLS)
        messages = "".join(message.xml(numeric=numeric) for message in taken)
        if self._quirk(OnvifQuirk.HUGE):
            messages += self._padding(numeric)
        now = camera_utc(self._sim.state.time)
        return reply(
            "<tev:PullMessagesResponse>"
            f"<tev:CurrentTime>{utc_text(now)}</tev:CurrentTime>"
            f"<tev:TerminationTime>{self._termination(subscription)}"
            f"</tev:TerminationTime>{messages}</tev:PullMessagesResponse>",
            action=f"{_EVENTS_WSDL}/PullPointSubscription/PullMessagesResponse",
        )

    def _padding(self, numeric: bool) -> str:
        """Return HUGE_BYTES of messages that repeat the motion's current value."""
        now = camera_utc(self._sim.state.time)
        topic = (self._motion_topics() or (DIGITAL_INPUT,))[0]
        one = Message(topic, self._value(topic), now, "Changed").xml(numeric=numeric)
        return one * (HUGE_BYTES // len(one) + 1)

    async def _synchronize(self, call: Call) -> web.StreamResponse:
        self._initialize(self._subscription(call))
        return reply(
            "<tev:SetSynchronizationPointResponse/>",
            action=(
                f"{_EVENTS_WSDL}/PullPointSubscription/SetSynchronizationPointResponse"
            ),
        )

    async def _renew(self, call: Call) -> web.StreamResponse:
        subscription = self._subscription(call)
        lease = self._lease(
            call.soap.text("wsnt", "TerminationTime"),
            "UnacceptableTerminationTimeFault",
        )
        subscription.expires_at = self._sim.clock() + lease
        now = camera_utc(self._sim.state.time)
        return reply(
            "<wsnt:RenewResponse>"
            f"<wsnt:TerminationTime>{self._termination(subscription)}"
            "</wsnt:TerminationTime>"
            f"<wsnt:CurrentTime>{utc_text(now)}</wsnt:CurrentTime></wsnt:RenewResponse>",
            action=f"{_WSN_ACTIONS}/RenewResponse",
        )

    async def _unsubscribe(self, call: Call) -> web.StreamResponse:
        subscription = self._subscription(call)
        del self.subscriptions[subscription.id]
        subscription.arrived.set()
        return reply(
            "<wsnt:UnsubscribeResponse/>", action=f"{_WSN_ACTIONS}/UnsubscribeResponse"
        )


def _date_time(when: datetime) -> str:
    return (
        f"<tt:Time><tt:Hour>{when.hour}</tt:Hour><tt:Minute>{when.minute}</tt:Minute>"
        f"<tt:Second>{when.second}</tt:Second></tt:Time>"
        f"<tt:Date><tt:Year>{when.year}</tt:Year><tt:Month>{when.month}</tt:Month>"
        f"<tt:Day>{when.day}</tt:Day></tt:Date>"
    )


def _device_capabilities(prefix: str) -> str:
    return (
        f"<{prefix}:Capabilities><tds:Network/>"
        '<tds:Security UsernameToken="true" HttpDigest="false"/>'
        "<tds:System/></" + prefix + ":Capabilities>"
    )


def _event_capabilities(prefix: str) -> str:
    return (
        f'<{prefix}:Capabilities WSSubscriptionPolicySupport="false" '
        'WSPausableSubscriptionManagerInterfaceSupport="false" '
        'MaxNotificationProducers="0" MaxPullPoints="10" '
        'PersistentNotificationStorage="false"/>'
    )


def _topic_set(tree: dict[str, object]) -> str:
    """Return the wstop:TopicSet's children for a tree of topic steps."""
    parts = []
    for step, child in tree.items():
        if step == "":
            continue
        assert isinstance(child, dict)
        topic = child.get("")
        if isinstance(topic, str):
            source, name = TOPICS[topic]
            items = "".join(
                f'<tt:SimpleItemDescription Name="{item}" Type="{kind}"/>'
                for item, _, kind in source
            )
            inner = (
                '<tt:MessageDescription IsProperty="true">'
                f"<tt:Source>{items}</tt:Source><tt:Data>"
                f'<tt:SimpleItemDescription Name="{name}" Type="xs:boolean"/>'
                "</tt:Data></tt:MessageDescription>"
            )
            parts.append(f'<tns1:{step} wstop:topic="true">{inner}</tns1:{step}>')
        else:
            parts.append(f"<tns1:{step}>{_topic_set(child)}</tns1:{step}>")
    return "".join(parts)
