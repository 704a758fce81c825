"""Knock-out matrix: every endpoint the integration reads, failing in every way.

Only getuid and getinfo are required: without them setup fails with a
translated reason. Any other endpoint may fail; then only what needs it is
unavailable (or left out), everything else has its value, and nothing is
logged above WARNING.
"""

from __future__ import annotations

import logging
from typing import Final
from unittest.mock import patch

import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from custom_components.ipc_cgi.button import BUTTONS
from custom_components.ipc_cgi.const import DOMAIN, USER_OSD_GROUPS, PollGroup
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
import homeassistant.helpers.entity_registry as er
from ipc_simulator import EndpointFault, OnvifQuirk, Simulator

from .conftest import GROUP_OF_KEY, cgi_requests, setup_entry, state_of

pytestmark = pytest.mark.usefixtures("all_entities_enabled")


@pytest.fixture(autouse=True)
def recordings_fallback(simulator: Simulator) -> None:
    """Firmware without a PullPoint: motion from the recordings, which read 3.20 too."""
    simulator.fault_endpoint("/onvif/event_service", OnvifQuirk.NO_PULLPOINT)


# The client's timeout where an endpoint never answers (0.25 s failed now and then on a loaded machine).
SHORT_TIMEOUT: Final = 0.5

GROUP_PATHS: Final = {
    PollGroup.DEVICE_STATE: "/cgi-bin/getDevState",
    PollGroup.RELAY: "/cgi-bin/getRelayStatus",
    PollGroup.LAMP: "/cgi-bin/setBrightness_InfraredLamp",
    PollGroup.LED: "/cgi-bin/set_led",
    PollGroup.IR_CUT: "/cgi-bin/set_ircut",
    PollGroup.TIME: "/cgi-bin/time",
    PollGroup.NETWORK: "/cgi-bin/network",
    PollGroup.IMAGE: "/cgi-bin/image",
    PollGroup.NOISE_REDUCTION: "/cgi-bin/set_noise_reduction",
    PollGroup.WDR: "/cgi-bin/set_wdr",
    PollGroup.FLIP: "/cgi-bin/set_flip",
    PollGroup.SHUTTER: "/cgi-bin/setShutterSpeed",
    PollGroup.MOTION: "/cgi-bin/motion",
    PollGroup.AUDIO: "/cgi-bin/audioencoder",
    PollGroup.OSD: "/cgi-bin/osd",
    **dict.fromkeys(USER_OSD_GROUPS, "/cgi-bin/userosd"),
    PollGroup.CODEC_STREAMS: "/cgi-bin/set_start_codec",
    PollGroup.VIDEO_ENCODER: "/cgi-bin/videoencoder",
    PollGroup.RTMP: "/cgi-bin/rtmp",
    PollGroup.SCHEDULE_STORAGE: "/cgi-bin/setScheduleStorage",
    PollGroup.EVENT_STORAGE: "/cgi-bin/setEventStorage",
    PollGroup.ONVIF_AUTH: "/cgi-bin/onvif",
    PollGroup.RTSP_AUTH: "/cgi-bin/rtsp",
    PollGroup.SERVICE_PORTS: "/cgi-bin/set_service_port",
    PollGroup.USERS: "/cgi-bin/user_management",
    PollGroup.PRIVACY_ZONES: "/cgi-bin/set_privacy_zone",
    PollGroup.NEW_RECORDINGS: "/cgi-bin/get_record_query",
}
REQUIRED: Final = ("/cgi-bin/getuid", "/cgi-bin/getinfo")
PTZ_BUTTONS: Final = frozenset(
    {
        "ptz_left",
        "ptz_right",
        "ptz_up",
        "ptz_down",
        "ptz_zoom_in",
        "ptz_zoom_out",
        "ptz_stop",
    }
)
# Read once at setup: the name the log gives it, and the entities left out without it.
SETUP_READS: Final[dict[str, tuple[str | None, frozenset[str]]]] = {
    "/cgi-bin/getcapabilities": ("capabilities", PTZ_BUTTONS),
    "/cgi-bin/videoencoder/getcapabilities": (
        "video_capabilities",
        frozenset({"main_stream_resolution", "sub_stream_resolution"}),
    ),
    "/cgi-bin/audioencoder/getcapabilities": ("audio_capabilities", frozenset()),
}
ENDPOINTS: Final = (*REQUIRED, *SETUP_READS, *dict.fromkeys(GROUP_PATHS.values()))
KINDS: Final = tuple(kind for kind in EndpointFault if kind is not EndpointFault.IGNORE)
# The translated reason setup fails with when a required endpoint fails.
REQUIRED_ERRORS: Final = {
    EndpointFault.NOT_FOUND: "not_ipc_camera",
    EndpointFault.FAULT: "camera_fault",
    # a refused privilege is not a wrong password: no reauthentication
    EndpointFault.DENIED: "access_denied",
    EndpointFault.HTTP_500: "cannot_connect",
    EndpointFault.MALFORMED: "invalid_response",
    EndpointFault.EMPTY: "invalid_response",
    EndpointFault.HTML: "invalid_response",
    EndpointFault.BARE: "invalid_response",
    EndpointFault.TIMEOUT: "cannot_connect",
}
BUTTON_KEYS: Final = frozenset(description.key for description in BUTTONS)
ALL_KEYS: Final = frozenset({*GROUP_OF_KEY, "camera"})
# Unknown without a fault: a button's state is its last press, and the
# simulator reports no firmware version (3.3's filesystem repeats the model).
UNKNOWN_KEYS: Final = BUTTON_KEYS | {"firmware", "motion_event"}
# The clock drift is measured from 3.25's clock in 3.8's zone: unknown without either.
DRIFT_PATHS: Final = frozenset({"/cgi-bin/getDevState", "/cgi-bin/time"})
# Whether privacy mode's zone covers the picture needs the picture's size (3.10).
PICTURE_SIZE_PATH: Final = "/cgi-bin/videoencoder"
# A bare <RecordQueryInfo/> is a day without recordings (3.20): a valid answer.
BARE_IS_VALID: Final = frozenset({"/cgi-bin/get_record_query"})
# Not ours: Home Assistant's camera component without the system's libturbojpeg.
FOREIGN_ERRORS: Final = ("homeassistant.components.camera.img_util",)


