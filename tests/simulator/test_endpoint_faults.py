"""Endpoint faults: a path that always answers badly (--fault-endpoint, fault_endpoint)."""

from __future__ import annotations

import time

from aiohttp import ClientSession, ClientTimeout, ServerDisconnectedError
from aiohttp.test_utils import TestServer
import pytest

from ipc_simulator import EndpointFault, Simulator
from ipc_simulator.__main__ import build, parse_args
from ipc_simulator.endpoint_faults import (
    FAULT_REASON,
    LOGIN_HTML,
    MALFORMED_XML,
    NOT_FOUND_HTML,
    answer,
    parse_endpoint_fault,
)
from ipc_simulator.xml import DECLARATION

from .conftest import Camera

IMAGE = "/cgi-bin/image"


@pytest.mark.parametrize(
    ("kind", "status", "body"),
    [
        (EndpointFault.NOT_FOUND, 404, NOT_FOUND_HTML),
        (EndpointFault.HTTP_500, 500, "500 Internal Server Error"),
        (EndpointFault.MALFORMED, 200, MALFORMED_XML),
        (EndpointFault.EMPTY, 200, ""),
        (EndpointFault.HTML, 200, LOGIN_HTML),
        (EndpointFault.BARE, 200, f"{DECLARATION}<image/>"),
    ],
)
async def test_fixed_answers(
    camera: Camera,
    simulator: Simulator,
    kind: EndpointFault,
    status: int,
    body: str,
) -> None:
    """Each kind answers its way, every time; other paths and clearing restore normal answers."""
    simulator.fault_endpoint(IMAGE, kind)
    for _ in range(2):
        assert await camera.get(IMAGE) == (status, body)
    assert "osd" in await camera.xml("/cgi-bin/osd")
    simulator.fault_endpoint(IMAGE, None)
    assert "image" in await camera.xml(IMAGE)
    assert simulator.counters[IMAGE] == 3


async def test_fault(camera: Camera, simulator: Simulator) -> None:
    """`fault` answers the spec's fault document with HTTP 400, naming the path."""
    simulator.fault_endpoint(IMAGE, "fault")
    assert await camera.fault(IMAGE) == (IMAGE, FAULT_REASON)


async def test_bare_of_a_text_reply_and_of_a_jpeg(
    camera: Camera, simulator: Simulator
) -> None:
    """A text reply keeps only its root element; a JPEG becomes an empty body."""
    simulator.fault_endpoint("/cgi-bin/getRelayStatus", EndpointFault.BARE)
    simulator.fault_endpoint("/cgi-bin/snapshot.cgi", EndpointFault.BARE)
    assert await camera.get("/cgi-bin/getRelayStatus") == (
        200,
        f"{DECLARATION}<RelayStatus/>",
    )
    assert await camera.get("/cgi-bin/snapshot.cgi") == (200, "")


async def test_bare_handles_the_request(camera: Camera, simulator: Simulator) -> None:
    """`bare` cuts the reply, not the request: a set still applies."""
    simulator.fault_endpoint(IMAGE, EndpointFault.BARE)
    assert await camera.get(IMAGE, {"brightness": 7}) == (
        200,
        f"{DECLARATION}<image/>",
    )
    assert simulator.state.image.brightness == 7


async def test_one_fault_for_every_recording(
    camera: Camera, simulator: Simulator
) -> None:
    """`/playback/` stands for the download path of every recording (3.20)."""
    simulator.fault_endpoint("/playback/", EndpointFault.NOT_FOUND)
    filepath = simulator.state.recordings[0].filepath
    assert await camera.get(f"/playback{filepath}") == (404, NOT_FOUND_HTML)


async def test_ignore_answers_the_unchanged_settings(
    camera: Camera, simulator: Simulator
) -> None:
    """`ignore` drops a setter's settings: the reply shows what the camera keeps."""
    simulator.fault_endpoint("/cgi-bin/setRelayStatus", EndpointFault.IGNORE)
    simulator.fault_endpoint(IMAGE, EndpointFault.IGNORE)
    simulator.fault_endpoint("/cgi-bin/userosd", EndpointFault.IGNORE)
    simulator.state.relay_closed = True

    _, body = await camera.get("/cgi-bin/setRelayStatus", {"status": 0})
    assert "set status=1" in body
    image = await camera.xml(IMAGE, {"brightness": 100})
    assert image["image"]["@brightness"] == "128"
    osd = await camera.xml("/cgi-bin/userosd", {"title_index": 2, "title_utf8": "x"})
    assert osd["userosd"]["@title_index"] == "2"
    assert simulator.state.relay_closed is True
    assert simulator.state.image.brightness == 128
    assert simulator.state.user_osds[2].title == ""


