"""A camera with older firmware: the entities of its missing endpoints are unavailable."""

from __future__ import annotations

import logging

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from custom_components.ipc_cgi.const import CONFIG_READ_INTERVAL, DOMAIN, PollGroup
from custom_components.ipc_cgi.firmware import UpgradeStep, async_set_upgrade_step
from homeassistant.components.camera import async_get_image, async_get_stream_source
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import homeassistant.helpers.entity_registry as er
from ipc_simulator import ManualClock, Simulator
from ipc_simulator.firmware import endpoints_after

from .conftest import GROUP_OF_KEY, entry_data, poll, setup_entry, state_of

pytestmark = pytest.mark.usefixtures("all_entities_enabled")

# The poll groups whose endpoint each firmware lacks (the spec's revise record).
MISSING_GROUPS = {
    "1.0.9": {
        PollGroup.RELAY,
        PollGroup.SHUTTER,
        PollGroup.ONVIF_AUTH,
        PollGroup.RTSP_AUTH,
    },
    "1.0.8": {
        PollGroup.RELAY,
        PollGroup.SHUTTER,
        PollGroup.ONVIF_AUTH,
        PollGroup.RTSP_AUTH,
        PollGroup.LED,
        PollGroup.IR_CUT,
        PollGroup.SERVICE_PORTS,
    },
}
# The missing endpoints that a poll group reads.
READ_PATHS = {
    "1.0.9": {
        "/cgi-bin/getRelayStatus",
        "/cgi-bin/setShutterSpeed",
        "/cgi-bin/onvif",
        "/cgi-bin/rtsp",
    },
    "1.0.8": {
        "/cgi-bin/getRelayStatus",
        "/cgi-bin/setShutterSpeed",
        "/cgi-bin/onvif",
        "/cgi-bin/rtsp",
        "/cgi-bin/set_led",
        "/cgi-bin/set_ircut",
        "/cgi-bin/set_service_port",
    },
}


def _absent_warnings(caplog: pytest.LogCaptureFixture) -> list[set[str]]:
    """Return what each of the integration's "firmware lacks" warnings names."""
    return [
        set(record.args[1].split(", "))
        for record in caplog.records
        if record.levelno == logging.WARNING
        and record.name.startswith(f"custom_components.{DOMAIN}")
        and "firmware lacks" in record.msg
        and isinstance(record.args, tuple)
        and isinstance(record.args[1], str)
    ]


