"""Home Assistant's recording view: signed URLs, byte ranges, chunks, errors."""

from __future__ import annotations

import math
from typing import Any
from unittest.mock import patch

import aiohttp
from aiohttp import web
import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)
from pytest_homeassistant_custom_component.typing import (  # type: ignore[import-untyped]
    ClientSessionGenerator,
    WebSocketGenerator,
)

from custom_components.ipc_cgi import views
from custom_components.ipc_cgi.const import DOMAIN
from custom_components.ipc_cgi.ipccgi import playback
from custom_components.ipc_cgi.ipccgi.media import STREAM_CHUNK_BYTES
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from ipc_simulator import Simulator
from ipc_simulator.state import Recording


@pytest.fixture
async def camera(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> MockConfigEntry:
    """Set up media_source with one camera; forget the setup's requests."""
    assert await async_setup_component(hass, "media_source", {})
    await hass.async_block_till_done()
    simulator.reset_counters()
    return init_integration


@pytest.fixture
def recording(simulator: Simulator) -> Recording:
    """Return the simulator's largest recording (more than three chunks)."""
    largest = max(simulator.state.recordings, key=lambda recording: recording.size)
    assert largest.size > 2 * STREAM_CHUNK_BYTES
    return largest


async def signed_url(
    hass: HomeAssistant,
    ws_client: WebSocketGenerator,
    entry: MockConfigEntry,
    filepath: str,
) -> str:
    """Resolve a clip through the websocket API, as the frontend does: a signed path."""
    ws = await ws_client(hass)
    await ws.send_json_auto_id(
        {
            "type": "media_source/resolve_media",
            "media_content_id": f"media-source://{DOMAIN}/{entry.entry_id}/clip{filepath}",
        }
    )
    reply = await ws.receive_json()
    assert reply["success"], reply
    assert reply["result"]["mime_type"] == "video/mp4"
    url: str = reply["result"]["url"]
    return url


def playbacks(simulator: Simulator, recording: Recording) -> int:
    """Return how many requests the camera served for the recording."""
    return simulator.counters[f"/playback{recording.filepath}"]


async def test_whole_file(
    hass: HomeAssistant,
    camera: MockConfigEntry,
    simulator: Simulator,
    recording: Recording,
    hass_ws_client: WebSocketGenerator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    """Without Range: 200, the camera's exact bytes, passed on chunk by chunk."""
    url = await signed_url(hass, hass_ws_client, camera, recording.filepath)
    client = await hass_client_no_auth()
    writes: list[int] = []
    original = web.StreamResponse.write

    async def write(response: web.StreamResponse, data: bytes) -> None:
        writes.append(len(data))
        await original(response, data)

    with patch.object(web.StreamResponse, "write", write):
        response = await client.get(url)
        body = await response.read()
    assert response.status == 200
    assert body == recording.data
    assert response.headers["Content-Type"] == "video/mp4"
    assert response.headers["Content-Length"] == str(recording.size)
    assert response.headers["Accept-Ranges"] == "bytes"
    assert "Content-Range" not in response.headers
    # Never the whole file at once: at most one chunk per write.
    assert len(writes) > 1
    assert max(writes) <= STREAM_CHUNK_BYTES
    assert sum(writes) == recording.size
    assert playbacks(simulator, recording) == 1


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=100-199", 100, 199),
        ("bytes=0-", 0, None),
        ("bytes=150000-", 150_000, None),
        ("bytes=150000-99999999", 150_000, None),
    ],
)
async def test_byte_range(
    hass: HomeAssistant,
    camera: MockConfigEntry,
    recording: Recording,
    hass_ws_client: WebSocketGenerator,
    hass_client_no_auth: ClientSessionGenerator,
    header: str,
    first: int,
    last: int | None,
) -> None:
    """One range: 206 with Content-Range and exactly those bytes."""
    url = await signed_url(hass, hass_ws_client, camera, recording.filepath)
    client = await hass_client_no_auth()
    response = await client.get(url, headers={"Range": header})
    last = recording.size - 1 if last is None else last
    assert response.status == 206
    assert response.headers["Content-Range"] == f"bytes {first}-{last}/{recording.size}"
    assert response.headers["Content-Length"] == str(last - first + 1)
    assert await response.read() == recording.data[first : last + 1]


@pytest.mark.parametrize("ranges", [True, False])
@pytest.mark.parametrize(
    "header", ["bytes=-500", "bytes=5-1", "pages=1-2", "bytes=1-2,5-6"]
)
async def test_ranges_ignored(
    hass: HomeAssistant,
    camera: MockConfigEntry,
    simulator: Simulator,
    recording: Recording,
    hass_ws_client: WebSocketGenerator,
    hass_client_no_auth: ClientSessionGenerator,
    header: str,
    ranges: bool,
) -> None:
    """A suffix, reversed, foreign or multiple range gets the whole file (RFC 9110)."""
    simulator.state.playback_ranges = ranges
    url = await signed_url(hass, hass_ws_client, camera, recording.filepath)
    client = await hass_client_no_auth()
    response = await client.get(url, headers={"Range": header})
    assert response.status == 200
    assert await response.read() == recording.data


