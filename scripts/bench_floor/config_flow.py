"""One step: the camera's port, its uid, its ONVIF login, the poll interval."""

from __future__ import annotations

from typing import Any

import voluptuous as vol

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult

from . import DOMAIN


class FloorFlow(ConfigFlow, domain=DOMAIN):
    """Add one camera."""

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Take the port, the uid, the login and the interval."""
        if user_input is None:
            schema = vol.Schema(
                {
                    vol.Required("port"): int,
                    vol.Required("uid"): str,
                    vol.Required("username"): str,
                    vol.Required("password"): str,
                    vol.Required("scan_interval"): int,
                }
            )
            return self.async_show_form(step_id="user", data_schema=schema)
        await self.async_set_unique_id(str(user_input["port"]))
        self._abort_if_unique_id_configured()
        return self.async_create_entry(
            title=f"Floor camera {user_input['port']}", data=user_input
        )
