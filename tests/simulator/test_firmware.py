"""Older firmware: the endpoints later revisions added answer HTTP 404."""

from __future__ import annotations

import pytest

from ipc_simulator import Simulator
from ipc_simulator.__main__ import build, parse_args
from ipc_simulator.endpoint_faults import NOT_FOUND_HTML
from ipc_simulator.firmware import endpoints_after

from .conftest import Camera

ADDED_IN_1_0_10 = {
    "/WEBlogin",
    "/cgi-bin/setUidValidTime",
    "/cgi-bin/setManualInputAlarm",
    "/cgi-bin/onvif",
    "/cgi-bin/rtsp",
    "/cgi-bin/getRelayStatus",
    "/cgi-bin/setRelayStatus",
    "/cgi-bin/setShutterSpeed",
    "/cgi-bin/setDeviceName",
}
ADDED_IN_1_0_9 = {"/cgi-bin/set_ircut", "/cgi-bin/set_led", "/cgi-bin/set_service_port"}


def test_endpoints_after_follows_the_revise_record() -> None:
    """Each firmware lacks what the later revisions of the spec added."""
    assert endpoints_after("1.0.10") == set()
    assert endpoints_after("1.0.9") == ADDED_IN_1_0_10
    assert endpoints_after("1.0.8") == ADDED_IN_1_0_10 | ADDED_IN_1_0_9
    assert "/cgi-bin/userosd" in endpoints_after("1.0.6")
    assert "/cgi-bin/motion" in endpoints_after("1.0.0")
    assert "/cgi-bin/getinfo" not in endpoints_after("1.0.0")


def test_unknown_firmware_and_paths_are_refused() -> None:
    """A version the record does not name, or a path that is no endpoint, is an error."""
    with pytest.raises(ValueError, match="unknown firmware '1.0.7'"):
        endpoints_after("1.0.7")
    with pytest.raises(ValueError, match="not endpoints of the camera: /cgi-bin/x"):
        Simulator(missing_endpoints=["/cgi-bin/x"])
    sim = Simulator(missing_endpoints=["/cgi-bin/rtsp"])
    with pytest.raises(ValueError, match="/nothing"):
        sim.missing_endpoints = frozenset({"/cgi-bin/onvif", "/nothing"})
    assert sim.missing_endpoints == {"/cgi-bin/rtsp"}


async def test_missing_endpoint_answers_like_an_old_web_server(
    simulator: Simulator, camera: Camera
) -> None:
    """A missing CGI answers HTTP 404 with a small HTML page; the others still work."""
    simulator.missing_endpoints = endpoints_after("1.0.9")
    status, body = await camera.get("/cgi-bin/getRelayStatus")
    assert (status, body) == (404, NOT_FOUND_HTML)
    status, _ = await camera.get("/cgi-bin/setRelayStatus", {"status": 1})
    assert status == 404
    assert simulator.state.relay_closed is False
    assert "IrCut" in await camera.xml("/cgi-bin/set_ircut")
    assert simulator.counters["/cgi-bin/getRelayStatus"] == 1

    simulator.missing_endpoints = frozenset()
    assert "RelayStatus" in await camera.xml("/cgi-bin/getRelayStatus")


async def test_missing_playback(simulator: Simulator, camera: Camera) -> None:
    """The playback prefix can be missing as a whole."""
    url = f"{simulator.url}/playback{simulator.state.recordings[0].filepath}"
    async with camera.session.get(url) as resp:
        assert resp.status == 200
    simulator.missing_endpoints = frozenset({"/playback/"})
    async with camera.session.get(url) as resp:
        assert resp.status == 404


def test_cli_firmware_and_missing_endpoint() -> None:
    """--firmware removes later endpoints, --missing-endpoint adds single paths."""
    assert build(parse_args([])).missing_endpoints == set()
    args = parse_args(["--firmware", "1.0.9", "--missing-endpoint", "/cgi-bin/set_led"])
    assert build(args).missing_endpoints == ADDED_IN_1_0_10 | {"/cgi-bin/set_led"}
    assert build(parse_args(["--firmware", "1.0.8"])).missing_endpoints == (
        ADDED_IN_1_0_10 | ADDED_IN_1_0_9
    )


@pytest.mark.parametrize(
    "argv", [["--firmware", "1.0.7"], ["--missing-endpoint", "/cgi-bin/nothing"]]
)
def test_cli_refuses_bad_firmware(argv: list[str]) -> None:
    """An unknown version or path is a usage error."""
    with pytest.raises(SystemExit):
        parse_args(argv)
