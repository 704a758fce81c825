"""Faults on the wire, argument checks and credential redaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, time
import logging
import socket
import traceback
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest

from custom_components.ipc_cgi.ipccgi import (
    IpcCgiClient,
    IpcCgiConnectionError,
    IpcCgiError,
    IpcCgiFaultError,
    IpcCgiNotFoundError,
    IpcCgiResponseError,
    IrCutMode,
    LedMode,
    Privilege,
    SnapshotTarget,
)
from ipc_simulator import Simulator, sessions as sim_sessions
from ipc_simulator.faults import FaultKind

from .conftest import PASSWORD, sim_client

SECRET_PASSWORD = "Pa55-w0rd-XYZ"
UIDS = [f"5ec{n:05x}" for n in range(64)]


@pytest.mark.parametrize(
    ("kind", "error", "message"),
    [
        (FaultKind.DROP, IpcCgiConnectionError, "Error requesting /cgi-bin/image"),
        (FaultKind.HTTP_500, IpcCgiConnectionError, "/cgi-bin/image: HTTP 500"),
        (
            FaultKind.MALFORMED,
            IpcCgiResponseError,
            "/cgi-bin/image: reply is not valid XML",
        ),
        (FaultKind.TRUNCATED, IpcCgiResponseError, "/cgi-bin/image"),
    ],
)
async def test_wire_faults(
    client: IpcCgiClient,
    simulator: Simulator,
    kind: FaultKind,
    error: type[IpcCgiError],
    message: str,
) -> None:
    """Dropped connections, 500s, garbage and cut replies map to the client's errors."""
    # Every request: aiohttp itself retries a GET once on a dropped keep-alive connection.
    simulator.faults.inject(kind, None, path="/cgi-bin/image")
    with pytest.raises(error) as err:
        await client.get_image()
    assert str(err.value).startswith(message)
    simulator.faults.clear()
    assert (await client.get_image()).brightness == 128


async def test_timeout(simulator: Simulator, session: aiohttp.ClientSession) -> None:
    """A reply slower than request_timeout is a connection error."""
    client = sim_client(simulator, session, request_timeout=0.1)
    simulator.faults.inject(FaultKind.LATENCY, 1, path="/cgi-bin/getuid", seconds=0.5)
    with pytest.raises(
        IpcCgiConnectionError, match=r"Timeout after 0.1 s requesting /cgi-bin/getuid"
    ):
        await client.get_info()


async def test_truncated_snapshot(client: IpcCgiClient, simulator: Simulator) -> None:
    """A JPEG cut in half is an invalid reply."""
    simulator.faults.inject(FaultKind.TRUNCATED, 1, path="/cgi-bin/snapshot.cgi")
    with pytest.raises(IpcCgiResponseError, match="truncated JPEG"):
        await client.snapshot()


async def test_camera_offline(client: IpcCgiClient, simulator: Simulator) -> None:
    """A camera that drops every connection is a connection error."""
    simulator.set_offline(True)
    with pytest.raises(IpcCgiConnectionError):
        await client.get_flip()


async def test_unknown_path(client: IpcCgiClient) -> None:
    """The generic call maps a 404 to a missing endpoint (an invalid reply)."""
    with pytest.raises(IpcCgiNotFoundError, match="HTTP 404"):
        await client.request("/cgi-bin/nonexistent")


async def test_fault_with_http_400(client: IpcCgiClient) -> None:
    """A camera fault carries the spec's value and reason."""
    with pytest.raises(IpcCgiFaultError) as err:
        await client.set_video_stream(1, codec="MJPEG")
    assert err.value.value == "/cgi-bin/videoencoder/stream1"
    assert err.value.reason == "encode_mode error"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_connection_refused(session: aiohttp.ClientSession) -> None:
    """Nothing listening is a connection error."""
    client = IpcCgiClient("127.0.0.1", _closed_port(), session=session)
    with pytest.raises(IpcCgiConnectionError, match="ClientConnectorError"):
        await client.get_info()


