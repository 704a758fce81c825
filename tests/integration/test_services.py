"""Tests of the actions, against the simulator's state."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest.mock import AsyncMock, patch

import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from custom_components.ipc_cgi.clock import zone_name
from custom_components.ipc_cgi.const import DOMAIN
from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import homeassistant.helpers.device_registry as dr
import homeassistant.util.dt as dt_util
from ipc_simulator import Simulator

from .conftest import camera_of

UPLOAD = {"target": "sd_card"}


async def call(
    hass: HomeAssistant, entry: MockConfigEntry, service: str, **data: Any
) -> None:
    """Call an action of the integration for `entry` and wait for it."""
    await hass.services.async_call(
        DOMAIN,
        service,
        {**camera_of(hass, entry), **data},
        blocking=True,
    )


@pytest.fixture
def wait() -> Any:
    """Replace the wait inside timed actions; record how long they would wait."""
    with patch("custom_components.ipc_cgi.services._wait", AsyncMock()) as mock:
        yield mock


async def test_actions_registered_once(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The actions exist once the integration is loaded, also after unloading."""
    services = hass.services.async_services_for_domain(DOMAIN)
    assert set(services) >= {"ptz_move", "set_time", "factory_reset"}
    await hass.config_entries.async_unload(init_integration.entry_id)
    assert {"ptz_move", "set_time"} <= set(
        hass.services.async_services_for_domain(DOMAIN)
    )


async def test_device_of_no_camera(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A device that is no camera of this integration is refused by name."""
    simulator.reset_counters()
    other = MockConfigEntry(domain="other")
    other.add_to_hass(hass)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=other.entry_id, identifiers={("other", "x")}
    )
    for device_id in (device.id, "no-such-device"):
        with pytest.raises(ServiceValidationError) as err:
            await hass.services.async_call(
                DOMAIN,
                "snapshot_upload",
                {ATTR_DEVICE_ID: device_id, **UPLOAD},
                blocking=True,
            )
        assert err.value.translation_key == "device_not_found"
        assert str(err.value) == f"The device {device_id} is no IPC CGI camera"
    assert not simulator.counters


async def test_entry_not_loaded(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A camera whose entry is unloaded is refused."""
    await hass.config_entries.async_unload(init_integration.entry_id)
    simulator.reset_counters()
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, init_integration, "snapshot_upload", **UPLOAD)
    assert err.value.translation_key == "entry_not_loaded"
    assert str(err.value) == "The camera MC400L is not loaded"
    assert not simulator.counters


