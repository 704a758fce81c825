"""What goes on the wire where the simulator answers the same either way.

The simulator is lenient in places (a GET without `action` lists the users,
any stream gives the same snapshot, a recording's path is served with or
without a doubled slash, any multipart form is read): these tests look at the
requests themselves, through aiohttp's tracing.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

import aiohttp
import pytest
from yarl import URL

from custom_components.ipc_cgi.ipccgi import (
    IpcCgiClient,
    MediaType,
    RecordMode,
    RecordStream,
    SnapshotTarget,
)
from ipc_simulator import Simulator

from .conftest import sim_client


@dataclass
class Wire:
    """The requests a session sent: URL, headers and body of each."""

    urls: list[URL] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    body: bytearray = field(default_factory=bytearray)
    trace: aiohttp.TraceConfig = field(default_factory=aiohttp.TraceConfig)

    def __post_init__(self) -> None:
        """Listen to the session."""
        self.trace.on_request_headers_sent.append(self._headers)
        self.trace.on_request_chunk_sent.append(self._chunk)

    async def _headers(self, _: Any, __: Any, params: Any) -> None:
        self.urls.append(params.url)
        self.headers.append(dict(params.headers))

    async def _chunk(self, _: Any, __: Any, params: Any) -> None:
        self.body += params.chunk

    def last_query(self) -> dict[str, str]:
        """Return the query of the last request, without the session's uid."""
        return {k: v for k, v in self.urls[-1].query.items() if k != "uid"}


@pytest.fixture
async def wire(
    simulator: Simulator, socket_enabled: None
) -> AsyncGenerator[tuple[IpcCgiClient, Wire]]:
    """Return a client of the simulator and what its session sends."""
    wire = Wire()
    async with aiohttp.ClientSession(trace_configs=[wire.trace]) as session:
        yield sim_client(simulator, session), wire


async def test_users_are_asked_for_by_action(wire: tuple[IpcCgiClient, Wire]) -> None:
    """3.18: the list is `action=get_user`."""
    client, sent = wire
    await client.get_users()
    assert sent.last_query() == {"action": "get_user"}


@pytest.mark.parametrize("stream", [0, 1])
async def test_snapshot_names_its_stream(
    wire: tuple[IpcCgiClient, Wire], stream: int
) -> None:
    """3.19: stream 1 main, 0 sub, for the image and for an upload."""
    client, sent = wire
    await client.snapshot(stream=stream)
    assert sent.last_query() == {"stream": str(stream)}
    await client.snapshot_upload(SnapshotTarget.SD_CARD, stream=stream)
    assert sent.last_query() == {"stream": str(stream), "upload": "0"}


async def test_recording_query_carries_every_filter(
    wire: tuple[IpcCgiClient, Wire],
) -> None:
    """3.20: the day, the filters and the window, in the spec's names."""
    client, sent = wire
    await client.get_recordings(
        date(2019, 10, 25),
        stream=RecordStream.SUB,
        record_mode=RecordMode.MOTION,
        media_type=MediaType.VIDEO,
        start=time(1, 2, 3),
        end=time(4, 5, 6),
    )
    assert sent.last_query() == {
        "year": "2019",
        "month": "10",
        "day": "25",
        "stream": "2",
        "record_mode": "4",
        "media_type": "2",
        "start_hour": "1",
        "start_min": "2",
        "start_sec": "3",
        "end_hour": "4",
        "end_min": "5",
        "end_sec": "6",
    }


RECORDING = "mnt/mmc0/schedule/20191025/135144-av-1.mp4"


@pytest.mark.parametrize("filepath", [f"/{RECORDING}", RECORDING, f" //{RECORDING} "])
async def test_recording_download_path(
    wire: tuple[IpcCgiClient, Wire], filepath: str
) -> None:
    """3.20: /playback/ and the recording's path, one slash between them."""
    client, sent = wire
    await client.download_recording(filepath)
    assert sent.urls[-1].path == f"/playback/{RECORDING}"


async def test_uploads_as_the_spec_sends_them(
    wire: tuple[IpcCgiClient, Wire], simulator: Simulator
) -> None:
    """3.21: the raw image as octet-stream; 3.34: a form-data part `oem_mp3`."""
    client, sent = wire
    await client.upgrade_firmware(b"\x00image")
    assert sent.headers[-1]["Content-Type"] == "application/octet-stream"
    assert sent.headers[-1]["Authorization"].startswith("Basic ")
    simulator.set_offline(False)  # back from installing it
    sent.body.clear()
    await client.upload_certificate(b"-----BEGIN CERTIFICATE-----", "server.crt")
    assert sent.headers[-1]["Content-Type"].startswith("multipart/form-data;")
    assert b"Content-Type: application/octet-stream" in sent.body
    assert b'Content-Disposition: form-data; name="oem_mp3"; filename="server.crt"' in (
        sent.body
    )
    assert simulator.state.certificates[0].field_name == "oem_mp3"


async def test_credentials_only_where_the_spec_wants_them(
    wire: tuple[IpcCgiClient, Wire],
) -> None:
    """The login carries the account in its query; other calls carry the uid only."""
    client, sent = wire
    await client.get_image()
    login, image = sent.urls
    assert set(login.query) == {"username", "password"}
    assert set(image.query) == {"uid"}
    assert all("Authorization" not in headers for headers in sent.headers)
