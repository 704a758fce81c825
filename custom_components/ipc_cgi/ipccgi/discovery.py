"""Find cameras on the local network with one ONVIF WS-Discovery Probe.

The Probe (SOAP-over-UDP) asks for `dn:NetworkVideoTransmitter`; the cameras
answer its sender with ProbeMatches datagrams, each naming a camera's device
service URLs (XAddrs). The family serves ONVIF and the CGI on the same web
port (3.41). No thread, no multicast group joined: one socket for a few seconds.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
import logging
import socket
import uuid

from yarl import URL

from .exceptions import IpcCgiError
from .parser import Node, parse_xml

_LOGGER = logging.getLogger(__name__)

# Where WS-Discovery probes go (SOAP-over-UDP 1.1, 3.1.1): every camera listens there.
MULTICAST_TARGET = ("239.255.255.250", 3702)
PROBE_SECONDS = 2.0
# A ProbeMatches datagram is about 1 kB: a larger one is dropped unread.
MAX_DATAGRAM = 16 * 1024
# Answers kept from one probe: each costs the caller a request.
MAX_MATCHES = 64

_PROBE = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"'
    ' xmlns:w="http://schemas.xmlsoap.org/ws/2004/08/addressing"'
    ' xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"'
    ' xmlns:dn="http://www.onvif.org/ver10/network/wsdl">'
    "<e:Header><w:MessageID>{message_id}</w:MessageID>"
    "<w:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</w:To>"
    "<w:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</w:Action>"
    "</e:Header><e:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types>"
    "</d:Probe></e:Body></e:Envelope>"
)


@dataclass(frozen=True, slots=True)
class ProbeMatch:
    """One device that answered: its endpoint reference and its HTTP(S) service URLs."""

    endpoint: str
    xaddrs: tuple[URL, ...]


def probe_message(message_id: str) -> bytes:
    """Return the Probe datagram for a `dn:NetworkVideoTransmitter`."""
    return _PROBE.format(message_id=message_id).encode()


def _local(tag: str) -> str:
    """Return a tag's local name, lower-cased (prefixes vary between firmware)."""
    return tag.rpartition(":")[2].lower()


def _children(node: Node, name: str) -> list[Node]:
    return [child for child in node.elements if _local(child.tag) == name]


def _text(node: Node, *path: str) -> str:
    """Return the text of the first element down `path` (local names), or ""."""
    for name in path:
        found = _children(node, name)
        if not found:
            return ""
        node = found[0]
    return node.text.strip()


def _xaddrs(text: str) -> tuple[URL, ...]:
    urls = []
    for item in text.split():
        try:
            url = URL(item)
        except ValueError:
            continue
        if url.scheme in ("http", "https") and url.host:
            urls.append(url)
    return tuple(urls)


def parse_probe_matches(data: bytes, message_id: str) -> list[ProbeMatch]:
    """Return the ProbeMatches of a datagram answering `message_id`; [] for anything else."""
    if len(data) > MAX_DATAGRAM:
        return []
    try:
        root = parse_xml(data)
    except IpcCgiError:
        return []
    if _local(root.tag) != "envelope" or _text(root, "header", "relatesto") not in (
        message_id,
        "",  # sloppy firmware; only answers come to the probe's port anyway
    ):
        return []
    matches = []
    for body in _children(root, "body"):
        for match in (
            node
            for found in _children(body, "probematches")
            for node in _children(found, "probematch")
        ):
            if xaddrs := _xaddrs(_text(match, "xaddrs")):
                endpoint = _text(match, "endpointreference", "address")
                matches.append(ProbeMatch(endpoint, xaddrs))
    return matches


class _Collector(asyncio.DatagramProtocol):
    """Keep the ProbeMatches that answer one probe, one per device."""

    def __init__(self, message_id: str) -> None:
        self._message_id = message_id
        self.matches: dict[str | tuple[URL, ...], ProbeMatch] = {}

    def datagram_received(self, data: bytes, addr: tuple[str | object, int]) -> None:
        """Keep the new devices a datagram names, at the address it came from.

        A device speaks for itself only: URLs of other hosts would have the
        caller send requests wherever a hostile device points.
        """
        sender = str(addr[0])
        found = [
            ProbeMatch(match.endpoint, xaddrs)
            for match in parse_probe_matches(data, self._message_id)
            if (xaddrs := tuple(url for url in match.xaddrs if url.host == sender))
        ]
        if not found:
            _LOGGER.debug("Ignored a datagram of %d bytes from %s", len(data), sender)
        for match in found:
            if len(self.matches) < MAX_MATCHES:
                self.matches.setdefault(match.endpoint or match.xaddrs, match)

    def error_received(self, exc: Exception) -> None:
        """Log what the network refused (no route for multicast, say)."""
        _LOGGER.debug("WS-Discovery probe: %s", exc)


async def probe(
    target: tuple[str, int] = MULTICAST_TARGET, seconds: float = PROBE_SECONDS
) -> list[ProbeMatch]:
    """Send one Probe to `target` and return the devices that answer within `seconds`.

    Each device with the URLs that name the address it answered from.

    `target` is the multicast group by default; a unicast address asks one device.
    Raises OSError if no socket can be opened.
    """
    message_id = f"urn:uuid:{uuid.uuid4()}"
    loop = asyncio.get_running_loop()
    family = socket.AF_INET6 if ":" in target[0] else socket.AF_INET
    transport, collector = await loop.create_datagram_endpoint(
        lambda: _Collector(message_id), family=family
    )
    try:
        transport.sendto(probe_message(message_id), target)
        await asyncio.sleep(seconds)
    finally:
        transport.close()
    return list(collector.matches.values())
