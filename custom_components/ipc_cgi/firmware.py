"""A firmware upgrade's progress (3.21), kept across the reload that ends it."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN


class UpgradeStep(StrEnum):
    """Where a camera's last firmware upgrade is."""

    IDLE = "idle"  # none since Home Assistant started
    UPLOADING = "uploading"
    RESTARTING = "restarting"  # the camera accepted the image and installs it
    DONE = "done"  # it answered again and was set up anew
    FAILED = "failed"  # the upload failed, or it did not answer in time


IN_PROGRESS: Final = frozenset({UpgradeStep.UPLOADING, UpgradeStep.RESTARTING})
# Per config entry: outside its runtime data, which the reload at the end replaces.
UPGRADE_STEPS: Final[HassKey[dict[str, UpgradeStep]]] = HassKey(
    f"{DOMAIN}_firmware_upgrade"
)


def upgrade_signal(entry_id: str) -> str:
    """Return the dispatcher signal of a change of `entry_id`'s upgrade step."""
    return f"{DOMAIN}_firmware_upgrade_{entry_id}"


def upgrade_step(hass: HomeAssistant, entry_id: str) -> UpgradeStep:
    """Return where the upgrade of `entry_id`'s camera is."""
    return hass.data.get(UPGRADE_STEPS, {}).get(entry_id, UpgradeStep.IDLE)


@callback
def async_set_upgrade_step(
    hass: HomeAssistant, entry_id: str, step: UpgradeStep
) -> None:
    """Record the upgrade step of `entry_id`'s camera and tell its sensor."""
    hass.data.setdefault(UPGRADE_STEPS, {})[entry_id] = step
    async_dispatcher_send(hass, upgrade_signal(entry_id))
