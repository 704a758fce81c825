"""The camera's ONVIF events: a PullPoint subscription (SOAP 1.2), without zeep.

ONVIF Core 9 (event service) and WS-BaseNotification; the requests go through
the request core (core.py): its session, size cap, deadline, redaction and
error mapping. Replies are parsed liberally: by local names, whatever the
prefixes, booleans as true/false or 1/0.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
import hashlib
import logging
import os
import re
from typing import Final
from xml.sax.saxutils import escape

from yarl import URL

from .core import RequestCore, Secrets
from .exceptions import (
    IpcCgiAuthenticationError,
    IpcCgiConnectionError,
    IpcCgiNotFoundError,
    IpcCgiResponseError,
    IpcCgiSoapFaultError,
)
from .parser import Node, camera_text, parse_xml

_LOGGER = logging.getLogger(__name__)

DEVICE_PATH: Final = "/onvif/device_service"
EVENT_PATH: Final = "/onvif/event_service"
# Core onvif's settings: a lease of 600 s, renewed at 80 % of its life; a
# long poll of 60 s (its request's deadline is that plus the request timeout).
LEASE_SECONDS: Final = 600
RENEW_FRACTION: Final = 0.8
PULL_SECONDS: Final = 60
MESSAGE_LIMIT: Final = 100
MAX_UNKNOWN_TOPICS: Final = 100  # remembered to log each once

_ENV = "http://www.w3.org/2003/05/soap-envelope"
_WSA = "http://www.w3.org/2005/08/addressing"
_TEV = "http://www.onvif.org/ver10/events/wsdl"
_TDS = "http://www.onvif.org/ver10/device/wsdl"
_WSNT = "http://docs.oasis-open.org/wsn/b-2"
_WSSE = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
)
_WSU = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
)
_PASSWORD_DIGEST = (
    "http://docs.oasis-open.org/wss/2004/01/"
    "oasis-200401-wss-username-token-profile-1.0#PasswordDigest"
)
_BASE64 = (
    "http://docs.oasis-open.org/wss/2004/01/"
    "oasis-200401-wss-soap-message-security-1.0#Base64Binary"
)
_DURATION = re.compile(
    r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d*)?)S)?)?", re.ASCII
)


class EventKind(StrEnum):
    """What an ONVIF event says about the camera."""

    MOTION = "motion"
    ALARM_INPUT = "alarm_input"


# Topic (without namespace prefixes) -> what it is and its Data item's name.
TOPICS: Final[dict[str, tuple[EventKind, str]]] = {
    "RuleEngine/CellMotionDetector/Motion": (EventKind.MOTION, "ismotion"),
    "VideoSource/MotionAlarm": (EventKind.MOTION, "state"),
    "Device/Trigger/DigitalInput": (EventKind.ALARM_INPUT, "logicalstate"),
}
_BOOLEANS: Final = {"true": True, "1": True, "false": False, "0": False}


@dataclass(frozen=True, slots=True)
class OnvifEvent:
    """One notification the camera sent: a property's value."""

    kind: EventKind
    active: bool
    initial: bool  # PropertyOperation Initialized: the current value, not a change


@dataclass(slots=True)
class PullPoint:
    """A PullPoint subscription: where it is and how long the camera keeps it."""

    path: str
    query: dict[str, str]
    lease: float  # seconds the camera granted (at subscribe or the last renew)
    sign: bool  # WS-UsernameToken on every request
    clock_offset: timedelta  # the camera's UTC clock minus ours

    def __repr__(self) -> str:
        """Describe the subscription without the address's query."""
        return f"PullPoint({self.path}, lease={self.lease:g} s, sign={self.sign})"

    @property
    def renew_after(self) -> float:
        """Return the seconds after which to renew the lease."""
        return self.lease * RENEW_FRACTION


def _local(tag: str) -> str:
    return tag.rpartition(":")[2].lower()


