"""Selects: each option against the simulator's state; bad options send nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from custom_components.ipc_cgi.select import resolution_option
from homeassistant.components.select import ATTR_OPTION, ATTR_OPTIONS
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_SELECT_OPTION, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from ipc_simulator import Simulator
from ipc_simulator.endpoints.media import VIDEO_CAPABILITIES
from ipc_simulator.state import CameraState

from .conftest import setup_entry, state_of

pytestmark = pytest.mark.usefixtures("all_entities_enabled")


async def _select(hass: HomeAssistant, entity_id: str, option: str) -> None:
    await hass.services.async_call(
        Platform.SELECT,
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: entity_id, ATTR_OPTION: option},
        blocking=True,
    )


def _attribute(hass: HomeAssistant, entity_id: str, name: str) -> Any:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.attributes[name]


SELECTS: list[tuple[str, str, Callable[[CameraState], object], dict[str, object]]] = [
    (
        "ir_cut_mode",
        "/cgi-bin/set_ircut",
        lambda s: (s.ir_cut_mode, s.ir_cut_time if s.ir_cut_mode == 3 else None),
        {
            "night": (2, None),
            "manual_day": (3, "day"),
            "manual_night": (3, "night"),
            "day": (1, None),
            "video": (4, None),
            "schedule": (5, None),
            "auto": (0, None),
        },
    ),
    (
        "night_lamp_mode",
        "/cgi-bin/setBrightness_InfraredLamp",
        lambda s: s.lamp_mode,
        {"infrared": 0, "smart_white": 2, "smart_infrared": 3, "white": 1},
    ),
    (
        "power_line_frequency",
        "/cgi-bin/image",
        lambda s: s.image.tv_system,
        {"60hz": 60, "50hz": 50},
    ),
    (
        "main_stream_resolution",
        "/cgi-bin/videoencoder/stream1",
        lambda s: s.video_streams[1].resolution,
        {"2592x1944": "2592X1944", "1080p": "1080P"},
    ),
    (
        "sub_stream_resolution",
        "/cgi-bin/videoencoder/stream2",
        lambda s: s.video_streams[2].resolution,
        {"vga": "VGA", "480x360": "480X360"},
    ),
]


@pytest.mark.parametrize(("key", "path", "camera_value", "options"), SELECTS)
async def test_select(
    hass: HomeAssistant,
    simulator: Simulator,
    init_integration: MockConfigEntry,
    key: str,
    path: str,
    camera_value: Callable[[CameraState], object],
    options: dict[str, object],
) -> None:
    """Every option reaches the camera with one request and shows at once."""
    entity_id = f"select.mc400l_{key}"
    assert sorted(_attribute(hass, entity_id, ATTR_OPTIONS)) == sorted(options)
    shown = state_of(hass, entity_id)
    assert options[shown] == camera_value(simulator.state)
    for option, expected in options.items():
        simulator.reset_counters()
        await _select(hass, entity_id, option)
        assert camera_value(simulator.state) == expected
        assert state_of(hass, entity_id) == option
        assert simulator.counters == {path: 1}


async def test_manual_ir_cut_shown(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """The camera's manual mode shows with its time of day."""
    simulator.state.ir_cut_mode = 3
    simulator.state.ir_cut_time = "night"
    await setup_entry(hass, mock_config_entry)
    assert state_of(hass, "select.mc400l_ir_cut_mode") == "manual_night"


async def test_resolution_keeps_the_other_stream(
    hass: HomeAssistant, simulator: Simulator, init_integration: MockConfigEntry
) -> None:
    """Setting one stream's resolution leaves the other stream shown as it is."""
    await _select(hass, "select.mc400l_main_stream_resolution", "2592x1944")
    assert state_of(hass, "select.mc400l_sub_stream_resolution") == "480x360"
    # the camera lowered the frame rate to what 2592X1944 allows (3.9)
    assert simulator.state.video_streams[1].framerate == 15


async def test_resolution_options_follow_the_codec(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """The resolutions offered are those of the stream's codec (3.9)."""
    simulator.state.video_streams[1].codec = "H264"
    await setup_entry(hass, mock_config_entry)
    options = _attribute(hass, "select.mc400l_main_stream_resolution", ATTR_OPTIONS)
    assert options == [resolution_option(r) for r in VIDEO_CAPABILITIES[1]["H264"]]


async def test_resolution_options_of_an_unknown_codec(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """A codec the capabilities do not list offers every resolution of the stream."""
    simulator.state.video_streams[1].codec = "MJPEG"
    await setup_entry(hass, mock_config_entry)
    options = _attribute(hass, "select.mc400l_main_stream_resolution", ATTR_OPTIONS)
    every = [
        resolution_option(r) for codec in VIDEO_CAPABILITIES[1].values() for r in codec
    ]
    assert options == list(dict.fromkeys(every))
    assert len(options) < len(every)  # each resolution once


async def test_resolutions_the_translations_lack(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A resolution name without a translation is offered as its option, and works."""
    h265 = VIDEO_CAPABILITIES[1]["H265"]
    monkeypatch.setitem(h265, "5MP", ((1, 15), (500, 6000)))
    monkeypatch.setitem(h265, "1600X1200", ((1, 15), (500, 6000)))
    await setup_entry(hass, mock_config_entry)
    entity_id = "select.mc400l_main_stream_resolution"
    options = _attribute(hass, entity_id, ATTR_OPTIONS)
    assert options == ["2592x1944", "1080p", "5mp", "1600x1200"]
    await _select(hass, entity_id, "5mp")
    assert simulator.state.video_streams[1].resolution == "5MP"
    assert state_of(hass, entity_id) == "5mp"


@pytest.mark.parametrize(
    ("name", "option"),
    [
        ("1080P", "1080p"),
        ("2592X1944", "2592x1944"),
        ("640*480", "640x480"),
        (" 1280 x 0720 ", "1280x720"),
        ("VGA", "vga"),
        ("Full HD+", "full_hd"),
        ("—", "—"),  # nothing to make an option of: the name itself
    ],
)
def test_resolution_option(name: str, option: str) -> None:
    """Camera names become lower-case options, sizes written WxH."""
    assert resolution_option(name) == option


async def test_unknown_option_sends_nothing(
    hass: HomeAssistant, simulator: Simulator, init_integration: MockConfigEntry
) -> None:
    """An option the select does not offer is refused before any request."""
    simulator.reset_counters()
    with pytest.raises(ServiceValidationError):
        await _select(hass, "select.mc400l_ir_cut_mode", "manual")
    with pytest.raises(ServiceValidationError):
        await _select(hass, "select.mc400l_main_stream_resolution", "4K")
    assert not simulator.counters
    assert simulator.state.ir_cut_mode == 0


async def test_select_while_offline(
    hass: HomeAssistant, simulator: Simulator, init_integration: MockConfigEntry
) -> None:
    """A select the camera does not answer raises a translated error."""
    simulator.set_offline(True)
    with pytest.raises(HomeAssistantError) as err:
        await _select(hass, "select.mc400l_night_lamp_mode", "infrared")
    assert err.value.translation_key == "cannot_connect"
