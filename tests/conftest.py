"""Shared fixtures: Home Assistant test setup and the camera simulator."""

from __future__ import annotations

import pytest
from pytest_homeassistant_custom_component.syrupy import (  # type: ignore[import-untyped]
    HomeAssistantSnapshotExtension,
)
from syrupy.assertion import SnapshotAssertion

import custom_components.ipc_cgi  # noqa: F401

from .simulator_fixtures import sim_clock, simulator, tls_simulator

__all__ = ["sim_clock", "simulator", "tls_simulator"]


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom integrations in every test."""
    return


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Return snapshot assertion fixture with the Home Assistant extension."""
    return snapshot.use_extension(HomeAssistantSnapshotExtension)
