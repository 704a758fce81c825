"""Endpoint faults: one path always answers badly, until cleared.

Unlike the fault rules of `faults.py` (the next N requests), an endpoint
fault is a property of the firmware: the path answers this way every time.
"""

from __future__ import annotations

from enum import StrEnum
import re

from aiohttp import web

from .validation import NON_SETTING_PARAMS
from .xml import DECLARATION, fault_document

# What the web server of an old camera answers for a CGI it does not have.
NOT_FOUND_HTML = (
    "<html><head><title>404 Not Found</title></head>"
    "<body><h1>404 Not Found</h1></body></html>"
)
LOGIN_HTML = (
    "<!DOCTYPE html><html><head><title>Login</title></head><body>"
    '<form method="post" action="/login.cgi"><input name="username">'
    '<input name="password" type="password"><button>Login</button></form>'
    "</body></html>"
)
MALFORMED_XML = "<?xml version='1.0'?><<garbage"
FAULT_REASON = "get param failed"
# Query parameters that select what a setter changes rather than set it (3.35).
SELECTOR_PARAMS = frozenset({"title_index"})
_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")


class EndpointFault(StrEnum):
    """How a faulty endpoint answers."""

    NOT_FOUND = "404"  # HTTP 404 with an HTML page
    FAULT = "fault"  # HTTP 400 with the spec's <fault>
    DENIED = "denied"  # HTTP 400, <fault> `permission denied`: the account may not
    HTTP_500 = "500"  # HTTP 500
    MALFORMED = "malformed"  # HTTP 200, a body that is not well-formed XML
    EMPTY = "empty"  # HTTP 200, no body
    HTML = "html"  # HTTP 200, a web login page
    BARE = "bare"  # HTTP 200, the reply's root element without attributes
    TIMEOUT = "timeout"  # no answer: the request is held, then dropped
    IGNORE = "ignore"  # settings are not applied: the reply shows the unchanged ones


class OnvifQuirk(StrEnum):
    """How an ONVIF firmware misbehaves: an endpoint fault of one path (onvif.QUIRKS)."""

    NO_PULLPOINT = "no_pullpoint"  # CreatePullPointSubscription: Action Not Implemented
    SHORT_LEASE = "short_lease"  # subscriptions get 10 s whatever is asked
    NUMERIC_BOOLS = "numeric_bools"  # event values 1/0 instead of true/false
    HUGE = "huge"  # PullMessages answers 5 MiB of messages


type AnyFault = EndpointFault | OnvifQuirk
KINDS = (*EndpointFault, *OnvifQuirk)


def fault_kind(kind: str) -> AnyFault:
    """Return the endpoint fault or ONVIF quirk named `kind`."""
    if kind in OnvifQuirk:
        return OnvifQuirk(kind)
    return EndpointFault(kind)


def parse_endpoint_fault(spec: str) -> tuple[str, AnyFault]:
    """Parse `PATH:KIND` (the CLI's and the control API's notation)."""
    path, _, kind = spec.rpartition(":")
    if not path:
        raise ValueError(f"{spec}: expected PATH:KIND")
    try:
        return path, fault_kind(kind)
    except ValueError:
        raise ValueError(f"{spec}: KIND must be one of {', '.join(KINDS)}") from None


def unchanged_query(query: dict[str, str]) -> dict[str, str]:
    """Return the query without its settings: the camera answers what it has (IGNORE)."""
    return {
        name: value
        for name, value in query.items()
        if name in NON_SETTING_PARAMS or name in SELECTOR_PARAMS
    }


def answer(kind: EndpointFault, path: str) -> web.Response:
    """Return the answer of a fault that needs no real reply."""
    match kind:
        case EndpointFault.NOT_FOUND:
            return web.Response(
                status=404, text=NOT_FOUND_HTML, content_type="text/html"
            )
        case EndpointFault.FAULT:
            return web.Response(
                status=400,
                text=fault_document(path, FAULT_REASON),
                content_type="text/xml",
            )
        case EndpointFault.DENIED:
            return web.Response(
                status=400,
                text=fault_document(path, "permission denied"),
                content_type="text/xml",
            )
        case EndpointFault.HTTP_500:
            return web.Response(status=500, text="500 Internal Server Error")
        case EndpointFault.MALFORMED:
            return web.Response(text=MALFORMED_XML, content_type="text/xml")
        case EndpointFault.EMPTY:
            return web.Response(content_type="text/xml")
        case EndpointFault.HTML:
            return web.Response(text=LOGIN_HTML, content_type="text/html")
    raise ValueError(f"{kind} needs the real reply")


def drop(request: web.Request) -> web.StreamResponse:
    """Close the connection without an answer."""
    if request.transport is not None:
        request.transport.close()
    return web.Response(status=503)


def bare(reply: web.StreamResponse) -> web.Response:
    """Return `reply`'s root element without attributes, text or children.

    A reply that is not XML (a JPEG) becomes an empty body.
    """
    body = reply.body if isinstance(reply, web.Response) else None
    text = body.decode(errors="replace") if isinstance(body, bytes) else ""
    text = text.removeprefix(DECLARATION)
    match = _ROOT.match(text.lstrip())
    root = f"{DECLARATION}<{match.group(1)}/>" if match else ""
    return web.Response(text=root, content_type="text/xml")
