"""Snapshots, recordings, storage and uploads (3.19-3.21, 3.34)."""

from __future__ import annotations

from aiohttp import BasicAuth, ClientSession, FormData
import pytest

from ipc_simulator import Simulator

from .conftest import Camera


async def test_snapshot_is_a_jpeg(camera: Camera, simulator: Simulator) -> None:
    """snapshot.cgi without upload answers a real JPEG."""
    url = f"{simulator.url}/cgi-bin/snapshot.cgi"
    async with camera.session.get(
        url, params={"stream": 1, "uid": str(camera.uid)}
    ) as resp:
        assert resp.status == 200
        assert resp.content_type == "image/jpeg"
        data = await resp.read()
    assert data[:2] == b"\xff\xd8"
    assert data[-2:] == b"\xff\xd9"
    assert len(data) > 1000


async def test_snapshot_with_credentials(
    simulator: Simulator, http: ClientSession
) -> None:
    """Credentials in the query work, also in the spec's `snapshot.cgi&username=` form."""
    url = f"{simulator.url}/cgi-bin/snapshot.cgi&username=admin&password=123456"
    async with http.get(url) as resp:
        assert resp.status == 200
        assert (await resp.read())[:2] == b"\xff\xd8"
    async with http.get(
        f"{simulator.url}/cgi-bin/snapshot.cgi%26username=admin%26password=123456"
    ) as resp:
        assert resp.status == 200
    assert simulator.counters["/cgi-bin/snapshot.cgi"] == 2
    client = Camera(simulator, http)
    params = {"stream": 0, "username": "admin", "password": "bad"}
    assert (await client.fault("/cgi-bin/snapshot.cgi", params))[1] == "password error"
    params = {"stream": 0, "username": "admin"}
    assert (await client.fault("/cgi-bin/snapshot.cgi", params))[1] == (
        "error, parse password"
    )


async def test_snapshot_without_onvif_auth(
    simulator: Simulator, http: ClientSession
) -> None:
    """Only with ONVIF authentication off does a snapshot need no credentials."""
    client = Camera(simulator, http)
    assert (await client.fault("/cgi-bin/snapshot.cgi"))[1] == "error, parse uid"
    simulator.state.onvif_auth = False
    async with http.get(f"{simulator.url}/cgi-bin/snapshot.cgi") as resp:
        assert resp.status == 200
        assert (await resp.read())[:2] == b"\xff\xd8"


@pytest.mark.parametrize(
    ("target", "setup", "reason"),
    [
        (0, {"sd_cards": [0, 0]}, "sd card not mounted"),
        (1, {}, "Ftp not deploy"),
        (2, {}, "Email not deploy"),
        (3, {}, "NFS Server not mounted"),
        (4, {}, "upload 0 or 1 or 2 or 3"),
    ],
)
async def test_snapshot_upload_faults(
    camera: Camera,
    simulator: Simulator,
    target: int,
    setup: dict[str, object],
    reason: str,
) -> None:
    """An upload to a target that is not there is refused."""
    for attr, value in setup.items():
        setattr(simulator.state, attr, value)
    params = {"stream": 0, "upload": target}
    assert await camera.fault("/cgi-bin/snapshot.cgi", params) == (
        "/cgi-bin/snapshot",
        reason,
    )
    assert simulator.state.snapshot_uploads == []


async def test_snapshot_upload(camera: Camera, simulator: Simulator) -> None:
    """Uploads to the SD card and a configured FTP server succeed and are recorded."""
    simulator.state.ftp_configured = True
    for target in (0, 1):
        reply = await camera.xml(
            "/cgi-bin/snapshot.cgi", {"stream": 1, "upload": target}
        )
        assert reply == {"upload": "OK"}
    assert simulator.state.snapshot_uploads == [0, 1]


async def test_record_query_and_playback(camera: Camera, simulator: Simulator) -> None:
    """Recordings of a day are listed and served under /playback/."""
    reply = await camera.xml(
        "/cgi-bin/get_record_query", {"year": 2019, "month": 10, "day": 25}
    )
    items = reply["RecordQueryInfo"]["items"]
    size = simulator.state.recordings[1].size
    assert items[1] == {
        "@filepath": "/mnt/mmc0/schedule/20191025/151233-av-1.mp4",
        "@filesize": str(size),
        "@record_mode": "2",
        "@media_type": "3",
        "@stream_index": "1",
        "@start_time": "2019-10-25 15:12:33",
    }
    async with camera.session.get(
        f"{simulator.url}/playback{items[1]['@filepath']}"
    ) as resp:
        assert resp.status == 200
        data = await resp.read()
    assert len(data) == size
    assert data[4:8] == b"ftyp"
    # 3.20's rule, `/playback/` + filepath, keeps the filepath's own slash.
    async with camera.session.get(
        f"{simulator.url}/playback/{items[1]['@filepath']}"
    ) as resp:
        assert await resp.read() == data
    async with camera.session.get(
        f"{simulator.url}/playback/mnt/mmc0/none.mp4"
    ) as resp:
        assert resp.status == 404


