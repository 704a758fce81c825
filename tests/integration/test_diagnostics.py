"""Tests of the diagnostics: complete, and without secrets."""

from __future__ import annotations

from collections.abc import Hashable
import json

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)
from pytest_homeassistant_custom_component.components.diagnostics import (  # type: ignore[import-untyped]
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import (  # type: ignore[import-untyped]
    ClientSessionGenerator,
)
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import paths, props

from homeassistant.components.diagnostics import REDACTED
from homeassistant.core import HomeAssistant
from ipc_simulator import ManualClock, Simulator
from ipc_simulator.endpoints import media

from .conftest import PASSWORD, poll, setup_entry

_TIME_FIELDS = props("current_time", "system_time", "uptime", "boot_time")
_RANDOM_PORT = paths("entry.data.port")


def volatile(*, prop: Hashable, path: tuple[tuple[Hashable, type], ...]) -> bool:
    """Leave out what changes between runs: clock readings and the simulator's port."""
    return _TIME_FIELDS(prop=prop, path=path) or _RANDOM_PORT(prop=prop, path=path)


async def test_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    snapshot: SnapshotAssertion,
) -> None:
    """The diagnostics show the entry, the camera and its last poll, redacted."""
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, init_integration
    )
    assert diagnostics == snapshot(exclude=volatile)

    dumped = json.dumps(diagnostics)
    device = simulator.state.device
    for secret in (
        PASSWORD,
        device.mac,
        device.mac.replace(":", "").lower(),
        device.serial,
    ):
        assert secret.lower() not in dumped.lower()


@pytest.mark.usefixtures("all_entities_enabled")
async def test_diagnostics_redact_echoed_secrets(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    freezer: FrozenDateTimeFactory,
    sim_clock: ManualClock,
    mock_config_entry: MockConfigEntry,
    simulator: Simulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A camera that echoes the password, account, uid or identity in any field.

    Such strings are redacted whole, values and keys, nested or not; so are
    URLs and the RTMP and NFS targets.
    """
    # a resolution name (a key in the diagnostics) holding the password
    monkeypatch.setitem(
        media.VIDEO_CAPABILITIES[2]["H264"], f"{PASSWORD}P", ((1, 30), (50, 2000))
    )
    state = simulator.state
    device = state.device
    state.osd.title = f"Porch {PASSWORD}"
    state.rtmp.server = "203.0.113.7"
    state.rtmp.app_name = "live-push"
    state.schedule_storage.nfs_server = "203.0.113.8"
    state.schedule_storage.nfs_path = "/export/cam"
    state.user_osds[0].title = f"SN {device.serial}"
    state.user_osds[1].title = device.mac.replace(":", "").lower()
    state.user_osds[2].title = "set up by ADMIN"
    state.user_osds[3].title = "see https://example.net/cam"
    state.user_osds[4].title = "Front door"
    await setup_entry(hass, mock_config_entry)
    # The uid exists only now; the clock group is read every poll.
    uid = mock_config_entry.runtime_data.client.session_uid
    assert uid is not None
    state.time.ntp_server = f"ntp-{uid}.lan"
    await poll(hass, freezer, sim_clock)
    assert mock_config_entry.runtime_data.client.session_uid == uid

    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, mock_config_entry
    )
    assert set(diagnostics["video_capabilities"]["streams"]["2"]["H264"]) == {
        "480X360",
        "VGA",
        REDACTED,
    }
    last_poll = diagnostics["last_poll"]
    assert last_poll["osd"]["title"] == REDACTED
    assert last_poll["osd"]["font_size"] == 1
    assert last_poll["rtmp"]["server"] == REDACTED
    assert last_poll["rtmp"]["app_name"] == REDACTED
    assert last_poll["rtmp"]["port"] == state.rtmp.port
    assert last_poll["schedule_storage"]["mount_param"] == REDACTED
    assert last_poll["time"]["ntp_server"] == REDACTED
    assert [last_poll[f"user_osd_{line}"]["title"] for line in range(5)] == [
        REDACTED,
        REDACTED,
        REDACTED,
        REDACTED,
        "Front door",
    ]
    dumped = json.dumps(diagnostics).lower()
    for secret in (
        PASSWORD,
        "admin",
        uid,
        device.serial,
        device.mac,
        device.mac.replace(":", ""),
        "203.0.113",
        "/export/cam",
        "example.net",
    ):
        assert secret.lower() not in dumped
