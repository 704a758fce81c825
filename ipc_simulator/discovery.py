"""ONVIF WS-Discovery: answer a Probe (SOAP-over-UDP) with each camera's ProbeMatch.

Bound to one host and port, it answers probes sent to it (unicast); it does not
join the multicast group 239.255.255.250:3702.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
import itertools
import logging
import socket
import uuid

from .camera import Camera
from .onvif import DEVICE_PATH, endpoint_reference
from .soap import parse_xml
from .xml import DECLARATION

_LOGGER = logging.getLogger(__name__)
ENV = "http://www.w3.org/2003/05/soap-envelope"
WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
WSDD = "http://schemas.xmlsoap.org/ws/2005/04/discovery"
DN = "http://www.onvif.org/ver10/network/wsdl"
TDS = "http://www.onvif.org/ver10/device/wsdl"
# The types an ONVIF camera is: what a Probe may ask for (none: anything).
TYPES = frozenset({f"{{{DN}}}NetworkVideoTransmitter", f"{{{TDS}}}Device"})
_ANONYMOUS = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"


def probe_types(data: bytes) -> tuple[str, frozenset[str]] | None:
    """Return a Probe's MessageID and the QNames it asks for; None if not a Probe."""
    try:
        root, prefixes = parse_xml(data)
    except ValueError:
        return None
    if root.tag != f"{{{ENV}}}Envelope":
        return None
    probe = root.find(f"{{{ENV}}}Body/{{{WSDD}}}Probe")
    if probe is None:
        return None
    message_id = root.findtext(f"{{{ENV}}}Header/{{{WSA}}}MessageID", "").strip()
    names = set()
    for name in probe.findtext(f"{{{WSDD}}}Types", "").split():
        prefix, _, local = name.rpartition(":")
        names.add(f"{{{prefixes.get(prefix, '')}}}{local}")
    return message_id, frozenset(names)


def probe_match(sim: Camera, relates_to: str, host: str, number: int) -> bytes:
    """Return the ProbeMatches datagram of one camera, its device service at `host`."""
    model = sim.state.device.model
    xaddr = f"http://{host}:{sim.port}{DEVICE_PATH}"
    scopes = " ".join(
        f"onvif://www.onvif.org/{scope}"
        for scope in ("type/video_encoder", f"hardware/{model}", f"name/{model}")
    )
    text = (
        f'{DECLARATION}<env:Envelope xmlns:env="{ENV}" xmlns:wsa="{WSA}" '
        f'xmlns:wsdd="{WSDD}" xmlns:dn="{DN}" xmlns:tds="{TDS}"><env:Header>'
        f"<wsa:MessageID>urn:uuid:{uuid.uuid4()}</wsa:MessageID>"
        f"<wsa:RelatesTo>{relates_to}</wsa:RelatesTo>"
        f"<wsa:To>{_ANONYMOUS}</wsa:To>"
        f"<wsa:Action>{WSDD}/ProbeMatches</wsa:Action>"
        f'<wsdd:AppSequence InstanceId="1" MessageNumber="{number}"/>'
        "</env:Header><env:Body><wsdd:ProbeMatches><wsdd:ProbeMatch>"
        "<wsa:EndpointReference>"
        f"<wsa:Address>{endpoint_reference(sim)}</wsa:Address>"
        "</wsa:EndpointReference>"
        "<wsdd:Types>dn:NetworkVideoTransmitter tds:Device</wsdd:Types>"
        f"<wsdd:Scopes>{scopes}</wsdd:Scopes>"
        f"<wsdd:XAddrs>{xaddr}</wsdd:XAddrs>"
        "<wsdd:MetadataVersion>1</wsdd:MetadataVersion>"
        "</wsdd:ProbeMatch></wsdd:ProbeMatches></env:Body></env:Envelope>"
    )
    return text.encode()


def _local_address(host: str | None, peer: str) -> str:
    """Return the address the cameras are reached at from `peer`."""
    if host and host not in ("0.0.0.0", "::"):
        return host
    # No packet is sent: connect() on UDP only picks the route's source address.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect((peer, 9))
        address: str = probe.getsockname()[0]
        return address


class Discovery(asyncio.DatagramProtocol):
    """The WS-Discovery responder of some cameras; `port` is the UDP port it listens on."""

    def __init__(self, sims: Sequence[Camera]) -> None:
        """Answer for `sims` (one ProbeMatch datagram each)."""
        self._sims = sims
        self._transport: asyncio.DatagramTransport | None = None
        self._closed = asyncio.get_running_loop().create_future()
        self._numbers = itertools.count(1)
        self.port = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Remember the socket."""
        assert isinstance(transport, asyncio.DatagramTransport)
        self._transport = transport
        self.port = transport.get_extra_info("sockname")[1]

    def connection_lost(self, exc: Exception | None) -> None:
        """Tell `close` the socket is closed."""
        if not self._closed.done():
            self._closed.set_result(None)

    def datagram_received(self, data: bytes, addr: tuple[str | object, int]) -> None:
        """Answer a Probe for an ONVIF camera (or any device) to its sender."""
        probe = probe_types(data)
        if probe is None or self._transport is None:
            return
        message_id, types = probe
        if types and not types & TYPES:
            return
        peer = str(addr[0])
        for sim in self._sims:
            host = _local_address(sim.host, peer)
            match = probe_match(sim, message_id, host, next(self._numbers))
            self._transport.sendto(match, addr)
        _LOGGER.debug("ProbeMatches for %s sent to %s", message_id, peer)

    async def close(self) -> None:
        """Close the socket and wait until it is closed."""
        if self._transport is not None:
            self._transport.close()
        await self._closed


async def serve_discovery(
    sims: Sequence[Camera], host: str = "127.0.0.1", port: int = 0
) -> Discovery:
    """Answer WS-Discovery probes to `host`:`port` (0: any free port) for `sims`."""
    loop = asyncio.get_running_loop()
    _, protocol = await loop.create_datagram_endpoint(
        lambda: Discovery(sims), local_addr=(host, port)
    )
    return protocol
