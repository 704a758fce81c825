"""Snapshots, recordings, storage, RTMP and uploads (3.19-3.24, 3.34)."""

from __future__ import annotations

from datetime import date, datetime, time
import re

from aiohttp import BodyPartReader, web

from ipc_simulator.context import Auth, CgiRequest, endpoint
from ipc_simulator.state import Certificate, Recording
from ipc_simulator.validation import (
    Fault,
    Field,
    any_text,
    flag,
    int_range,
    one_of,
    text,
    validate,
)
from ipc_simulator.xml import element

from .common import configure, reply

SNAPSHOT_FAULT_VALUE = "/cgi-bin/snapshot"  # 3.19's faults name the path without .cgi


@endpoint("/cgi-bin/snapshot.cgi", auth=Auth.OPTIONAL)
async def snapshot(request: CgiRequest) -> web.StreamResponse | str:
    """3.19: a JPEG, or with upload=0..3 a copy to SD card, FTP, e-mail or NFS."""
    if request.user is None and request.state.onvif_auth:
        # Credentials are needed while ONVIF authentication is on.
        raise Fault("error, parse uid")
    params = request.params
    try:
        int_range(0, 1, "stream: 0 or 1")(params.get("stream", "0"))
        if "upload" not in params:
            return web.Response(
                body=request.sim.snapshot_jpeg, content_type="image/jpeg"
            )
        target = one_of(range(4), "upload 0 or 1 or 2 or 3")(params["upload"])
        _check_upload_target(request, target)
    except Fault as fault:
        raise Fault(fault.reason, SNAPSHOT_FAULT_VALUE) from None
    request.state.snapshot_uploads.append(target)
    return reply("upload", text="OK")


def _check_upload_target(request: CgiRequest, target: int) -> None:
    state = request.state
    if target == 0 and state.sd_cards[0] != 1:
        raise Fault("sd card not mounted")
    if target == 1 and not state.ftp_configured:
        raise Fault("Ftp not deploy")
    if target == 2 and not state.email_configured:
        raise Fault("Email not deploy")
    storage = state.schedule_storage
    if target == 3 and not (storage.remote_enabled and storage.nfs_server):
        raise Fault("NFS Server not mounted")


QUERY_FIELDS = (
    Field("year", "year", int_range(1901, 9999, "record_year must greater than 1900")),
    Field("month", "month", int_range(1, 12, "record_month must between 1-12")),
    Field("day", "day", int_range(1, 31, "record_day must between 1-31")),
    Field("stream", "stream", one_of((-1, 1, 2), "stream must be -1,1,2")),
    Field(
        "record_mode",
        "record_mode",
        one_of((-1, 2, 4, 8), "record_mode must be -1,2,4,8"),
    ),
    Field("media_type", "media_type", one_of((2, 3), "media_type must be 2,3")),
    *(
        Field(
            f"{end}_{unit}",
            f"{end}_{unit}",
            int_range(0, high, f"{end}_{unit} must between 0-{high}"),
        )
        for end in ("start", "end")
        for unit, high in (("hour", 23), ("min", 59), ("sec", 59))
    ),
)
QUERY_DEFAULTS = {
    "stream": -1,
    "record_mode": -1,
    "media_type": 3,
    "start_hour": 0,
    "start_min": 0,
    "start_sec": 0,
    "end_hour": 23,
    "end_min": 59,
    "end_sec": 59,
}


@endpoint("/cgi-bin/get_record_query", auth=Auth.UID_OR_CREDENTIALS)
async def record_query(request: CgiRequest) -> str:
    """3.20: the recordings of one day, filtered; download them from /playback/<filepath>."""
    if not all(name in request.params for name in ("year", "month", "day")):
        raise Fault("error, parse parameters")
    query = QUERY_DEFAULTS | validate(request.params, QUERY_FIELDS)
    if request.state.sd_cards[0] != 1:
        raise Fault("sd card not mounted")
    try:
        day = date(query["year"], query["month"], query["day"])
    except ValueError:
        return reply("RecordQueryInfo", open_close=True)
    start = datetime.combine(
        day, time(query["start_hour"], query["start_min"], query["start_sec"])
    )
    end = datetime.combine(
        day, time(query["end_hour"], query["end_min"], query["end_sec"])
    )
    items = [
        element(
            "items",
            {
                "filepath": recording.filepath,
                "filesize": recording.size,
                "record_mode": recording.record_mode,
                "media_type": recording.media_type,
                "stream_index": recording.stream,
                "start_time": f"{recording.start:%Y-%m-%d %H:%M:%S}",
            },
        )
        for recording in sorted(request.state.recordings, key=lambda r: r.start)
        if start <= recording.start <= end and _matches(recording, query)
    ]
    return reply("RecordQueryInfo", children=items, open_close=True)


