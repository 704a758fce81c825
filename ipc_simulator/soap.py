"""SOAP 1.2 for the ONVIF services: envelopes, faults, WS-UsernameToken, xs:duration."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime
import hashlib
import hmac
import re
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from aiohttp import web

from .xml import DECLARATION

ENV = "http://www.w3.org/2003/05/soap-envelope"
SOAP11_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
WSSE = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
)
WSU = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
)
PASSWORD_DIGEST = (
    "http://docs.oasis-open.org/wss/2004/01/"
    "oasis-200401-wss-username-token-profile-1.0#PasswordDigest"
)
# Prefix -> namespace of every reply envelope (declared once on env:Envelope).
NAMESPACES = {
    "env": ENV,
    "wsa5": "http://www.w3.org/2005/08/addressing",
    "xs": "http://www.w3.org/2001/XMLSchema",
    "tt": "http://www.onvif.org/ver10/schema",
    "tds": "http://www.onvif.org/ver10/device/wsdl",
    "tev": "http://www.onvif.org/ver10/events/wsdl",
    "ter": "http://www.onvif.org/ver10/error",
    "wsnt": "http://docs.oasis-open.org/wsn/b-2",
    "wstop": "http://docs.oasis-open.org/wsn/t-1",
    "wsrf-bf": "http://docs.oasis-open.org/wsrf/bf-2",
    "wsrf-rw": "http://docs.oasis-open.org/wsrf/rw-2",
    "tns1": "http://www.onvif.org/ver10/topics",
}
CONTENT_TYPE = "application/soap+xml"
# A WS-UsernameToken's Created may be this far off the camera's clock (seconds).
MAX_CLOCK_SKEW = 300.0
_DURATION = re.compile(
    r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d*)?)S)?)?", re.ASCII
)


def qname(prefix: str, local: str) -> str:
    """Return `{namespace}local` (ElementTree's notation) for a prefix of NAMESPACES."""
    return f"{{{NAMESPACES[prefix]}}}{local}"


@dataclass
class SoapFault(Exception):
    """A SOAP 1.2 Fault: env:Sender (HTTP 400) or env:Receiver (HTTP 500)."""

    code: str  # "Sender" or "Receiver" (or "VersionMismatch")
    subcodes: tuple[
        str, ...
    ]  # prefixed QNames, e.g. ("ter:InvalidArgVal", "ter:NoSource")
    reason: str
    detail: str = ""  # XML put in env:Detail

    def response(self) -> web.Response:
        """Return the fault as the HTTP reply the SOAP 1.2 HTTP binding gives it."""
        subcode = ""
        for value in reversed(self.subcodes):
            subcode = (
                f"<env:Subcode><env:Value>{value}</env:Value>{subcode}</env:Subcode>"
            )
        detail = f"<env:Detail>{self.detail}</env:Detail>" if self.detail else ""
        body = (
            f"<env:Fault><env:Code><env:Value>env:{self.code}</env:Value>{subcode}"
            "</env:Code><env:Reason>"
            f'<env:Text xml:lang="en">{escape(self.reason)}</env:Text></env:Reason>'
            f"{detail}</env:Fault>"
        )
        status = 500 if self.code == "Receiver" else 400
        return reply(body, status=status)


def not_supported() -> SoapFault:
    """Return the fault of an operation the device does not implement (ONVIF Core 5.11)."""
    return SoapFault("Receiver", ("ter:ActionNotSupported",), "Action Not Implemented")


def invalid_arg(reason: str) -> SoapFault:
    """Return the fault of an argument the device cannot use."""
    return SoapFault("Sender", ("ter:InvalidArgVal",), reason)


def envelope(body: str, *, action: str | None = None) -> str:
    """Return a SOAP 1.2 envelope around `body` (and a wsa5:Action header)."""
    declarations = " ".join(f'xmlns:{p}="{ns}"' for p, ns in NAMESPACES.items())
    header = (
        f"<env:Header><wsa5:Action>{action}</wsa5:Action></env:Header>"
        if action
        else ""
    )
    return (
        f"{DECLARATION}<env:Envelope {declarations}>{header}"
        f"<env:Body>{body}</env:Body></env:Envelope>"
    )


def reply(body: str, *, status: int = 200, action: str | None = None) -> web.Response:
    """Return an HTTP reply carrying a SOAP envelope."""
    return web.Response(
        status=status,
        text=envelope(body, action=action),
        content_type=CONTENT_TYPE,
        charset="utf-8",
    )


@dataclass(frozen=True)
class Request:
    """A parsed SOAP request: its header and the body's operation element."""

    header: ET.Element | None
    operation: ET.Element

    @property
    def name(self) -> str:
        """Return the operation's local name, e.g. `PullMessages`."""
        return self.operation.tag.rpartition("}")[2]

    @property
    def namespace(self) -> str:
        """Return the operation's namespace."""
        return self.operation.tag[1:].partition("}")[0]

    def text(self, prefix: str, local: str) -> str | None:
        """Return the stripped text of the operation's first `prefix:local` descendant."""
        found = self.operation.find(f".//{qname(prefix, local)}")
        return None if found is None or found.text is None else found.text.strip()


def parse_xml(data: bytes) -> tuple[ET.Element, dict[str, str]]:
    """Return a document's root and its namespace prefixes; raise ValueError if not XML.

    A document type declaration is refused, and with it entity expansion.
    """
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ValueError("DTDs are not accepted")
    parser = ET.XMLPullParser(events=("start-ns", "start"))
    try:
        parser.feed(data)
        parser.close()
    except ET.ParseError as err:
        raise ValueError(f"not XML: {err}") from None
    prefixes: dict[str, str] = {}
    root: ET.Element | None = None
    for event, item in parser.read_events():
        if event == "start-ns":
            prefix, namespace = item
            prefixes.setdefault(prefix, namespace)
        elif root is None:
            root = item
    if root is None:
        raise ValueError("not XML: no element")
    return root, prefixes


def parse(body: bytes) -> Request:
    """Parse a SOAP 1.2 request; raise SoapFault for anything else."""
    try:
        root, _ = parse_xml(body)
    except ValueError as err:
        raise SoapFault("Sender", ("ter:WellFormed",), str(err)) from None
    if root.tag == f"{{{SOAP11_ENV}}}Envelope":
        raise SoapFault("VersionMismatch", (), "SOAP 1.2 only")
    if root.tag != f"{{{ENV}}}Envelope":
        raise SoapFault("Sender", ("ter:WellFormed",), "not a SOAP envelope")
    soap_body = root.find(f"{{{ENV}}}Body")
    if soap_body is None or len(soap_body) == 0:
        raise SoapFault("Sender", ("ter:WellFormed",), "no operation in the Body")
    return Request(root.find(f"{{{ENV}}}Header"), soap_body[0])


def not_authorized(reason: str) -> SoapFault:
    """Return the fault of a request without valid credentials."""
    return SoapFault(
        "Sender", ("ter:NotAuthorized",), f"Sender not Authorized: {reason}"
    )


def password_digest(nonce: bytes, created: str, password: str) -> str:
    """Return Base64(SHA1(nonce + created + password)) (WS-UsernameToken profile)."""
    digest = hashlib.sha1(nonce + created.encode() + password.encode()).digest()
    return base64.b64encode(digest).decode()


def username_token(
    header: ET.Element | None, passwords: dict[str, str], now: datetime
) -> str:
    """Return the user a WS-UsernameToken PasswordDigest proves; raise NotAuthorized.

    `passwords` are the enabled accounts; `now` the camera's UTC time: a
    Created more than MAX_CLOCK_SKEW off it is refused, as real cameras do.
    """
    token = (
        None
        if header is None
        else header.find(f"{{{WSSE}}}Security/{{{WSSE}}}UsernameToken")
    )
    if token is None:
        raise not_authorized("no WS-UsernameToken")
    username = token.findtext(f"{{{WSSE}}}Username", "").strip()
    password = token.find(f"{{{WSSE}}}Password")
    nonce = token.findtext(f"{{{WSSE}}}Nonce", "").strip()
    created = token.findtext(f"{{{WSU}}}Created", "").strip()
    if password is None or password.get("Type") != PASSWORD_DIGEST:
        raise not_authorized("a PasswordDigest is needed")
    try:
        when = datetime.fromisoformat(created)
        nonce_bytes = base64.b64decode(nonce, validate=True)
    except ValueError:
        raise not_authorized("bad Created or Nonce") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    if abs((when - now).total_seconds()) > MAX_CLOCK_SKEW:
        raise not_authorized("Created is too far off the camera's clock")
    expected = passwords.get(username)
    given = (password.text or "").strip()
    if expected is None or not hmac.compare_digest(
        given, password_digest(nonce_bytes, created, expected)
    ):
        raise not_authorized("wrong username or password")
    return username


def duration_seconds(text: str) -> float | None:
    """Return the seconds of an xs:duration like `PT600S`, `PT1M30S`, `P1D`; None if not one."""
    match = _DURATION.fullmatch(text.strip())
    if match is None or not any(match.groups()) or text.strip().endswith("T"):
        return None
    days, hours, minutes, seconds = (float(group or 0) for group in match.groups())
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds


def utc_text(when: datetime) -> str:
    """Return an xs:dateTime in UTC with a Z, e.g. `2026-12-06T17:30:00Z`."""
    return f"{when.astimezone(UTC):%Y-%m-%dT%H:%M:%S}Z"
