"""The in-memory camera: every setting with the spec's defaults and example values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from .mp4 import make_clip


class Privilege(StrEnum):
    """User privileges (3.18)."""

    USER = "User"
    OPERATOR = "Operator"
    ADMINISTRATOR = "Administrator"


@dataclass
class User:
    """An account of the camera."""

    name: str
    password: str
    privilege: Privilege = Privilege.ADMINISTRATOR
    enabled: bool = True


@dataclass
class DeviceIdentity:
    """What getinfo and getmodel report (3.3, 3.17, 3.45)."""

    model: str = "MC400L"
    mac: str = "F0:00:00:29:06:9F"
    serial: str = "EF0000000029069F"
    kernel: str = "Linux 3.18.30 #15 PREEMPT Fri Mar 30 15:27:46 CST 2018 armv7l"
    filesystem: str = "MC400L"


def numbered_identity(index: int) -> DeviceIdentity:
    """Return camera `index`'s identity: 0 is the default, N adds N to the MAC.

    The serial follows the MAC as the default's does; the model (the name the
    camera reports, 3.45) gets "-{index + 1}".
    """
    default = DeviceIdentity()
    if index == 0:
        return default
    mac = int(default.mac.replace(":", ""), 16) + index
    digits = f"{mac:012X}"
    return DeviceIdentity(
        model=f"{default.model}-{index + 1}",
        mac=":".join(digits[i : i + 2] for i in range(0, 12, 2)),
        serial=f"EF000000{mac & 0xFFFFFFFF:08X}",
    )


@dataclass
class Capabilities:
    """What the hardware supports (3.4)."""

    video: bool = True
    audio: bool = True
    ptz: bool = True
    # The ONVIF topics motion is sent on (firmware differ): CellMotionDetector, MotionAlarm
    cell_motion_topic: bool = True
    motion_alarm_topic: bool = False


@dataclass
class NetworkSettings:
    """Network configuration (3.7)."""

    dhcp: bool = False
    ip_address: str = "192.168.0.10"
    netmask: str = "255.255.255.0"
    gateway: str = "192.168.0.1"
    dns1: str = "114.114.114.114"
    dns2: str = "8.8.8.8"
    port: int = 80


@dataclass
class TimeSettings:
    """Time configuration (3.8); the camera's clock runs `offset_seconds` off real time."""

    timezone: str = "GMT+08:00"
    update_method: str = "ntp"
    ntp_server: str = "pool.ntp.org"
    ntp_port: int = 123
    update_period: int = 3600
    offset_seconds: float = 0.0


@dataclass
class VideoStream:
    """One encoder stream (3.10)."""

    codec: str
    resolution: str
    framerate: int
    gov_length: int
    bitrate: int
    bitrate_control: str = "CBR"
    profile: int = 0


def _default_streams() -> dict[int, VideoStream]:
    return {
        1: VideoStream("H265", "1080P", 25, 100, 2500),
        2: VideoStream("H265", "480X360", 25, 100, 200),
    }


@dataclass
class AudioSettings:
    """Audio encoder (3.12)."""

    enabled: bool = True
    codec: str = "G.711"
    sample_rate: int = 8000
    bitrate: int = 64000
    input_volume: int = 60
    output_volume: int = 80
    amplifier: bool = True


@dataclass
class OsdSettings:
    """The title and time overlay (3.13)."""

    enabled: bool = True
    color: int = 1
    font_size: int = 1
    title_position_type: int = 1
    title_x: int = 1
    title_y: int = 0
    show_resolution_bitrate: int = 0
    time_position_type: int = 1
    time_x: int = 1
    time_y: int = 0
    show_week: bool = True
    time_format: str = "yyyy-mm-dd hh:mm:ss"
    title: str = "ipcamera"


@dataclass
class UserOsd:
    """One user overlay (3.35)."""

    enabled: bool = False
    color: int = 0xFFFFFF
    font_size: int = 1
    position_type: int = 1
    x: int = 1
    y: int = 0
    title: str = ""