async def test_range_on_a_camera_without_ranges(
    hass: HomeAssistant,
    camera: MockConfigEntry,
    simulator: Simulator,
    recording: Recording,
    hass_ws_client: WebSocketGenerator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    """A camera that ignores Range still gives the browser its 206 and its bytes."""
    simulator.state.playback_ranges = False
    url = await signed_url(hass, hass_ws_client, camera, recording.filepath)
    client = await hass_client_no_auth()
    response = await client.get(url, headers={"Range": "bytes=1000-1999"})
    assert response.status == 206
    assert response.headers["Content-Range"] == f"bytes 1000-1999/{recording.size}"
    assert await response.read() == recording.data[1000:2000]


async def test_pieces(
    hass: HomeAssistant,
    camera: MockConfigEntry,
    simulator: Simulator,
    recording: Recording,
    hass_ws_client: WebSocketGenerator,
    hass_client_no_auth: ClientSessionGenerator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A clip larger than a piece costs one camera request per piece."""
    monkeypatch.setattr(playback, "RECORDING_PIECE_BYTES", 50_000)
    url = await signed_url(hass, hass_ws_client, camera, recording.filepath)
    client = await hass_client_no_auth()
    response = await client.get(url)
    assert await response.read() == recording.data
    assert playbacks(simulator, recording) == math.ceil(recording.size / 50_000)


async def test_authentication_required(
    hass: HomeAssistant,
    camera: MockConfigEntry,
    recording: Recording,
    simulator: Simulator,
    hass_ws_client: WebSocketGenerator,
    hass_client: ClientSessionGenerator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    """Without a signature or token: 401, and the camera is not asked."""
    url = await signed_url(hass, hass_ws_client, camera, recording.filepath)
    path, _, query = url.partition("?")
    anonymous = await hass_client_no_auth()
    assert (await anonymous.get(path)).status == 401
    assert (await anonymous.get(f"{path}?authSig=forged")).status == 401
    other = next(r for r in simulator.state.recordings if r is not recording)
    other_path = path.replace(recording.filepath, other.filepath)
    assert (await anonymous.get(f"{other_path}?{query}")).status == 401
    assert playbacks(simulator, recording) == 0
    # A logged-in client (a bearer token) needs no signature.
    response = await (await hass_client()).get(path)
    assert response.status == 200
    assert await response.read() == recording.data


async def test_errors(
    hass: HomeAssistant,
    camera: MockConfigEntry,
    simulator: Simulator,
    recording: Recording,
    hass_client: ClientSessionGenerator,
) -> None:
    """Unknown camera or clip: 404; range past the end: 416; camera down: 502."""
    client = await hass_client()
    base = f"/api/{DOMAIN}/recording"
    path = f"{base}/{camera.entry_id}{recording.filepath}"
    assert (await client.get(f"{base}/unknown{recording.filepath}")).status == 404
    assert (await client.get(f"{base}/{camera.entry_id}/mnt/none.mp4")).status == 404
    response = await client.get(path, headers={"Range": f"bytes={recording.size}-"})
    assert response.status == 416
    simulator.set_offline(True)
    assert (await client.get(path)).status == 502
    simulator.set_offline(False)
    await hass.config_entries.async_unload(camera.entry_id)
    assert (await client.get(path)).status == 404


async def test_camera_fails_midway(
    hass: HomeAssistant,
    camera: MockConfigEntry,
    simulator: Simulator,
    recording: Recording,
    hass_client: ClientSessionGenerator,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A camera lost after the first piece ends the body short: the browser knows."""
    monkeypatch.setattr(playback, "RECORDING_PIECE_BYTES", 50_000)
    original = views._ResponseSink.write

    async def write(sink: Any, chunk: bytes) -> None:
        await original(sink, chunk)
        simulator.set_offline(True)

    client = await hass_client()
    with patch.object(views._ResponseSink, "write", write):
        response = await client.get(
            f"/api/{DOMAIN}/recording/{camera.entry_id}{recording.filepath}"
        )
        assert response.status == 200
        with pytest.raises(aiohttp.ClientPayloadError):
            await response.read()
    assert "Error handling request" not in caplog.text


async def test_viewer_leaves(
    hass: HomeAssistant,
    camera: MockConfigEntry,
    simulator: Simulator,
    recording: Recording,
    hass_client: ClientSessionGenerator,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A browser that goes away stops the download; nothing is logged as an error."""
    monkeypatch.setattr(playback, "RECORDING_PIECE_BYTES", 50_000)
    calls = 0

    async def write(sink: Any, chunk: bytes) -> None:
        nonlocal calls
        calls += 1
        raise ConnectionResetError("Cannot write to closing transport")

    client = await hass_client()
    with patch.object(views._ResponseSink, "write", write):
        response = await client.get(
            f"/api/{DOMAIN}/recording/{camera.entry_id}{recording.filepath}"
        )
        assert response.status == 200
        with pytest.raises(aiohttp.ClientPayloadError):
            await response.read()
    assert calls == 1
    assert playbacks(simulator, recording) == 1  # no further piece was asked for
    assert "Error handling request" not in caplog.text
