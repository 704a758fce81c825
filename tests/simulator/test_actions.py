"""PTZ, relay, alarms, reboot and factory reset (3.5, 3.6, 3.15, 3.26, 3.40, 3.43, 3.44)."""

from __future__ import annotations

from aiohttp import ClientConnectionError, ClientSession
import pytest

from ipc_simulator import ManualClock, Simulator

from .conftest import Camera, is_online


async def test_ptz_moves_and_stops(camera: Camera, simulator: Simulator) -> None:
    """A move shows in the state until stop; zoom, focus and iris too."""
    ptz = simulator.state.ptz
    params = {"move_x": -1, "move_y": 1, "speed": 7}
    assert await camera.xml("/cgi-bin/ptz_ctrl", params) == {"ptz_ctrl": "true"}
    assert (ptz.moving_x, ptz.moving_y, ptz.speed) == (-1, 1, 7)
    await camera.xml("/cgi-bin/ptz_ctrl", {"zoom": 1})
    await camera.xml("/cgi-bin/ptz_ctrl", {"focus": -1})
    await camera.xml("/cgi-bin/ptz_ctrl", {"iris": 1})
    assert (ptz.zoom, ptz.focus, ptz.iris) == (1, -1, 1)
    await camera.xml("/cgi-bin/ptz_ctrl", {"stop": 1})
    assert (ptz.moving_x, ptz.moving_y, ptz.zoom, ptz.focus, ptz.iris) == (
        0,
        0,
        0,
        0,
        0,
    )


async def test_ptz_presets(camera: Camera, simulator: Simulator) -> None:
    """Presets 1..255 are added, called and deleted."""
    ptz = simulator.state.ptz
    await camera.xml("/cgi-bin/ptz_ctrl", {"add_preset": 255})
    await camera.xml("/cgi-bin/ptz_ctrl", {"add_preset": 1})
    await camera.xml("/cgi-bin/ptz_ctrl", {"call_preset": 255})
    assert ptz.last_preset == 255
    await camera.xml("/cgi-bin/ptz_ctrl", {"delete_preset": 1})
    assert ptz.presets == {255}


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"move_x": 2, "move_y": 0}, "move_x range: -1,0,1"),
        ({"move_x": 1, "move_y": 0, "speed": 11}, "speed range: 1-10"),
        ({"call_preset": 0}, "call_preset range: 1-255"),
        ({"add_preset": 256}, "add_preset range: 1-255"),
        ({"zoom": "in"}, "zoom range: -1,0,1"),
        ({}, "error, parse parameters"),
    ],
)
async def test_ptz_faults(
    camera: Camera, simulator: Simulator, params: dict[str, str | int], reason: str
) -> None:
    """Bad PTZ parameters give the spec's style of reason and move nothing."""
    assert await camera.fault("/cgi-bin/ptz_ctrl", params) == (
        "/cgi-bin/ptz_ctrl",
        reason,
    )
    assert simulator.state.ptz.moving_x == 0
    assert simulator.state.ptz.presets == set()


async def test_ptz_unsupported(camera: Camera, simulator: Simulator) -> None:
    """A camera without PTZ refuses PTZ commands."""
    simulator.state.capabilities.ptz = False
    assert (await camera.fault("/cgi-bin/ptz_ctrl", {"stop": 1}))[
        1
    ] == "ptz not support"


async def test_relay(camera: Camera, simulator: Simulator) -> None:
    """3.43/3.44 text payloads follow the relay."""
    assert await camera.xml("/cgi-bin/getRelayStatus") == {"RelayStatus": "status=0"}
    reply = await camera.xml("/cgi-bin/setRelayStatus", {"status": 1})
    assert reply == {"RelayStatus": " set status=1"}
    assert simulator.state.relay_closed is True
    assert await camera.xml("/cgi-bin/getRelayStatus") == {"RelayStatus": "status=1"}
    assert (await camera.fault("/cgi-bin/setRelayStatus", {"status": 2}))[1] == (
        "status: 0 or 1"
    )
    simulator.state.relay_faulty = True
    status, body = await camera.get("/cgi-bin/getRelayStatus")
    assert status == 400
    assert "<RelayStatus>Get status(0) fail</RelayStatus>" in body


