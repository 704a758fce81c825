"""Constants for the IPC CGI camera integration."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from typing import Final

DOMAIN: Final = "ipc_cgi"

CONF_VERIFY_SSL: Final = "verify_ssl"
CONF_STREAM: Final = "stream"
CONF_RTSP_PATH: Final = "rtsp_path"
CONF_RTSP_PORT: Final = "rtsp_port"
CONF_SYNC_CLOCK: Final = "sync_clock"

DEFAULT_PORT: Final = 80
DEFAULT_HTTPS_PORT: Final = 443
DEFAULT_USERNAME: Final = "admin"
DEFAULT_SYNC_CLOCK: Final = True
# Seconds a request to the camera may take.
REQUEST_TIMEOUT: Final = 10.0

# The camera entity's stream (an option).
STREAM_MAIN: Final = "main"
STREAM_SUB: Final = "sub"
DEFAULT_STREAM: Final = STREAM_MAIN
# Field reports: /stream0 main and /stream1 sub; some firmware serves /video1.
DEFAULT_RTSP_PATHS: Final = {STREAM_MAIN: "/stream0", STREAM_SUB: "/stream1"}
DEFAULT_RTSP_PORT: Final = 554
# 3.13/3.35 give no length for OSD texts; 64 UTF-8 bytes is what the simulator admits.
OSD_TEXT_MAX_BYTES: Final = 64


class PollGroup(StrEnum):
    """One polled endpoint of the camera; entities register the groups they show."""

    DEVICE_STATE = "device_state"  # 3.25
    RELAY = "relay"  # 3.43
    LAMP = "lamp"  # 3.30
    LED = "led"  # 3.36
    IR_CUT = "ir_cut"  # 3.37
    TIME = "time"  # 3.8
    NETWORK = "network"  # 3.7
    IMAGE = "image"  # 3.14
    NOISE_REDUCTION = "noise_reduction"  # 3.28
    WDR = "wdr"  # 3.27
    FLIP = "flip"  # 3.33
    SHUTTER = "shutter"  # 3.44b
    MOTION = "motion"  # 3.16
    AUDIO = "audio"  # 3.12
    OSD = "osd"  # 3.13
    USER_OSD_0 = "user_osd_0"  # 3.35, one group per line
    USER_OSD_1 = "user_osd_1"
    USER_OSD_2 = "user_osd_2"
    USER_OSD_3 = "user_osd_3"
    USER_OSD_4 = "user_osd_4"
    CODEC_STREAMS = "codec_streams"  # 3.29
    VIDEO_ENCODER = "video_encoder"  # 3.10
    RTMP = "rtmp"  # 3.22
    SCHEDULE_STORAGE = "schedule_storage"  # 3.23
    EVENT_STORAGE = "event_storage"  # 3.24
    ONVIF_AUTH = "onvif_auth"  # 3.41
    RTSP_AUTH = "rtsp_auth"  # 3.42
    SERVICE_PORTS = "service_ports"  # 3.31
    USERS = "users"  # 3.18
    PRIVACY_ZONES = "privacy_zones"  # 3.32
    NEW_RECORDINGS = "new_recordings"  # 3.20, today's list since the last one seen


USER_OSD_GROUPS: Final = (
    PollGroup.USER_OSD_0,
    PollGroup.USER_OSD_1,
    PollGroup.USER_OSD_2,
    PollGroup.USER_OSD_3,
    PollGroup.USER_OSD_4,
)
# Read on every poll (every UPDATE_INTERVAL: shorter than the uid's 60 s
# lifetime, 3.39, so polls never log in again); every other group is
# configuration, read once per CONFIG_READ_INTERVAL, a few groups per poll (and
# at once when an entity first needs it).
# The lamp settings (3.30) and the IR-cut mode (3.37) are modes the camera
# keeps until someone sets them: configuration. The relay (3.43) and the lamp
# switched on or off (3.36) are what automations and people change.
STATE_GROUPS: Final = frozenset(
    {
        PollGroup.DEVICE_STATE,
        PollGroup.RELAY,
        PollGroup.LED,
        PollGroup.TIME,
        PollGroup.NEW_RECORDINGS,
    }
)
UPDATE_INTERVAL: Final = timedelta(seconds=30)
CONFIG_READ_INTERVAL: Final = timedelta(minutes=5)
