"""The camera entity: the live RTSP stream, still images and the PTZ actions."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from urllib.parse import quote

from homeassistant.components.camera import Camera, CameraEntityFeature
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
import homeassistant.util.dt as dt_util

from .const import (
    CONF_RTSP_PATH,
    CONF_RTSP_PORT,
    CONF_STREAM,
    DEFAULT_RTSP_PATHS,
    DEFAULT_RTSP_PORT,
    DEFAULT_STREAM,
    STREAM_MAIN,
    PollGroup,
)
from .data import IpcCgiConfigEntry
from .errors import camera_command
from .ptz import IpcCgiPtzEntity, async_register_ptz_actions

# Coordinator-based; the client serializes the camera requests itself.
PARALLEL_UPDATES = 0
# A dashboard's viewers each ask for a still: a frame this young is reused.
FRAME_REUSE = timedelta(seconds=1)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: IpcCgiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Register the PTZ actions; add the camera entity if the camera has video."""
    async_register_ptz_actions()
    if entry.runtime_data.capabilities.video:
        async_add_entities([IpcCgiCamera(entry)])


class IpcCgiCamera(IpcCgiPtzEntity, Camera):
    """The camera's picture (the RTSP stream, snapshot.cgi 3.19) and its PTZ head."""

    _attr_name = None  # the main feature: named after the device
    _attr_translation_key = "camera"
    _attr_supported_features = CameraEntityFeature.STREAM
    poll_groups = (PollGroup.SERVICE_PORTS, PollGroup.RTSP_AUTH)

    def __init__(self, entry: IpcCgiConfigEntry) -> None:
        """Create the camera entity of `entry`."""
        IpcCgiPtzEntity.__init__(self, entry)
        Camera.__init__(self)
        self._attr_unique_id = f"{entry.unique_id}_camera"
        self._host = entry.data[CONF_HOST]
        self._username = entry.data[CONF_USERNAME]
        self._password = entry.data[CONF_PASSWORD]
        stream = entry.options.get(CONF_STREAM, DEFAULT_STREAM)
        # 3.19: stream 1 is the main stream, 0 the sub stream
        self._snapshot_stream = 1 if stream == STREAM_MAIN else 0
        path = entry.options.get(CONF_RTSP_PATH) or DEFAULT_RTSP_PATHS[stream]
        self._rtsp_path = path if path.startswith("/") else f"/{path}"
        self._rtsp_port: int | None = entry.options.get(CONF_RTSP_PORT)
        self._frame: tuple[datetime, bytes] | None = None
        self._fetching: asyncio.Future[bytes] | None = None

    @property
    def available(self) -> bool:
        """Return whether the camera answers; the picture needs no setting read."""
        return self.coordinator.last_update_success

    async def stream_source(self) -> str | None:
        """Return the RTSP URL; it carries the credentials when RTSP auth is on (3.42)."""
        data = self.coordinator.data
        ports = data.service_ports
        if ports is not None and not ports.rtsp_enabled:
            return None
        port = self._rtsp_port or (
            ports.rtsp_port if ports is not None and ports.rtsp_port else None
        )
        host = f"[{self._host}]" if ":" in self._host else self._host
        netloc = f"{host}:{port or DEFAULT_RTSP_PORT}"
        if data.rtsp_auth is not False:
            user = quote(self._username, safe="")
            password = quote(self._password, safe="")
            netloc = f"{user}:{password}@{netloc}"
        return f"rtsp://{netloc}{self._rtsp_path}"

    @camera_command
    async def async_camera_image(
        self, width: int | None = None, height: int | None = None
    ) -> bytes | None:
        """Return a still image of the configured stream from snapshot.cgi (3.19).

        Calls while a snapshot is being fetched share it; a frame younger than
        FRAME_REUSE is returned again without asking the camera.
        """
        if self._frame is not None and dt_util.utcnow() - self._frame[0] < FRAME_REUSE:
            return self._frame[1]
        if self._fetching is None:
            self._fetching = self.hass.async_create_task(
                self._async_fetch_frame(), eager_start=False
            )
        return await asyncio.shield(self._fetching)

    async def _async_fetch_frame(self) -> bytes:
        """Fetch one snapshot and keep it as the latest frame."""
        try:
            image = await self.runtime_data.client.snapshot(
                stream=self._snapshot_stream
            )
        finally:
            self._fetching = None
        self._frame = (dt_util.utcnow(), image)
        return image
