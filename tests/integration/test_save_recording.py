"""The save_recording action: a clip streamed from the camera into an allowed file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from custom_components.ipc_cgi.const import DOMAIN
from custom_components.ipc_cgi.ipccgi import playback
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from ipc_simulator import Simulator
from ipc_simulator.state import Recording

from .conftest import camera_of


@pytest.fixture
def recording(simulator: Simulator) -> Recording:
    """Return the simulator's newest recording."""
    return simulator.state.recordings[-1]


def clip_id(entry: MockConfigEntry, filepath: str) -> str:
    """Return the media-source ID of a camera's clip."""
    return f"media-source://{DOMAIN}/{entry.entry_id}/clip{filepath}"


async def save(
    hass: HomeAssistant, entry: MockConfigEntry, recording: Any, filename: Path
) -> None:
    """Call save_recording and wait for it."""
    await hass.services.async_call(
        DOMAIN,
        "save_recording",
        {
            **camera_of(hass, entry),
            "recording": recording,
            "filename": str(filename),
        },
        blocking=True,
    )


def playbacks(simulator: Simulator) -> int:
    """Return how many /playback requests the camera served."""
    return sum(
        count
        for path, count in simulator.counters.items()
        if path.startswith("/playback")
    )


async def test_save(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    recording: Recording,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The clip lands in the file byte for byte, piece by piece; nothing else is left."""
    monkeypatch.setattr(playback, "RECORDING_PIECE_BYTES", 30_000)
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    target = tmp_path / "clips" / "door.mp4"
    await save(
        hass, init_integration, clip_id(init_integration, recording.filepath), target
    )
    assert target.read_bytes() == recording.data
    assert list(target.parent.iterdir()) == [target]
    assert playbacks(simulator) == -(-recording.size // 30_000)


async def test_save_from_the_media_selector(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    recording: Recording,
    tmp_path: Path,
) -> None:
    """The media selector's choice (a dict) is taken as well as a plain ID."""
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    choice = {
        "media_content_id": clip_id(init_integration, recording.filepath),
        "media_content_type": "video/mp4",
    }
    await save(hass, init_integration, choice, tmp_path / "door.mp4")
    assert (tmp_path / "door.mp4").read_bytes() == recording.data


async def test_refused_before_sending(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    recording: Recording,
    tmp_path: Path,
) -> None:
    """A clip of another camera, or a path not allowed: refused, nothing sent.

    Data that is no clip at all the schema refuses (test_action_errors).
    """
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    simulator.reset_counters()
    target = tmp_path / "door.mp4"
    with pytest.raises(ServiceValidationError) as err:
        await save(
            hass,
            init_integration,
            f"media-source://{DOMAIN}/other/clip{recording.filepath}",
            target,
        )
    assert err.value.translation_key == "recording_of_other_camera"
    hass.config.allowlist_external_dirs = set()
    with pytest.raises(ServiceValidationError) as err:
        await save(
            hass,
            init_integration,
            clip_id(init_integration, recording.filepath),
            target,
        )
    assert err.value.translation_key == "path_not_allowed"
    assert simulator.counters == {}
    assert not target.exists()


async def test_clip_the_camera_lacks(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    tmp_path: Path,
) -> None:
    """A clip the camera no longer has is refused by name; no file is written."""
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    with pytest.raises(ServiceValidationError) as err:
        await save(
            hass,
            init_integration,
            clip_id(init_integration, "/mnt/mmc0/alarm/20200101/000000-v-1.mp4"),
            tmp_path / "door.mp4",
        )
    assert err.value.translation_key == "recording_not_found"
    assert "/mnt/mmc0/alarm/20200101/000000-v-1.mp4" in str(err.value)
    assert list(tmp_path.iterdir()) == []


async def test_camera_lost_midway(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    recording: Recording,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A download that breaks off is a camera error and leaves no file."""
    monkeypatch.setattr(playback, "RECORDING_PIECE_BYTES", 30_000)
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    original = playback.RecordingDownload.write

    async def write(download: Any, chunk: bytes) -> bool:
        simulator.set_offline(True)
        return await original(download, chunk)

    monkeypatch.setattr(playback.RecordingDownload, "write", write)
    with pytest.raises(HomeAssistantError) as err:
        await save(
            hass,
            init_integration,
            clip_id(init_integration, recording.filepath),
            tmp_path / "door.mp4",
        )
    assert err.value.translation_key == "cannot_connect"
    assert list(tmp_path.iterdir()) == []


async def test_write_error(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    recording: Recording,
    tmp_path: Path,
) -> None:
    """A file that cannot be written is an error naming it; no partial file stays."""
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    (tmp_path / "taken").write_text("a file, not a folder")
    with pytest.raises(HomeAssistantError) as err:
        await save(
            hass,
            init_integration,
            clip_id(init_integration, recording.filepath),
            tmp_path / "taken" / "door.mp4",
        )
    assert err.value.translation_key == "file_path_through_a_file"
    (tmp_path / "folder.mp4").mkdir()
    with pytest.raises(HomeAssistantError) as err:
        await save(
            hass,
            init_integration,
            clip_id(init_integration, recording.filepath),
            tmp_path / "folder.mp4",
        )
    assert err.value.translation_key == "file_is_a_folder"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["folder.mp4", "taken"]
