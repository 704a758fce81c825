"""ONVIF WS-Discovery: a Probe over UDP to 127.0.0.1 gets each camera's ProbeMatch."""

from __future__ import annotations

import asyncio
from pathlib import Path
import socket
import sys
import uuid
from xml.etree import ElementTree as ET

import pytest

import ipc_simulator
from ipc_simulator import ManualClock, Simulator
from ipc_simulator.__main__ import parse_args
from ipc_simulator.discovery import serve_discovery
from ipc_simulator.soap import parse_xml
from ipc_simulator.state import numbered_identity

from .conftest import consecutive_free_ports

NS = {
    "env": "http://www.w3.org/2003/05/soap-envelope",
    "wsa": "http://schemas.xmlsoap.org/ws/2004/08/addressing",
    "wsdd": "http://schemas.xmlsoap.org/ws/2005/04/discovery",
}
NVT = (
    'xmlns:dn="http://www.onvif.org/ver10/network/wsdl"',
    "dn:NetworkVideoTransmitter",
)


def probe(message_id: str, types: tuple[str, str] | None = NVT) -> bytes:
    """Return a WS-Discovery Probe as ONVIF clients send it."""
    declaration, wanted = types or ("", "")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><e:Envelope xmlns:e="{NS["env"]}" '
        f'xmlns:w="{NS["wsa"]}" xmlns:d="{NS["wsdd"]}" {declaration}><e:Header>'
        f"<w:MessageID>{message_id}</w:MessageID>"
        "<w:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</w:To>"
        "<w:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</w:Action>"
        f"</e:Header><e:Body><d:Probe><d:Types>{wanted}</d:Types></d:Probe>"
        "</e:Body></e:Envelope>"
    ).encode()


class _Receiver(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.replies: asyncio.Queue[bytes] = asyncio.Queue()

    def datagram_received(self, data: bytes, addr: tuple[str | object, int]) -> None:
        self.replies.put_nowait(data)


async def _exchange(
    port: int, datagrams: list[bytes], answers: int
) -> list[ET.Element]:
    """Send the datagrams to 127.0.0.1:`port`; return the first `answers` replies."""
    loop = asyncio.get_running_loop()
    transport, receiver = await loop.create_datagram_endpoint(
        _Receiver, remote_addr=("127.0.0.1", port)
    )
    try:
        for datagram in datagrams:
            transport.sendto(datagram)
        async with asyncio.timeout(10):
            return [parse_xml(await receiver.replies.get())[0] for _ in range(answers)]
    finally:
        transport.close()


def _match(reply: ET.Element) -> tuple[str, str, str, str]:
    """Return RelatesTo, the endpoint reference, Types and XAddrs of a ProbeMatches."""
    match = reply.find("env:Body/wsdd:ProbeMatches/wsdd:ProbeMatch", NS)
    assert match is not None
    return (
        reply.findtext("env:Header/wsa:RelatesTo", "", NS),
        match.findtext("wsa:EndpointReference/wsa:Address", "", NS),
        match.findtext("wsdd:Types", "", NS),
        match.findtext("wsdd:XAddrs", "", NS),
    )


async def test_probe_gets_the_device_service(simulator: Simulator) -> None:
    """A Probe for dn:NetworkVideoTransmitter gets the device service's address."""
    discovery = await serve_discovery([simulator], "127.0.0.1", 0)
    try:
        (reply,) = await _exchange(discovery.port, [probe("urn:uuid:1")], 1)
    finally:
        await discovery.close()
    relates_to, reference, types, xaddrs = _match(reply)
    assert relates_to == "urn:uuid:1"
    assert uuid.UUID(reference.removeprefix("urn:uuid:"))
    assert types == "dn:NetworkVideoTransmitter tds:Device"
    assert xaddrs == f"{simulator.url}/onvif/device_service"
    action = reply.findtext("env:Header/wsa:Action", "", NS)
    assert action == "http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches"


async def test_other_probes_and_garbage_get_nothing(simulator: Simulator) -> None:
    """Probes for other types and datagrams that are not Probes are not answered.

    UDP over loopback keeps the order: the only reply is the last probe's.
    """
    discovery = await serve_discovery([simulator], "127.0.0.1", 0)
    printer = ('xmlns:p="http://schemas.xmlsoap.org/ws/2006/02/devprof"', "p:Device")
    try:
        replies = await _exchange(
            discovery.port,
            [
                b"not xml",
                b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>',
                b"<x/>",
                probe("urn:uuid:printer", printer),
                probe("urn:uuid:any", None),
            ],
            1,
        )
    finally:
        await discovery.close()
    assert _match(replies[0])[0] == "urn:uuid:any"


async def test_each_camera_answers(socket_enabled: None) -> None:
    """One responder for several cameras: one ProbeMatch each, own address and reference."""
    sims = [
        Simulator(clock=ManualClock(), device=numbered_identity(i)) for i in range(2)
    ]
    for index, sim in enumerate(sims):
        sim.host, sim.port = "127.0.0.1", 8080 + index
    discovery = await serve_discovery(sims, "127.0.0.1", 0)
    try:
        replies = await _exchange(discovery.port, [probe("urn:uuid:2")], 2)
    finally:
        await discovery.close()
    matches = [_match(reply) for reply in replies]
    assert [xaddrs for *_, xaddrs in matches] == [
        "http://127.0.0.1:8080/onvif/device_service",
        "http://127.0.0.1:8081/onvif/device_service",
    ]
    assert matches[0][1] != matches[1][1]


def test_discovery_port_option() -> None:
    """--discovery-port is off by default."""
    assert parse_args([]).discovery_port is None
    assert parse_args(["--discovery-port", "3702"]).discovery_port == 3702


@pytest.mark.parametrize(
    "fault", ["/onvif/device_service:no_pullpoint", "/onvif/nothing:500"]
)
def test_onvif_faults_on_the_command_line(fault: str) -> None:
    """A quirk goes on its own path only; ONVIF paths take the other kinds."""
    assert parse_args(["--fault-endpoint", "/onvif/event_service:no_pullpoint"])
    assert parse_args(["--fault-endpoint", "/onvif/subscription/:huge"])
    with pytest.raises(SystemExit):
        parse_args(["--fault-endpoint", fault])


async def test_python_m_answers_probes(socket_enabled: None) -> None:
    """`--cameras 2 --discovery-port P`: a probe to P gets both cameras."""
    port = consecutive_free_ports(2)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as free:
        free.bind(("127.0.0.1", 0))
        udp = free.getsockname()[1]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "ipc_simulator",
        "--port",
        str(port),
        "--cameras",
        "2",
        "--discovery-port",
        str(udp),
        cwd=Path(ipc_simulator.__file__).parent.parent,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        assert process.stderr is not None
        banner = await asyncio.wait_for(process.stdout.readline(), 30)
        assert banner, await process.stderr.read()
        replies = await _exchange(udp, [probe("urn:uuid:3")], 2)
    finally:
        process.terminate()
        await process.wait()
    assert sorted(_match(reply)[3] for reply in replies) == [
        f"http://127.0.0.1:{port}/onvif/device_service",
        f"http://127.0.0.1:{port + 1}/onvif/device_service",
    ]
