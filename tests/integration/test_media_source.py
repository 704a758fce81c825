"""The media browser: camera, day, kind of recording, clip; and what each step costs."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
import jwt
import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)
from pytest_homeassistant_custom_component.typing import (  # type: ignore[import-untyped]
    WebSocketGenerator,
)

from custom_components.ipc_cgi import media_source
from custom_components.ipc_cgi.const import CONF_SYNC_CLOCK, DOMAIN
from custom_components.ipc_cgi.ipccgi import RecordMode
from custom_components.ipc_cgi.recordings import RECORDING_DAYS
from homeassistant.components.media_source import (
    BrowseMediaSource,
    Unresolvable,
    async_browse_media,
    async_resolve_media,
)
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import homeassistant.util.dt as dt_util
from ipc_simulator import ManualClock, Simulator
from ipc_simulator.endpoints.common import camera_now
from ipc_simulator.state import Recording, make_recording

from .conftest import poll, setup_entry

QUERY = "/cgi-bin/get_record_query"
ROOT = f"media-source://{DOMAIN}"


@pytest.fixture
async def camera(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> MockConfigEntry:
    """Set up media_source with one camera; forget the setup's requests."""
    assert await async_setup_component(hass, "media_source", {})
    await hass.async_block_till_done()
    simulator.reset_counters()
    return init_integration


def camera_today(simulator: Simulator) -> date:
    """Return the simulator's date, by which it named its recordings."""
    return camera_now(simulator.state.time).date()


async def browse(ws: Any, media_content_id: str) -> dict[str, Any]:
    """Browse through the websocket API, as the frontend does."""
    await ws.send_json_auto_id(
        {"type": "media_source/browse_media", "media_content_id": media_content_id}
    )
    reply = await ws.receive_json()
    assert reply["success"], reply
    result: dict[str, Any] = reply["result"]
    return result


def titles(node: dict[str, Any]) -> list[str]:
    """Return the titles of a node's children."""
    return [child["title"] for child in node["children"]]