def _matches(recording: Recording, query: dict[str, int]) -> bool:
    return (
        query["stream"] in (-1, recording.stream)
        and query["record_mode"] in (-1, recording.record_mode)
        # media_type 3 (video and audio) is the default and lists everything
        and query["media_type"] in (3, recording.media_type)
    )


@endpoint("/playback/", auth=Auth.OPTIONAL)
async def playback(request: CgiRequest) -> web.StreamResponse:
    """3.20: download a recording by its filepath, whole or a byte range.

    The spec's URL is `/playback/` + filepath, yet its example drops the
    filepath's own leading `/`: both `/playback/mnt/..` and `/playback//mnt/..` work.
    The spec says nothing of ranges; a camera's web server serves its files
    as any other (RFC 9110 14): one range answers 206, one beyond the end 416.
    """
    filepath = "/" + request.path.removeprefix("/playback").lstrip("/")
    for recording in request.state.recordings:
        if recording.filepath == filepath:
            break
    else:
        raise web.HTTPNotFound
    data, size = recording.data, recording.size
    if not request.state.playback_ranges:
        return web.Response(body=data, content_type="video/mp4")
    headers = {"Accept-Ranges": "bytes"}
    wanted = _byte_range(request.http.headers.get("Range", ""), size)
    if wanted is None:
        return web.Response(body=data, content_type="video/mp4", headers=headers)
    if wanted.start >= size:
        return web.Response(
            status=416, headers=headers | {"Content-Range": f"bytes */{size}"}
        )
    last = min(wanted.stop, size) - 1
    return web.Response(
        status=206,
        body=data[wanted.start : last + 1],
        content_type="video/mp4",
        headers=headers | {"Content-Range": f"bytes {wanted.start}-{last}/{size}"},
    )


_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def _byte_range(header: str, size: int) -> range | None:
    """Return the bytes one `Range: bytes=a-b` asks for; None to send the whole file.

    A header that is absent, malformed or asks for several ranges is ignored,
    as RFC 9110 allows. `bytes=-n` asks for the last n bytes.
    """
    match = _RANGE.fullmatch(header.strip())
    if match is None or match.group(1) == match.group(2) == "":
        return None
    first, last = match.groups()
    if not first:
        return range(max(size - int(last), 0), size) if int(last) else range(size, size)
    if last and int(last) < int(first):
        return None
    return range(int(first), int(last) + 1 if last else size)


SCHEDULE_FIELDS = (
    Field("enable", "enabled", flag("enable: 0,1 ")),
    Field("localEnable", "local_enabled", flag("localEnable: 0 or 1")),
    Field("remoteEnable", "remote_enabled", flag("remoteEnable: 0 or 1")),
    Field("remote_nfs_server", "nfs_server", any_text),
    Field("nfs_server_path", "nfs_path", any_text),
    Field(
        "recordFileSize",
        "file_minutes",
        one_of((2, 5, 10, 20, 30), "recordFileSize: 2,5,10,20,30"),
    ),
    Field("stream", "stream", one_of((0, 1, 2), "stream: 0,1,2 ")),
    Field("JpegInterval", "jpeg_capture", flag("JpegInterval: 0,1 ")),
)


@endpoint("/cgi-bin/setScheduleStorage", auth=Auth.UID_OR_CREDENTIALS)
async def schedule_storage(request: CgiRequest) -> str:
    """3.23."""
    settings = request.state.schedule_storage
    configure(request, SCHEDULE_FIELDS, settings)
    mount = f"{settings.nfs_server}:{settings.nfs_path}" if settings.nfs_server else ""
    return reply(
        "RecordConfig",
        children=[
            element(
                "Common",
                {
                    "LocalEnable": settings.local_enabled,
                    "RemoteEnable": settings.remote_enabled,
                    "MountParam": mount,
                    "RecordFileSize": settings.file_minutes,
                },
            ),
            element(
                "ScheduleRecord",
                {
                    "Stream": settings.stream,
                    "LocalStore": settings.enabled and settings.local_enabled,
                    "RemoteStore": settings.enabled and settings.remote_enabled,
                    "JpegInterval": settings.jpeg_capture,
                },
            ),
        ],
    )


