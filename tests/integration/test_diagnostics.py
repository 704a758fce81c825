"""Tests of the diagnostics: complete, and without secrets."""

from __future__ import annotations

from collections.abc import Hashable
import json

from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)
from pytest_homeassistant_custom_component.components.diagnostics import (  # type: ignore[import-untyped]
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import (  # type: ignore[import-untyped]
    ClientSessionGenerator,
)
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import paths, props

from homeassistant.core import HomeAssistant
from ipc_simulator import Simulator

from .conftest import PASSWORD

_TIME_FIELDS = props("current_time", "system_time", "uptime")
_RANDOM_PORT = paths("entry.data.port")


def volatile(*, prop: Hashable, path: tuple[tuple[Hashable, type], ...]) -> bool:
    """Leave out what changes between runs: clock readings and the simulator's port."""
    return _TIME_FIELDS(prop=prop, path=path) or _RANDOM_PORT(prop=prop, path=path)


async def test_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    snapshot: SnapshotAssertion,
) -> None:
    """The diagnostics show the entry, the camera and its last poll, redacted."""
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, init_integration
    )
    assert diagnostics == snapshot(exclude=volatile)

    dumped = json.dumps(diagnostics)
    device = simulator.state.device
    for secret in (
        PASSWORD,
        device.mac,
        device.mac.replace(":", "").lower(),
        device.serial,
    ):
        assert secret.lower() not in dumped.lower()
