"""A network for WS-Discovery probes in tests: the simulator's responder and a hostile device.

The probe is sent to `NoisyNetwork` on 127.0.0.1 (tests never multicast): it
answers first as a hostile device would (garbage, entities, a huge datagram,
a camera at another address, what else the test asks for), then passes the probe to the simulator's
WS-Discovery responder and its answers back to the prober.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable, Sequence
from contextlib import asynccontextmanager

from ipc_simulator import ManualClock, Simulator
from ipc_simulator.discovery import probe_match, probe_types, serve_discovery

type Answers = Callable[[str], Sequence[bytes]]

GARBAGE = b"\xff\xfe\x00 not a SOAP envelope <<<"
ENTITIES = (
    b'<?xml version="1.0"?><!DOCTYPE e [<!ENTITY a "aaaaaaaaaa">]>'
    b"<e:Envelope xmlns:e='http://www.w3.org/2003/05/soap-envelope'>&a;</e:Envelope>"
)


def announced(model: str, port: int, mac: str = "F0:00:00:00:00:09") -> Simulator:
    """Return a camera that is only announced: its ProbeMatch names 127.0.0.1:`port`."""
    sim = Simulator(clock=ManualClock())
    sim.state.device.model = model
    sim.state.device.mac = mac
    sim.port = port
    return sim


def answer(sim: Simulator, message_id: str, host: str = "127.0.0.1") -> bytes:
    """Return the ProbeMatches datagram `sim` answers the probe `message_id` with.

    Its URL names `host`.
    """
    return probe_match(sim, message_id, host, 1)


def hostile(message_id: str) -> list[bytes]:
    """Return a hostile device's answers: garbage, entities, one of 60 kB, one for another host."""
    huge = announced("X" * 30_000, 9, "F0:00:00:00:00:99")  # X twice in its scopes
    elsewhere = announced("MC400L", 80, "F0:00:00:00:00:98")
    return [
        GARBAGE,
        ENTITIES,
        answer(huge, message_id),
        answer(elsewhere, message_id, "192.0.2.1"),  # TEST-NET-1: never asked
    ]


class NoisyNetwork(asyncio.DatagramProtocol):
    """Answer a probe with `answers`, then relay it to and from the cameras' responder."""

    def __init__(self, cameras_port: int, answers: Answers) -> None:
        """Relay to the responder on 127.0.0.1:`cameras_port`."""
        self._cameras = ("127.0.0.1", cameras_port)
        self._answers = answers
        self._transport: asyncio.DatagramTransport | None = None
        self._prober: tuple[str, int] | None = None
        self.probes = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Remember the socket."""
        assert isinstance(transport, asyncio.DatagramTransport)
        self._transport = transport

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        """Answer a probe and pass it on; pass the cameras' answers to the prober."""
        assert self._transport is not None
        if addr == self._cameras:
            assert self._prober is not None
            self._transport.sendto(data, self._prober)
            return
        probe = probe_types(data)
        assert probe is not None
        self.probes += 1
        self._prober = addr
        for datagram in self._answers(probe[0]):
            self._transport.sendto(datagram, addr)
        self._transport.sendto(data, self._cameras)


@asynccontextmanager
async def noisy_network(
    cameras: Sequence[Simulator], answers: Answers = hostile
) -> AsyncGenerator[tuple[tuple[str, int], NoisyNetwork]]:
    """Yield where to send the probe, and the network that answers it."""
    responder = await serve_discovery(cameras, "127.0.0.1", 0)
    loop = asyncio.get_running_loop()
    transport, network = await loop.create_datagram_endpoint(
        lambda: NoisyNetwork(responder.port, answers), local_addr=("127.0.0.1", 0)
    )
    try:
        yield transport.get_extra_info("sockname")[:2], network
    finally:
        transport.close()
        await responder.close()
