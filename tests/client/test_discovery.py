"""WS-Discovery: one probe finds the simulator's cameras; hostile answers find nothing."""

from __future__ import annotations

from yarl import URL

from custom_components.ipc_cgi.ipccgi.discovery import (
    MAX_DATAGRAM,
    MAX_MATCHES,
    ProbeMatch,
    parse_probe_matches,
    probe,
    probe_message,
)
from ipc_simulator import Simulator
from ipc_simulator.discovery import probe_types
from ipc_simulator.onvif import endpoint_reference
from tests.ws_discovery import ENTITIES, GARBAGE, announced, answer, noisy_network


def _match(sim: Simulator) -> ProbeMatch:
    return ProbeMatch(
        endpoint_reference(sim),
        (URL(f"http://127.0.0.1:{sim.port}/onvif/device_service"),),
    )


async def test_probe_finds_the_cameras(simulator: Simulator) -> None:
    """Each camera answering the probe is found once, with its device service URL.

    The hostile device's garbage, entities and 60 kB answer are ignored.
    """
    other = announced("IPC-OTHER", 8080)
    async with noisy_network([simulator, other]) as (target, network):
        found = await probe(target, seconds=1.0)
    assert network.probes == 1
    assert sorted(found, key=str) == sorted([_match(simulator), _match(other)], key=str)


async def test_probe_without_answers(socket_enabled: None) -> None:
    """Nothing but a hostile device on the network: nothing is found."""
    async with noisy_network([]) as (target, _):
        assert await probe(target, seconds=0.5) == []


async def test_the_same_device_twice_is_found_once(simulator: Simulator) -> None:
    """A device that answers twice (SOAP-over-UDP repeats) is one match."""

    def twice(message_id: str) -> list[bytes]:
        return [answer(simulator, message_id)] * 2

    async with noisy_network([], twice) as (target, _):
        assert await probe(target, seconds=0.5) == [_match(simulator)]


def test_the_probe_asks_for_video_transmitters() -> None:
    """The probe is a WS-Discovery Probe for dn:NetworkVideoTransmitter."""
    parsed = probe_types(probe_message("urn:uuid:1"))
    assert parsed == (
        "urn:uuid:1",
        frozenset({"{http://www.onvif.org/ver10/network/wsdl}NetworkVideoTransmitter"}),
    )


def test_answers_that_are_not_probe_matches() -> None:
    """Garbage, entities, another probe's answer, too large, no URL: no match."""
    sim = announced("MC400L", 80)
    good = answer(sim, "urn:uuid:1")
    assert parse_probe_matches(good, "urn:uuid:1") == [_match(sim)]
    assert parse_probe_matches(good, "urn:uuid:2") == []
    assert parse_probe_matches(GARBAGE, "urn:uuid:1") == []
    assert parse_probe_matches(ENTITIES, "urn:uuid:1") == []
    padded = good.replace(b"<wsdd:Scopes>", b"<wsdd:Scopes>" + b" " * MAX_DATAGRAM)
    assert parse_probe_matches(padded, "urn:uuid:1") == []
    for xaddrs in (b"", b"ftp://127.0.0.1/", b"http://[bad/ /relative"):
        broken = good.replace(b"http://127.0.0.1:80/onvif/device_service", xaddrs)
        assert parse_probe_matches(broken, "urn:uuid:1") == []


def test_sloppy_answers_still_match() -> None:
    """Other prefixes, no RelatesTo, several URLs: the HTTP URLs are kept."""
    datagram = (
        b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
        b'xmlns:a="urn:a" xmlns:d="urn:d"><s:Body><d:ProbeMatches><d:ProbeMatch>'
        b"<a:EndpointReference><a:Address>urn:uuid:cam</a:Address></a:EndpointReference>"
        b"<d:XAddrs> http://192.0.2.5/onvif/device_service "
        b"http://[2001:db8::5]:8080/onvif/device_service </d:XAddrs>"
        b"</d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>"
    )
    assert parse_probe_matches(datagram, "urn:uuid:1") == [
        ProbeMatch(
            "urn:uuid:cam",
            (
                URL("http://192.0.2.5/onvif/device_service"),
                URL("http://[2001:db8::5]:8080/onvif/device_service"),
            ),
        )
    ]


async def test_a_flood_of_answers_is_cut(socket_enabled: None) -> None:
    """A device answering for hundreds of endpoints yields MAX_MATCHES of them."""
    sim = announced("MC400L", 80)

    def flood(message_id: str) -> list[bytes]:
        good = answer(sim, message_id)
        reference = endpoint_reference(sim).encode()
        return [
            good.replace(reference, b"urn:uuid:%d" % number) for number in range(200)
        ]

    async with noisy_network([], flood) as (target, _):
        found = await probe(target, seconds=0.5)
    assert len(found) == MAX_MATCHES


async def test_a_refused_probe_finds_nothing(socket_enabled: None) -> None:
    """The network refuses the probe (port 0 here; no route for multicast at home): nothing found."""
    assert await probe(("127.0.0.1", 0), seconds=0.2) == []
