"""Endpoints of snapshots, recordings, RTMP push and storage (3.19-3.24), uploads (3.21, 3.34)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import date, time
from functools import partial
from typing import Any

import aiohttp
from aiohttp import hdrs

from .checks import check_choice, check_range, check_text, flag
from .core import XML_LIMIT, Auth, RequestCore
from .exceptions import (
    IpcCgiConnectionError,
    IpcCgiReplyTooLargeError,
    IpcCgiResponseError,
)
from .models import (
    EventStorageConfig,
    MediaType,
    Recording,
    RecordingPart,
    RecordMode,
    RecordStream,
    RtmpConfig,
    RtmpProtocol,
    ScheduleStorageConfig,
    SnapshotTarget,
    parse_recordings,
)
from .parser import expect, expecting
from .playback import RecordingDownload, RecordingSink, SinkError

_JPEG_MAGIC = b"\xff\xd8\xff"
_JPEG_END = b"\xff\xd9"
# Size caps per kind of media reply, in bytes: a snapshot (a JPEG of the spec's
# largest resolution, 5 MP in 3.9, is 1-3 MB); a recording held in memory
# (download_recording); a streamed recording (30-minute files, 3.23, at
# 8 Mbit/s, 3.9, are 1.8 GB).
SNAPSHOT_LIMIT = 8 << 20
RECORDING_LIMIT = 256 << 20
RECORDING_STREAM_LIMIT = 4 << 30
STREAM_CHUNK_BYTES = 64 << 10  # the most a recording's sink gets at once


def _check_jpeg(body: bytes) -> None:
    if not body.startswith(_JPEG_MAGIC):
        raise IpcCgiResponseError("/cgi-bin/snapshot.cgi: not a JPEG image")
    if _JPEG_END not in body[-64:]:
        raise IpcCgiResponseError("/cgi-bin/snapshot.cgi: truncated JPEG image")


def _recording_path(filepath: str) -> str:
    filepath = filepath.strip()
    if not filepath.strip("/") or ".." in filepath.split("/"):
        raise ValueError("filepath must be a recording's path")
    return f"/playback/{filepath.lstrip('/')}"


class _Collector:
    """A recording sink that keeps the bytes in memory, at most `limit` of them."""

    def __init__(self, path: str, limit: int) -> None:
        self.path = path
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    async def start(self, part: RecordingPart) -> None:
        if part.size is not None and part.size > self.limit:
            raise IpcCgiReplyTooLargeError(self.path, self.limit)

    async def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            raise IpcCgiReplyTooLargeError(self.path, self.limit)
        self.parts.append(chunk)


class MediaEndpoints(RequestCore):
    """Snapshots, recordings, RTMP push, storage and uploads, on the request core."""

    # --- snapshots, recordings, storage (3.19-3.24) ---------------------------------

    async def snapshot(self, stream: int = 1) -> bytes:
        """Return a JPEG snapshot (3.19: stream 1 main, 0 sub)."""
        check_choice("stream", stream, (0, 1))
        return await self._fetch(
            "/cgi-bin/snapshot.cgi",
            {"stream": stream},
            limit=SNAPSHOT_LIMIT,
            check=_check_jpeg,
        )

    async def snapshot_upload(self, target: SnapshotTarget, stream: int = 1) -> None:
        """Take a snapshot and store it on the SD card, FTP, e-mail or NFS (3.19)."""
        check_choice("target", target, tuple(SnapshotTarget))
        check_choice("stream", stream, (0, 1))
        params = {"stream": stream, "upload": int(target)}
        await self._request(
            "/cgi-bin/snapshot.cgi", params, expecting("upload", "^ok$")
        )

    async def get_recordings(
        self,
        day: date,
        *,
        stream: RecordStream | None = None,
        record_mode: RecordMode | None = None,
        media_type: MediaType | None = None,
        start: time | None = None,
        end: time | None = None,
    ) -> tuple[Recording, ...]:
        """Return the recordings of one day, optionally filtered (3.20)."""
        if day.year <= 1900:
            raise ValueError("year must be after 1900")
        check_choice("stream", stream, tuple(RecordStream))
        check_choice("record_mode", record_mode, tuple(RecordMode))
        check_choice("media_type", media_type, tuple(MediaType))
        params: dict[str, str | int | None] = {
            "year": day.year,
            "month": day.month,
            "day": day.day,
            "stream": None if stream is None else int(stream),
            "record_mode": None if record_mode is None else int(record_mode),
            "media_type": None if media_type is None else int(media_type),
        }
        for prefix, moment in (("start", start), ("end", end)):
            if moment is not None:
                params |= {
                    f"{prefix}_hour": moment.hour,
                    f"{prefix}_min": moment.minute,
                    f"{prefix}_sec": moment.second,
                }
        return await self._request(
            "/cgi-bin/get_record_query",
            params,
            lambda node: parse_recordings(expect(node, "RecordQueryInfo")),
        )

    async def download_recording(self, filepath: str) -> bytes:
        """Return a recording's file from /playback/<filepath> (3.20), if within `RECORDING_LIMIT`.

        Bigger files (30 minutes of main stream) need `stream_recording`.
        """
        sink = _Collector(_recording_path(filepath), RECORDING_LIMIT)
        await self.stream_recording(filepath, sink)
        return b"".join(sink.parts)

    async def stream_recording(
        self,
        filepath: str,
        sink: RecordingSink,
        *,
        first: int = 0,
        last: int | None = None,
    ) -> None:
        """Send a recording's bytes `first` to `last` (None: the end) to `sink` (3.20).

        Never holds more than a chunk: the file comes in pieces of
        RECORDING_PIECE_BYTES, one request each, queued as background requests,
        so that commands and polls go between them. A camera that ignores
        ranges sends the whole file in one reply, of which the sink gets the
        range. An error of the sink is raised as it is.
        """
        path = _recording_path(filepath)
        if first < 0 or (last is not None and last < first):
            raise ValueError("invalid byte range")
        download = RecordingDownload(sink, first, last)
        while not download.done:
            before = download.next
            try:
                with self.background():
                    await self._stream_piece(path, download)
            except SinkError as err:
                raise err.error from None
            if download.next == before and not download.done:
                raise IpcCgiResponseError(f"{path}: no recording in the reply")

    async def _stream_piece(self, path: str, download: RecordingDownload) -> None:
        """Request the download's next piece and hand its bytes over, a chunk at a time."""
        send = partial(
            self._open_stream,
            path,
            headers={hdrs.RANGE: download.range_header()},
            limit=RECORDING_STREAM_LIMIT,
        )
        stack, reply, chunks = await self._call(path, {}, "uid", send)
        async with stack:
            await download.start(reply.response.status, reply.response.headers)
            async for chunk in chunks:
                for offset in range(0, len(chunk), STREAM_CHUNK_BYTES):
                    piece = chunk[offset : offset + STREAM_CHUNK_BYTES]
                    # A stalled sink (a viewer gone quiet) must not hold the
                    # camera's request slot: it gets the request timeout too.
                    try:
                        async with asyncio.timeout(self.request_timeout):
                            wanted = await download.write(piece)
                    except TimeoutError:
                        raise IpcCgiConnectionError(
                            f"Timeout after {self.request_timeout:g} s requesting {path}"
                        ) from None
                    if not wanted:
                        return

    async def get_rtmp(self) -> RtmpConfig:
        """Return the RTMP push settings (3.22)."""
        return await self._request("/cgi-bin/rtmp", None, RtmpConfig.from_xml)

    async def set_rtmp(
        self,
        *,
        enabled: bool | None = None,
        stream: int | None = None,
        server: str | None = None,
        port: int | None = None,
        app_name: str | None = None,
        stream_id: str | None = None,
        protocol_type: RtmpProtocol | None = None,
    ) -> RtmpConfig:
        """Change RTMP push (3.22); stream 0 main, 1 sub."""
        check_range("stream", stream, 0, 1)
        check_range("port", port, 0, 65535)
        check_choice("protocol_type", protocol_type, tuple(RtmpProtocol))
        check_text("server", server)
        check_text("app_name", app_name)
        check_text("stream_id", stream_id)
        params = {
            "enable": flag(enabled),
            "server": server,
            "appname": app_name,
            "streamid": stream_id,
            "streamno": stream,
            "type": None if protocol_type is None else int(protocol_type),
            "port": port,
        }
        return await self._change("/cgi-bin/rtmp", params, RtmpConfig.from_xml)

    async def get_schedule_storage(self) -> ScheduleStorageConfig:
        """Return the scheduled recording storage (3.23)."""
        return await self._request(
            "/cgi-bin/setScheduleStorage", None, ScheduleStorageConfig.from_xml
        )

    async def set_schedule_storage(
        self,
        *,
        enabled: bool | None = None,
        local_enabled: bool | None = None,
        remote_enabled: bool | None = None,
        nfs_server: str | None = None,
        nfs_path: str | None = None,
        record_file_size: int | None = None,
        stream: int | None = None,
        jpeg_capture: bool | None = None,
    ) -> ScheduleStorageConfig:
        """Change scheduled recording storage (3.23); file size in minutes, stream 0 main, 1 sub, 2 both."""
        check_choice("record_file_size", record_file_size, (2, 5, 10, 20, 30))
        check_choice("stream", stream, (0, 1, 2))
        params = {
            "localEnable": flag(local_enabled),
            "remoteEnable": flag(remote_enabled),
            "remote_nfs_server": nfs_server,
            "nfs_server_path": nfs_path,
            "recordFileSize": record_file_size,
            "stream": stream,
            "JpegInterval": flag(jpeg_capture),
            "enable": flag(enabled),
        }
        return await self._change(
            "/cgi-bin/setScheduleStorage", params, ScheduleStorageConfig.from_xml
        )

    async def get_event_storage(self) -> EventStorageConfig:
        """Return the motion-triggered recording and capture (3.24)."""
        return await self._request(
            "/cgi-bin/setEventStorage", None, EventStorageConfig.from_xml
        )

    async def set_event_storage(
        self,
        *,
        recording_enabled: bool | None = None,
        stream: int | None = None,
        record_ftp_upload: bool | None = None,
        record_email_upload: bool | None = None,
        capture_enabled: bool | None = None,
        capture_ftp_upload: bool | None = None,
        capture_email_upload: bool | None = None,
        alarm_output: bool | None = None,
    ) -> EventStorageConfig:
        """Change motion-triggered recording and capture (3.24); stream 1 main, 2 sub."""
        check_choice("stream", stream, (1, 2))
        params = {
            "trigger_recording": flag(recording_enabled),
            "stream": stream,
            "record_ftp_upload": flag(record_ftp_upload),
            "record_email_upload": flag(record_email_upload),
            "trigger_capture": flag(capture_enabled),
            "capture_ftp_upload": flag(capture_ftp_upload),
            "capture_email_upload": flag(capture_email_upload),
            "capture_motionDetectAlarm": flag(alarm_output),
        }
        return await self._change(
            "/cgi-bin/setEventStorage", params, EventStorageConfig.from_xml
        )

    # --- uploads (3.21, 3.34) --------------------------------------------------------

    async def upgrade_firmware(self, data: bytes) -> None:
        """Upload a firmware image (3.21: POST with Basic authentication)."""
        if not data:
            raise ValueError("firmware image is empty")
        await self._upload(
            "/OnvifFirmwareUpgrade",
            data,
            auth="basic",
            headers={"Content-Type": "application/octet-stream"},
        )

    async def upload_certificate(self, data: bytes, filename: str) -> None:
        """Upload an HTTPS certificate or private key (3.34: multipart form)."""
        if not data:
            raise ValueError("certificate is empty")
        check_text("filename", filename)
        # 3.34's form names its file field `oem_mp3`.
        form = aiohttp.MultipartWriter("form-data")
        part = form.append(data, {"Content-Type": "application/octet-stream"})
        part.set_content_disposition("form-data", name="oem_mp3", filename=filename)
        # A writer (unlike a FormData) can be sent again after a re-login.
        await self._upload("/WebCertificateUploadFile", form, auth="uid")

    async def _upload(
        self,
        path: str,
        data: Any,
        *,
        auth: Auth,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        # Any answer that is not a fault is success; the spec prints none.
        await self._fetch(
            path,
            auth=auth,
            method="POST",
            data=data,
            headers=headers,
            limit=XML_LIMIT,
        )
