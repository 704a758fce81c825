"""Tests of setting up, reloading and unloading a camera."""

from __future__ import annotations

from datetime import timedelta
import logging
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.ipc_cgi.const import CONF_STREAM, DOMAIN, STREAM_SUB
from custom_components.ipc_cgi.ipccgi import Capabilities, DeviceState, IpcCgiClient
from homeassistant.components.camera import async_get_image, async_get_stream_source
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import CONF_PASSWORD
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import homeassistant.helpers.entity_registry as er
from ipc_simulator import ManualClock, Simulator

from .conftest import PASSWORD, setup_entry, state_of


async def test_setup_and_unload(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """Setup reads what the camera is once; unloading releases the entry."""
    assert init_integration.state is ConfigEntryState.LOADED
    runtime_data = init_integration.runtime_data
    assert runtime_data.info.mac == simulator.state.device.mac
    assert runtime_data.capabilities.ptz is True
    assert runtime_data.audio_capabilities is not None
    assert 1 in runtime_data.video_capabilities.streams
    assert simulator.counters["/cgi-bin/getinfo"] == 1
    assert simulator.counters["/cgi-bin/videoencoder/getcapabilities"] == 1

    assert await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done()
    entry = hass.config_entries.async_get_entry(init_integration.entry_id)
    assert entry is not None
    assert entry.state is ConfigEntryState.NOT_LOADED
    camera = hass.states.get("camera.mc400l")
    assert camera is not None
    assert camera.state == "unavailable"


async def test_setup_without_audio(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, simulator: Simulator
) -> None:
    """A camera without audio is not asked for its audio capabilities."""
    simulator.state.capabilities.audio = False
    await setup_entry(hass, mock_config_entry)
    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert mock_config_entry.runtime_data.audio_capabilities is None
    assert simulator.counters["/cgi-bin/audioencoder/getcapabilities"] == 0


@pytest.mark.parametrize("fault", ["drop", "http_500", "malformed"])
async def test_setup_not_ready(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    simulator: Simulator,
    fault: str,
) -> None:
    """A camera that does not answer properly is retried later."""
    simulator.faults.inject(fault, None, path="/cgi-bin/getinfo")
    await setup_entry(hass, mock_config_entry)
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY


async def test_setup_offline(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, simulator: Simulator
) -> None:
    """An offline camera is retried, with a translated reason."""
    simulator.set_offline(True)
    await setup_entry(hass, mock_config_entry)
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY
    assert mock_config_entry.reason == "Could not connect to the camera"


async def test_setup_auth_failed_starts_reauth(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, simulator: Simulator
) -> None:
    """A password that stopped working fails setup and asks for a new one."""
    simulator.state.users["admin"].password = "changed"
    await setup_entry(hass, mock_config_entry)
    assert mock_config_entry.state is ConfigEntryState.SETUP_ERROR

    flows = hass.config_entries.flow.async_progress()
    assert len(flows) == 1
    assert flows[0]["step_id"] == "reauth_confirm"
    assert flows[0]["context"]["source"] == SOURCE_REAUTH
    assert flows[0]["context"]["entry_id"] == mock_config_entry.entry_id


async def test_poll_auth_failed_starts_reauth(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A password changed while loaded starts reauthentication at the next poll."""
    simulator.state.users["admin"].password = "changed"
    simulator.expire_uids()
    freezer.tick(timedelta(seconds=31))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)

    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["step_id"] for flow in flows] == ["reauth_confirm"]


async def test_options_reload(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """Options saved in the options flow reload the entry."""
    result = await hass.config_entries.options.async_init(init_integration.entry_id)
    await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_STREAM: STREAM_SUB}
    )
    await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.LOADED
    assert init_integration.options[CONF_STREAM] == STREAM_SUB
    assert simulator.counters["/cgi-bin/getinfo"] == 2


async def test_reauth_reloads_once(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A successful reauthentication stores the password and reloads the entry once."""
    simulator.state.users["admin"].password = "n3w-secret"
    result = await init_integration.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PASSWORD: "n3w-secret"}
    )
    await hass.async_block_till_done()
    assert result["reason"] == "reauth_successful"
    assert init_integration.state is ConfigEntryState.LOADED
    assert init_integration.runtime_data.client is not None
    assert simulator.counters["/cgi-bin/getinfo"] == 3  # setup, flow, reload


async def test_no_credentials_in_logs(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    simulator: Simulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Setup, the stream URL, failing commands and a failing poll log no password."""
    caplog.set_level(logging.DEBUG)
    await setup_entry(hass, mock_config_entry)
    assert await async_get_stream_source(hass, "camera.mc400l")

    simulator.faults.inject("drop", None)
    with pytest.raises(HomeAssistantError):
        await async_get_image(hass, "camera.mc400l")
    coordinator = mock_config_entry.runtime_data.coordinator
    await coordinator.async_refresh()  # one miss keeps the data
    await coordinator.async_refresh()
    assert not coordinator.last_update_success

    ours = [r for r in caplog.records if not r.name.startswith("aiohttp.access")]
    assert ours
    formatter = logging.Formatter()
    for record in ours:
        assert PASSWORD not in formatter.format(record)


async def test_default_poll_interval_keeps_the_uid_valid_time(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """At the default 30 s interval the camera's own uid lifetime is enough."""
    assert init_integration.state is ConfigEntryState.LOADED
    assert simulator.counters["/cgi-bin/setUidValidTime"] == 0


async def test_camera_gone_during_setup(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, simulator: Simulator
) -> None:
    """A camera that stops answering after getinfo is retried: getinfo tells it from one endpoint failing."""
    get_capabilities = IpcCgiClient.get_capabilities

    async def go_offline(client: IpcCgiClient) -> Capabilities:
        simulator.set_offline(True)
        return await get_capabilities(client)

    with patch.object(IpcCgiClient, "get_capabilities", go_offline):
        await setup_entry(hass, mock_config_entry)
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY
    assert mock_config_entry.reason == "Could not connect to the camera"
    assert simulator.counters["/cgi-bin/getinfo"] > 1  # setup, then the check
    assert simulator.counters["/cgi-bin/videoencoder/getcapabilities"] == 0


async def test_camera_restarts_before_the_first_poll(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    simulator: Simulator,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
) -> None:
    """The camera restarts after getinfo answered, as the first poll begins: setup retries.

    No entity is made of a poll that read nothing; when the camera is back,
    the retry sets it up with what the camera shows.
    """
    get_device_state = IpcCgiClient.get_device_state

    async def restart_first(client: IpcCgiClient) -> DeviceState:
        if simulator.counters["/cgi-bin/getDevState"] == 0:
            simulator.reboot()
        return await get_device_state(client)

    simulator.state.relay_closed = True
    with patch.object(IpcCgiClient, "get_device_state", restart_first):
        await setup_entry(hass, mock_config_entry)
        assert simulator.counters["/cgi-bin/getinfo"] > 1  # setup, then the check
        assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY
        assert mock_config_entry.reason == "Could not connect to the camera"
        assert not er.async_entries_for_config_entry(
            entity_registry, mock_config_entry.entry_id
        )
        assert not hass.states.async_entity_ids()

        sim_clock.advance(simulator.reboot_seconds)  # it is back
        freezer.tick(timedelta(minutes=1))
        async_fire_time_changed(hass)
        await hass.async_block_till_done(wait_background_tasks=True)
    entry = hass.config_entries.async_get_entry(mock_config_entry.entry_id)
    assert entry is not None
    assert entry.state is ConfigEntryState.LOADED
    assert state_of(hass, "switch.mc400l_relay") == "on"
