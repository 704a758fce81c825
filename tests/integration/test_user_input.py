"""Inputs users send that the platform tests do not: each pins one behaviour.

A mutation run (scripts/mutation) showed bugs of these shapes going unnoticed:
the form echoing a password, a fraction truncated, a lamp switched on by its
brightness, a bitrate left above the new resolution's cap, manual IR-cut
without a time, and OSD line 0 taken for the title.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)
import voluptuous_serialize

from custom_components.ipc_cgi.const import DOMAIN
from homeassistant.components.number import ATTR_VALUE
from homeassistant.components.number.const import SERVICE_SET_VALUE
from homeassistant.components.select import ATTR_OPTION
from homeassistant.config_entries import ConfigFlowResult
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_SELECT_OPTION, Platform
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import homeassistant.helpers.config_validation as cv
from ipc_simulator import Simulator

from .conftest import camera_of, entry_data, setup_entry, start_user_flow, state_of

WRONG_PASSWORD = "Wr0ng-but-s3cret"


def _form_as_shown(result: ConfigFlowResult) -> str:
    """Return the form's fields as the frontend receives them (JSON)."""
    assert result["type"] is FlowResultType.FORM
    schema = voluptuous_serialize.convert(
        result["data_schema"], custom_serializer=cv.custom_serializer
    )
    return json.dumps(schema)


async def test_form_after_wrong_password_does_not_echo_it(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """The setup form shown again keeps the address, never the password."""
    result = await start_user_flow(hass, "manual")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], entry_data(simulator, password=WRONG_PASSWORD)
    )
    assert result["errors"] == {"base": "invalid_auth"}
    shown = _form_as_shown(result)
    assert WRONG_PASSWORD not in shown
    assert "127.0.0.1" in shown


async def test_reconfigure_form_after_wrong_password_does_not_echo_it(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """The reconfigure form shown again never carries the password typed."""
    mock_config_entry.add_to_hass(hass)
    result = await mock_config_entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], entry_data(simulator, password=WRONG_PASSWORD)
    )
    assert result["errors"] == {"base": "invalid_auth"}
    assert WRONG_PASSWORD not in _form_as_shown(result)


@pytest.mark.usefixtures("all_entities_enabled")
async def test_fractional_number_is_rounded(
    hass: HomeAssistant, simulator: Simulator, init_integration: MockConfigEntry
) -> None:
    """A slider value of 49.6 reaches the camera as 50, not truncated to 49."""
    await hass.services.async_call(
        Platform.NUMBER,
        SERVICE_SET_VALUE,
        {ATTR_ENTITY_ID: "number.mc400l_brightness", ATTR_VALUE: 49.6},
        blocking=True,
    )
    assert simulator.state.image.brightness == 50
    assert float(state_of(hass, "number.mc400l_brightness")) == 50


@pytest.mark.usefixtures("all_entities_enabled")
async def test_resolution_lowers_the_bitrate_to_its_cap(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """A stream at 6000 kbit/s moved to 1080P gets 1080P's H265 cap (4000, 3.9)."""
    stream = simulator.state.video_streams[1]
    stream.resolution, stream.bitrate = "2592X1944", 6000
    await setup_entry(hass, mock_config_entry)
    await hass.services.async_call(
        Platform.SELECT,
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: "select.mc400l_main_stream_resolution", ATTR_OPTION: "1080p"},
        blocking=True,
    )
    assert (stream.codec, stream.resolution, stream.bitrate) == ("H265", "1080P", 4000)
    encoder = mock_config_entry.runtime_data.coordinator.data.video_encoder
    assert encoder.streams[1].bitrate == 4000


async def test_manual_ir_cut_without_a_time_shows_day(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """A camera in manual IR-cut mode that names no time is in day mode (3.37)."""
    simulator.state.ir_cut_mode = 3
    simulator.state.ir_cut_time = ""
    await setup_entry(hass, mock_config_entry)
    assert state_of(hass, "select.mc400l_ir_cut_mode") == "manual_day"


async def _set_osd_text(
    hass: HomeAssistant, entry: MockConfigEntry, **data: Any
) -> None:
    await hass.services.async_call(
        DOMAIN,
        "set_osd_text",
        {**camera_of(hass, entry), **data},
        blocking=True,
    )


@pytest.mark.usefixtures("all_entities_enabled")
async def test_osd_line_1_is_the_first_user_line(
    hass: HomeAssistant, simulator: Simulator, init_integration: MockConfigEntry
) -> None:
    """Line 1 (the schema's lowest) sets the first user line, not the title."""
    title = simulator.state.osd.title
    await _set_osd_text(hass, init_integration, text="Gate", line=1)
    assert simulator.state.user_osds[0].title == "Gate"
    assert simulator.state.osd.title == title
    assert state_of(hass, "text.mc400l_user_osd_line_1") == "Gate"
    assert state_of(hass, "text.mc400l_osd_title") == title