def _problems(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Return the integration's warnings other than "firmware lacks"."""
    return [
        record.getMessage()
        for record in caplog.records
        if record.levelno >= logging.WARNING
        and record.name.startswith(f"custom_components.{DOMAIN}")
        and "firmware lacks" not in record.msg
    ]


def _states(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, str]:
    """Return the state of every entity of the entry, by unique key."""
    registry = er.async_get(hass)
    return {
        entity.unique_id.removeprefix(f"{entry.unique_id}_"): state_of(
            hass, entity.entity_id
        )
        for entity in er.async_entries_for_config_entry(registry, entry.entry_id)
    }


@pytest.mark.parametrize("firmware", ["1.0.9", "1.0.8"])
async def test_old_firmware(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    mock_config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    firmware: str,
) -> None:
    """The camera sets up; only the missing endpoints' entities are unavailable.

    Polls keep working, each missing group is logged once, no reauth starts.
    """
    simulator.missing_endpoints = endpoints_after(firmware)
    missing = MISSING_GROUPS[firmware]
    await setup_entry(hass, mock_config_entry)
    assert mock_config_entry.state is ConfigEntryState.LOADED

    simulator.state.image.brightness = 77
    for _ in range(2 * int(CONFIG_READ_INTERVAL.total_seconds()) // 30):
        await poll(hass, freezer, sim_clock)

    states = _states(hass, mock_config_entry)
    unavailable = {key for key, state in states.items() if state == STATE_UNAVAILABLE}
    assert unavailable == {key for key in states if GROUP_OF_KEY.get(key) in missing}
    assert {
        "relay",
        "day_shutter_speed",
        "night_shutter_speed",
        "onvif_authentication",
        "rtsp_authentication",
    } <= unavailable
    # The rest has the camera's values, and polls still bring changes.
    assert states["camera"] != STATE_UNAVAILABLE
    assert float(states["image_brightness"]) == 77
    assert states["lamp_mode"] != STATE_UNAVAILABLE

    # One line for the camera names every missing group.
    assert _absent_warnings(caplog) == [missing]
    # A missing endpoint is asked once, on its first read, and then left alone.
    absent = endpoints_after(firmware)
    asked = {path: n for path, n in simulator.counters.items() if path in absent}
    assert asked == dict.fromkeys(READ_PATHS[firmware], 1)
    assert not [
        record
        for record in caplog.records
        if record.levelno >= logging.ERROR and record.name.startswith("homeassistant")
    ]
    assert not hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert mock_config_entry.state is ConfigEntryState.LOADED


async def test_camera_without_service_ports_and_rtsp_auth(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Without 3.31 and 3.42 the camera streams on the default port, with credentials."""
    simulator.missing_endpoints = endpoints_after("1.0.8")
    await setup_entry(hass, mock_config_entry)

    assert state_of(hass, "camera.mc400l") != STATE_UNAVAILABLE
    source = await async_get_stream_source(hass, "camera.mc400l")
    assert source == "rtsp://admin:123456@127.0.0.1:554/stream0"
    image = await async_get_image(hass, "camera.mc400l")
    assert image.content == simulator.snapshot_jpeg


async def test_missing_action_tells_why(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """A button of a missing endpoint (3.40) stays available: its press says why it fails."""
    simulator.missing_endpoints = endpoints_after("1.0.9")
    await setup_entry(hass, mock_config_entry)

    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            "button",
            "press",
            {"entity_id": "button.mc400l_trigger_alarm_input"},
            blocking=True,
        )
    assert err.value.translation_key == "not_supported"
    assert str(err.value) == "The camera's firmware does not have this function"


async def test_heartbeat_without_device_state(
    hass: HomeAssistant,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """With nothing else to read, the heartbeat still asks 3.25, logged only once."""
    simulator.missing_endpoints = frozenset({"/cgi-bin/getDevState"})
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="MC400L",
        data=entry_data(simulator),
        unique_id="f0:00:00:29:06:9f",
        pref_disable_new_entities=True,
    )
    await setup_entry(hass, entry)
    # A listener that reads no group, like a button: the polls are heartbeats.
    unsubscribe = entry.runtime_data.coordinator.async_add_listener(lambda: None)
    for _ in range(3):
        await poll(hass, freezer, sim_clock)
    unsubscribe()

    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data.coordinator.last_update_success
    assert simulator.counters["/cgi-bin/getDevState"] == 4
    assert _absent_warnings(caplog) == [{PollGroup.DEVICE_STATE}]
    assert not _problems(caplog)


async def test_absent_endpoints_logged_once_per_camera_and_run(
    hass: HomeAssistant,
    simulator: Simulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """One line per camera names what its firmware lacks; reloads add none."""
    simulator.missing_endpoints = endpoints_after("1.0.8")
    entries = [
        MockConfigEntry(
            domain=DOMAIN,
            title=title,
            data=entry_data(simulator),
            unique_id=f"f0:00:00:29:06:a{index}",
        )
        for index, title in enumerate(("Gate", "Yard"))
    ]
    for entry in entries:
        await setup_entry(hass, entry)
    for _ in range(3):
        for entry in entries:
            assert await hass.config_entries.async_reload(entry.entry_id)
            await hass.async_block_till_done(wait_background_tasks=True)
            assert entry.state is ConfigEntryState.LOADED

    lines = [
        record.getMessage()
        for record in caplog.records
        if record.levelno >= logging.WARNING and "firmware lacks" in record.msg
    ]
    assert [line.split(":")[0] for line in lines] == ["Gate", "Yard"]
    assert _absent_warnings(caplog) == [MISSING_GROUPS["1.0.8"]] * 2
    assert not _problems(caplog)


async def test_setup_reads_absent(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Capabilities (3.4, 3.9) that the firmware lacks are named in the same line."""
    simulator.missing_endpoints = frozenset(
        {"/cgi-bin/getcapabilities", "/cgi-bin/videoencoder/getcapabilities"}
    )
    await setup_entry(hass, mock_config_entry)
    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert _absent_warnings(caplog) == [{"capabilities", "video_capabilities"}]
    assert not _problems(caplog)


async def test_absent_found_later_are_named_alone(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An endpoint found missing after a reload gets a line of its own; the others none."""
    simulator.missing_endpoints = endpoints_after("1.0.9")
    await setup_entry(hass, mock_config_entry)
    simulator.missing_endpoints = endpoints_after("1.0.8")
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)

    assert _absent_warnings(caplog) == [
        MISSING_GROUPS["1.0.9"],
        MISSING_GROUPS["1.0.8"] - MISSING_GROUPS["1.0.9"],
    ]


async def test_removed_entry_leaves_nothing_behind(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """What outlives an entry's reloads goes with the entry.

    Its recordings watch, the endpoints logged absent, its upgrade step:
    adding and removing cameras while Home Assistant runs does not grow them.
    """
    simulator.missing_endpoints = endpoints_after("1.0.8")
    await setup_entry(hass, mock_config_entry)
    async_set_upgrade_step(hass, mock_config_entry.entry_id, UpgradeStep.IDLE)
    kept = [
        value
        for key, value in hass.data.items()
        if str(key).startswith(DOMAIN) and isinstance(value, dict)
    ]
    assert sum(mock_config_entry.entry_id in value for value in kept) == 3

    assert await hass.config_entries.async_remove(mock_config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert not [value for value in kept if mock_config_entry.entry_id in value]
