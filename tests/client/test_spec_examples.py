"""Every response example of the spec parses to the right model or the right error."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from custom_components.ipc_cgi.ipccgi import (
    AlarmLogicalState,
    AlarmState,
    AudioCapabilities,
    AudioConfig,
    BitrateControl,
    Capabilities,
    CodecStreams,
    DeviceInfo,
    DeviceState,
    EventStorageConfig,
    FlipConfig,
    FontSize,
    ImageConfig,
    IpcCgiAuthenticationError,
    IpcCgiFaultError,
    LampConfig,
    LampMode,
    MediaType,
    MotionConfig,
    NetworkConfig,
    NoiseReductionConfig,
    OsdColor,
    OsdConfig,
    OsdInfo,
    PositionType,
    Recording,
    RecordMode,
    ResolutionRange,
    RtmpConfig,
    RtmpProtocol,
    ScheduleStorageConfig,
    ServicePorts,
    ShutterConfig,
    TimeConfig,
    TimeFormat,
    TimeUpdateMethod,
    VideoCapabilities,
    VideoEncoderConfig,
    VideoStreamConfig,
    WdrConfig,
)
from custom_components.ipc_cgi.ipccgi.exceptions import UidRejectedError
from custom_components.ipc_cgi.ipccgi.models import (
    parse_auth_flag,
    parse_device_name,
    parse_recordings,
    parse_relay,
    parse_uid_valid_time,
)
from custom_components.ipc_cgi.ipccgi.parser import Node, check_reply

from . import spec_examples as spec


def reply(body: bytes, status: int = 200) -> Node:
    """Return the checked root node of a reply."""
    node = check_reply("/cgi-bin/test", status, body)
    assert isinstance(node, Node)
    return node


@pytest.mark.parametrize(
    ("body", "parse", "expected"),
    [
        (
            spec.INFO_ANONYMOUS,
            DeviceInfo.from_xml,
            DeviceInfo("MC400L", "F0:00:00:29:06:9F", None, None, None),
        ),
        (
            spec.INFO,
            DeviceInfo.from_xml,
            DeviceInfo(
                "MC400L",
                "F0:00:00:29:06:9F",
                "EF0000000029069F",
                "Linux 3.18.30 #15 PREEMPT Fri Mar 30 15:27:46 CST 2018 armv7l",
                "MC400L",
            ),
        ),
        (
            spec.CAPABILITIES,
            Capabilities.from_xml,
            Capabilities(video=True, audio=True, ptz=False),
        ),
        (
            spec.NETWORK,
            NetworkConfig.from_xml,
            NetworkConfig(
                "XX-XX-XX-XX-XX-XX",
                False,
                "192.168.0.10",
                "255.255.255.0",
                "192.168.0.1",
                "114.114.114.114",
                "8.8.8.8",
                80,
            ),
        ),
        (
            spec.TIME,
            TimeConfig.from_xml,
            TimeConfig(
                "GMT+08:00",
                TimeUpdateMethod.NTP,
                "pool.ntp.org",
                123,
                None,
                datetime(2017, 11, 30, 8, 0, 0),
            ),  # noqa: DTZ001
        ),
        (
            spec.VIDEO_ENCODER,
            VideoEncoderConfig.from_xml,
            VideoEncoderConfig(
                {
                    1: VideoStreamConfig(
                        "H265", "1080P", 25, 100, 2500, BitrateControl.CBR
                    ),
                    2: VideoStreamConfig(
                        "H265", "480X360", 25, 100, 200, BitrateControl.CBR
                    ),
                }
            ),
        ),
        (
            spec.AUDIO_CAPABILITIES,
            AudioCapabilities.from_xml,
            AudioCapabilities(
                {
                    "G.711": {8000: (64000,)},
                    "G.711A": {8000: (64000,)},
                    "AAC": {16000: (16000,)},
                }
            ),
        ),
        (
            spec.AUDIO,
            AudioConfig.from_xml,
            AudioConfig(True, "G.711", 8000, 64000, 60, 80, True),
        ),
        (
            spec.OSD,
            OsdConfig.from_xml,
            OsdConfig(
                True,
                OsdColor.WHITE_ON_BLACK,
                FontSize.MEDIUM,
                PositionType.COORDINATE,
                1,
                0,
                OsdInfo.NONE,
                PositionType.COORDINATE,
                1,
                0,
                True,
                TimeFormat.YMD_DASH,
                "XXXXXXXX",
            ),
        ),
        (
            spec.IMAGE,
            ImageConfig.from_xml,
            ImageConfig(128, 128, 128, 128, None, None, None, None, None, None),
        ),
        (
            spec.MOTION,
            MotionConfig.from_xml,
            MotionConfig(True, 80, 20, True, 80, 22, (22, 18), "xxxxxxxxxx"),
        ),
        (
            spec.RECORD_QUERY,
            parse_recordings,
            (
                Recording(
                    "/mnt/mmc0/schedule/20191025/151233-av-1.mp4",
                    32276556,
                    RecordMode.SCHEDULE,
                    MediaType.VIDEO_AND_AUDIO,
                    1,
                    datetime(2019, 10, 25, 15, 12, 33),  # noqa: DTZ001
                ),
            ),
        ),
        (
            spec.RTMP,
            RtmpConfig.from_xml,
            RtmpConfig(
                True, 0, "192.168.2.12", 98, "live5", "55", RtmpProtocol.COMPATIBLE
            ),
        ),
        (
            spec.SCHEDULE_STORAGE,
            ScheduleStorageConfig.from_xml,
            ScheduleStorageConfig(True, False, "", 10, 1, True, False, True),
        ),
        (
            spec.EVENT_STORAGE,
            EventStorageConfig.from_xml,
            EventStorageConfig(
                True, 1, True, False, False, True, True, True, False, True
            ),
        ),
        (
            spec.DEV_STATE,
            DeviceState.from_xml,
            DeviceState(
                (0, 0),
                datetime(2020, 1, 16, 12, 12, 43),
                timedelta(hours=2, minutes=56, seconds=40),
                125620,
                24384,
            ),  # noqa: DTZ001
        ),
        (
            spec.ALARM_STATE,
            AlarmState.from_xml,
            AlarmState(0, AlarmLogicalState.NORMALLY_OPEN),
        ),
        (spec.WDR, WdrConfig.from_xml, WdrConfig(enabled=True, level=53)),
        (
            spec.NOISE_REDUCTION,
            NoiseReductionConfig.from_xml,
            NoiseReductionConfig(nr2d=128, nr3d=128),
        ),
        (
            spec.CODEC_STREAMS,
            CodecStreams.from_xml,
            CodecStreams(main_enabled=True, sub_enabled=True),
        ),
        (spec.LAMP, LampConfig.from_xml, LampConfig(191, LampMode.WHITE)),
        (
            spec.SERVICE_PORTS,
            ServicePorts.from_xml,
            ServicePorts(True, True, True, True, None, None, None, None),
        ),
        (spec.FLIP, FlipConfig.from_xml, FlipConfig(vertical=True, horizontal=True)),
        (spec.UID_VALID_TIME, parse_uid_valid_time, 60),
        (spec.ONVIF, lambda node: parse_auth_flag(node, "onvif_auth"), True),
        (spec.RTSP, lambda node: parse_auth_flag(node, "rtsp_auth"), True),
        (spec.RELAY, parse_relay, True),
        (spec.RELAY_SET, parse_relay, True),
        (spec.SHUTTER, ShutterConfig.from_xml, ShutterConfig(True, 100, True, 100)),
        (spec.DEVICE_NAME, parse_device_name, "xxxxx"),
    ],
)
def test_success_examples(body: bytes, parse, expected) -> None:
    """Each successful reply of the spec parses to its model."""
    assert parse(reply(body)) == expected


def test_video_capabilities_example() -> None:
    """3.9: streams -> codecs -> resolutions -> ranges."""
    capabilities = VideoCapabilities.from_xml(reply(spec.VIDEO_CAPABILITIES))
    assert sorted(capabilities.streams) == [1, 2]
    assert capabilities.streams[1]["H264"]["2592X1944"] == ResolutionRange(
        1, 15, 500, 8000
    )
    assert capabilities.streams[1]["H265"]["1080P"] == ResolutionRange(1, 30, 500, 4000)
    assert list(capabilities.streams[2]["H265"]) == ["VGA", "480X360"]


@pytest.mark.parametrize(
    ("body", "tag", "text"),
    [
        (spec.UID, "uid", "XXXXXXXX"),
        (spec.KEEP_ALIVE, "keep_alive", "true"),
        (spec.REBOOT, "reboot", "true"),
        (spec.FACTORY_RESET, "factory_reset", "true"),
        (spec.PTZ, "ptz_ctrl", "true"),
        (spec.MODEL, "model", "MC200J6"),
        (spec.UPLOAD, "upload", "OK"),
        (spec.MASK_OK, "Mask", "OK"),
        (spec.MANUAL_INPUT_ALARM, "ManualInputAlarm", "successful"),
    ],
)
def test_text_examples(body: bytes, tag: str, text: str) -> None:
    """Replies that carry only a text parse to that text."""
    node = reply(body)
    assert (node.tag, node.text) == (tag, text)


@pytest.mark.parametrize("status", [200, 400])
@pytest.mark.parametrize(
    ("body", "value", "reason"),
    [(body, value, reason) for _, body, value, reason in spec.FAULTS],
    ids=[f"{section}-{reason[:30]}" for section, _, _, reason in spec.FAULTS],
)
def test_fault_examples(status: int, body: bytes, value: str, reason: str) -> None:
    """Each fault of the spec, closed or not, raises IpcCgiFaultError with its value and reason."""
    with pytest.raises(IpcCgiFaultError) as err:
        check_reply("/cgi-bin/test", status, body)
    assert (err.value.value, err.value.reason) == (value, reason)


@pytest.mark.parametrize("body", spec.AUTH_FAULTS)
def test_refusals_are_authentication_errors(body: bytes) -> None:
    """`password error` and the privilege refusals are authentication errors."""
    with pytest.raises(IpcCgiAuthenticationError) as err:
        check_reply("/cgi-bin/test", 400, body)
    assert not isinstance(err.value, UidRejectedError)


@pytest.mark.parametrize("body", spec.UID_FAULTS)
def test_uid_faults_ask_for_a_new_login(body: bytes) -> None:
    """`uid error` (3.2) is told apart so the client can log in again."""
    with pytest.raises(UidRejectedError):
        check_reply("/cgi-bin/test", 400, body)


def test_relay_failure_carries_the_text() -> None:
    """3.43: `Get status(0) fail` with HTTP 400 is a fault carrying that text."""
    with pytest.raises(IpcCgiFaultError) as err:
        check_reply("/cgi-bin/getRelayStatus", 400, spec.RELAY_FAIL)
    assert err.value.reason == "Get status(0) fail"
    assert err.value.value == "/cgi-bin/getRelayStatus"
    with pytest.raises(IpcCgiFaultError) as err:
        parse_relay(reply(spec.RELAY_FAIL))
    assert err.value.reason == "Get status(0) fail"
