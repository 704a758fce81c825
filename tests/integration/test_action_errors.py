"""The messages users read when an action is refused: translated, with the details."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from custom_components.ipc_cgi.const import DOMAIN
from custom_components.ipc_cgi.services import ATTR_CONFIG_ENTRY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError


async def _refusal(
    hass: HomeAssistant, service: str, entry_id: str, **data: Any
) -> ServiceValidationError:
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN, service, {ATTR_CONFIG_ENTRY_ID: entry_id, **data}, blocking=True
        )
    assert err.value.translation_domain == DOMAIN
    return err.value


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        ({"text": ""}, "text is empty"),
        ({"text": "x", "line": 6}, "value must be at most 5"),
    ],
)
async def test_invalid_data_names_the_problem(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    data: dict[str, Any],
    detail: str,
) -> None:
    """The message carries voluptuous' reason for the field refused."""
    err = await _refusal(hass, "set_osd_text", init_integration.entry_id, **data)
    assert err.translation_key == "invalid_action_data"
    assert err.translation_placeholders is not None
    assert err.translation_placeholders["error"].startswith(detail)
    assert str(err).startswith("Invalid action data: ")
    assert detail in str(err)


async def test_unknown_entry_is_named(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The message names the config entry ID that matches no camera."""
    err = await _refusal(hass, "ptz_stop", "not-an-entry")
    assert err.translation_placeholders == {"entry_id": "not-an-entry"}
    assert str(err) == "No IPC CGI camera has the config entry ID not-an-entry"


async def test_unloaded_camera_is_named(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The message names the camera that is not loaded."""
    await hass.config_entries.async_unload(init_integration.entry_id)
    err = await _refusal(hass, "ptz_stop", init_integration.entry_id)
    assert err.translation_placeholders == {"name": "MC400L"}
    assert str(err) == "The camera MC400L is not loaded"
