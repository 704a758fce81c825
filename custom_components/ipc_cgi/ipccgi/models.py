"""Typed replies of the IPC HTTP CGI API, parsed leniently from the camera's XML."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum, StrEnum
import re
from typing import Self

from .exceptions import IpcCgiFaultError, IpcCgiResponseError
from .parser import Node, parse_datetime, parse_int, parse_ints, parse_range

_RELAY = re.compile(r"(?:set\s+)?status\s*=\s*([01])", re.IGNORECASE)


class SnapshotTarget(IntEnum):
    """Where `snapshot.cgi?upload=` stores a snapshot (3.19)."""

    SD_CARD = 0
    FTP = 1
    EMAIL = 2
    NFS = 3


# 3.8: the time zones the camera accepts.
TIMEZONES: tuple[str, ...] = tuple(
    f"GMT{offset}"
    for offset in (
        *(f"+{h}" for h in ("00:00", "01:00", "02:00", "03:00", "03:30", "04:00")),
        *(f"+{h}" for h in ("04:30", "05:00", "05:30", "05:45", "06:00", "06:30")),
        *(f"+{h}" for h in ("07:00", "08:00", "09:00", "09:30", "10:00", "11:00")),
        *(f"+{h}" for h in ("12:00", "13:00")),
        *(f"-{h}" for h in ("01:00", "02:00", "03:00", "03:30", "04:00", "04:30")),
        *(f"-{h}" for h in ("05:00", "06:00", "07:00", "08:00", "09:00", "10:00")),
        *(f"-{h}" for h in ("11:00", "12:00")),
    )
)


class TimeUpdateMethod(StrEnum):
    """How the camera sets its clock (3.8)."""

    MANUAL = "MANUAL"
    NTP = "NTP"
    P2P = "P2P"


class BitrateControl(StrEnum):
    """Video bitrate control (3.10)."""

    CBR = "CBR"
    VBR = "VBR"


class OsdColor(IntEnum):
    """OSD text colour (3.13)."""

    BLACK_ON_WHITE = 0
    WHITE_ON_BLACK = 1
    BLACK_BORDERED = 2
    WHITE_BORDERED = 3


class FontSize(IntEnum):
    """OSD font size (3.13, 3.35)."""

    SMALL = 0
    MEDIUM = 1
    LARGE = 2


class PositionType(IntEnum):
    """OSD position given as a direction (0-2) or as coordinates (0-100) (3.13, 3.35)."""

    DIRECTION = 0
    COORDINATE = 1


class OsdInfo(IntEnum):
    """What the OSD shows of the stream (3.13 `show_res_bit`)."""

    NONE = 0
    RESOLUTION = 1
    BITRATE = 2
    RESOLUTION_AND_BITRATE = 3


class TimeFormat(StrEnum):
    """OSD time format as the camera replies it (3.13); sent with `_` for the space."""

    YMD_DASH = "yyyy-mm-dd hh:mm:ss"
    YMD_SLASH = "yyyy/mm/dd hh:mm:ss"
    SHORT_YMD_DASH = "yy-mm-dd hh:mm:ss"
    SHORT_YMD_SLASH = "yy/mm/dd hh:mm:ss"
    TIME_DMY_SLASH = "hh:mm:ss dd/mm/yyyy"
    TIME_DMY_DASH = "hh:mm:ss dd-mm-yyyy"
    TIME_MDY_SLASH = "hh:mm:ss mm/dd/yyyy"
    TIME_MDY_DASH = "hh:mm:ss mm-dd-yyyy"
    MDY_SLASH = "mm/dd/yyyy hh:mm:ss"
    MDY_DASH = "mm-dd-yyyy hh:mm:ss"


class Privilege(StrEnum):
    """A camera account's privilege (3.18)."""

    USER = "User"
    OPERATOR = "Operator"
    ADMINISTRATOR = "Administrator"


class RecordStream(IntEnum):
    """Stream filter of a recording query (3.20)."""

    ALL = -1
    MAIN = 1
    SUB = 2


class RecordMode(IntEnum):
    """Kind of recording (3.20)."""

    ALL = -1
    SCHEDULE = 2
    MOTION = 4
    ALARM = 8