async def test_snapshot_upload(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """The camera stores a snapshot on its SD card."""
    await call(hass, init_integration, "snapshot_upload", target="sd_card")
    assert simulator.state.snapshot_uploads == [0]


async def test_snapshot_upload_camera_fault(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """The camera's reason for a failure reaches the user, translated."""
    simulator.state.ftp_configured = False
    with pytest.raises(HomeAssistantError) as err:
        await call(
            hass, init_integration, "snapshot_upload", target="ftp", stream="sub"
        )
    assert err.value.translation_key == "camera_fault"
    assert err.value.translation_placeholders == {"reason": "Ftp not deploy"}
    assert simulator.state.snapshot_uploads == []


async def test_set_time_from_home_assistant(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """The camera gets Home Assistant's time zone and current time."""
    await hass.config.async_set_time_zone("Asia/Kolkata")
    simulator.state.time.timezone = "GMT+00:00"
    simulator.state.time.offset_seconds = -7200

    await call(hass, init_integration, "set_time")
    settings = simulator.state.time
    assert settings.timezone == "GMT+05:30"
    assert settings.update_method == "MANUAL"
    assert abs(settings.offset_seconds) < 5
    assert init_integration.runtime_data.coordinator.data.time.timezone == "GMT+05:30"


async def test_set_time_ntp(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """The camera is told to synchronize with an NTP server."""
    await hass.config.async_set_time_zone("America/New_York")
    await call(
        hass,
        init_integration,
        "set_time",
        ntp_server="time.example.org",
        ntp_port=1123,
        update_period=600,
    )
    settings = simulator.state.time
    offset = dt_util.now().utcoffset()
    assert offset in (timedelta(hours=-5), timedelta(hours=-4))
    assert settings.timezone == f"GMT-0{-int(offset.total_seconds()) // 3600}:00"
    assert settings.update_method.upper() == "NTP"
    assert (settings.ntp_server, settings.ntp_port, settings.update_period) == (
        "time.example.org",
        1123,
        600,
    )


async def test_set_time_unsupported_timezone(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A UTC offset the camera has no name for, nor a zone of its own: refused, no request."""
    await hass.config.async_set_time_zone("Australia/Eucla")  # UTC+08:45
    simulator.state.time.timezone = "CET"  # not a GMT offset: no zone to keep
    await init_integration.runtime_data.clock.async_check()
    simulator.reset_counters()
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, init_integration, "set_time")
    assert err.value.translation_placeholders == {"timezone": "GMT+08:45"}
    assert simulator.counters["/cgi-bin/time"] == 0


async def test_set_privacy_zone(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A privacy zone gets the asked position and size."""
    await call(
        hass,
        init_integration,
        "set_privacy_zone",
        zone=2,
        x=10,
        y=20,
        width=300,
        height=40,
    )
    zone = simulator.state.privacy_zones[2]
    assert (zone.x, zone.y, zone.width, zone.height) == (10, 20, 300, 40)
    # The form's zone select gives the number as text.
    await call(
        hass,
        init_integration,
        "set_privacy_zone",
        zone="3",
        x=1,
        y=2,
        width=3,
        height=4,
    )
    zone = simulator.state.privacy_zones[3]
    assert (zone.x, zone.y, zone.width, zone.height) == (1, 2, 3, 4)


async def test_set_osd_text(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """The title and a user overlay line get UTF-8 text; lines count 1-5 as the entities do."""
    coordinator = init_integration.runtime_data.coordinator
    await call(hass, init_integration, "set_osd_text", text="前门 Front door")
    assert simulator.state.osd.title == "前门 Front door"
    assert coordinator.data.osd.title == "前门 Front door"

    await call(hass, init_integration, "set_osd_text", text="Zone B", line=4)
    assert simulator.state.user_osds[3].title == "Zone B"  # the camera counts 0-4
    assert coordinator.data.user_osd_3.title == "Zone B"
    assert simulator.state.osd.title == "前门 Front door"


async def test_relay_pulse(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    wait: AsyncMock,
) -> None:
    """The relay closes for the duration, then opens."""
    closed: list[bool] = []
    coordinator = init_integration.runtime_data.coordinator
    shown: list[bool] = []

    def look(seconds: float) -> None:
        closed.append(simulator.state.relay_closed)
        shown.append(coordinator.data.relay)

    wait.side_effect = look

    await call(hass, init_integration, "relay_pulse", duration=3)
    wait.assert_awaited_once_with(3)
    assert closed == shown == [True]
    assert simulator.state.relay_closed is False
    assert coordinator.data.relay is False


async def test_relay_pulse_zero_duration(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A zero duration closes the relay and opens it at once (the real wait)."""
    simulator.reset_counters()
    await call(hass, init_integration, "relay_pulse", duration=0)
    assert simulator.state.relay_closed is False
    assert simulator.counters["/cgi-bin/setRelayStatus"] == 2


async def test_relay_pulse_opens_after_a_failed_wait(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    wait: AsyncMock,
) -> None:
    """If the wait is interrupted the relay still opens."""
    wait.side_effect = RuntimeError("interrupted")
    with pytest.raises(RuntimeError):
        await call(hass, init_integration, "relay_pulse", duration=3)
    assert simulator.state.relay_closed is False


async def test_factory_reset(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """A confirmed reset restores the defaults and keeps the network settings."""
    simulator.state.osd.title = "Garage"
    simulator.state.network.dhcp = True

    await call(hass, init_integration, "factory_reset", confirm=True)
    assert simulator.state.osd.title == "ipcamera"
    assert simulator.state.network.dhcp is True


async def test_camera_offline(
    hass: HomeAssistant, init_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """An unreachable camera is a translated cannot_connect error."""
    simulator.set_offline(True)
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, init_integration, "snapshot_upload", **UPLOAD)
    assert err.value.translation_key == "cannot_connect"


def test_camera_timezone_names() -> None:
    """UTC offsets are written the way the camera names its time zones (3.8)."""
    assert zone_name(timedelta(hours=8)) == "GMT+08:00"
    assert zone_name(timedelta(hours=-3, minutes=-30)) == "GMT-03:30"
    assert zone_name(timedelta(0)) == "GMT+00:00"
