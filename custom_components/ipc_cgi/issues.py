"""The repair issue of the motion entities: why they see nothing."""

from __future__ import annotations

from homeassistant.core import HomeAssistant, callback
import homeassistant.helpers.issue_registry as ir

from .const import DOMAIN, PollGroup
from .data import IpcCgiConfigEntry


def _issue_id(entry: IpcCgiConfigEntry) -> str:
    return f"motion_events_{entry.entry_id}"


@callback
def async_update_motion_issue(hass: HomeAssistant, entry: IpcCgiConfigEntry) -> None:
    """Tell the user, while the motion entities are enabled, why they see nothing.

    Motion recording off (3.24) or no SD card (3.25 sd1) means no recordings,
    so no events; the issue goes when that is fixed or the entities are disabled.
    """
    coordinator = entry.runtime_data.coordinator
    data = coordinator.data
    reason = None
    if coordinator.is_registered(PollGroup.NEW_RECORDINGS):
        state, storage = data.device_state, data.event_storage
        if state is not None and state.sd_cards and state.sd_cards[0] != 1:
            reason = "no_sd_card"
        elif storage is not None and not storage.recording_enabled:
            reason = "motion_recording_off"
    if reason is None:
        ir.async_delete_issue(hass, DOMAIN, _issue_id(entry))
        return
    ir.async_create_issue(
        hass,
        DOMAIN,
        _issue_id(entry),
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key=reason,
        translation_placeholders={"camera": entry.title},
    )


@callback
def async_delete_motion_issue(hass: HomeAssistant, entry: IpcCgiConfigEntry) -> None:
    """Remove the entry's motion issue (the entry unloads)."""
    ir.async_delete_issue(hass, DOMAIN, _issue_id(entry))
