"""The command line builds the simulator it describes."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
import socket
import sys

import aiohttp
import pytest
import pytest_socket  # type: ignore[import-untyped]

import ipc_simulator
from ipc_simulator import FaultKind
from ipc_simulator.__main__ import build, parse_args
from ipc_simulator.state import DeviceIdentity

from .conftest import consecutive_free_ports


def test_defaults() -> None:
    """Without flags: port 8080 on 127.0.0.1, PTZ, no faults, admin/123456."""
    args = parse_args([])
    assert (args.host, args.port) == ("127.0.0.1", 8080)
    sim = build(args)
    assert sim.state.capabilities.ptz is True
    assert sim.faults.rules == []
    assert sim.state.users["admin"].password == "123456"


def test_flags() -> None:
    """--no-ptz, --latency, --fault and --password configure the camera."""
    args = parse_args(
        [
            "--port",
            "9000",
            "--no-ptz",
            "--latency",
            "0.5",
            "--fault",
            "http_500:3",
            "--fault",
            "drop",
            "--password",
            "secret",
            "--reboot-seconds",
            "1",
        ]
    )
    sim = build(args)
    assert args.port == 9000
    assert sim.state.capabilities.ptz is False
    assert sim.reboot_seconds == 1
    assert [(r.kind, r.remaining, r.seconds) for r in sim.faults.rules] == [
        (FaultKind.LATENCY, None, 0.5),
        (FaultKind.HTTP_500, 3, 0.0),
        (FaultKind.DROP, None, 0.0),
    ]
    assert sim.state.users["admin"].password == "secret"


def test_bad_fault() -> None:
    """An unknown fault kind is a usage error."""
    with pytest.raises(SystemExit):
        parse_args(["--fault", "meteor"])


@pytest.mark.parametrize("count", ["0", "1001", "two"])
def test_bad_camera_count(count: str) -> None:
    """--cameras takes 1 to 1000."""
    with pytest.raises(SystemExit):
        parse_args(["--cameras", count])


def test_cameras_differ_in_identity_only() -> None:
    """Camera 0 is the spec's example; the others differ in MAC, serial and name."""
    args = parse_args(["--cameras", "3", "--no-ptz", "--password", "pw"])
    sims = [build(args, index) for index in range(3)]
    assert sims[0].state.device == DeviceIdentity()
    assert [(s.state.device.mac, s.state.device.serial) for s in sims[1:]] == [
        ("F0:00:00:29:06:A0", "EF000000002906A0"),
        ("F0:00:00:29:06:A1", "EF000000002906A1"),
    ]
    assert [s.state.device.model for s in sims] == ["MC400L", "MC400L-2", "MC400L-3"]
    assert all(s.state.capabilities.ptz is False for s in sims)
    assert all(s.state.users["admin"].password == "pw" for s in sims)


async def test_python_m_serves_the_camera(socket_enabled: None) -> None:
    """`python -m ipc_simulator --port N` listens on 127.0.0.1:N and answers the CGI."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "ipc_simulator",
        "--port",
        str(port),
        "--password",
        "pw-9",
        cwd=Path(ipc_simulator.__file__).parent.parent,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        assert process.stdout is not None
        banner = await asyncio.wait_for(process.stdout.readline(), 30)
        url = f"http://127.0.0.1:{port}"
        assert banner.decode().strip() == (
            f"IPC camera simulator on {url} (admin, --password)"
        )
        async with aiohttp.ClientSession() as session:
            login = {"username": "admin", "password": "pw-9"}
            async with session.get(f"{url}/cgi-bin/getuid", params=login) as resp:
                assert resp.status == 200
                assert "<uid>" in await resp.text()
            async with session.get(f"{url}/__sim__/counters") as resp:
                assert await resp.json() == {"/cgi-bin/getuid": 1}
    finally:
        process.terminate()
        await process.wait()


async def _getinfo(session: aiohttp.ClientSession, url: str) -> str:
    """Return the body of getinfo (3.3) with the default account."""
    login = {"username": "admin", "password": "123456"}
    async with session.get(f"{url}/cgi-bin/getinfo", params=login) as resp:
        assert resp.status == 200
        return await resp.text()


async def test_python_m_serves_several_cameras(socket_enabled: None) -> None:
    """`--cameras 2`: two cameras on consecutive ports, own MACs, own counters."""
    port = consecutive_free_ports(2)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "ipc_simulator",
        "--port",
        str(port),
        "--cameras",
        "2",
        cwd=Path(ipc_simulator.__file__).parent.parent,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        assert process.stdout is not None
        banner = await asyncio.wait_for(process.stdout.readline(), 30)
        first, second = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port + 1}"
        assert banner.decode().strip() == (
            f"IPC camera simulator on {first} to {second} (admin/123456)"
        )
        async with aiohttp.ClientSession() as session:
            assert 'mac_address="F0:00:00:29:06:9F"' in await _getinfo(session, first)
            for _ in range(2):
                info = await _getinfo(session, second)
            assert 'mac_address="F0:00:00:29:06:A0"' in info
            assert 'sn="EF000000002906A0"' in info
            for url, count in ((first, 1), (second, 2)):
                async with session.get(f"{url}/__sim__/counters") as resp:
                    assert await resp.json() == {"/cgi-bin/getinfo": count}
    finally:
        process.terminate()
        await process.wait()


@pytest.fixture
def second_loopback(socket_enabled: None) -> Iterator[None]:
    """Let the test connect to 127.0.0.2 too: all of 127.0.0.0/8 is loopback on Linux."""
    pytest_socket.socket_allow_hosts(["127.0.0.1", "127.0.0.2"])
    yield
    pytest_socket.socket_allow_hosts(["127.0.0.1"])


async def test_python_m_moves_a_camera(second_loopback: None) -> None:
    """`/__sim__/move`: the camera answers on the new address, the old one refuses.

    A connection still open to the old address gets no answer either; the
    other camera stays where it was.
    """
    port = consecutive_free_ports(2)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "ipc_simulator",
        "--port",
        str(port),
        "--cameras",
        "2",
        cwd=Path(ipc_simulator.__file__).parent.parent,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        assert process.stdout is not None
        await asyncio.wait_for(process.stdout.readline(), 30)
        old, new = f"http://127.0.0.1:{port + 1}", f"http://127.0.0.2:{port + 1}"
        async with aiohttp.ClientSession() as kept, aiohttp.ClientSession() as session:
            assert "F0:00:00:29:06:A0" in await _getinfo(kept, old)  # kept open
            async with session.post(
                f"{old}/__sim__/move", json={"host": "127.0.0.2"}
            ) as resp:
                assert await resp.json() == {"host": "127.0.0.2", "port": port + 1}
            assert "F0:00:00:29:06:A0" in await _getinfo(session, new)
            with pytest.raises(aiohttp.ClientConnectorError):
                await _getinfo(session, old)
            with pytest.raises(aiohttp.ClientError):  # dropped, then refused
                await _getinfo(kept, old)
            assert "F0:00:00:29:06:9F" in await _getinfo(
                session, f"http://127.0.0.1:{port}"
            )
            async with session.post(
                f"{new}/__sim__/move", json={"host": "nowhere"}
            ) as resp:
                assert resp.status == 400
            async with session.get(f"{new}/__sim__/counters") as resp:
                assert await resp.json() == {"/cgi-bin/getinfo": 2}
    finally:
        process.terminate()
        await process.wait()
