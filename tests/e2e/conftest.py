"""Fixtures of the end-to-end test: real processes on free ports of 127.0.0.1.

Run by `scripts/e2e` with `-p no:homeassistant` (the HA test plugin, whose socket
blocker and event loop this test must not have) and `--confcutdir tests/e2e`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
import os
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from .hass_api import (
    LOG_FILE,
    HassApi,
    Owner,
    Process,
    free_port,
    home_assistant_process,
    simulator_process,
    wait_until_up,
    write_config,
)

CAMERA_PASSWORD = "123456"  # the simulator's admin password, the spec's default
# The simulator's state before Home Assistant first reads it: unlike its
# defaults, so the entities must show what the camera says.
CAMERA_STATE = {"relay_closed": True, "ir_cut_mode": 2, "motion.sensitivity": 77}
# A second camera, whose clock (at GMT+08:00, on NTP) is 120 s fast; Home
# Assistant runs in UTC.
CLOCK_CAMERA_STATE = {
    "device.model": "MC400L-2",
    "device.mac": "F0:00:00:29:06:A0",
    "time.offset_seconds": 120.0,
}
START_TIMEOUT = 240.0  # Home Assistant's first start on a busy CI machine


@dataclass
class Simulator:
    """The simulator process and its control endpoints."""

    process: Process
    port: int

    @property
    def url(self) -> str:
        """Return the simulator's base URL."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start the simulator and wait until it listens."""
        self.process.start()
        self.process.wait_for_port(self.port, timeout=60)

    async def state(self, session: aiohttp.ClientSession) -> dict[str, Any]:
        """Return the camera model the simulator holds."""
        async with session.get(f"{self.url}/__sim__/state") as response:
            response.raise_for_status()
            state: dict[str, Any] = await response.json()
            return state

    async def set_state(
        self, session: aiohttp.ClientSession, changes: dict[str, Any]
    ) -> None:
        """Change the camera model (dotted paths)."""
        async with session.post(f"{self.url}/__sim__/state", json=changes) as response:
            response.raise_for_status()


@dataclass
class HomeAssistant:
    """The Home Assistant process and what the test set up in it."""

    process: Process
    url: str
    config_dir: Path
    owner: Owner
    access_token: str = ""
    entry_id: str = ""

    @property
    def log(self) -> str:
        """Return Home Assistant's log file."""
        return (self.config_dir / LOG_FILE).read_text(
            encoding="utf-8", errors="replace"
        )


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return this run's folder for configuration and process output."""
    return tmp_path_factory.mktemp("e2e")


@pytest.fixture(scope="module")
def simulator(workdir: Path) -> Iterator[Simulator]:
    """Run the camera simulator as a process."""
    port = free_port()
    sim = Simulator(simulator_process(port, workdir / "simulator.log"), port)
    sim.start()
    try:
        yield sim
    finally:
        sim.process.stop()


@pytest.fixture(scope="module")
def clock_simulator(workdir: Path) -> Iterator[Simulator]:
    """Run a second camera simulator as a process (its clock is set off by the test)."""
    port = free_port()
    sim = Simulator(simulator_process(port, workdir / "clock-simulator.log"), port)
    sim.start()
    try:
        yield sim
    finally:
        sim.process.stop()


@pytest.fixture(scope="module")
def home_assistant(workdir: Path, simulator: Simulator) -> Iterator[HomeAssistant]:
    """Run Home Assistant as a process on the demo's configuration, onboarded."""
    port = free_port()
    config_dir = workdir / "config"
    write_config(config_dir, port)
    process = home_assistant_process(config_dir, workdir / "home-assistant.out")
    owner = Owner("E2E Owner", "owner", f"e2e-{os.urandom(6).hex()}")
    hass = HomeAssistant(process, f"http://127.0.0.1:{port}", config_dir, owner)
    process.start()
    try:
        hass.access_token = asyncio.run(_onboard(hass))
        yield hass
    finally:
        process.stop()


async def _onboard(hass: HomeAssistant) -> str:
    """Wait for Home Assistant, then do every onboarding step over HTTP."""
    async with aiohttp.ClientSession() as session:
        await wait_until_up(session, hass.url, START_TIMEOUT, hass.process)
        api = HassApi(session, hass.url)
        assert not await api.onboarded()
        await api.onboard(hass.owner.name, hass.owner.username, hass.owner.password)
        assert await api.onboarded()
        return api.access_token


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """Return an HTTP client session."""
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
def api(home_assistant: HomeAssistant, session: aiohttp.ClientSession) -> HassApi:
    """Return a client logged in as the owner."""
    return HassApi(
        session, home_assistant.url, access_token=home_assistant.access_token
    )