class MediaType(IntEnum):
    """Media of a recording (3.20)."""

    VIDEO = 2
    VIDEO_AND_AUDIO = 3


class RtmpProtocol(IntEnum):
    """RTMP protocol type (3.22)."""

    STANDARD = 0
    COMPATIBLE = 1


class AlarmLogicalState(IntEnum):
    """Alarm input switch type (3.26)."""

    NORMALLY_CLOSED = 0
    NORMALLY_OPEN = 1


class LampMode(IntEnum):
    """Infrared/white lamp mode (3.30)."""

    INFRARED = 0
    WHITE = 1
    WHITE_ON_INFRARED_TRIGGER = 2
    INFRARED_ON_WHITE_TRIGGER = 3


class LedMode(IntEnum):
    """Which lamp `set_led` drives (3.36)."""

    INFRARED = 1
    WHITE = 2


class IrCutMode(IntEnum):
    """IR-cut filter mode (3.37, modes per docs/ARCHITECTURE.md)."""

    AUTO = 0
    DAY = 1
    NIGHT = 2
    MANUAL = 3
    VIDEO = 4
    SCHEDULE = 5


class IrCutTime(StrEnum):
    """Day or night for the manual IR-cut mode (3.37)."""

    DAY = "day"
    NIGHT = "night"


def _int_enum[E: IntEnum](kind: type[E], value: int) -> E | int:
    """Return the enum member for `value`, or the number for an unknown option."""
    try:
        return kind(value)
    except ValueError:
        return value


def _str_enum[S: StrEnum](kind: type[S], value: str) -> S | str:
    """Return the enum member for `value`, or the text for an unknown option."""
    try:
        return kind(value)
    except ValueError:
        return value


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    """Device information (3.3); serial, kernel and firmware only when authenticated."""

    model: str
    mac: str
    serial: str | None
    kernel: str | None
    firmware: str | None

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<info .../>`."""
        return cls(
            model=node.string("oem"),
            mac=node.string("mac_address"),
            serial=node.opt_string("sn"),
            kernel=node.opt_string("kernel"),
            firmware=node.opt_string("filesystem"),
        )


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What the camera supports (3.4)."""

    video: bool
    audio: bool
    ptz: bool

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<capabilities .../>`."""
        return cls(
            video=node.flag("video"), audio=node.flag("audio"), ptz=node.flag("ptz")
        )


@dataclass(frozen=True, slots=True)
class NetworkConfig:
    """Network configuration (3.7)."""

    mac: str
    dhcp: bool
    ip_address: str
    netmask: str
    gateway: str
    dns1: str
    dns2: str
    port: int

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<network .../>`."""
        return cls(
            mac=node.string("macaddr"),
            dhcp=node.flag("dhcp"),
            ip_address=node.string("ipaddr"),
            netmask=node.string("netmask"),
            gateway=node.string("gateway"),
            dns1=node.string("dns1"),
            dns2=node.string("dns2"),
            port=node.integer("port"),
        )