async def test_browse_cameras_days_kinds_clips(
    hass: HomeAssistant,
    camera: MockConfigEntry,
    simulator: Simulator,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """The tree and its cost: 30 queries once, then today's; one per kind."""
    ws = await hass_ws_client(hass)
    today = camera_today(simulator)
    root = await browse(ws, ROOT)
    assert root["title"] == "IPC CGI Camera"
    assert titles(root) == [camera.title]
    assert root["children"][0]["media_content_id"] == f"{ROOT}/{camera.entry_id}"
    assert simulator.counters[QUERY] == 0

    days = await browse(ws, f"{ROOT}/{camera.entry_id}")
    week = [(today - timedelta(days=back)).isoformat() for back in range(7)]
    assert titles(days) == week  # newest first; days without recordings left out
    assert all(child["can_expand"] for child in days["children"])
    assert simulator.counters[QUERY] == RECORDING_DAYS
    simulator.reset_counters()
    await browse(ws, f"{ROOT}/{camera.entry_id}")
    assert simulator.counters[QUERY] == 1  # past days are known: only today again

    simulator.reset_counters()
    yesterday = today - timedelta(days=1)
    day = await browse(ws, f"{ROOT}/{camera.entry_id}/{yesterday}")
    assert titles(day) == ["Scheduled (2)", "Motion (1)"]
    assert simulator.counters[QUERY] == 0  # known from the camera's node
    day = await browse(ws, f"{ROOT}/{camera.entry_id}/{today}")
    assert titles(day) == ["Scheduled (1)", "Motion (1)", "Alarm (1)"]
    assert simulator.counters[QUERY] == 1  # today is read again

    simulator.reset_counters()
    client = camera.runtime_data.client
    with patch.object(client, "get_recordings", wraps=client.get_recordings) as spy:
        clips = await browse(ws, f"{ROOT}/{camera.entry_id}/{yesterday}/scheduled")
    spy.assert_called_once_with(yesterday, record_mode=RecordMode.SCHEDULE)
    assert simulator.counters[QUERY] == 1
    folder = f"{yesterday:%Y%m%d}"
    sizes = {r.filepath: r.size for r in simulator.state.recordings}
    expected = [
        f"/mnt/mmc0/schedule/{folder}/080000-av-1.mp4",
        f"/mnt/mmc0/schedule/{folder}/184510-av-1.mp4",
    ]
    assert [child["media_content_id"] for child in clips["children"]] == [
        f"{ROOT}/{camera.entry_id}/clip{path}" for path in expected
    ]
    assert titles(clips) == [
        f"08:00:00 · {sizes[expected[0]] / 1000:.0f} kB",
        f"18:45:10 · {sizes[expected[1]] / 1000:.0f} kB",
    ]
    for child in clips["children"]:
        assert child["can_play"] is True
        assert child["can_expand"] is False
        assert child["media_class"] == "video"
        assert child["media_content_type"] == "video/mp4"


async def test_day_scan_lets_commands_go_first(
    hass: HomeAssistant, camera: MockConfigEntry, simulator: Simulator
) -> None:
    """A command sent while the camera's days are read waits for one query only."""
    client = camera.runtime_data.client
    original = client.get_recordings
    queries_before_command: list[int] = []

    async def command() -> None:
        await client.set_relay(True)
        queries_before_command.append(simulator.counters[QUERY])

    async def get_recordings(day: date) -> Any:
        if not queries_before_command and simulator.counters[QUERY] == 1:
            hass.async_create_task(command())
        return await original(day)

    with patch.object(client, "get_recordings", get_recordings):
        await async_browse_media(hass, f"{ROOT}/{camera.entry_id}")
    await hass.async_block_till_done()
    assert simulator.state.relay_closed is True
    assert queries_before_command in ([1], [2])  # not the other 28
    assert simulator.counters[QUERY] == RECORDING_DAYS


async def test_kind_names_follow_the_language(
    hass: HomeAssistant, camera: MockConfigEntry, simulator: Simulator
) -> None:
    """The kinds are named in Home Assistant's language."""
    hass.config.language = "zh-Hans"
    today = camera_today(simulator)
    day = await async_browse_media(hass, f"{ROOT}/{camera.entry_id}/{today}")
    assert [child.title for child in day.children or []] == [
        "定时录像 (1)",
        "移动侦测录像 (1)",
        "告警录像 (1)",
    ]


async def test_day_read_when_not_known(
    hass: HomeAssistant, camera: MockConfigEntry, simulator: Simulator
) -> None:
    """A day opened directly (a bookmark) is read once, then known."""
    day = camera_today(simulator) - timedelta(days=4)
    for _ in range(2):
        node = await async_browse_media(hass, f"{ROOT}/{camera.entry_id}/{day}")
        assert [child.title for child in node.children or []] == [
            "Scheduled (2)",
            "Motion (1)",
            "Alarm (1)",
        ]
    assert simulator.counters[QUERY] == 1


async def test_two_cameras(
    hass: HomeAssistant, camera: MockConfigEntry, simulator: Simulator
) -> None:
    """Each loaded camera is a node; one not loaded is not listed."""
    other = MockConfigEntry(
        domain=DOMAIN, title="Garage", data=dict(camera.data), unique_id="other"
    )
    await setup_entry(hass, other)
    root = await async_browse_media(hass, ROOT)
    assert [child.title for child in root.children or []] == ["Garage", camera.title]
    await hass.config_entries.async_unload(other.entry_id)
    root = await async_browse_media(hass, ROOT)
    assert [child.title for child in root.children or []] == [camera.title]


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("unknown-entry", "camera_not_loaded"),
        ("{entry}/2025-13-01", "unknown_recording"),
        ("{entry}/2025-01-01/sometimes", "unknown_recording"),
    ],
)
async def test_browse_refuses_unknown_nodes(
    hass: HomeAssistant,
    camera: MockConfigEntry,
    simulator: Simulator,
    hass_ws_client: WebSocketGenerator,
    path: str,
    key: str,
) -> None:
    """A node that is no camera, day or kind is an error, and asks the camera nothing."""
    ws = await hass_ws_client(hass)
    await ws.send_json_auto_id(
        {
            "type": "media_source/browse_media",
            "media_content_id": f"{ROOT}/{path.format(entry=camera.entry_id)}",
        }
    )
    reply = await ws.receive_json()
    assert reply["success"] is False
    assert reply["error"]["code"] == "browse_media_failed"
    assert simulator.counters == {}
    message = {
        "camera_not_loaded": "No loaded IPC CGI camera has the config entry ID",
        "unknown_recording": "is not a recording of an IPC CGI camera",
    }[key]
    assert message in reply["error"]["message"]


