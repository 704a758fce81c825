"""Fault injection, counters and the /__sim__/ control endpoints."""

from __future__ import annotations

import time

from aiohttp import ClientConnectionError, ClientSession
import pytest

from ipc_simulator import FaultKind, Simulator

from .conftest import Camera, is_online


async def test_http_500_for_the_next_requests(
    camera: Camera, simulator: Simulator
) -> None:
    """A count-based fault hits exactly the next N requests."""
    simulator.faults.inject(FaultKind.HTTP_500, 2)
    assert (await camera.get("/cgi-bin/getinfo"))[0] == 500
    assert (await camera.get("/cgi-bin/image"))[0] == 500
    assert (await camera.get("/cgi-bin/getinfo"))[0] == 200
    assert simulator.faults.rules == []


async def test_fault_for_one_path(camera: Camera, simulator: Simulator) -> None:
    """A fault limited to a path leaves the others alone."""
    simulator.faults.inject(FaultKind.HTTP_500, None, path="/cgi-bin/getRelayStatus")
    assert (await camera.get("/cgi-bin/getinfo"))[0] == 200
    for _ in range(3):
        assert (await camera.get("/cgi-bin/getRelayStatus"))[0] == 500
    simulator.faults.clear()
    assert (await camera.get("/cgi-bin/getRelayStatus"))[0] == 200