def _states(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, str]:
    """Return the state of every entity of the entry, by description key."""
    registry = er.async_get(hass)
    return {
        entity.unique_id.removeprefix(f"{entry.unique_id}_"): state_of(
            hass, entity.entity_id
        )
        for entity in er.async_entries_for_config_entry(registry, entry.entry_id)
    }


def _check_log(caplog: pytest.LogCaptureFixture, names: set[str]) -> None:
    """Nothing above WARNING, no traceback; the integration warns only about `names`."""
    for record in caplog.records:
        if record.name.startswith(FOREIGN_ERRORS):
            continue
        assert record.exc_info is None, record.getMessage()
        assert record.levelno <= logging.WARNING, record.getMessage()
        if record.levelno == logging.WARNING and record.name.startswith(
            f"custom_components.{DOMAIN}"
        ):
            message = record.getMessage()
            assert any(name in message for name in names), message


async def _set_up(
    hass: HomeAssistant, entry: MockConfigEntry, kind: EndpointFault | None
) -> None:
    """Set the camera up; a short client timeout where an endpoint never answers."""
    timeout = SHORT_TIMEOUT if kind is EndpointFault.TIMEOUT else 10.0
    with patch("custom_components.ipc_cgi.coordinator.REQUEST_TIMEOUT", timeout):
        await setup_entry(hass, entry)


async def _poll(entry: MockConfigEntry) -> None:
    """Run a poll now; time is not frozen: the client's timeouts need a running clock."""
    await entry.runtime_data.coordinator.async_refresh()


async def test_baseline(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Without faults every entity has a value, and the matrix covers every read."""
    await _set_up(hass, mock_config_entry, None)
    await _poll(mock_config_entry)

    states = _states(hass, mock_config_entry)
    assert set(states) == ALL_KEYS
    assert STATE_UNAVAILABLE not in states.values()
    assert {key for key, state in states.items() if state == STATE_UNKNOWN} == (
        UNKNOWN_KEYS
    )
    assert set(cgi_requests(simulator)) == set(ENDPOINTS)
    assert set(GROUP_PATHS) == set(PollGroup)
    _check_log(caplog, set())


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("path", ENDPOINTS)
async def test_knock_out(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    path: str,
    kind: EndpointFault,
) -> None:
    """One endpoint fails in one way: only what needs it suffers."""
    simulator.fault_endpoint(path, kind)
    await _set_up(hass, mock_config_entry, kind)

    if path in REQUIRED:
        assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY
        assert mock_config_entry.error_reason_translation_key == REQUIRED_ERRORS[kind]
        assert mock_config_entry.reason
        _check_log(caplog, set())
        return

    assert mock_config_entry.state is ConfigEntryState.LOADED
    await _poll(mock_config_entry)

    groups = {group for group, group_path in GROUP_PATHS.items() if group_path == path}
    if kind is EndpointFault.BARE and path in BARE_IS_VALID:
        groups = set()
    name, left_out = SETUP_READS.get(path, (None, frozenset()))
    states = _states(hass, mock_config_entry)
    assert set(states) == ALL_KEYS - left_out
    unavailable = {key for key, state in states.items() if state == STATE_UNAVAILABLE}
    assert unavailable == {key for key in states if GROUP_OF_KEY.get(key) in groups}
    unknown = UNKNOWN_KEYS | ({"clock_drift"} if path in DRIFT_PATHS else set())
    unknown |= {"privacy_mode"} if path == PICTURE_SIZE_PATH else set()
    assert {key for key, state in states.items() if state == STATE_UNKNOWN} <= unknown
    assert mock_config_entry.runtime_data.coordinator.last_update_success
    _check_log(caplog, {*groups, *([name] if name else [])})


async def test_no_answer_while_getinfo_answers_badly(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A camera that answers getinfo at all, if badly, is there: only the silent endpoint fails."""
    await _set_up(hass, mock_config_entry, EndpointFault.TIMEOUT)
    simulator.fault_endpoint(GROUP_PATHS[PollGroup.RELAY], EndpointFault.TIMEOUT)
    simulator.fault_endpoint("/cgi-bin/getinfo", EndpointFault.MALFORMED)
    await _poll(mock_config_entry)

    assert mock_config_entry.runtime_data.coordinator.last_update_success
    states = _states(hass, mock_config_entry)
    assert states.pop("relay") == STATE_UNAVAILABLE
    assert STATE_UNAVAILABLE not in states.values()
    assert simulator.counters["/cgi-bin/getinfo"] == 2  # setup, then the check
    _check_log(caplog, {PollGroup.RELAY})