def _children(node: Node, name: str) -> list[Node]:
    return [child for child in node.elements if _local(child.tag) == name]


def _child(node: Node | None, *names: str) -> Node | None:
    """Return the first element at the path of local `names` below `node`."""
    for name in names:
        if node is None:
            return None
        found = _children(node, name)
        node = found[0] if found else None
    return node


def _descendants(node: Node, name: str) -> Iterator[Node]:
    for child in node.elements:
        if _local(child.tag) == name:
            yield child
        else:
            yield from _descendants(child, name)


def _duration(text: str) -> float | None:
    match = _DURATION.fullmatch(text.strip())
    if match is None or not any(match.groups()):
        return None
    days, hours, minutes, seconds = (float(group or 0) for group in match.groups())
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _lease(body: Node, requested: float) -> float:
    """Return the seconds a reply's TerminationTime grants (from its CurrentTime)."""
    termination = _child(body, "terminationtime")
    current = _child(body, "currenttime")
    text = termination.text if termination is not None else ""
    if (seconds := _duration(text)) is not None:
        return seconds
    end = _time(text)
    now = _time(current.text if current is not None else None)
    if end is None or now is None:
        return requested
    return max((end - now).total_seconds(), 1.0)


def _fault(fault: Node, path: str, secrets: Secrets) -> IpcCgiSoapFaultError:
    """Return the error of a SOAP 1.2 (or 1.1) Fault."""
    values = [node.text for node in _descendants(fault, "value")]
    if not values and (code := _child(fault, "faultcode")) is not None:
        values = [code.text]
    reason = _child(fault, "reason", "text") or _child(fault, "faultstring")
    return IpcCgiSoapFaultError(
        path,
        camera_text(reason.text if reason is not None else "", secrets),
        tuple(camera_text(value.strip(), secrets) for value in values if value),
    )


def _body(path: str, status: int, data: bytes, secrets: Secrets) -> Node:
    """Return the first element of a SOAP reply's Body; raise its Fault."""
    try:
        envelope = parse_xml(data)
    except IpcCgiResponseError:
        envelope = None
    if envelope is not None and _local(envelope.tag) == "envelope":
        body = _child(envelope, "body")
        if body is not None and body.elements:
            first = body.elements[0]
            if _local(first.tag) == "fault":
                raise _fault(first, path, secrets)
            if status == 200:
                return first
    if status in (401, 403):
        # Not the client's password error: that would ask for a new password.
        raise IpcCgiAuthenticationError(f"{path}: HTTP {status}")
    if status == 404:
        raise IpcCgiNotFoundError(f"{path}: HTTP 404")
    if status >= 500:
        raise IpcCgiConnectionError(f"{path}: HTTP {status}")
    raise IpcCgiResponseError(
        f"{path}: HTTP {status}" if status != 200 else f"{path}: not a SOAP reply"
    )


def _expect(name: str) -> Callable[[int, bytes, Secrets], Node]:
    def handle(status: int, data: bytes, secrets: Secrets) -> Node:
        path = f"ONVIF {name}"
        body = _body(path, status, data, secrets)
        if _local(body.tag) != f"{name.lower()}response":
            raise IpcCgiResponseError(f"{path}: unexpected reply {body.tag[:40]}")
        return body

    return handle


