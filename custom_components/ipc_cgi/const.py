"""Constants for the IPC CGI camera integration."""

from __future__ import annotations

from typing import Final

DOMAIN: Final = "ipc_cgi"

CONF_VERIFY_SSL: Final = "verify_ssl"
CONF_STREAM: Final = "stream"
CONF_RTSP_PATH: Final = "rtsp_path"
CONF_RTSP_PORT: Final = "rtsp_port"

DEFAULT_PORT: Final = 80
DEFAULT_USERNAME: Final = "admin"
DEFAULT_SCAN_INTERVAL: Final = 30

# Options: poll interval (seconds) and the camera entity's stream.
MIN_SCAN_INTERVAL: Final = 10
MAX_SCAN_INTERVAL: Final = 3600
STREAM_MAIN: Final = "main"
STREAM_SUB: Final = "sub"
DEFAULT_STREAM: Final = STREAM_MAIN
# Field reports: /stream0 main and /stream1 sub; some firmware serves /video1.
DEFAULT_RTSP_PATHS: Final = {STREAM_MAIN: "/stream0", STREAM_SUB: "/stream1"}
DEFAULT_RTSP_PORT: Final = 554