@dataclass
class ImageSettings:
    """Picture settings (3.14); nr2d/nr3d are also 3.28's noise reduction."""

    brightness: int = 128
    contrast: int = 128
    saturation: int = 128
    sharpness: int = 128
    hlc: int = 0
    blc: int = 0
    nr2d: int = 128
    nr3d: int = 128
    tv_system: int = 50
    anti_flicker: bool = False


@dataclass
class PtzState:
    """What the pan/tilt head is doing (3.15)."""

    moving_x: int = 0
    moving_y: int = 0
    speed: int = 5
    zoom: int = 0
    focus: int = 0
    iris: int = 0
    presets: set[int] = field(default_factory=set)
    last_preset: int | None = None
    last_command: str = "stop"


@dataclass
class MotionSettings:
    """Motion detection (3.16)."""

    enabled: bool = True
    sensitivity: int = 80
    alarm_threshold: int = 20
    night_enabled: bool = True
    night_sensitivity: int = 80
    night_alarm_threshold: int = 22
    block_count: str = "22x18"
    area: str = "ff" * 50


@dataclass
class RtmpSettings:
    """RTMP push (3.22)."""

    enabled: bool = False
    stream: int = 0
    server: str = "192.168.2.12"
    port: int = 1935
    app_name: str = "live"
    stream_id: str = "camera"
    protocol_type: int = 0


@dataclass
class ScheduleStorage:
    """Scheduled recording (3.23)."""

    enabled: bool = True
    local_enabled: bool = True
    remote_enabled: bool = False
    nfs_server: str = ""
    nfs_path: str = ""
    file_minutes: int = 10
    stream: int = 1
    jpeg_capture: bool = True


@dataclass
class EventStorage:
    """Motion-triggered recording and capture (3.24)."""

    recording_enabled: bool = True
    stream: int = 1
    record_ftp_upload: bool = False
    record_email_upload: bool = False
    capture_enabled: bool = True
    capture_ftp_upload: bool = True
    capture_email_upload: bool = False
    alarm_output: bool = True


@dataclass
class ServicePorts:
    """Network services (3.31)."""

    web_enabled: bool = True
    control_enabled: bool = True
    rtsp_enabled: bool = True
    hik_enabled: bool = True
    web_port: int = 80
    control_port: int = 8091
    rtsp_port: int = 554
    hik_port: int = 8000


@dataclass
class PrivacyZone:
    """A privacy mask (3.32); all zero means unused."""

    x: int = 0
    y: int = 0
    width: int = 0
    height: int = 0


@dataclass
class ShutterSettings:
    """Manual shutter (3.44b)."""

    day_manual: bool = False
    day_speed: int = 100
    night_manual: bool = False
    night_speed: int = 100


@dataclass
class Recording:
    """A file on the SD card (3.20), served under /playback/<filepath>."""

    filepath: str
    record_mode: int
    media_type: int
    stream: int
    start: datetime
    data: bytes

    @property
    def size(self) -> int:
        """Return the file size in bytes."""
        return len(self.data)


@dataclass
class Certificate:
    """An uploaded HTTPS certificate or key file (3.34)."""

    field_name: str
    filename: str
    data: bytes


# 3.20 record_mode: what made a recording, and the folder the camera keeps it in.
RECORD_KINDS = {
    2: ("scheduled", "schedule"),
    4: ("motion", "alarm"),
    8: ("alarm", "alarm"),
}
# (days ago, hhmmss, record_mode, media_type, stream, seconds): a few a day, a week back
_WEEK = (
    *((days, "080000", 2, 3, 1, 20) for days in range(7)),
    *((days, f"{10 + days % 4}1530", 4, 3, 2, 10) for days in range(7)),
    *((days, "123000", 8, 2, 1, 8) for days in range(0, 7, 2)),
    *((days, "184510", 2, 3, 1, 20) for days in range(1, 7, 3)),
)