async def test_browse_camera_errors(
    hass: HomeAssistant, camera: MockConfigEntry, simulator: Simulator
) -> None:
    """A camera fault or outage while browsing is a translated error with its reason."""
    simulator.state.sd_cards = [0, 0]
    with pytest.raises(Exception, match="sd card not mounted") as err:
        await async_browse_media(hass, f"{ROOT}/{camera.entry_id}")
    assert getattr(err.value, "translation_key", None) == "camera_fault"
    simulator.set_offline(True)
    today = camera_today(simulator)
    with pytest.raises(Exception, match="Could not connect") as err:
        await async_browse_media(hass, f"{ROOT}/{camera.entry_id}/{today}/motion")
    assert getattr(err.value, "translation_key", None) == "cannot_connect"


async def test_resolve(
    hass: HomeAssistant, camera: MockConfigEntry, simulator: Simulator
) -> None:
    """A clip resolves to a signed URL of Home Assistant, without asking the camera."""
    recording = simulator.state.recordings[-1]
    media = await async_resolve_media(
        hass, f"{ROOT}/{camera.entry_id}/clip{recording.filepath}", None
    )
    path, _, query = media.url.partition("?")
    assert path == f"/api/{DOMAIN}/recording/{camera.entry_id}{recording.filepath}"
    assert query.startswith("authSig=")
    claims = jwt.decode(
        query.removeprefix("authSig="), options={"verify_signature": False}
    )
    assert claims["path"] == path
    assert claims["exp"] - claims["iat"] == 24 * 3600
    assert media.mime_type == "video/mp4"
    assert simulator.counters == {}


@pytest.mark.parametrize(
    "identifier",
    [
        "{entry}/2025-01-01",
        "{entry}/clip/",
        "{entry}/clip/mnt/../etc/passwd",
        "other/clip/a.mp4",
    ],
)
async def test_resolve_refuses(
    hass: HomeAssistant, camera: MockConfigEntry, identifier: str
) -> None:
    """Only a clip of a loaded camera resolves."""
    with pytest.raises(Unresolvable):
        await async_resolve_media(
            hass, f"{ROOT}/{identifier.format(entry=camera.entry_id)}", None
        )


async def test_days_by_home_assistant_without_the_camera_clock(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
) -> None:
    """While the camera's clock is unknown (its state read fails), HA's date is used.

    Noon of the 15th in Home Assistant's zone (US/Pacific); the camera
    (GMT+08:00) is in the 16th.
    """
    days = [date(2026, 1, 14), date(2026, 1, 15), date(2026, 1, 16)]
    await _set_up_at(
        hass,
        mock_config_entry,
        simulator,
        freezer,
        "2026-01-15 20:00:00+00:00",
        [make_recording(day, "000500", 2, 3, 1, 2) for day in days],
    )
    simulator.fault_endpoint("/cgi-bin/getDevState", "fault")
    await poll(hass, freezer, sim_clock)
    assert mock_config_entry.runtime_data.coordinator.data.device_state is None
    node = await async_browse_media(hass, f"{ROOT}/{mock_config_entry.entry_id}")
    assert _titles(node) == ["2026-01-15", "2026-01-14"]


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 B"),
        (999, "999 B"),
        (1499, "1 kB"),
        (999_499, "999 kB"),
        (999_500, "1.0 MB"),
        (31_234_567, "31.2 MB"),
    ],
)
def test_sizes(size: int, text: str) -> None:
    """Clip sizes read as kB below a megabyte, else MB with one decimal."""
    assert media_source._size(size) == text


# --- the camera's date is not Home Assistant's -----------------------------------------