async def test_record_query_filters(camera: Camera, simulator: Simulator) -> None:
    """Today's recordings filter by mode, stream, media type and time."""
    today = next(
        r.start.date() for r in simulator.state.recordings if r.start.year > 2019
    )
    day = {"year": today.year, "month": today.month, "day": today.day}
    everything = await camera.xml("/cgi-bin/get_record_query", day)
    assert len(everything["RecordQueryInfo"]["items"]) == 3
    alarm = await camera.xml("/cgi-bin/get_record_query", day | {"record_mode": 8})
    assert alarm["RecordQueryInfo"]["items"]["@record_mode"] == "8"
    morning = await camera.xml("/cgi-bin/get_record_query", day | {"end_hour": 9})
    assert morning["RecordQueryInfo"]["items"]["@start_time"].endswith("08:00:00")
    sub = await camera.xml("/cgi-bin/get_record_query", day | {"stream": 2})
    assert sub["RecordQueryInfo"]["items"]["@stream_index"] == "2"
    empty = await camera.xml(
        "/cgi-bin/get_record_query", {"year": 2000, "month": 1, "day": 1}
    )
    assert empty == {"RecordQueryInfo": None}


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"year": 2019, "month": 13, "day": 1}, "record_month must between 1-12"),
        ({"year": 2019, "month": 1, "day": 32}, "record_day must between 1-31"),
        (
            {"year": 2019, "month": 1, "day": 1, "start_hour": 24},
            "start_hour must between 0-23",
        ),
        (
            {"year": 2019, "month": 1, "day": 1, "end_sec": 60},
            "end_sec must between 0-59",
        ),
        ({"year": 1900, "month": 1, "day": 1}, "record_year must greater than 1900"),
        ({"year": 2019, "month": 1}, "error, parse parameters"),
    ],
)
async def test_record_query_faults(
    camera: Camera, params: dict[str, int], reason: str
) -> None:
    """Out-of-range query values give the spec's reasons."""
    assert await camera.fault("/cgi-bin/get_record_query", params) == (
        "/cgi-bin/get_record_query",
        reason,
    )


async def test_record_query_with_credentials(
    simulator: Simulator, http: ClientSession
) -> None:
    """get_record_query and the storage endpoints accept username/password."""
    client = Camera(simulator, http)
    creds = {"username": "admin", "password": "123456"}
    await client.xml(
        "/cgi-bin/get_record_query", creds | {"year": 2019, "month": 10, "day": 25}
    )
    await client.xml("/cgi-bin/setScheduleStorage", creds)
    reply = await client.xml("/cgi-bin/setEventStorage", creds | {"trigger_capture": 0})
    assert reply["RecordConfig"]["MotionDetectCapture"]["@LocalStore"] == "0"
    assert (await client.fault("/cgi-bin/network", creds))[1] == "error, parse uid"


async def test_firmware_upgrade(simulator: Simulator, http: ClientSession) -> None:
    """3.21: POST with HTTP Basic authentication; the image is recorded, the camera reboots."""
    for path in ("/OnvifFirmwareUpgrade", "/cgi-bin/OnvifFirmwareUpgrade"):
        async with http.post(
            simulator.url + path,
            data=b"firmware-image",
            auth=BasicAuth("admin", "123456"),
            headers={"Content-Type": "application/octet-stream"},
        ) as resp:
            assert resp.status == 200
        assert not simulator.online  # installing the image
        simulator.set_offline(False)  # back
    assert simulator.state.firmware_uploads == [b"firmware-image"] * 2
    async with http.post(
        simulator.url + "/OnvifFirmwareUpgrade",
        data=b"x",
        auth=BasicAuth("admin", "no"),
    ) as resp:
        assert resp.status == 401
    async with http.get(simulator.url + "/OnvifFirmwareUpgrade") as resp:
        assert resp.status == 405
    assert len(simulator.state.firmware_uploads) == 2


async def test_certificate_upload(camera: Camera, simulator: Simulator) -> None:
    """3.34: multipart files are recorded."""
    form = FormData()
    form.add_field("oem_mp3", b"-----BEGIN CERTIFICATE-----", filename="server.crt")
    async with camera.session.post(
        f"{simulator.url}/WebCertificateUploadFile",
        data=form,
        params={"uid": str(camera.uid)},
    ) as resp:
        assert resp.status == 200
    [certificate] = simulator.state.certificates
    assert certificate.filename == "server.crt"
    assert certificate.data == b"-----BEGIN CERTIFICATE-----"
    async with camera.session.post(
        f"{simulator.url}/WebCertificateUploadFile", data=b"raw"
    ) as resp:
        assert resp.status == 400