def make_recording(
    day: date, hms: str, record_mode: int, media_type: int, stream: int, seconds: int
) -> Recording:
    """Return a recording as the camera names it, with a real MP4 file of `seconds`."""
    kind, folder = RECORD_KINDS[record_mode]
    start = datetime.combine(day, datetime.strptime(hms, "%H%M%S").time())
    media = "av" if media_type == 3 else "v"
    filepath = f"/mnt/mmc0/{folder}/{day:%Y%m%d}/{hms}-{media}-{stream}.mp4"
    data = make_clip(kind, seconds, label=filepath)
    return Recording(filepath, record_mode, media_type, stream, start, data)


def seed_recordings(today: date) -> list[Recording]:
    """Return the spec's two example recordings (2019-10-25) and a week's up to `today`.

    Every day has a scheduled recording at 08:00 and a motion recording
    (sub stream) in the morning; some have an alarm recording (video only)
    at 12:30 or a second scheduled one at 18:45.
    """
    example = date(2019, 10, 25)
    recordings = [
        make_recording(example, "135144", 2, 3, 1, 20),
        make_recording(example, "151233", 2, 3, 1, 20),
    ]
    recordings += (
        make_recording(today - timedelta(days=days), hms, mode, media, stream, seconds)
        for days, hms, mode, media, stream, seconds in _WEEK
    )
    return sorted(recordings, key=lambda recording: recording.start)


@dataclass
class CameraState:
    """The whole camera. Tests may read and change any attribute directly."""

    device: DeviceIdentity = field(default_factory=DeviceIdentity)
    capabilities: Capabilities = field(default_factory=Capabilities)
    users: dict[str, User] = field(
        default_factory=lambda: {"admin": User("admin", "123456")}
    )
    network: NetworkSettings = field(default_factory=NetworkSettings)
    time: TimeSettings = field(default_factory=TimeSettings)
    video_streams: dict[int, VideoStream] = field(default_factory=_default_streams)
    audio: AudioSettings = field(default_factory=AudioSettings)
    osd: OsdSettings = field(default_factory=OsdSettings)
    user_osds: dict[int, UserOsd] = field(
        default_factory=lambda: {index: UserOsd() for index in range(5)}
    )
    image: ImageSettings = field(default_factory=ImageSettings)
    ptz: PtzState = field(default_factory=PtzState)
    motion: MotionSettings = field(default_factory=MotionSettings)
    rtmp: RtmpSettings = field(default_factory=RtmpSettings)
    schedule_storage: ScheduleStorage = field(default_factory=ScheduleStorage)
    event_storage: EventStorage = field(default_factory=EventStorage)
    # 3.25: per SD slot 0 no card, 1 mounted, 2 error
    sd_cards: list[int] = field(default_factory=lambda: [1, 0])
    memory_total_kb: int = 125620
    memory_free_kb: int = 24384
    alarm_position: int = 0
    alarm_logical_state: int = 1
    input_alarm_count: int = 0
    wdr_enabled: bool = True
    wdr_level: int = 53
    main_stream_enabled: bool = True
    sub_stream_enabled: bool = True
    lamp_brightness: int = 191
    lamp_mode: int = 1
    service_ports: ServicePorts = field(default_factory=ServicePorts)
    privacy_zones: dict[int, PrivacyZone] = field(
        default_factory=lambda: {index: PrivacyZone() for index in range(1, 5)}
    )
    # False plays the spec's example: every privacy zone request answers only OK
    privacy_zones_reported: bool = True
    flip_vertical: bool = False
    flip_horizontal: bool = False
    led_brightness: int = 50
    led_on: bool = False
    led_mode: int = 1
    ir_cut_mode: int = 0
    ir_cut_time: str = "day"
    onvif_auth: bool = True
    rtsp_auth: bool = True
    relay_closed: bool = False
    relay_faulty: bool = False
    shutter: ShutterSettings = field(default_factory=ShutterSettings)
    ftp_configured: bool = False
    email_configured: bool = False
    recordings: list[Recording] = field(default_factory=list)
    # /playback answers Range requests (HTTP 206); False plays a web server that ignores them
    playback_ranges: bool = True
    snapshot_uploads: list[int] = field(default_factory=list)
    firmware_uploads: list[bytes] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)