async def _set_up_at(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
    instant: str,
    recordings: list[Recording],
) -> None:
    """Set the camera up at `instant` (UTC) with `recordings`, its clock left as it is."""
    freezer.move_to(instant)
    simulator.state.recordings = recordings
    await setup_entry(hass, entry, options={CONF_SYNC_CLOCK: False})
    assert await async_setup_component(hass, "media_source", {})
    await hass.async_block_till_done()  # it finds the integration's platform


def _titles(node: BrowseMediaSource) -> list[str]:
    return [child.title for child in node.children or []]


@pytest.mark.parametrize(
    ("zone", "instant", "camera_day"),
    [
        # Home Assistant in Eucla (UTC+08:45, a zone 3.8 cannot name), the camera
        # in GMT+08:00: at 00:20 on Home Assistant's 16th, the camera's is 15th 23:35.
        ("Australia/Eucla", "2026-01-15 15:35:00+00:00", date(2026, 1, 15)),
        # Home Assistant in US/Pacific (GMT-08:00), the camera in GMT+08:00: at
        # noon on Home Assistant's 15th, the camera's is 16th 04:00.
        ("US/Pacific", "2026-01-15 20:00:00+00:00", date(2026, 1, 16)),
    ],
)
async def test_days_are_the_camera_s(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    zone: str,
    instant: str,
    camera_day: date,
) -> None:
    """The newest day is the camera's, and it stays today: a clip made later shows."""
    await hass.config.async_set_time_zone(zone)
    day_before = camera_day - timedelta(days=1)
    await _set_up_at(
        hass,
        mock_config_entry,
        simulator,
        freezer,
        instant,
        [
            make_recording(day_before, "080000", 2, 3, 1, 2),
            make_recording(camera_day, "000500", 2, 3, 1, 2),
        ],
    )
    assert camera_today(simulator) == camera_day
    assert dt_util.now().date() != camera_day
    camera = f"{ROOT}/{mock_config_entry.entry_id}"
    days = await async_browse_media(hass, camera)
    assert _titles(days) == [camera_day.isoformat(), day_before.isoformat()]
    day = await async_browse_media(hass, f"{camera}/{camera_day}")
    assert _titles(day) == ["Scheduled (1)"]

    await poll(hass, freezer, sim_clock, seconds=60)
    simulator.record_motion()
    days = await async_browse_media(hass, camera)
    assert _titles(days) == [camera_day.isoformat(), day_before.isoformat()]
    day = await async_browse_media(hass, f"{camera}/{camera_day}")
    assert _titles(day) == ["Scheduled (1)", "Motion (1)"]


async def test_camera_midnight_between_polls(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Browsed after the camera's midnight, before the next poll: its new day shows.

    The day before, browsed while it was today, shows the clips of its last
    minutes too.
    """
    # 23:59:00 on the camera's 15th (GMT+08:00); the poll reads its clock then.
    day_before, new_day = date(2026, 1, 15), date(2026, 1, 16)
    await _set_up_at(
        hass,
        mock_config_entry,
        simulator,
        freezer,
        "2026-01-15 15:59:00+00:00",
        [make_recording(day_before, "080000", 2, 3, 1, 2)],
    )
    camera = f"{ROOT}/{mock_config_entry.entry_id}"
    assert _titles(await async_browse_media(hass, camera)) == [day_before.isoformat()]
    assert _titles(await async_browse_media(hass, f"{camera}/{day_before}")) == [
        "Scheduled (1)"
    ]

    freezer.tick(timedelta(seconds=50))  # no poll since 23:59:00
    simulator.record_motion()  # 23:59:50
    freezer.tick(timedelta(seconds=20))
    simulator.record_motion()  # 00:00:10
    assert camera_today(simulator) == new_day
    days = await async_browse_media(hass, camera)
    assert _titles(days) == [new_day.isoformat(), day_before.isoformat()]
    assert _titles(await async_browse_media(hass, f"{camera}/{day_before}")) == [
        "Scheduled (1)",
        "Motion (1)",
    ]
    assert _titles(await async_browse_media(hass, f"{camera}/{new_day}")) == [
        "Motion (1)"
    ]