async def test_timeout_holds_the_request(
    simulator: Simulator, camera: Camera, http: ClientSession
) -> None:
    """`timeout` answers nothing: the client gives up; after `hold_seconds` it is dropped."""
    simulator.fault_endpoint(IMAGE, EndpointFault.TIMEOUT)
    url = f"{simulator.url}{IMAGE}"
    with pytest.raises(TimeoutError):
        async with http.get(url, timeout=ClientTimeout(total=0.05)):
            pass
    simulator.hold_seconds = 0
    with pytest.raises(ServerDisconnectedError):
        async with http.get(url):
            pass


async def test_shutdown_ends_held_requests(socket_enabled: None) -> None:
    """A server with held requests shuts down at once, not after `hold_seconds`."""
    sim = Simulator()
    sim.fault_endpoint(IMAGE, EndpointFault.TIMEOUT)
    server = TestServer(sim.app, host="127.0.0.1")
    await server.start_server(access_log=None)
    async with ClientSession() as http:
        with pytest.raises(TimeoutError):
            async with http.get(
                f"http://127.0.0.1:{server.port}{IMAGE}",
                timeout=ClientTimeout(total=0.05),
            ):
                pass
    started = time.monotonic()
    await server.close()
    assert time.monotonic() - started < sim.hold_seconds / 2


def test_unknown_paths_and_kinds_are_refused() -> None:
    """Only endpoints of the camera and the known kinds are accepted."""
    sim = Simulator()
    with pytest.raises(ValueError, match="not an endpoint of the camera: /x"):
        sim.fault_endpoint("/x", "404")
    with pytest.raises(ValueError, match="meteor"):
        sim.fault_endpoint(IMAGE, "meteor")
    with pytest.raises(ValueError, match="expected PATH:KIND"):
        parse_endpoint_fault("404")
    with pytest.raises(ValueError, match="KIND must be one of 404, fault"):
        parse_endpoint_fault(f"{IMAGE}:meteor")
    with pytest.raises(ValueError, match="bare needs the real reply"):
        answer(EndpointFault.BARE, IMAGE)
    assert sim.endpoint_faults == {}


def test_cli_flag() -> None:
    """--fault-endpoint PATH:KIND is repeatable; a bad one is a usage error."""
    sim = build(
        parse_args(
            [
                "--fault-endpoint",
                "/cgi-bin/image:500",
                "--fault-endpoint",
                "/cgi-bin/videoencoder/getcapabilities:timeout",
            ]
        )
    )
    assert sim.endpoint_faults == {
        IMAGE: EndpointFault.HTTP_500,
        "/cgi-bin/videoencoder/getcapabilities": EndpointFault.TIMEOUT,
    }
    for bad in ("/cgi-bin/image:meteor", "/cgi-bin/nothing:404", "500"):
        with pytest.raises(SystemExit):
            parse_args(["--fault-endpoint", bad])


async def test_control_api(camera: Camera, simulator: Simulator) -> None:
    """GET, POST (PATH:KIND strings or objects; null kind removes) and DELETE."""
    url = f"{simulator.url}/__sim__/endpoint_faults"
    http = camera.session
    async with http.post(url, json=["/cgi-bin/image:html"]) as resp:
        assert await resp.json() == {IMAGE: "html"}
    async with http.post(
        url,
        json=[
            {"path": "/cgi-bin/osd", "kind": "bare"},
            {"path": IMAGE, "kind": None},
        ],
    ) as resp:
        assert await resp.json() == {"/cgi-bin/osd": "bare"}
    async with http.post(url, json={"path": "/cgi-bin/rtsp", "kind": "timeout"}):
        pass
    async with http.get(url) as resp:
        assert await resp.json() == {
            "/cgi-bin/osd": "bare",
            "/cgi-bin/rtsp": "timeout",
        }
    assert (await camera.get("/cgi-bin/osd"))[1] == f"{DECLARATION}<osd/>"
    for bad in ('"/cgi-bin/x:404"', '{"path": "/cgi-bin/osd"}', "[1]", "not json"):
        async with http.post(url, data=bad) as resp:
            assert resp.status == 400
    async with http.delete(url) as resp:
        assert await resp.json() == {}
    assert simulator.endpoint_faults == {}