async def test_invalid_host(session: aiohttp.ClientSession) -> None:
    """A host that cannot be put in a URL is a connection error."""
    client = IpcCgiClient("bad host/name", session=session)
    with pytest.raises(IpcCgiConnectionError, match="Invalid camera address"):
        await client.get_info()


BAD_CALLS: list[Callable[[IpcCgiClient], Awaitable[Any]]] = [
    lambda c: c.set_network(),
    lambda c: c.set_network(port=443),
    lambda c: c.set_time(update_period=59),
    lambda c: c.set_time(timezone="GMT+08:30"),
    lambda c: c.set_time(update_method="GPS"),  # type: ignore[arg-type]
    lambda c: c.set_time(ntp_port=0),
    lambda c: c.set_video_stream(4, bitrate=100),
    lambda c: c.set_video_stream(1, framerate=0),
    lambda c: c.set_audio(input_volume=0),
    lambda c: c.set_audio(output_volume=101),
    lambda c: c.set_osd(title_x=101),
    lambda c: c.set_osd(color=7),  # type: ignore[arg-type]
    lambda c: c.set_osd(time_format="dd.mm.yyyy"),  # type: ignore[arg-type]
    lambda c: c.set_image(brightness=256),
    lambda c: c.set_image(tv_system=55),
    lambda c: c.set_wdr(level=-1),
    lambda c: c.set_noise_reduction(nr3d=300),
    lambda c: c.set_codec_streams(),
    lambda c: c.set_flip(),
    lambda c: c.set_shutter(day_speed=9),
    lambda c: c.set_privacy_zone(5, 0, 0, 1, 1),
    lambda c: c.get_user_osd(5),
    lambda c: c.set_user_osd(0, color=0x1_0000_0000),
    lambda c: c.set_user_osd(0),
    lambda c: c.ptz_move(2, 0),
    lambda c: c.ptz_move(0, 0, speed=11),
    lambda c: c.ptz_zoom(0),
    lambda c: c.ptz_call_preset(0),
    lambda c: c.set_motion(sensitivity=0),
    lambda c: c.set_motion(area="xyz"),
    lambda c: c.set_motion(block_count=(0, 4)),
    lambda c: c.set_alarm_state(4, 0),  # type: ignore[arg-type]
    lambda c: c.set_lamp(brightness=256),
    lambda c: c.set_lamp(mode=9),  # type: ignore[arg-type]
    lambda c: c.set_led(101, True, LedMode.WHITE),
    lambda c: c.set_ir_cut(IrCutMode.MANUAL),
    lambda c: c.set_ir_cut(9),  # type: ignore[arg-type]
    lambda c: c.add_user("x" * 41, "pw", Privilege.USER),
    lambda c: c.add_user("guest", "", Privilege.USER),
    lambda c: c.edit_user(" "),
    lambda c: c.snapshot(stream=2),
    lambda c: c.snapshot_upload(4),  # type: ignore[arg-type]
    lambda c: c.get_recordings(date(1900, 1, 1)),
    lambda c: c.get_recordings(date(2020, 1, 1), stream=3),  # type: ignore[arg-type]
    lambda c: c.download_recording("/"),
    lambda c: c.download_recording("/mnt/../etc/passwd"),
    lambda c: c.set_rtmp(port=70000),
    lambda c: c.set_rtmp(server=" "),
    lambda c: c.set_schedule_storage(record_file_size=7),
    lambda c: c.set_event_storage(stream=0),
    lambda c: c.set_service_ports(web_port=0),
    lambda c: c.set_uid_valid_time(0),
    lambda c: c.set_device_name(""),
    lambda c: c.upgrade_firmware(b""),
    lambda c: c.upload_certificate(b"", "a.crt"),
    lambda c: c.upload_certificate(b"x", " "),
]


@pytest.mark.parametrize("call", BAD_CALLS)
async def test_bad_arguments_send_nothing(
    client: IpcCgiClient, simulator: Simulator, call
) -> None:
    """Arguments outside the spec's ranges raise ValueError before any request."""
    with pytest.raises(ValueError):
        await call(client)
    assert sum(simulator.counters.values()) == 0