@dataclass(frozen=True, slots=True)
class TimeConfig:
    """Clock configuration (3.8); `current_time` is the camera's local wall time."""

    timezone: str
    update_method: TimeUpdateMethod | str
    ntp_server: str | None
    ntp_port: int | None
    update_period: int | None
    current_time: datetime | None

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<time .../>`."""
        current = node.opt_string("current_time")
        return cls(
            timezone=node.string("timezone"),
            update_method=_str_enum(
                TimeUpdateMethod, node.string("update_method").upper()
            ),
            ntp_server=node.opt_string("ntpaddr"),
            ntp_port=node.opt_integer("port"),
            update_period=node.opt_integer("update_period"),
            current_time=parse_datetime(current) if current else None,
        )


@dataclass(frozen=True, slots=True)
class ResolutionRange:
    """Frame rate and bitrate limits of one codec at one resolution (3.9)."""

    framerate_min: int
    framerate_max: int
    bitrate_min: int
    bitrate_max: int


@dataclass(frozen=True, slots=True)
class VideoCapabilities:
    """Stream number -> codec -> resolution -> limits (3.9)."""

    streams: dict[int, dict[str, dict[str, ResolutionRange]]]

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<video_capabilities>`."""
        streams: dict[int, dict[str, dict[str, ResolutionRange]]] = {}
        for stream, number in node.numbered_children("stream"):
            codecs: dict[str, dict[str, ResolutionRange]] = {}
            for mode in stream.children("encode_mode"):
                resolutions: dict[str, ResolutionRange] = {}
                for resolution in mode.children("resolution"):
                    fps = parse_range(resolution.child("framerate_range").text)
                    kbps = parse_range(resolution.child("bitrate_range").text)
                    resolutions[resolution.string("name")] = ResolutionRange(
                        fps[0], fps[1], kbps[0], kbps[1]
                    )
                codecs[mode.string("name")] = resolutions
            streams[number] = codecs
        return cls(streams)


@dataclass(frozen=True, slots=True)
class VideoStreamConfig:
    """Encoder settings of one stream (3.10)."""

    codec: str
    resolution: str
    framerate: int
    gov_length: int
    bitrate: int
    bitrate_control: BitrateControl | str

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<streamN .../>` (the spec spells `govlenth` as well as `govlength`)."""
        return cls(
            codec=node.string("encode_mode"),
            resolution=node.string("resolution"),
            framerate=node.integer("framerate"),
            gov_length=node.integer("govlength", "govlenth"),
            bitrate=node.integer("bitrate"),
            bitrate_control=_str_enum(
                BitrateControl, node.string("bitrate_control").upper()
            ),
        )


@dataclass(frozen=True, slots=True)
class VideoEncoderConfig:
    """Encoder settings per stream number (3.10)."""

    streams: dict[int, VideoStreamConfig]

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<videoencoder>`; a set reply may carry only the stream it changed."""
        if node.tag.startswith("stream"):
            return cls({_stream_number(node.tag): VideoStreamConfig.from_xml(node)})
        streams = {
            number: VideoStreamConfig.from_xml(stream)
            for stream, number in node.numbered_children("stream")
        }
        if not streams:
            raise IpcCgiResponseError("videoencoder reply without streams")
        return cls(streams)


def _stream_number(tag: str) -> int:
    return parse_int(tag.removeprefix("stream"))


@dataclass(frozen=True, slots=True)
class AudioCapabilities:
    """Codec -> sample rate -> bitrates (3.11)."""

    codecs: dict[str, dict[int, tuple[int, ...]]]

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<audio_capabilities>`."""
        codecs: dict[str, dict[int, tuple[int, ...]]] = {}
        for codec in node.children("encode_type"):
            codecs[codec.string("name")] = {
                rate.integer("name"): tuple(
                    bitrate.int_text() for bitrate in rate.children("bitrate")
                )
                for rate in codec.children("samplerate")
            }
        return cls(codecs)


@dataclass(frozen=True, slots=True)
class AudioConfig:
    """Audio encoder settings (3.12)."""

    enabled: bool
    codec: str
    sample_rate: int
    bitrate: int
    input_volume: int
    output_volume: int
    amplifier: bool

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<audioencoder .../>`."""
        return cls(
            enabled=node.flag("enable"),
            codec=node.string("encode_type"),
            sample_rate=node.integer("samplerate"),
            bitrate=node.integer("bitrate"),
            input_volume=node.integer("input_volume"),
            output_volume=node.integer("output_volume"),
            amplifier=node.flag("amplify"),
        )