class OnvifEvents(RequestCore):
    """The ONVIF event service of the camera, on its web port."""

    _unknown_topics: set[str] | None = None

    def _security(self, clock_offset: timedelta) -> str:
        """Return a WS-UsernameToken (PasswordDigest), its Created in the camera's clock."""
        nonce = os.urandom(16)
        now = datetime.now(UTC) + clock_offset
        created = f"{now:%Y-%m-%dT%H:%M:%S.%f}"[:-3] + "Z"
        digest = hashlib.sha1(nonce + created.encode() + self._password.encode())
        return (
            f'<wsse:Security xmlns:wsse="{_WSSE}" xmlns:wsu="{_WSU}">'
            "<wsse:UsernameToken>"
            f"<wsse:Username>{escape(self.username)}</wsse:Username>"
            f'<wsse:Password Type="{_PASSWORD_DIGEST}">'
            f"{base64.b64encode(digest.digest()).decode()}</wsse:Password>"
            f'<wsse:Nonce EncodingType="{_BASE64}">'
            f"{base64.b64encode(nonce).decode()}</wsse:Nonce>"
            f"<wsu:Created>{created}</wsu:Created>"
            "</wsse:UsernameToken></wsse:Security>"
        )

    async def _soap(
        self,
        path: str,
        action: str,
        body: str,
        *,
        query: dict[str, str] | None = None,
        point: PullPoint | None = None,
        sign: bool = False,
        offset: timedelta = timedelta(),
        timeout: float | None = None,
        slot: bool = True,
    ) -> Node:
        """Send one SOAP 1.2 request; return its Body's reply element."""
        name = action.rpartition("/")[2].removesuffix("Request")
        header = f"<wsa:Action>{action}</wsa:Action>"
        if point is not None:
            sign, offset = point.sign, point.clock_offset
        if sign:
            header += self._security(offset)
        envelope = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<s:Envelope xmlns:s="{_ENV}" xmlns:wsa="{_WSA}" xmlns:tev="{_TEV}" '
            f'xmlns:tds="{_TDS}" xmlns:wsnt="{_WSNT}">'
            f"<s:Header>{header}</s:Header><s:Body>{body}</s:Body></s:Envelope>"
        )
        content_type = f'application/soap+xml; charset=utf-8; action="{action}"'
        return await self._post_xml(
            path,
            envelope.encode(),
            {"Content-Type": content_type},
            _expect(name),
            query=query,
            timeout=self.request_timeout if timeout is None else timeout,
            slot=slot,
        )

    async def onvif_clock_offset(self) -> timedelta:
        """Return the camera's UTC clock minus ours (GetSystemDateAndTime, no credentials)."""
        body = await self._soap(
            DEVICE_PATH,
            f"{_TDS}/GetSystemDateAndTime",
            "<tds:GetSystemDateAndTime/>",
        )
        utc = _child(body, "systemdateandtime", "utcdatetime")
        try:
            date = _child(utc, "date")
            time = _child(utc, "time")
            if date is None or time is None:
                raise IpcCgiResponseError("GetSystemDateAndTime without UTCDateTime")
            number = {
                name: int((_child(part, name) or Node(name)).text)
                for part, names in (
                    (date, ("year", "month", "day")),
                    (time, ("hour", "minute", "second")),
                )
                for name in names
            }
            camera = datetime(
                number["year"],
                number["month"],
                number["day"],
                number["hour"],
                number["minute"],
                number["second"],
                tzinfo=UTC,
            )
        except ValueError:
            raise IpcCgiResponseError(
                "GetSystemDateAndTime: invalid UTCDateTime"
            ) from None
        return camera - datetime.now(UTC).replace(microsecond=0)

    async def onvif_subscribe(self, *, sign: bool) -> PullPoint:
        """Create a PullPoint subscription (CreatePullPointSubscription) of every topic.

        With `sign`, each request carries a WS-UsernameToken whose time is the
        camera's (its offset read first, GetSystemDateAndTime).
        """
        offset = await self.onvif_clock_offset() if sign else timedelta()
        body = await self._soap(
            EVENT_PATH,
            f"{_TEV}/EventPortType/CreatePullPointSubscriptionRequest",
            "<tev:CreatePullPointSubscription><tev:InitialTerminationTime>"
            f"PT{LEASE_SECONDS}S</tev:InitialTerminationTime>"
            "</tev:CreatePullPointSubscription>",
            sign=sign,
            offset=offset,
        )
        address = _child(body, "subscriptionreference", "address")
        if address is None or not address.text:
            raise IpcCgiResponseError("ONVIF CreatePullPointSubscription: no address")
        # Only the path: the subscription is on the camera we asked, whatever
        # host it names (cameras behind NAT name their own address).
        url = URL(address.text.strip())
        if not url.path.startswith("/"):
            raise IpcCgiResponseError("ONVIF CreatePullPointSubscription: bad address")
        return PullPoint(
            url.path, dict(url.query), _lease(body, LEASE_SECONDS), sign, offset
        )

    async def onvif_synchronize(self, point: PullPoint) -> None:
        """Ask for every property's current value in the next pull (SetSynchronizationPoint)."""
        await self._soap(
            point.path,
            f"{_TEV}/PullPointSubscription/SetSynchronizationPointRequest",
            "<tev:SetSynchronizationPoint/>",
            query=point.query,
            point=point,
        )

    async def onvif_renew(self, point: PullPoint) -> None:
        """Renew the subscription for another LEASE_SECONDS (its lease is what the camera grants)."""
        body = await self._soap(
            point.path,
            "http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager/RenewRequest",
            f"<wsnt:Renew><wsnt:TerminationTime>PT{LEASE_SECONDS}S"
            "</wsnt:TerminationTime></wsnt:Renew>",
            query=point.query,
            point=point,
        )
        point.lease = _lease(body, LEASE_SECONDS)

    async def onvif_unsubscribe(self, point: PullPoint) -> None:
        """End the subscription (Unsubscribe)."""
        await self._soap(
            point.path,
            "http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager/UnsubscribeRequest",
            "<wsnt:Unsubscribe/>",
            query=point.query,
            point=point,
        )

    async def onvif_pull(
        self, point: PullPoint, seconds: float = PULL_SECONDS
    ) -> list[OnvifEvent]:
        """Wait up to `seconds` for events (PullMessages, a long poll); return them.

        The request holds no request slot: the other requests go on meanwhile.
        """
        seconds = max(1, int(seconds))
        body = await self._soap(
            point.path,
            f"{_TEV}/PullPointSubscription/PullMessagesRequest",
            f"<tev:PullMessages><tev:Timeout>PT{seconds}S</tev:Timeout>"
            f"<tev:MessageLimit>{MESSAGE_LIMIT}</tev:MessageLimit></tev:PullMessages>",
            query=point.query,
            point=point,
            timeout=seconds + self.request_timeout,
            slot=False,
        )
        return [
            event
            for notification in _descendants(body, "notificationmessage")
            if (event := self._event(notification)) is not None
        ]

    def _event(self, notification: Node) -> OnvifEvent | None:
        """Return what a NotificationMessage says, or None (logged once per topic)."""
        topic_node = _child(notification, "topic")
        message = _child(notification, "message", "message")
        topic = topic_node.text.strip() if topic_node is not None else ""
        plain = "/".join(step.rpartition(":")[2] for step in topic.split("/"))
        known = TOPICS.get(plain)
        if known is None or message is None:
            self._unknown(topic)
            return None
        kind, item = known
        data = _child(message, "data")
        values = [
            node.opt_string("value") or ""
            for node in (_descendants(data, "simpleitem") if data is not None else ())
            if (node.opt_string("name") or "").lower() == item
        ]
        active = _BOOLEANS.get(values[0].lower()) if values else None
        if active is None:
            self._unknown(topic)
            return None
        operation = (message.opt_string("propertyoperation") or "").lower()
        return OnvifEvent(kind, active, operation == "initialized")

    def _unknown(self, topic: str) -> None:
        if self._unknown_topics is None:
            self._unknown_topics = set()
        if (
            topic not in self._unknown_topics
            and len(self._unknown_topics) < MAX_UNKNOWN_TOPICS
        ):
            self._unknown_topics.add(topic)
            _LOGGER.debug(
                "%s: ONVIF event of topic %s not understood",
                self.host,
                camera_text(topic[:100], (self._password,)),
            )