async def test_recording_window(client: IpcCgiClient, simulator: Simulator) -> None:
    """Start and end times are sent as the spec's hour/min/sec fields."""
    assert (
        await client.get_recordings(
            date(2019, 10, 25), start=time(13, 51, 45), end=time(15, 0)
        )
        == ()
    )


@pytest.fixture
def known_uids(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make the simulator hand out known uids, to look for them afterwards."""
    handed_out = iter(UIDS)
    monkeypatch.setattr(
        sim_sessions, "secrets", SimpleNamespace(token_hex=lambda _: next(handed_out))
    )
    return UIDS


def _texts(error: BaseException) -> list[str]:
    texts = [str(error), repr(error), *traceback.format_exception(error)]
    chained: BaseException | None = error
    while chained is not None:
        texts += [str(chained), repr(chained)]
        chained = chained.__cause__ or chained.__context__
    return texts


def _client_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    # The simulator's own server logs (aiohttp.access, ipc_simulator) are the camera's, not ours.
    return [
        r
        for r in caplog.records
        if not r.name.startswith(("aiohttp.access", "ipc_simulator"))
    ]


async def test_credentials_never_leak(
    simulator: Simulator,
    session: aiohttp.ClientSession,
    caplog: pytest.LogCaptureFixture,
    known_uids: list[str],
) -> None:
    """No log record, message, repr or chained exception carries the password or a uid."""
    caplog.set_level(logging.DEBUG)
    simulator.state.users["admin"].password = SECRET_PASSWORD
    client = sim_client(
        simulator, session, password=SECRET_PASSWORD, request_timeout=0.2
    )
    errors: list[BaseException] = []

    async def expect_error(call: Awaitable[Any]) -> None:
        try:
            await call
        except IpcCgiError as err:
            errors.append(err)
        else:
            pytest.fail("no error")

    await client.get_image()  # a live uid
    for kind in (
        FaultKind.HTTP_500,
        FaultKind.DROP,
        FaultKind.MALFORMED,
        FaultKind.TRUNCATED,
    ):
        simulator.faults.inject(kind, None, path="/cgi-bin/image")
        await expect_error(client.get_image())
        simulator.faults.clear()
    simulator.faults.inject(FaultKind.LATENCY, 1, seconds=0.5)
    await expect_error(client.get_image())
    simulator.faults.inject(FaultKind.EXPIRE_UID, None, path="/cgi-bin/set_flip")
    await expect_error(client.set_flip(vertical=True))
    simulator.faults.clear()
    await expect_error(client.set_video_stream(1, codec="MJPEG"))
    await client.add_user("guest", "Guest-Secret-77", Privilege.USER)
    simulator.faults.inject(FaultKind.WRONG_PASSWORD, None)
    simulator.expire_uids()
    await expect_error(client.get_image())
    await expect_error(client.snapshot_upload(SnapshotTarget.FTP))
    await expect_error(client.upgrade_firmware(b"image"))
    await expect_error(client.web_login())
    simulator.faults.clear()
    refused = IpcCgiClient(
        "127.0.0.1", _closed_port(), password=SECRET_PASSWORD, session=session
    )
    await expect_error(refused.get_image())

    secrets = [SECRET_PASSWORD, "Guest-Secret-77", *known_uids]
    assert len(errors) == 12
    texts = [text for error in errors for text in _texts(error)]
    texts += [repr(client), repr(refused)]
    texts += [record.getMessage() for record in _client_records(caplog)]
    assert any(
        "/cgi-bin/getuid" in record.getMessage() for record in _client_records(caplog)
    )
    for secret in secrets:
        assert not [text for text in texts if secret in text], secret


async def test_fault_reasons_are_redacted(
    simulator: Simulator, session: aiohttp.ClientSession
) -> None:
    """A fault that echoes the password is redacted before it reaches the error."""
    simulator.state.users["admin"].password = SECRET_PASSWORD
    client = sim_client(simulator, session, password=SECRET_PASSWORD)
    with pytest.raises(IpcCgiFaultError) as err:
        await client.set_device_name(SECRET_PASSWORD * 3)
    assert SECRET_PASSWORD not in str(err.value)
    assert PASSWORD != SECRET_PASSWORD