@dataclass(frozen=True, slots=True)
class OsdConfig:
    """On-screen display settings (3.13)."""

    enabled: bool
    color: OsdColor | int
    font_size: FontSize | int
    title_position_type: PositionType | int
    title_x: int
    title_y: int
    show_info: OsdInfo | int
    time_position_type: PositionType | int
    time_x: int
    time_y: int
    show_week: bool
    time_format: TimeFormat | str
    title: str

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<osd .../>`."""
        return cls(
            enabled=node.flag("enable"),
            color=_int_enum(OsdColor, node.integer("color")),
            font_size=_int_enum(FontSize, node.integer("fontsize")),
            title_position_type=_int_enum(PositionType, node.integer("title_pos_type")),
            title_x=node.integer("title_pos_x"),
            title_y=node.integer("title_pos_y"),
            show_info=_int_enum(OsdInfo, node.integer("show_res_bit")),
            time_position_type=_int_enum(PositionType, node.integer("time_pos_type")),
            time_x=node.integer("time_pos_x"),
            time_y=node.integer("time_pos_y"),
            show_week=node.flag("show_week"),
            time_format=_str_enum(
                TimeFormat,
                " ".join(node.string("time_format").replace("_", " ").split()),
            ),
            title=node.string("title_utf8", strip=False),
        )


@dataclass(frozen=True, slots=True)
class ImageConfig:
    """Image settings (3.14); the spec's reply shows only the first four."""

    brightness: int
    contrast: int
    saturation: int
    sharpness: int
    hlc: int | None
    blc: int | None
    nr2d: int | None
    nr3d: int | None
    tv_system: int | None
    anti_flicker: bool | None

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<image .../>` (`antificker` is the spec's spelling)."""
        return cls(
            brightness=node.integer("brightness"),
            contrast=node.integer("contrast"),
            saturation=node.integer("saturation"),
            sharpness=node.integer("sharpness"),
            hlc=node.opt_integer("hlc"),
            blc=node.opt_integer("blc"),
            nr2d=node.opt_integer("nr2d"),
            nr3d=node.opt_integer("nr3d"),
            tv_system=node.opt_integer("tvsystem"),
            anti_flicker=node.opt_flag("antificker", "antiflicker"),
        )


@dataclass(frozen=True, slots=True)
class MotionConfig:
    """Motion detection settings (3.16); `block_count` is (columns, rows)."""

    enabled: bool
    sensitivity: int
    alarm_threshold: int
    night_enabled: bool
    night_sensitivity: int
    night_alarm_threshold: int
    block_count: tuple[int, int]
    area: str

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<motion .../>` (`blockcount="22x18 "`)."""
        blocks = node.string("blockcount").lower().replace(" ", "").split("x")
        if len(blocks) != 2 or not all(part.isdigit() for part in blocks):
            raise IpcCgiResponseError("motion reply with an invalid blockcount")
        return cls(
            enabled=node.flag("enable"),
            sensitivity=node.integer("sensitivity"),
            alarm_threshold=node.integer("alarmthreshold"),
            night_enabled=node.flag("enable_nighttime"),
            night_sensitivity=node.integer("night_sensitivity"),
            night_alarm_threshold=node.integer("night_alarmthreshold"),
            block_count=(parse_int(blocks[0]), parse_int(blocks[1])),
            area=node.string("areavalue"),
        )


@dataclass(frozen=True, slots=True)
class User:
    """A camera account (3.18)."""

    name: str
    privilege: Privilege | str
    enabled: bool

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse one user element (`name`, `privilege`, `enable` = Enable/Disable or 1/0)."""
        enable = node.string("enable", "enabled", "status")
        return cls(
            name=node.string("name", "username"),
            privilege=_str_enum(Privilege, node.string("privilege").capitalize()),
            enabled=enable.lower() in {"1", "enable", "enabled", "true"},
        )


def parse_users(node: Node) -> tuple[User, ...]:
    """Parse the user list of `user_management?action=get_user` (3.18)."""
    return tuple(User.from_xml(child) for child in node.descendants_with("name"))


@dataclass(frozen=True, slots=True)
class Recording:
    """A recording on the SD card (3.20); download it from /playback/<filepath>."""

    filepath: str
    size: int
    record_mode: RecordMode | int
    media_type: MediaType | int
    stream: int
    start_time: datetime | None

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<items .../>` (`filepath="... .mp4 "` carries a stray space)."""
        start = node.opt_string("start_time")
        return cls(
            filepath=node.string("filepath"),
            size=node.integer("filesize"),
            record_mode=_int_enum(RecordMode, node.integer("record_mode")),
            media_type=_int_enum(MediaType, node.integer("media_type")),
            stream=node.integer("stream_index"),
            start_time=parse_datetime(start) if start else None,
        )


def parse_recordings(node: Node) -> tuple[Recording, ...]:
    """Parse `<RecordQueryInfo>` (3.20)."""
    return tuple(Recording.from_xml(item) for item in node.children("items"))


@dataclass(frozen=True, slots=True)
class RecordingPart:
    """The bytes of a recording that a download delivers: `first` to `last` of `size`.

    `last` and `size` are None only for a whole file whose size the camera did not say.
    """

    first: int
    last: int | None
    size: int | None


@dataclass(frozen=True, slots=True)
class RtmpConfig:
    """RTMP push settings (3.22); `stream` 0 main, 1 sub."""

    enabled: bool
    stream: int
    server: str
    port: int
    app_name: str
    stream_id: str
    protocol_type: RtmpProtocol | int

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<RtmpConfig .../>`."""
        return cls(
            enabled=node.flag("enable"),
            stream=node.integer("streamno"),
            server=node.string("server"),
            port=node.integer("port"),
            app_name=node.string("appname"),
            stream_id=node.string("streamid"),
            protocol_type=_int_enum(RtmpProtocol, node.integer("type")),
        )


@dataclass(frozen=True, slots=True)
class ScheduleStorageConfig:
    """Scheduled recording storage (3.23); `stream` 0 main, 1 sub, 2 both."""

    local_enabled: bool
    remote_enabled: bool
    mount_param: str
    record_file_size: int
    stream: int
    local_store: bool
    remote_store: bool
    jpeg_capture: bool

    @property
    def enabled(self) -> bool:
        """Tell whether scheduled recording is stored anywhere."""
        return self.local_store or self.remote_store

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<RecordConfig><Common/><ScheduleRecord/></RecordConfig>`."""
        common = node.child("Common")
        record = node.child("ScheduleRecord")
        return cls(
            local_enabled=common.flag("LocalEnable"),
            remote_enabled=common.flag("RemoteEnable"),
            mount_param=common.opt_string("MountParam") or "",
            record_file_size=common.integer("RecordFileSize"),
            stream=record.integer("Stream"),
            local_store=record.flag("LocalStore"),
            remote_store=record.flag("RemoteStore"),
            jpeg_capture=record.flag("JpegInterval"),
        )


@dataclass(frozen=True, slots=True)
class EventStorageConfig:
    """Motion-triggered recording and capture (3.24); `stream` 1 main, 2 sub."""

    recording_enabled: bool
    stream: int
    record_remote_store: bool
    record_ftp_upload: bool
    record_email_upload: bool
    capture_enabled: bool
    capture_remote_store: bool
    capture_ftp_upload: bool
    capture_email_upload: bool
    alarm_output: bool

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<RecordConfig><MotionDetectRecord/><MotionDetectCapture/></RecordConfig>`."""
        record = node.child("MotionDetectRecord")
        capture = node.child("MotionDetectCapture")
        return cls(
            recording_enabled=record.flag("LocalStore"),
            stream=record.integer("Stream"),
            record_remote_store=record.flag("RemoteStore"),
            record_ftp_upload=record.flag("FtpUpload"),
            record_email_upload=record.flag("EmailUpload"),
            capture_enabled=capture.flag("LocalStore"),
            capture_remote_store=capture.flag("RemoteStore"),
            capture_ftp_upload=capture.flag("FtpUpload"),
            capture_email_upload=capture.flag("EmailUpload"),
            alarm_output=capture.flag("OutputChannelAction_enable"),
        )


@dataclass(frozen=True, slots=True)
class DeviceState:
    """Device state (3.25); `sd_cards` per slot: 0 none, 1 mounted, 2 error."""

    sd_cards: tuple[int, ...]
    system_time: datetime | None
    uptime: timedelta
    memory_total_kb: int
    memory_free_kb: int

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<DevState sd1 sd2 system_time="2020-1-16-12-12-43" run_time="0-2-56-40" .../>`."""
        sd_cards = node.numbered_ints("sd")
        system_time = node.opt_string("system_time")
        run_time = parse_ints(node.string("run_time"), 4)
        if run_time is None:
            raise IpcCgiResponseError("DevState reply with an invalid run_time")
        days, hours, minutes, seconds = run_time
        try:
            uptime = timedelta(days, seconds=(hours * 60 + minutes) * 60 + seconds)
        except OverflowError:
            raise IpcCgiResponseError(
                "DevState reply with an invalid run_time"
            ) from None
        return cls(
            sd_cards=sd_cards,
            system_time=parse_datetime(system_time) if system_time else None,
            uptime=uptime,
            memory_total_kb=node.integer("MemTotal"),
            memory_free_kb=node.integer("MemFree"),
        )


@dataclass(frozen=True, slots=True)
class AlarmState:
    """Alarm input switch (3.26)."""

    position: int
    logical_state: AlarmLogicalState | int

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<setAlarmState position logicalstate/>`."""
        return cls(
            position=node.integer("position"),
            logical_state=_int_enum(AlarmLogicalState, node.integer("logicalstate")),
        )


@dataclass(frozen=True, slots=True)
class WdrConfig:
    """Wide dynamic range (3.27)."""

    enabled: bool
    level: int

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<Capture WDRMode WDRValue>`."""
        return cls(enabled=node.flag("WDRMode"), level=node.integer("WDRValue"))


@dataclass(frozen=True, slots=True)
class NoiseReductionConfig:
    """2D (spatial, SNF) and 3D (temporal, TNF) noise reduction (3.28)."""

    nr2d: int
    nr3d: int

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<Capture TNF SNF>`."""
        return cls(nr2d=node.integer("SNF"), nr3d=node.integer("TNF"))


@dataclass(frozen=True, slots=True)
class CodecStreams:
    """Which encoder streams run (3.29)."""

    main_enabled: bool
    sub_enabled: bool

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<Encode><EncodeConfig Stream="1" Enable="1"/>...</Encode>`."""
        enabled = {
            config.integer("Stream"): config.flag("Enable")
            for config in node.children("EncodeConfig")
        }
        if 1 not in enabled or 2 not in enabled:
            raise IpcCgiResponseError("Encode reply without both streams")
        return cls(main_enabled=enabled[1], sub_enabled=enabled[2])


@dataclass(frozen=True, slots=True)
class LampConfig:
    """Lamp brightness and mode (3.30)."""

    brightness: int
    mode: LampMode | int

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<Capture Brightness led_mode>`."""
        return cls(
            brightness=node.integer("Brightness"),
            mode=_int_enum(LampMode, node.integer("led_mode", "infrared_lamp")),
        )


@dataclass(frozen=True, slots=True)
class ServicePorts:
    """Service switches and ports (3.31); ports None when the reply omits them."""

    web_enabled: bool
    control_enabled: bool
    rtsp_enabled: bool
    hik_enabled: bool
    web_port: int | None
    control_port: int | None
    rtsp_port: int | None
    hik_port: int | None

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<MediaStreamConfig><StreamAccess .../></MediaStreamConfig>` (`enable_comm` is the control port)."""
        access = node.child("StreamAccess") if node.tag != "StreamAccess" else node
        return cls(
            web_enabled=access.flag("enable_web"),
            control_enabled=access.flag("enable_comm", "enable_control"),
            rtsp_enabled=access.flag("enable_rtsp"),
            hik_enabled=access.flag("enable_hik"),
            web_port=access.opt_integer("webport"),
            control_port=access.opt_integer("controlport"),
            rtsp_port=access.opt_integer("rtspport"),
            hik_port=access.opt_integer("hikport"),
        )


@dataclass(frozen=True, slots=True)
class PrivacyZone:
    """One privacy mask (3.32), index 1-4."""

    index: int
    x: int
    y: int
    width: int
    height: int

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<Zone index xPos yPos width height/>`."""
        return cls(
            index=node.integer("index"),
            x=node.integer("xPos"),
            y=node.integer("yPos"),
            width=node.integer("width"),
            height=node.integer("height"),
        )


def parse_privacy_zones(node: Node) -> tuple[PrivacyZone, ...] | None:
    """Parse `<Mask><Zone .../>...</Mask>` (docs/ARCHITECTURE.md); `<Mask>OK</Mask>` is None."""
    zones = tuple(PrivacyZone.from_xml(zone) for zone in node.children("Zone"))
    if zones:
        return zones
    if node.text.strip().casefold() == "ok":
        return None
    raise IpcCgiResponseError("Mask reply without zones")


@dataclass(frozen=True, slots=True)
class FlipConfig:
    """Image flip (3.33)."""

    vertical: bool
    horizontal: bool

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<Capture vertical_flip horizon_flip>`."""
        return cls(
            vertical=node.flag("vertical_flip"),
            horizontal=node.flag("horizon_flip"),
        )


@dataclass(frozen=True, slots=True)
class UserOsdConfig:
    """A custom OSD text (3.35), index 0-4; `color` is 0xRRGGBB."""

    index: int
    enabled: bool
    color: int
    font_size: FontSize | int
    position_type: PositionType | int
    x: int
    y: int
    title: str

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<userosd title_index .../>` (docs/ARCHITECTURE.md)."""
        return cls(
            index=node.integer("title_index"),
            enabled=node.flag("enable"),
            color=node.integer("color", base=0),
            font_size=_int_enum(FontSize, node.integer("fontsize")),
            position_type=_int_enum(PositionType, node.integer("title_pos_type")),
            x=node.integer("title_pos_x"),
            y=node.integer("title_pos_y"),
            title=node.opt_string("title_utf8", strip=False) or "",
        )


@dataclass(frozen=True, slots=True)
class LedConfig:
    """Lamp control (3.36): one lamp at a time, `mode` says which."""

    brightness: int
    on: bool
    mode: LedMode | int

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<Led brightness ledstatus ledmode/>` (docs/ARCHITECTURE.md)."""
        return cls(
            brightness=node.integer("brightness"),
            on=node.flag("ledstatus"),
            mode=_int_enum(LedMode, node.integer("ledmode")),
        )


@dataclass(frozen=True, slots=True)
class IrCutConfig:
    """IR-cut filter (3.37)."""

    mode: IrCutMode | int
    time: IrCutTime | None

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<IrCut ircutmode time/>` (docs/ARCHITECTURE.md)."""
        time = (node.opt_string("time") or "").lower()
        return cls(
            mode=_int_enum(IrCutMode, node.integer("ircutmode")),
            time=IrCutTime(time) if time in {"day", "night"} else None,
        )


@dataclass(frozen=True, slots=True)
class ShutterConfig:
    """Manual shutter speeds (3.44b)."""

    day_manual: bool
    day_speed: int
    night_manual: bool
    night_speed: int

    @classmethod
    def from_xml(cls, node: Node) -> Self:
        """Parse `<setShutterSpeed>Set dayShutterMode=1, dayShutterSpeed=100, ...</setShutterSpeed>`."""
        values = node.text_pairs()
        try:
            return cls(
                day_manual=values["dayshuttermode"] == 1,
                day_speed=values["dayshutterspeed"],
                night_manual=values["nightshuttermode"] == 1,
                night_speed=values["nightshutterspeed"],
            )
        except KeyError:
            raise IpcCgiResponseError(
                "setShutterSpeed reply without all values"
            ) from None


def parse_uid_valid_time(node: Node) -> int:
    """Parse `<SetUidValidTime>Uid valid time is 60 sec</SetUidValidTime>` (3.39)."""
    match = re.search(r"(\d+)", node.text)
    if match is None:
        raise IpcCgiResponseError("SetUidValidTime reply without seconds")
    return parse_int(match.group(1))


def parse_auth_flag(node: Node, name: str) -> bool:
    """Parse `<OnvifConfig onvif_auth/>` (3.41) or `<RtspConfig rtsp_auth/>` (3.42)."""
    return node.flag(name, "enable")


def parse_relay(node: Node) -> bool:
    """Parse `<RelayStatus>status=1</RelayStatus>` or ` set status=1` (3.43, 3.44); True = closed."""
    match = _RELAY.fullmatch(node.text)
    if match is None:
        # 3.43: `<RelayStatus>Get status(0) fail</RelayStatus>`
        raise IpcCgiFaultError(node.tag, node.text)
    return match.group(1) == "1"


def parse_device_name(node: Node) -> str:
    """Parse `<setDeviceName>Set device name(xxxxx) successful!</setDeviceName>` (3.45)."""
    # Not a regex: `\((.*)\)` takes quadratic time over a long run of `(`.
    start, end = node.text.find("("), node.text.rfind(")")
    if start < 0 or end < start or "success" not in node.text.lower():
        raise IpcCgiFaultError(node.tag, node.text)
    return node.text[start + 1 : end]
