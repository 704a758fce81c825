"""A small ONVIF SOAP client for the simulator's tests (SOAP 1.2, WS-UsernameToken)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
import os
from xml.etree import ElementTree as ET

from aiohttp import ClientSession

from ipc_simulator import Simulator
from ipc_simulator.endpoints.common import camera_utc
from ipc_simulator.soap import (
    NAMESPACES,
    PASSWORD_DIGEST,
    WSSE,
    WSU,
    parse_xml,
    password_digest,
)

NS = NAMESPACES
DEVICE = "/onvif/device_service"
EVENTS = "/onvif/event_service"


def find(element: ET.Element, path: str) -> ET.Element:
    """Return the element at `path` (prefixes of soap.NAMESPACES); fail if none."""
    found = element.find(path, NS)
    assert found is not None, path
    return found


def text(element: ET.Element, path: str) -> str:
    """Return the text at `path`."""
    return find(element, path).text or ""


def messages(body: ET.Element) -> list[tuple[str, str, dict[str, str], dict[str, str]]]:
    """Return (topic, PropertyOperation, Source items, Data items) of each message."""
    found = []
    for notification in body.iterfind(".//wsnt:NotificationMessage", NS):
        message = find(notification, "wsnt:Message/tt:Message")
        found.append(
            (
                text(notification, "wsnt:Topic"),
                message.get("PropertyOperation", ""),
                {
                    item.get("Name", ""): item.get("Value", "")
                    for item in message.iterfind("tt:Source/tt:SimpleItem", NS)
                },
                {
                    item.get("Name", ""): item.get("Value", "")
                    for item in message.iterfind("tt:Data/tt:SimpleItem", NS)
                },
            )
        )
    return found


@dataclass
class Reply:
    """An HTTP reply with its SOAP envelope parsed."""

    status: int
    content_type: str
    envelope: ET.Element
    size: int

    @property
    def body(self) -> ET.Element:
        """Return the first element of env:Body."""
        return find(self.envelope, "env:Body")[0]

    def fault(self) -> tuple[str, list[str], str]:
        """Return the fault's Code, its Subcodes and its Reason."""
        fault = self.body
        assert fault.tag == f"{{{NS['env']}}}Fault", ET.tostring(fault)
        subcodes = [
            value.text or "" for value in fault.iterfind(".//env:Subcode/env:Value", NS)
        ]
        return (
            text(fault, "env:Code/env:Value"),
            subcodes,
            text(fault, "env:Reason/env:Text"),
        )


class OnvifClient:
    """Sends SOAP requests to the simulator; signs them unless `username` is None."""

    def __init__(
        self,
        sim: Simulator,
        session: ClientSession,
        username: str | None = "admin",
        password: str = "123456",
    ) -> None:
        """Talk to `sim` over `session`."""
        self.sim = sim
        self.session = session
        self.username = username
        self.password = password
        self.skew = timedelta()  # added to the camera's clock in Created

    def security(self) -> str:
        """Return a wsse:Security header with a PasswordDigest in the camera's clock."""
        nonce = os.urandom(16)
        now = camera_utc(self.sim.state.time) + self.skew
        created = f"{now.astimezone(UTC):%Y-%m-%dT%H:%M:%S.%f}"[:-3] + "Z"
        digest = password_digest(nonce, created, self.password)
        return (
            f'<wsse:Security xmlns:wsse="{WSSE}" xmlns:wsu="{WSU}"><wsse:UsernameToken>'
            f"<wsse:Username>{self.username}</wsse:Username>"
            f'<wsse:Password Type="{PASSWORD_DIGEST}">{digest}</wsse:Password>'
            f"<wsse:Nonce>{base64.b64encode(nonce).decode()}</wsse:Nonce>"
            f"<wsu:Created>{created}</wsu:Created>"
            "</wsse:UsernameToken></wsse:Security>"
        )

    async def post(self, address: str, data: bytes | str) -> Reply:
        """POST a raw body to `address` (a path or a URL)."""
        url = address if address.startswith("http") else self.sim.url + address
        async with self.session.post(
            url, data=data, headers={"Content-Type": "application/soap+xml"}
        ) as resp:
            raw = await resp.read()
            return Reply(resp.status, resp.content_type, parse_xml(raw)[0], len(raw))

    async def call(self, address: str, body: str) -> Reply:
        """POST a SOAP 1.2 envelope with `body` (prefixes tds, tev, wsnt, tt declared)."""
        declarations = " ".join(
            f'xmlns:{prefix}="{NS[prefix]}"'
            for prefix in ("env", "tds", "tev", "wsnt", "tt", "wsa5", "tns1")
        )
        header = self.security() if self.username is not None else ""
        envelope = (
            f"<env:Envelope {declarations}><env:Header>{header}</env:Header>"
            f"<env:Body>{body}</env:Body></env:Envelope>"
        )
        return await self.post(address, envelope)

    async def ok(self, address: str, body: str) -> ET.Element:
        """Call and expect a 200 answer; return the Body's first element."""
        reply = await self.call(address, body)
        assert reply.status == 200, ET.tostring(reply.envelope)
        assert reply.content_type == "application/soap+xml"
        return reply.body

    async def subscribe(self, lease: str = "PT600S", topics: str = "") -> str:
        """CreatePullPointSubscription; return the subscription's address."""
        expression = (
            "<tev:Filter><wsnt:TopicExpression Dialect="
            '"http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet">'
            f"{topics}</wsnt:TopicExpression></tev:Filter>"
            if topics
            else ""
        )
        body = await self.ok(
            EVENTS,
            f"<tev:CreatePullPointSubscription>{expression}"
            f"<tev:InitialTerminationTime>{lease}</tev:InitialTerminationTime>"
            "</tev:CreatePullPointSubscription>",
        )
        return text(body, "tev:SubscriptionReference/wsa5:Address")

    async def pull(
        self, address: str, timeout: str = "PT1S", limit: int = 100
    ) -> Reply:
        """PullMessages (a long poll of `timeout`)."""
        return await self.call(
            address,
            f"<tev:PullMessages><tev:Timeout>{timeout}</tev:Timeout>"
            f"<tev:MessageLimit>{limit}</tev:MessageLimit></tev:PullMessages>",
        )


def parse_time(value: str) -> datetime:
    """Return an xs:dateTime in UTC."""
    return datetime.fromisoformat(value)