async def test_malformed_and_truncated(camera: Camera, simulator: Simulator) -> None:
    """Malformed bodies are not XML; truncated ones are cut short."""
    full = (await camera.get("/cgi-bin/network"))[1]
    simulator.faults.inject(FaultKind.MALFORMED)
    status, body = await camera.get("/cgi-bin/network")
    assert status == 200
    assert "<network" not in body
    simulator.faults.inject(FaultKind.TRUNCATED)
    status, body = await camera.get("/cgi-bin/network")
    assert status == 200
    assert body == full[: len(full.encode()) // 2]


async def test_drop(camera: Camera, simulator: Simulator) -> None:
    """A dropped request gets no answer at all."""
    simulator.faults.inject(FaultKind.DROP, 2)
    with pytest.raises(ClientConnectionError):
        await camera.get("/cgi-bin/getinfo")
    simulator.faults.clear()
    assert (await camera.get("/cgi-bin/getinfo"))[0] == 200


async def test_latency(camera: Camera, simulator: Simulator) -> None:
    """Latency delays the answer."""
    simulator.faults.inject(FaultKind.LATENCY, 1, seconds=0.2)
    start = time.monotonic()
    assert (await camera.get("/cgi-bin/getinfo"))[0] == 200
    assert time.monotonic() - start >= 0.2


async def test_expire_uid_fault(camera: Camera, simulator: Simulator) -> None:
    """The next request with a uid finds it expired; a re-login works."""
    simulator.faults.inject(FaultKind.EXPIRE_UID)
    assert (await camera.fault("/cgi-bin/getinfo"))[1] == "uid error"
    await camera.login()
    await camera.xml("/cgi-bin/getinfo")


async def test_wrong_password_fault(simulator: Simulator, http: ClientSession) -> None:
    """A persistent wrong-password fault makes every login fail."""
    client = Camera(simulator, http)
    simulator.faults.inject(FaultKind.WRONG_PASSWORD, None)
    params = {"username": "admin", "password": "123456"}
    for _ in range(2):
        assert (await client.fault("/cgi-bin/getuid", params))[1] == "password error"
    simulator.faults.clear()
    await client.login()


async def test_counters(camera: Camera, simulator: Simulator) -> None:
    """Requests are counted per path; control requests are not."""
    simulator.reset_counters()
    await camera.get("/cgi-bin/getRelayStatus")
    await camera.get("/cgi-bin/getRelayStatus")
    await camera.get("/cgi-bin/videoencoder/stream1")
    async with camera.session.get(f"{simulator.url}/__sim__/counters") as resp:
        assert await resp.json() == {
            "/cgi-bin/getRelayStatus": 2,
            "/cgi-bin/videoencoder/stream1": 1,
        }
    async with camera.session.post(f"{simulator.url}/__sim__/counters/reset") as resp:
        assert resp.status == 200
    assert simulator.counters == {}


async def test_last_request_times(camera: Camera, simulator: Simulator) -> None:
    """Each path's latest request has its Unix time; a reset forgets them."""
    simulator.reset_counters()
    before = time.time()
    await camera.get("/cgi-bin/getRelayStatus")
    after = time.time()
    url = f"{simulator.url}/__sim__/last_requests"
    async with camera.session.get(url) as resp:
        times = await resp.json()
    assert list(times) == ["/cgi-bin/getRelayStatus"]
    assert before <= times["/cgi-bin/getRelayStatus"] <= after
    simulator.reset_counters()
    async with camera.session.get(url) as resp:
        assert await resp.json() == {}


async def test_control_faults(camera: Camera, simulator: Simulator) -> None:
    """Faults are added, listed and cleared over HTTP."""
    url = f"{simulator.url}/__sim__/faults"
    rules = [
        {"kind": "http_500", "count": 1},
        {"kind": "latency", "count": None, "seconds": 0},
    ]
    async with camera.session.post(url, json=rules) as resp:
        assert [rule["kind"] for rule in await resp.json()] == ["http_500", "latency"]
    assert (await camera.get("/cgi-bin/getinfo"))[0] == 500
    async with camera.session.get(url) as resp:
        assert await resp.json() == [
            {"kind": "latency", "remaining": None, "path": None, "seconds": 0.0}
        ]
    async with camera.session.delete(url) as resp:
        assert await resp.json() == []
    for bad in ('{"kind": "nonsense"}', "not json", '{"count": 1}'):
        async with camera.session.post(url, data=bad) as resp:
            assert resp.status == 400
    assert simulator.faults.rules == []


async def test_control_uids_and_online(camera: Camera, simulator: Simulator) -> None:
    """expire_uids, offline, online and reboot over HTTP."""
    base = f"{simulator.url}/__sim__"
    async with camera.session.post(f"{base}/expire_uids"):
        pass
    assert (await camera.fault("/cgi-bin/keep_alive"))[1] == "uid error"
    async with camera.session.post(f"{base}/offline"):
        pass
    assert not is_online(simulator)
    async with camera.session.post(f"{base}/online"):
        pass
    assert is_online(simulator)
    async with camera.session.post(f"{base}/reboot"):
        pass
    assert not is_online(simulator)


async def test_control_state(camera: Camera, simulator: Simulator) -> None:
    """The state reads as JSON and takes dotted changes of the same type."""
    base = f"{simulator.url}/__sim__/state"
    async with camera.session.post(
        base, json={"relay_closed": True, "image.brightness": 7}
    ) as resp:
        data = await resp.json()
    assert data["relay_closed"] is True
    assert data["image"]["brightness"] == 7
    assert simulator.state.image.brightness == 7
    async with camera.session.post(base, json={"users.admin.password": "new"}):
        pass
    assert simulator.state.users["admin"].password == "new"
    for bad in ({"image.brightness": "x"}, {"nothing": 1}, {"image": 1}, [1]):
        async with camera.session.post(base, json=bad) as resp:
            assert resp.status == 400
    async with camera.session.post(base, data="not json") as resp:
        assert resp.status == 400
    async with camera.session.get(base) as resp:
        data = await resp.json()
    assert data["online"] is True
    assert data["recordings"][0]["data"] == {"size": simulator.state.recordings[0].size}
    async with camera.session.get(f"{simulator.url}/__sim__/nothing") as resp:
        assert resp.status == 404
    assert simulator.counters == {"/cgi-bin/getuid": 1}


async def test_move_needs_the_command_line_server(
    camera: Camera, simulator: Simulator
) -> None:
    """POST /__sim__/move: a test's server cannot move the camera (test_cli.py can)."""
    url = f"{simulator.url}/__sim__/move"
    async with camera.session.post(url, json={"host": "127.0.0.2"}) as resp:
        assert resp.status == 400
        assert "cannot move" in (await resp.json())["error"]
    async with camera.session.post(url, json={}) as resp:
        assert resp.status == 400
    assert simulator.host != "127.0.0.2"