async def test_manual_input_alarm(camera: Camera, simulator: Simulator) -> None:
    """3.40 counts the triggers."""
    reply = await camera.xml("/cgi-bin/setManualInputAlarm")
    assert reply == {"ManualInputAlarm": "successful"}
    assert simulator.state.input_alarm_count == 1


async def test_reboot_window(
    camera: Camera, simulator: Simulator, sim_clock: ManualClock
) -> None:
    """After the reply the camera drops connections until reboot_seconds pass; uids are gone."""
    assert await camera.xml("/cgi-bin/reboot") == {"reboot": "true"}
    assert not is_online(simulator)
    with pytest.raises(ClientConnectionError):
        await camera.get("/cgi-bin/getinfo")
    sim_clock.advance(simulator.reboot_seconds)
    assert is_online(simulator)
    assert (await camera.fault("/cgi-bin/keep_alive"))[1] == "uid error"
    await camera.login()
    state = await camera.xml("/cgi-bin/getDevState")
    assert state["DevState"]["@run_time"] == "0-0-0-0"
    # dropped requests are counted too (aiohttp may retry a GET on a reused connection)
    assert simulator.counters["/cgi-bin/getinfo"] >= 1


async def test_factory_reset(
    camera: Camera, simulator: Simulator, sim_clock: ManualClock
) -> None:
    """Settings and users go back to the defaults; the network goes too."""
    await camera.xml("/cgi-bin/image", {"brightness": 1})
    await camera.xml("/cgi-bin/network", {"ipaddr": "10.0.0.9"})
    await camera.xml(
        "/cgi-bin/user_management",
        {
            "action": "add",
            "name": "bob",
            "newpasswd": "x",
            "privilege": "User",
            "enable": "Enable",
        },
    )
    assert await camera.xml("/cgi-bin/factory_reset") == {"factory_reset": "true"}
    sim_clock.advance(simulator.reboot_seconds)
    await camera.login()
    assert (await camera.xml("/cgi-bin/image"))["image"]["@brightness"] == "128"
    assert (await camera.xml("/cgi-bin/network"))["network"][
        "@ipaddr"
    ] == "192.168.0.10"
    assert list(simulator.state.users) == ["admin"]


async def test_factory_reset_retains_network(
    camera: Camera, simulator: Simulator, sim_clock: ManualClock
) -> None:
    """retain_network=1 keeps the network settings."""
    await camera.xml("/cgi-bin/network", {"ipaddr": "10.0.0.9"})
    await camera.xml("/cgi-bin/factory_reset", {"retain_network": 1})
    simulator.set_offline(False)
    await camera.login()
    assert (await camera.xml("/cgi-bin/network"))["network"]["@ipaddr"] == "10.0.0.9"


async def test_factory_reset_faults(camera: Camera, simulator: Simulator) -> None:
    """retain_network must be 0 or 1 and not empty; nothing resets then."""
    assert (await camera.fault("/cgi-bin/factory_reset", {"retain_network": 2}))[1] == (
        "retain_network 0 or 1"
    )
    assert (await camera.fault("/cgi-bin/factory_reset", {"retain_network": ""}))[
        1
    ] == ("retain_network: NULL")
    assert is_online(simulator)


async def test_offline(simulator: Simulator, http: ClientSession) -> None:
    """set_offline drops every connection until set back."""
    client = Camera(simulator, http)
    simulator.set_offline(True)
    with pytest.raises(ClientConnectionError):
        await client.get("/cgi-bin/getinfo")
    simulator.set_offline(False)
    await client.xml("/cgi-bin/getinfo")