EVENT_FIELDS = (
    Field("trigger_recording", "recording_enabled", flag("trigger_recording: 0 or 1")),
    Field("stream", "stream", one_of((1, 2), "stream: 1 or 2")),
    Field("record_ftp_upload", "record_ftp_upload", flag("record_ftp_upload: 0 or 1 ")),
    Field(
        "record_email_upload",
        "record_email_upload",
        flag("record_email_upload: 0 or 1 "),
    ),
    Field("trigger_capture", "capture_enabled", flag("trigger_capture: 0 or 1 ")),
    Field(
        "capture_ftp_upload", "capture_ftp_upload", flag("capture_ftp_upload: 0 or 1 ")
    ),
    Field(
        "capture_email_upload",
        "capture_email_upload",
        flag("capture_email_upload: 0 or 1 "),
    ),
    Field(
        "capture_motionDetectAlarm",
        "alarm_output",
        flag("capture_motionDetectAlarm: 0 or 1 "),
    ),
)


@endpoint("/cgi-bin/setEventStorage", auth=Auth.UID_OR_CREDENTIALS)
async def event_storage(request: CgiRequest) -> str:
    """3.24."""
    settings = request.state.event_storage
    configure(request, EVENT_FIELDS, settings)
    return reply(
        "RecordConfig",
        children=[
            element(
                "MotionDetectRecord",
                {
                    "Stream": settings.stream,
                    "LocalStore": settings.recording_enabled,
                    "RemoteStore": settings.recording_enabled,
                    "FtpUpload": settings.record_ftp_upload,
                    "EmailUpload": settings.record_email_upload,
                },
            ),
            element(
                "MotionDetectCapture",
                {
                    "LocalStore": settings.capture_enabled,
                    "RemoteStore": settings.capture_enabled,
                    "FtpUpload": settings.capture_ftp_upload,
                    "EmailUpload": settings.capture_email_upload,
                    "OutputChannelAction_enable": settings.alarm_output,
                },
            ),
        ],
    )


RTMP_FIELDS = (
    Field("enable", "enabled", flag("enable: 0 or 1")),
    Field("server", "server", text("server is NULL")),
    Field("appname", "app_name", text("appname is NULL")),
    Field("streamid", "stream_id", text("streamid is NULL")),
    Field("port", "port", int_range(0, 65535, "port range: 0-65535")),
    Field("streamno", "stream", int_range(0, 1, "streamno range: 0-1")),
    Field("type", "protocol_type", int_range(0, 1, "type range: 0-1")),
)


@endpoint("/cgi-bin/rtmp")
async def rtmp(request: CgiRequest) -> str:
    """3.22."""
    settings = request.state.rtmp
    configure(request, RTMP_FIELDS, settings)
    return reply(
        "RtmpConfig",
        {
            "Enable": settings.enabled,
            "Streamno": settings.stream,
            "Server": settings.server,
            "Port": settings.port,
            "Appname": settings.app_name,
            "Streamid": settings.stream_id,
            "Type": settings.protocol_type,
        },
    )


@endpoint(
    "/OnvifFirmwareUpgrade",
    "/cgi-bin/OnvifFirmwareUpgrade",
    auth=Auth.BASIC,
    methods=("POST",),
)
async def firmware_upgrade(request: CgiRequest) -> str:
    """3.21: the image is the raw body; recorded in `state.firmware_uploads`.

    The camera answers, then reboots to install it (away for `sim.reboot_seconds`).
    """
    request.require_write()
    data = await request.http.read()
    if not data:
        raise Fault("firmware is empty")
    request.state.firmware_uploads.append(data)
    request.sim.reboot()
    return reply("upgrade", text="OK")


@endpoint("/WebCertificateUploadFile", auth=Auth.OPTIONAL, methods=("POST",))
async def certificate_upload(request: CgiRequest) -> str:
    """3.34: multipart form files; recorded in `state.certificates`."""
    request.require_write()
    if not request.http.content_type.startswith("multipart/"):
        raise Fault("error, parse parameters")
    files = []
    reader = await request.http.multipart()
    while (part := await reader.next()) is not None:
        if isinstance(part, BodyPartReader) and part.filename:
            data = await part.read(decode=True)
            files.append(Certificate(part.name or "", part.filename, bytes(data)))
    if not files or not all(file.data for file in files):
        raise Fault("file is empty")
    request.state.certificates.extend(files)
    return reply("upload", text="OK")
