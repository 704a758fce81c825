"""Client errors as Home Assistant errors: camera text short and without secrets."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from custom_components.ipc_cgi.const import DOMAIN
from custom_components.ipc_cgi.errors import (
    CAMERA_TEXT_MAX_CHARS,
    camera_error,
    camera_text,
)
from custom_components.ipc_cgi.ipccgi import IpcCgiAuthenticationError, IpcCgiFaultError
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_ENTITY_ID, CONF_SSL, SERVICE_TURN_ON, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from ipc_simulator import Simulator

from .conftest import PASSWORD, camera_of, entry_data, setup_entry

# A fault reason of 2,000 characters that echoes the password in the middle.
LONG_REASON = f"{'bad value ' * 100}password is {PASSWORD} {'and more ' * 100}"


def test_camera_text_is_cut() -> None:
    """2,000 characters of camera text become about 200, marked as cut."""
    text = camera_text("x" * 2000)
    assert len(text) == CAMERA_TEXT_MAX_CHARS
    assert text.endswith("…")
    assert camera_text("  invalid \n value ") == "invalid value"


def test_camera_text_redacts() -> None:
    """Given secrets and query secrets are redacted before the text is cut."""
    text = camera_text(f"{'x' * 190}{PASSWORD}", [PASSWORD])
    assert PASSWORD not in text
    assert PASSWORD[:3] not in text
    assert camera_text("GET /cgi-bin/x?password=s3cret&uid=12ab") == (
        "GET /cgi-bin/x?password=**REDACTED**&uid=**REDACTED**"
    )


@pytest.mark.parametrize(
    ("err", "key"),
    [
        (IpcCgiFaultError("/cgi-bin/image", LONG_REASON), "camera_fault"),
        (IpcCgiAuthenticationError(f"/cgi-bin/image: {LONG_REASON}"), "access_denied"),
    ],
)
def test_camera_error_placeholders(err: Exception, key: str) -> None:
    """A fault's reason reaches the message cut short and without the password."""
    assert isinstance(err, IpcCgiFaultError | IpcCgiAuthenticationError)
    error = camera_error(err, [PASSWORD])
    assert error.translation_key == key
    assert error.translation_placeholders is not None
    reason = error.translation_placeholders["reason"]
    assert len(reason) <= CAMERA_TEXT_MAX_CHARS
    assert PASSWORD not in reason


async def test_entity_command_fault_is_cut(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """An entity's command that fails with a long reason raises a short message."""
    with (
        patch(
            "custom_components.ipc_cgi.ipccgi.IpcCgiClient.set_relay",
            side_effect=IpcCgiFaultError("/cgi-bin/setRelayStatus", LONG_REASON),
        ),
        pytest.raises(HomeAssistantError) as err,
    ):
        await hass.services.async_call(
            Platform.SWITCH,
            SERVICE_TURN_ON,
            {ATTR_ENTITY_ID: "switch.mc400l_relay"},
            blocking=True,
        )
    assert err.value.translation_key == "camera_fault"
    message = str(err.value)
    assert message.startswith("The camera refused the command: bad value")
    assert len(message) < CAMERA_TEXT_MAX_CHARS + 40
    assert PASSWORD not in message


async def test_action_fault_is_cut(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """An action that fails with a long reason echoing the password raises a short message."""
    reason = f"{PASSWORD} {LONG_REASON}"
    with (
        patch(
            "custom_components.ipc_cgi.ipccgi.IpcCgiClient.ptz_stop",
            side_effect=IpcCgiFaultError("/cgi-bin/ptz_ctrl", reason),
        ),
        pytest.raises(HomeAssistantError) as err,
    ):
        await hass.services.async_call(
            DOMAIN,
            "ptz_stop",
            camera_of(hass, init_integration),
            blocking=True,
        )
    message = str(err.value)
    assert message.startswith("The camera refused the command: **REDACTED** bad")
    assert len(message) < CAMERA_TEXT_MAX_CHARS + 40
    assert PASSWORD not in message


async def test_setup_untrusted_certificate(
    hass: HomeAssistant, tls_simulator: Simulator
) -> None:
    """A camera whose certificate stops being trusted is retried with its own reason."""
    entry = MockConfigEntry(
        domain=DOMAIN, data=entry_data(tls_simulator) | {CONF_SSL: True}
    )
    await setup_entry(hass, entry)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert entry.error_reason_translation_key == "invalid_certificate"
