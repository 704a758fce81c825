"""What a loaded entry holds: the client, the coordinator and what setup read once."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.config_entries import ConfigEntry
import homeassistant.helpers.device_registry as dr

from .camera_events import CameraEvents
from .clock import CameraClock
from .coordinator import IpcCgiCoordinator
from .ipccgi import (
    AudioCapabilities,
    Capabilities,
    DeviceInfo,
    IpcCgiClient,
    VideoCapabilities,
)
from .recordings import RecordingDays


@dataclass
class IpcCgiRuntimeData:
    """What an entry holds while it is loaded."""

    client: IpcCgiClient
    coordinator: IpcCgiCoordinator
    info: DeviceInfo
    capabilities: Capabilities
    video_capabilities: VideoCapabilities
    audio_capabilities: AudioCapabilities | None
    clock: CameraClock
    events: CameraEvents  # ONVIF events, or the recordings as the fallback
    recording_days: RecordingDays  # which days have recordings (media browser)
    device_info: dr.DeviceInfo  # the camera's device, one for all its entities


type IpcCgiConfigEntry = ConfigEntry[IpcCgiRuntimeData]
