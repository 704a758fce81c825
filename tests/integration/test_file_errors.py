"""Files an action cannot read or write: a translated message for each kind.

No OSError text (English, from the C library) reaches a message: a kind a user
can act on has its own message, any other names only its errno.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
    MockUser,
)

from custom_components.ipc_cgi.const import DOMAIN
from custom_components.ipc_cgi.errors import FILE_ERROR_KEYS, file_error
from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import homeassistant.helpers.device_registry as dr
from ipc_simulator import Simulator


@pytest.mark.parametrize(
    ("code", "key"),
    [
        (errno.EACCES, "file_permission_denied"),
        (errno.EPERM, "file_permission_denied"),
        (errno.EROFS, "file_read_only"),
        (errno.ENOENT, "file_not_found"),
        (errno.EISDIR, "file_is_a_folder"),
        (errno.ENOTDIR, "file_path_through_a_file"),
        (errno.EEXIST, "file_path_through_a_file"),
        (errno.ENOSPC, "file_disk_full"),
        (errno.EDQUOT, "file_disk_full"),
    ],
)
@pytest.mark.parametrize("reading", [True, False])
def test_known_kinds(code: int, key: str, reading: bool) -> None:
    """Each kind a user can act on has its message, naming only the file."""
    error = file_error(Path("/media/x"), OSError(code, "English text"), reading=reading)
    assert error.translation_key == key
    assert error.translation_placeholders == {"filename": "/media/x"}
    assert isinstance(error, ServiceValidationError) is reading


@pytest.mark.parametrize(
    ("err", "shown"),
    [
        (OSError(errno.EIO, "Input/output error"), "EIO"),
        (OSError(9999, "Unknown error 9999"), "9999"),
        (OSError("no errno at all"), "OSError"),
        (TimeoutError("timed out"), "TimeoutError"),
    ],
)
def test_other_kinds_name_only_the_errno(err: OSError, shown: str) -> None:
    """Any other OSError names its errno (or class), never its English text."""
    read = file_error(Path("/media/x"), err, reading=True)
    written = file_error(Path("/media/x"), err, reading=False)
    assert (read.translation_key, written.translation_key) == (
        "cannot_read_file",
        "cannot_write_file",
    )
    for error in (read, written):
        assert error.translation_placeholders == {
            "filename": "/media/x",
            "errno": shown,
        }
    assert isinstance(read, ServiceValidationError)
    assert not isinstance(written, ServiceValidationError)


def test_file_error_keys_are_all_used_above() -> None:
    """The table has no kind the cases above leave untested."""
    assert set(FILE_ERROR_KEYS) == {
        errno.EACCES,
        errno.EPERM,
        errno.EROFS,
        errno.ENOENT,
        errno.EISDIR,
        errno.ENOTDIR,
        errno.EEXIST,
        errno.ENOSPC,
        errno.EDQUOT,
    }


# --- through the actions, on a real file system --------------------------------------


def _layout(root: Path) -> None:
    """Put a file named `taken` and a folder named `folder` in `root`."""
    (root / "taken").write_text("a file, not a folder")
    (root / "folder").mkdir()


async def _call(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    service: str,
    context: Context | None = None,
    **data: Any,
) -> None:
    (device,) = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    await hass.services.async_call(
        DOMAIN,
        service,
        {ATTR_DEVICE_ID: device.id, **data},
        blocking=True,
        context=context,
    )


@pytest.mark.parametrize(
    ("name", "key", "message"),
    [
        (
            "taken/door.mp4",
            "file_path_through_a_file",
            "A folder in the path {} is a file",
        ),
        (
            "taken/sub/door.mp4",
            "file_path_through_a_file",
            "A folder in the path {} is a file",
        ),
    ],
)
async def test_save_recording(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    tmp_path: Path,
    name: str,
    key: str,
    message: str,
) -> None:
    """A clip written under a file: that kind's message."""
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    _layout(tmp_path)
    target = tmp_path / name
    with pytest.raises(HomeAssistantError) as err:
        await _call(
            hass,
            init_integration,
            "save_recording",
            recording=_clip(init_integration, simulator),
            filename=str(target),
        )
    assert err.value.translation_key == key
    assert err.value.translation_placeholders == {"filename": str(target)}
    assert str(err.value) == message.format(target)


async def test_save_recording_permission_denied(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    tmp_path: Path,
) -> None:
    """A folder Home Assistant may not write to: the permission message.

    The tests run as root, which file modes do not stop, so the one OS call
    that opens the file is made to fail as it would for another user.
    """
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    target = tmp_path / "door.mp4"
    denied = PermissionError(errno.EACCES, "Permission denied", str(target))
    with (
        patch.object(Path, "open", side_effect=denied),
        pytest.raises(HomeAssistantError) as err,
    ):
        await _call(
            hass,
            init_integration,
            "save_recording",
            recording=_clip(init_integration, simulator),
            filename=str(target),
        )
    assert err.value.translation_key == "file_permission_denied"
    assert str(err.value) == f"Home Assistant has no permission to use {target}"


def _clip(entry: MockConfigEntry, simulator: Simulator) -> str:
    """Return the media-source ID of one of the camera's clips."""
    filepath = simulator.state.recordings[0].filepath
    return f"media-source://{DOMAIN}/{entry.entry_id}/clip{filepath}"


@pytest.mark.parametrize(
    ("name", "key", "message"),
    [
        ("missing.pem", "file_not_found", "{} does not exist"),
        ("folder", "file_is_a_folder", "{} is a folder, not a file"),
        (
            "taken/camera.pem",
            "file_path_through_a_file",
            "A folder in the path {} is a file",
        ),
    ],
)
async def test_upload_certificate(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    hass_admin_user: MockUser,
    tmp_path: Path,
    name: str,
    key: str,
    message: str,
) -> None:
    """A certificate file that is missing, a folder or under a file: nothing sent."""
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    _layout(tmp_path)
    target = tmp_path / name
    simulator.reset_counters()
    with pytest.raises(ServiceValidationError) as err:
        await _call(
            hass,
            init_integration,
            "upload_certificate",
            Context(user_id=hass_admin_user.id),
            filename=str(target),
        )
    assert err.value.translation_key == key
    assert err.value.translation_placeholders == {"filename": str(target)}
    assert str(err.value) == message.format(target)
    assert not simulator.counters
