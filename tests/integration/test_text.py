"""Texts: the OSD title and user OSD lines, UTF-8 round trip, length limit."""

from __future__ import annotations

import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from homeassistant.components.text.const import ATTR_VALUE, SERVICE_SET_VALUE
from homeassistant.const import ATTR_ENTITY_ID, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from ipc_simulator import Simulator

from .conftest import state_of

pytestmark = pytest.mark.usefixtures("all_entities_enabled")


async def _set(hass: HomeAssistant, entity_id: str, value: str) -> None:
    await hass.services.async_call(
        Platform.TEXT,
        SERVICE_SET_VALUE,
        {ATTR_ENTITY_ID: entity_id, ATTR_VALUE: value},
        blocking=True,
    )


@pytest.mark.parametrize("title", ["你好", "你好ipcamera", "Gate 2 / 门口"])
async def test_osd_title(
    hass: HomeAssistant,
    simulator: Simulator,
    init_integration: MockConfigEntry,
    title: str,
) -> None:
    """The title goes to the camera as UTF-8 and comes back the same (3.13)."""
    assert state_of(hass, "text.mc400l_osd_title") == simulator.state.osd.title
    simulator.reset_counters()
    await _set(hass, "text.mc400l_osd_title", title)
    assert simulator.state.osd.title == title
    assert state_of(hass, "text.mc400l_osd_title") == title
    assert simulator.counters == {"/cgi-bin/osd": 1}


@pytest.mark.parametrize("line", range(5))
async def test_user_osd_line(
    hass: HomeAssistant,
    simulator: Simulator,
    init_integration: MockConfigEntry,
    line: int,
) -> None:
    """A user OSD line shows its text; an empty line is hidden (3.35)."""
    entity_id = f"text.mc400l_user_osd_line_{line + 1}"
    overlay = simulator.state.user_osds[line]
    assert state_of(hass, entity_id) == overlay.title == ""
    assert not overlay.enabled

    await _set(hass, entity_id, "你好")
    assert (overlay.title, overlay.enabled) == ("你好", True)
    assert state_of(hass, entity_id) == "你好"
    assert simulator.state.user_osds[(line + 1) % 5].title == ""

    await _set(hass, entity_id, "")
    assert (overlay.title, overlay.enabled) == ("", False)
    assert state_of(hass, entity_id) == ""


@pytest.mark.parametrize(
    ("title", "error"),
    [
        ("x" * 65, ValueError),  # Home Assistant's own check of the maximum length
        ("你好" * 11, ServiceValidationError),  # 66 bytes
    ],
)
async def test_too_long(
    hass: HomeAssistant,
    simulator: Simulator,
    init_integration: MockConfigEntry,
    title: str,
    error: type[Exception],
) -> None:
    """More than 64 characters or 64 bytes of UTF-8 is refused before any request."""
    simulator.reset_counters()
    with pytest.raises(error) as err:
        await _set(hass, "text.mc400l_osd_title", title)
    if isinstance(err.value, ServiceValidationError):
        assert err.value.translation_key == "text_too_long"
        assert str(err.value) == (
            "The text is longer than 64 bytes of UTF-8: a Chinese character takes "
            "3 bytes, a letter or digit 1, so about 21 Chinese characters fit"
        )
    assert not simulator.counters
    assert simulator.state.osd.title == "ipcamera"


async def test_text_while_offline(
    hass: HomeAssistant, simulator: Simulator, init_integration: MockConfigEntry
) -> None:
    """A title the camera does not answer raises a translated error."""
    simulator.set_offline(True)
    with pytest.raises(HomeAssistantError) as err:
        await _set(hass, "text.mc400l_osd_title", "door")
    assert err.value.translation_key == "cannot_connect"
