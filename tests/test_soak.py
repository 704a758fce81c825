"""scripts/soak.py: what it counts in Home Assistant's log, and the RSS slope.

Tried on a small log written here, without Home Assistant, so a soak that
stops telling the coordinator's one line per outage from other errors fails.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
from pathlib import Path
import sys
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("soak", ROOT / "scripts" / "soak.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("soak", module)
    spec.loader.exec_module(module)
    return module


soak = _load()

LOG = """\
2026-12-06 18:22:41.120 ERROR (MainThread) [homeassistant.components.websocket_api.http.connection] [1] Error during service call to light.turn_on: Could not connect to the camera
2026-12-06 18:22:49.205 ERROR (MainThread) [custom_components.ipc_cgi.coordinator] Error fetching MC400L data: Could not connect to the camera
2026-12-06 18:23:09.215 ERROR (MainThread) [custom_components.ipc_cgi.coordinator] Error fetching MC400L data: Could not connect to the camera
2026-12-06 18:23:10.000 ERROR (MainThread) [custom_components.ipc_cgi.coordinator] Authentication failed while fetching MC400L-2 data: Invalid username or password
2026-12-06 18:23:11.000 WARNING (MainThread) [custom_components.ipc_cgi.coordinator] MC400L: reading image failed: HTTP 500
2026-12-06 18:23:12.000 ERROR (MainThread) [custom_components.ipc_cgi.switch] Unexpected error
Traceback (most recent call last):
  File "x.py", line 1, in <module>
ValueError: boom
"""


def _camera(index: int, title: str) -> object:
    return soak.CameraRun(index, 8080 + index, f"entry{index}", title, set(), "", {})


def test_read_log_allows_one_outage_line_per_fault(tmp_path: Path) -> None:
    """One coordinator line per fault of that camera; other ipc_cgi errors count."""
    path = tmp_path / "home-assistant.log"
    path.write_text(LOG, encoding="utf-8")
    runs = [_camera(0, "MC400L"), _camera(1, "MC400L-2")]
    faults = [soak.Fault(0, "offline", 10.0), soak.Fault(1, "password", 20.0)]

    tracebacks, errors, others = soak.read_log(path, runs, faults)

    assert tracebacks == 1
    assert [line[:23] for line in errors] == [
        "2026-12-06 18:23:09.215",  # camera 1's second outage line: one fault only
        "2026-12-06 18:23:12.000",  # not the coordinator's outage line
    ]
    assert [line[:23] for line in others] == ["2026-12-06 18:22:41.120"]


def test_read_log_without_faults_allows_no_outage_line(tmp_path: Path) -> None:
    """A camera that had no fault has no outage to log."""
    path = tmp_path / "home-assistant.log"
    path.write_text(LOG, encoding="utf-8")

    _, errors, _ = soak.read_log(
        path, [_camera(0, "MC400L"), _camera(1, "MC400L-2")], []
    )

    assert len(errors) == 4


def test_slope_per_second() -> None:
    """The least-squares slope: 1 MiB per hour from samples 5 s apart."""
    times = [5.0 * i for i in range(100)]
    rss = [200 + t / 3600 + (0.01 if i % 2 else -0.01) for i, t in enumerate(times)]

    assert abs(soak.slope(times, rss) * 3600 - 1.0) < 0.05
    assert soak.slope([1.0], [2.0]) == 0.0


def test_two_events_in_one_millisecond_are_two_fires() -> None:
    """An event entity's state is the time it fired, to the millisecond: not enough."""
    state = "2026-12-06T19:00:00.123+00:00"
    first = {"state": state, "attributes": {"start_time": "2026-12-07T03:01:06"}}
    second = {"state": state, "attributes": {"start_time": "2026-12-07T03:01:11"}}

    assert soak._fire(first) != soak._fire(second)
    assert soak._fire(first) == soak._fire(dict(first))


def _settled(t: float, mib: float) -> dict[str, float]:
    return {"t": t, "rss_mib_after_trim": mib}


def test_settled_growth_tells_a_leak_from_a_heap_reaching_its_size() -> None:
    """Steps in the first half (a heap reaching its working set) are not counted.

    A leak of 3 MiB an hour, steady, shows in the second half as it does in all
    of the run, and the noise of settled samples (10 kB) does not hide it.
    """
    minutes = [60.0 * i for i in range(1, 61)]
    steps = [_settled(t, 200 + 3 * (t > 300) + 4 * (t > 900)) for t in minutes]
    leak = [
        _settled(t, 200 + 3 * t / 3600 + (0.01 if i % 2 else -0.01))
        for i, t in enumerate(minutes)
    ]

    growth, hours = soak.settled_growth(steps, 1800)
    assert growth == 0.0
    assert abs(hours - 0.5) < 0.01
    growth, _ = soak.settled_growth(leak, 1800)
    assert abs(growth - 3.0) < 0.1
    assert soak.settled_growth(steps, 0)[0] > 2  # all of the run: steps counted


def test_motion_events_without_a_clip_match_the_latest_unseen_motion() -> None:
    """ONVIF motion names no clip: the camera's latest motion not seen yet.

    A motion lost to a fault stays unseen (excused); the one made after the
    fault is the one the next event is for.
    """
    motions = [
        soak.Motion(0, 10.0, "2026-12-07T03:00:10"),
        soak.Motion(1, 12.0, "2026-12-07T03:00:12"),
        soak.Motion(0, 20.0, "2026-12-07T03:00:20"),
    ]

    assert soak.match_motion(motions, 0, "2026-12-07T03:00:10", 25.0) is motions[0]
    assert soak.match_motion(motions, 0, "2026-12-07T03:00:11", 25.0) is None
    assert soak.match_motion(motions, 0, None, 15.0) is motions[0]
    assert soak.match_motion(motions, 0, None, 21.0) is motions[2]
    motions[2].seen = 21.0
    assert soak.match_motion(motions, 0, None, 22.0) is motions[0]
    motions[0].seen = 22.0
    assert soak.match_motion(motions, 0, None, 23.0) is None  # an event nobody made
    assert soak.match_motion(motions, 2, None, 23.0) is None


def test_motion_waits_until_the_last_motion_at_the_camera_ended() -> None:
    """Motion again while the camera's last motion lasts is no new event: it waits."""
    run = soak.CameraRun(0, 8080, "entry0", "MC400L", set(), "", {})
    assert run.motion_wait(5.0) == 0
    run.motion_ends = 10.0
    assert run.motion_wait(9.0) == 1.0 + soak.MOTION_GAP
    assert run.motion_wait(10.0 + soak.MOTION_GAP) == 0


async def test_descriptors_count_connections_to_the_cameras_apart(
    socket_enabled: None,
) -> None:
    """A TCP connection to a camera's port is told from the process's other descriptors."""
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    fds, to_cameras = soak.descriptors(os.getpid(), {port})
    _, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        more, to_cameras_then = soak.descriptors(os.getpid(), {port})
        assert more > fds
        assert to_cameras_then - to_cameras == 1  # not the accepted one's end
    finally:
        writer.close()
        server.close()
        await server.wait_closed()
