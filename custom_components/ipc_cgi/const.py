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
