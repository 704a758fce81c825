"""The simulator's recordings: a week of real MP4 files, listed by 3.20, served by range."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
import struct

import pytest

from ipc_simulator import Simulator
from ipc_simulator.endpoints.common import camera_now
from ipc_simulator.mp4 import FRAMES_PER_SECOND, HEIGHT, WIDTH, make_clip

from .conftest import Camera


def _boxes(data: bytes, start: int = 0, end: int | None = None) -> dict[bytes, bytes]:
    """Return the ISO BMFF boxes between `start` and `end` by type (their payloads)."""
    end = len(data) if end is None else end
    found: dict[bytes, bytes] = {}
    while start < end:
        size, kind = struct.unpack(">I4s", data[start : start + 8])
        assert size >= 8
        assert start + size <= end, kind
        found[kind] = data[start + 8 : start + size]
        start += size
    assert start == end
    return found


def _tree(payload: bytes, *path: bytes) -> bytes:
    for kind in path:
        payload = _boxes(payload)[kind]
    return payload


def test_clip_is_an_mp4_with_h264() -> None:
    """A clip is ftyp, moov then mdat; its sample tables describe the mdat exactly."""
    data = make_clip("motion", 10, label="x")
    top = _boxes(data)
    assert list(top) == [b"ftyp", b"free", b"moov", b"mdat"]
    assert top[b"ftyp"][:4] == b"isom"
    stbl = _tree(top[b"moov"], b"trak", b"mdia", b"minf", b"stbl")
    tables = _boxes(stbl)
    # stsd: one avc1 entry of 176x144 with its avcC (Constrained Baseline)
    entry = tables[b"stsd"][8:]
    assert entry[4:8] == b"avc1"
    assert struct.unpack(">HH", entry[32:36]) == (WIDTH, HEIGHT)
    avcc = _boxes(entry[8 + 78 : struct.unpack(">I", entry[:4])[0]])[b"avcC"]
    assert avcc[:4] == bytes((1, 66, 0xC0, 30))
    count = 10 * FRAMES_PER_SECOND
    sizes = struct.unpack(f">{count}I", tables[b"stsz"][12:])
    assert struct.unpack(">II", tables[b"stsz"][4:12]) == (0, count)
    (offset,) = struct.unpack(">I", tables[b"stco"][8:12])
    mdat = top[b"mdat"]
    assert data[offset : offset + len(mdat)] == mdat
    assert sum(sizes) == len(mdat)
    # Each sample is one length-prefixed NAL unit: key frames are IDR slices (type 5).
    position, types = 0, []
    for size in sizes:
        (length,) = struct.unpack(">I", mdat[position : position + 4])
        assert length == size - 4
        types.append(mdat[position + 4] & 0x1F)
        position += size
    sync = struct.unpack(">3I", tables[b"stss"][8:])
    assert [index + 1 for index, kind in enumerate(types) if kind == 5] == list(sync)
    assert set(types) == {5, 1}
    mvhd = _tree(top[b"moov"], b"mvhd")
    assert struct.unpack(">II", mvhd[12:20]) == (1000, 10_000)  # 10 s


def test_clips_differ_by_kind_and_label() -> None:
    """Kinds have their own picture; the label makes every file unique."""
    assert make_clip("alarm", 8, "a") != make_clip("alarm", 8, "b")
    assert (
        _boxes(make_clip("alarm", 8))[b"mdat"]
        != (_boxes(make_clip("motion", 8))[b"mdat"])
    )
    with pytest.raises(ValueError, match="kind"):
        make_clip("other", 8)
    with pytest.raises(ValueError, match="second"):
        make_clip("alarm", 0)


async def test_a_week_of_recordings(camera: Camera, simulator: Simulator) -> None:
    """Each of the last 7 days has a few recordings; the week has all three kinds."""
    today = camera_now(simulator.state.time).date()
    modes: Counter[str] = Counter()
    for days in range(7):
        day = today - timedelta(days=days)
        reply = await camera.xml(
            "/cgi-bin/get_record_query",
            {"year": day.year, "month": day.month, "day": day.day},
        )
        items = reply["RecordQueryInfo"]["items"]
        assert 2 <= len(items) <= 4
        starts = [item["@start_time"] for item in items]
        assert starts == sorted(starts)
        assert all(start.startswith(f"{day:%Y-%m-%d}") for start in starts)
        modes.update(item["@record_mode"] for item in items)
    assert modes == {"2": 9, "4": 7, "8": 4}
    older = today - timedelta(days=7)
    reply = await camera.xml(
        "/cgi-bin/get_record_query",
        {"year": older.year, "month": older.month, "day": older.day},
    )
    assert reply == {"RecordQueryInfo": None}
    files = [recording.data for recording in simulator.state.recordings]
    assert len(set(files)) == len(files) == 22
    assert all(data[4:8] == b"ftyp" for data in files)


async def test_record_query_honours_every_filter(
    camera: Camera, simulator: Simulator
) -> None:
    """record_mode, media_type, stream and the start and end time filter the list."""
    today = camera_now(simulator.state.time).date()
    day = {"year": today.year, "month": today.month, "day": today.day}

    async def paths(**filters: int) -> list[str]:
        reply = await camera.xml("/cgi-bin/get_record_query", day | filters)
        items = (reply["RecordQueryInfo"] or {}).get("items", [])
        return [
            item["@filepath"]
            for item in (items if isinstance(items, list) else [items])
        ]

    folder = f"{today:%Y%m%d}"
    assert await paths(record_mode=4) == [f"/mnt/mmc0/alarm/{folder}/101530-av-2.mp4"]
    assert await paths(media_type=2) == [f"/mnt/mmc0/alarm/{folder}/123000-v-1.mp4"]
    assert await paths(start_hour=10, end_hour=12, end_min=0) == [
        f"/mnt/mmc0/alarm/{folder}/101530-av-2.mp4"
    ]
    assert await paths(record_mode=2, start_hour=9) == []


async def test_playback_ranges(camera: Camera, simulator: Simulator) -> None:
    """/playback answers one byte range with 206, beyond the end with 416."""
    recording = simulator.state.recordings[-1]
    data, size = recording.data, recording.size
    url = f"{simulator.url}/playback{recording.filepath}"
    cases = {
        "bytes=0-99": (206, data[:100], f"bytes 0-99/{size}"),
        "bytes=100-": (206, data[100:], f"bytes 100-{size - 1}/{size}"),
        "bytes=-10": (206, data[-10:], f"bytes {size - 10}-{size - 1}/{size}"),
        f"bytes={size - 5}-{size + 100}": (
            206,
            data[-5:],
            f"bytes {size - 5}-{size - 1}/{size}",
        ),
        f"bytes={size}-": (416, b"", f"bytes */{size}"),
        "bytes=-0": (416, b"", f"bytes */{size}"),
        "bytes=0-1,5-6": (200, data, None),
        "bytes=9-3": (200, data, None),
        "pages=1": (200, data, None),
        "": (200, data, None),
    }
    for header, (status, body, content_range) in cases.items():
        async with camera.session.get(url, headers={"Range": header}) as resp:
            assert resp.status == status, header
            assert await resp.read() == body, header
            assert resp.headers.get("Content-Range") == content_range, header
            assert resp.headers["Accept-Ranges"] == "bytes"
    simulator.state.playback_ranges = False
    async with camera.session.get(url, headers={"Range": "bytes=0-99"}) as resp:
        assert resp.status == 200
        assert await resp.read() == data
        assert "Accept-Ranges" not in resp.headers


async def test_motion_control_records_a_clip(
    camera: Camera, simulator: Simulator
) -> None:
    """POST /__sim__/motion writes a motion clip starting now; 3.20 lists it, /playback serves it."""
    now = camera_now(simulator.state.time)
    async with camera.session.post(f"{simulator.url}/__sim__/motion") as resp:
        made = await resp.json()
    async with camera.session.post(f"{simulator.url}/__sim__/motion") as resp:
        second = await resp.json()
    assert (
        made["filepath"] != second["filepath"]
    )  # the same second: the next one's name
    recording = next(
        r for r in simulator.state.recordings if r.filepath == made["filepath"]
    )
    assert recording.record_mode == 4
    assert abs((recording.start - now).total_seconds()) < 5
    assert _boxes(recording.data).keys() >= {b"ftyp", b"moov", b"mdat"}
    params = {
        "year": now.year,
        "month": now.month,
        "day": now.day,
        "record_mode": 4,
        "start_hour": recording.start.hour,
        "start_min": recording.start.minute,
        "start_sec": recording.start.second,
    }
    listed = await camera.xml("/cgi-bin/get_record_query", params)
    items = listed["RecordQueryInfo"]["items"]
    paths = [
        item["@filepath"] for item in (items if isinstance(items, list) else [items])
    ]
    assert made["filepath"] in paths
    assert second["filepath"] in paths
