"""uid sessions (3.1, 3.2, 3.39), getinfo without uid (3.3), WEBlogin (3.38)."""

from __future__ import annotations

import re

from aiohttp import ClientSession

from ipc_simulator import ManualClock, Simulator

from .conftest import Camera


async def test_getuid_returns_eight_hex_chars(camera: Camera) -> None:
    """A login hands out an 8-hex-char uid that the other endpoints accept."""
    assert camera.uid is not None
    assert re.fullmatch(r"[0-9a-f]{8}", camera.uid)
    assert await camera.xml("/cgi-bin/keep_alive") == {"keep_alive": "true"}


async def test_getuid_faults(simulator: Simulator, http: ClientSession) -> None:
    """Missing parameters and a wrong password give the spec's reasons."""
    client = Camera(simulator, http)
    assert await client.fault("/cgi-bin/getuid") == (
        "/cgi-bin/getuid",
        "error, parse parameters",
    )
    assert (await client.fault("/cgi-bin/getuid", {"password": "x"}))[1] == (
        "error, parse username"
    )
    assert (await client.fault("/cgi-bin/getuid", {"username": "admin"}))[1] == (
        "error, parse password"
    )
    params = {"username": "admin", "password": "wrong"}
    assert (await client.fault("/cgi-bin/getuid", params))[1] == "password error"
    params = {"username": "nobody", "password": "123456"}
    assert (await client.fault("/cgi-bin/getuid", params))[1] == "password error"


async def test_missing_and_unknown_uid(
    simulator: Simulator, http: ClientSession
) -> None:
    """No uid is `error, parse uid`; an unknown one is `uid error`."""
    client = Camera(simulator, http)
    assert await client.fault("/cgi-bin/network") == (
        "/cgi-bin/network",
        "error, parse uid",
    )
    client.uid = "deadbeef"
    assert await client.fault("/cgi-bin/network") == ("/cgi-bin/network", "uid error")


async def test_uid_expires_after_60_idle_seconds(
    camera: Camera, sim_clock: ManualClock
) -> None:
    """Each successful request renews the uid; 60 s of silence expire it."""
    sim_clock.advance(50)
    await camera.xml("/cgi-bin/keep_alive")
    sim_clock.advance(50)
    await camera.xml("/cgi-bin/getcapabilities")
    sim_clock.advance(60.5)
    assert (await camera.fault("/cgi-bin/keep_alive"))[1] == "uid error"
    # an expired uid stays expired
    sim_clock.advance(-60)
    assert (await camera.fault("/cgi-bin/keep_alive"))[1] == "uid error"


async def test_failed_request_does_not_renew(
    camera: Camera, sim_clock: ManualClock
) -> None:
    """Only successful requests restart the timeout."""
    sim_clock.advance(50)
    await camera.fault("/cgi-bin/image", {"brightness": 999})
    sim_clock.advance(11)
    assert (await camera.fault("/cgi-bin/keep_alive"))[1] == "uid error"


async def test_set_uid_valid_time(camera: Camera, sim_clock: ManualClock) -> None:
    """3.39 changes the calling uid's valid time only."""
    other = Camera(camera.sim, camera.session)
    await other.login()
    reply = await camera.xml("/cgi-bin/setUidValidTime", {"validTime": 300})
    assert reply == {"SetUidValidTime": "Uid valid time is 300 sec"}
    assert await camera.xml("/cgi-bin/setUidValidTime") == reply
    sim_clock.advance(200)
    await camera.xml("/cgi-bin/keep_alive")
    assert (await other.fault("/cgi-bin/keep_alive"))[1] == "uid error"
    assert (await camera.fault("/cgi-bin/setUidValidTime", {"validTime": 0}))[1] == (
        "validTime error"
    )


async def test_expire_uids(camera: Camera, simulator: Simulator) -> None:
    """`expire_uids` invalidates every session; a new login works."""
    simulator.expire_uids()
    assert (await camera.fault("/cgi-bin/keep_alive"))[1] == "uid error"
    await camera.login()
    await camera.xml("/cgi-bin/keep_alive")


async def test_getinfo_without_uid(simulator: Simulator, http: ClientSession) -> None:
    """Without authentication getinfo answers only oem and mac_address."""
    client = Camera(simulator, http)
    assert await client.xml("/cgi-bin/getinfo") == {
        "info": {"@oem": "MC400L", "@mac_address": "F0:00:00:29:06:9F"}
    }
    await client.login()
    info = (await client.xml("/cgi-bin/getinfo"))["info"]
    assert info["@sn"] == "EF0000000029069F"
    assert info["@kernel"].startswith("Linux 3.18.30")
    assert info["@filesystem"] == "MC400L"


async def test_web_login(simulator: Simulator, http: ClientSession) -> None:
    """3.38 answers the web page for good credentials, `password error` otherwise."""
    client = Camera(simulator, http)
    status, body = await client.get(
        "/WEBlogin", {"username": "admin", "password": "123456"}
    )
    assert status == 200
    assert "IP Camera" in body
    params = {"username": "admin", "password": "nope"}
    assert await client.fault("/WEBlogin", params) == ("/WEBlogin", "password error")


async def test_odd_query_spacing(camera: Camera) -> None:
    """3.43 prints `getRelayStatus? uid=`: a key with a space still counts."""
    async with camera.session.get(
        f"{camera.sim.url}/cgi-bin/getRelayStatus?%20uid={camera.uid}"
    ) as resp:
        assert resp.status == 200
