"""Admin-only actions (network, accounts, firmware, RTMP, certificate, device name).

Against the simulator: what the camera got, and that refused calls send nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable
import logging
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock, patch

from aiohttp.test_utils import TestServer
import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
    MockUser,
)
import voluptuous as vol

from custom_components.ipc_cgi import admin_actions
from custom_components.ipc_cgi.admin_actions import (
    ATTEMPTS,
    CERTIFICATE_MAX_BYTES,
    FIRMWARE_MAX_BYTES,
    FIRST_WAIT_SECONDS,
    RETRY_SECONDS,
)
from custom_components.ipc_cgi.const import DOMAIN
from custom_components.ipc_cgi.diagnostics import async_get_config_entry_diagnostics
from custom_components.ipc_cgi.firmware import UpgradeStep, upgrade_step
from custom_components.ipc_cgi.ipccgi import IpcCgiFaultError
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import (
    ATTR_DEVICE_ID,
    CONF_HOST,
    CONF_PORT,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
    EntityCategory,
)
from homeassistant.core import Context, Event, HomeAssistant, callback
from homeassistant.exceptions import (
    HomeAssistantError,
    ServiceValidationError,
    Unauthorized,
)
import homeassistant.helpers.device_registry as dr
import homeassistant.helpers.entity_registry as er
from homeassistant.helpers.event import (
    EventStateChangedData,
    async_track_state_change_event,
)
from ipc_simulator import EndpointFault, ManualClock, Simulator
from ipc_simulator.state import CameraState, Privilege

from .conftest import PASSWORD, cgi_requests, setup_entry, state_of

CLIENT = "custom_components.ipc_cgi.ipccgi.IpcCgiClient"
# Each admin-only action, with data it accepts.
ADMIN_ACTIONS: dict[str, dict[str, Any]] = {
    "factory_reset": {"confirm": True},
    "set_network": {"dhcp": True},
    "add_user": {"name": "guest", "password": "s3cret-Pw", "privilege": "user"},
    "edit_user": {"name": "admin", "enabled": True},
    "delete_user": {"name": "admin"},
    "upgrade_firmware": {"filename": "/config/fw.bin", "confirm": True},
    "upload_certificate": {"filename": "/config/camera.pem"},
    "set_device_name": {"name": "Front door"},
    "set_rtmp": {"server": "192.0.2.5", "app": "live", "stream_id": "door"},
    "set_onvif_authentication": {"enabled": False},
    "set_rtsp_authentication": {"enabled": False},
}


def _device(hass: HomeAssistant, entry: MockConfigEntry) -> dr.DeviceEntry:
    """Return the camera's device: an entry has one (a lookup every release has)."""
    (device,) = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    return device


async def call(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    user: MockUser,
    service: str,
    **data: Any,
) -> Any:
    """Call an action for `entry`'s camera (by device) as `user` and wait for it."""
    device = _device(hass, entry)
    return await hass.services.async_call(
        DOMAIN,
        service,
        {ATTR_DEVICE_ID: device.id, **data},
        blocking=True,
        context=Context(user_id=user.id),
        return_response=service == "upgrade_firmware",
    )


@pytest.fixture
def wait() -> Any:
    """Replace the waits for a returning camera; record how long they would be."""
    with patch("custom_components.ipc_cgi.admin_actions._wait", AsyncMock()) as mock:
        yield mock


@pytest.fixture
def allowed_dir(hass: HomeAssistant, tmp_path: Path) -> Path:
    """Return a directory Home Assistant allows actions to read."""
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    return tmp_path


@pytest.mark.parametrize(("service", "data"), ADMIN_ACTIONS.items())
async def test_non_admin_is_refused(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    hass_read_only_user: MockUser,
    service: str,
    data: dict[str, Any],
) -> None:
    """A Home Assistant user who is no admin is refused, and nothing is sent."""
    simulator.reset_counters()
    with pytest.raises(Unauthorized):
        await call(hass, init_integration, hass_read_only_user, service, **data)
    assert not simulator.counters


async def test_other_actions_are_for_everyone(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    hass_read_only_user: MockUser,
) -> None:
    """An action that destroys nothing is open to every user."""
    await call(
        hass, init_integration, hass_read_only_user, "snapshot_upload", target="sd_card"
    )
    assert simulator.state.snapshot_uploads == [0]


async def test_factory_reset_as_admin(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    hass_admin_user: MockUser,
) -> None:
    """An admin resets the camera."""
    simulator.state.osd.title = "changed"
    await call(hass, init_integration, hass_admin_user, "factory_reset", confirm=True)
    assert simulator.counters["/cgi-bin/factory_reset"] == 1
    assert simulator.state.osd.title != "changed"


# --- set_network (3.7) ----------------------------------------------------------


@pytest.fixture
async def moved_camera(
    simulator: Simulator, sim_clock: ManualClock
) -> AsyncGenerator[Simulator]:
    """Run the same camera (same MAC) at another port: where it answers after the change."""
    moved = Simulator(clock=sim_clock)
    server = TestServer(moved.app, host="127.0.0.1")
    await server.start_server(access_log=None)
    moved.host = "127.0.0.1"
    moved.port = server.port
    try:
        yield moved
    finally:
        await server.close()


async def test_set_network_static_follows_the_camera(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    moved_camera: Simulator,
    hass_admin_user: MockUser,
    wait: AsyncMock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The camera gets the address; the entry follows once it answers there as itself."""
    old_port = simulator.port
    # The camera is not there on the first try, and is on the second.
    wait.side_effect = lambda seconds: moved_camera.set_offline(wait.call_count < 2)
    await call(
        hass,
        init_integration,
        hass_admin_user,
        "set_network",
        dhcp=False,
        ip_address="127.0.0.1",
        netmask="255.255.255.0",
        gateway="127.0.0.1",
        port=moved_camera.port,
    )
    network = simulator.state.network
    assert (network.dhcp, network.ip_address, network.port) == (
        False,
        "127.0.0.1",
        moved_camera.port,
    )
    assert simulator.counters["/cgi-bin/network"] >= 1
    assert [c.args[0] for c in wait.call_args_list] == [
        FIRST_WAIT_SECONDS,
        RETRY_SECONDS,
    ]
    await hass.async_block_till_done()
    assert init_integration.data[CONF_HOST] == "127.0.0.1"
    assert init_integration.data[CONF_PORT] == moved_camera.port
    assert init_integration.state is ConfigEntryState.LOADED
    assert moved_camera.counters["/cgi-bin/getuid"] >= 1  # set up at the new address
    old_address = [r for r in caplog.records if f"port {old_port}" in r.getMessage()]
    assert len(old_address) == 1
    assert old_address[0].levelno == logging.WARNING


async def test_set_network_other_camera_at_address(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    moved_camera: Simulator,
    hass_admin_user: MockUser,
    wait: AsyncMock,
) -> None:
    """Another device at the new address: the entry keeps the old one."""
    moved_camera.state.device.mac = "F0:00:00:00:00:01"
    old_data = dict(init_integration.data)
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            init_integration,
            hass_admin_user,
            "set_network",
            dhcp=False,
            ip_address="127.0.0.1",
            netmask="255.255.255.0",
            port=moved_camera.port,
        )
    assert err.value.translation_key == "other_camera_at_address"
    assert dict(init_integration.data) == old_data
    assert moved_camera.counters["/cgi-bin/getuid"] == 0  # no password went there


async def test_set_network_camera_never_answers(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    moved_camera: Simulator,
    hass_admin_user: MockUser,
    wait: AsyncMock,
) -> None:
    """No answer at the new address: an error, the entry keeps the old one."""
    moved_camera.set_offline(True)
    old_data = dict(init_integration.data)
    with pytest.raises(HomeAssistantError) as err:
        await call(
            hass,
            init_integration,
            hass_admin_user,
            "set_network",
            dhcp=False,
            ip_address="127.0.0.1",
            netmask="255.255.255.0",
            port=moved_camera.port,
        )
    assert err.value.translation_key == "camera_not_at_new_address"
    assert wait.call_count == 1 + ATTEMPTS
    assert dict(init_integration.data) == old_data


async def test_set_network_dhcp_and_same_address(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    hass_admin_user: MockUser,
    wait: AsyncMock,
) -> None:
    """DHCP, or a static address equal to today's: the entry stays as it is, no waiting."""
    old_data = dict(init_integration.data)
    await call(hass, init_integration, hass_admin_user, "set_network", dhcp=True)
    dhcp_after_first = simulator.state.network.dhcp
    await call(
        hass,
        init_integration,
        hass_admin_user,
        "set_network",
        dhcp=False,
        ip_address="127.0.0.1",
        netmask="255.0.0.0",
        port=simulator.port,
    )
    assert (dhcp_after_first, simulator.state.network.dhcp) == (True, False)
    assert dict(init_integration.data) == old_data
    wait.assert_not_called()


# --- accounts (3.18) ----------------------------------------------------------------


async def test_accounts(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    hass_admin_user: MockUser,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Add, change and delete an account; its passwords reach no log of ours."""
    caplog.set_level(logging.DEBUG)
    await call(
        hass,
        init_integration,
        hass_admin_user,
        "add_user",
        name="guest",
        password="first-Secret1",
        privilege="operator",
    )
    guest = simulator.state.users["guest"]
    assert (guest.password, guest.privilege, guest.enabled) == (
        "first-Secret1",
        Privilege.OPERATOR,
        True,
    )
    await call(
        hass,
        init_integration,
        hass_admin_user,
        "edit_user",
        name="guest",
        password="second-Secret2",
        privilege="user",
        enabled=False,
    )
    guest = simulator.state.users["guest"]
    assert (guest.password, guest.privilege, guest.enabled) == (
        "second-Secret2",
        Privilege.USER,
        False,
    )
    await call(hass, init_integration, hass_admin_user, "delete_user", name="guest")
    assert "guest" not in simulator.state.users
    assert simulator.counters["/cgi-bin/user_management"] == 3
    # Home Assistant's event bus logs every action's data at DEBUG (README says so);
    # no other log line carries the passwords.
    for record in caplog.records:
        if record.getMessage().startswith("Bus:Handling"):
            continue
        for secret in ("first-Secret1", "second-Secret2", PASSWORD):
            assert secret not in record.getMessage(), record.name
            assert secret not in str(record.exc_info), record.name


async def test_account_refused_by_the_camera(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    hass_admin_user: MockUser,
) -> None:
    """The camera's refusal is the error, without the password."""
    with pytest.raises(HomeAssistantError) as err:
        await call(
            hass,
            init_integration,
            hass_admin_user,
            "add_user",
            name="admin",  # exists: the camera refuses
            password="echoed-Secret3",
            privilege="user",
        )
    assert err.value.translation_key == "camera_fault"
    assert "duplicated" in str(err.value.translation_placeholders)
    assert "echoed-Secret3" not in str(err.value)
    assert "echoed-Secret3" not in str(err.value.translation_placeholders)


@pytest.mark.parametrize(
    ("service", "data"),
    [
        ("add_user", {"name": "guest", "privilege": "user"}),
        ("edit_user", {"name": "admin"}),
    ],
)
async def test_account_fault_echoing_the_new_password(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_admin_user: MockUser,
    service: str,
    data: dict[str, Any],
) -> None:
    """Firmware whose refusal quotes the new password: the error shows it redacted.

    The simulator never echoes a password; the client's fault stands in for it.
    """
    fault = IpcCgiFaultError("/cgi-bin/user_management", "weak password new-Secret5")
    with (
        patch(f"{CLIENT}.{service}", side_effect=fault),
        pytest.raises(HomeAssistantError) as err,
    ):
        await call(
            hass,
            init_integration,
            hass_admin_user,
            service,
            password="new-Secret5",
            **data,
        )
    assert err.value.translation_key == "camera_fault"
    assert err.value.translation_placeholders == {
        "reason": "weak password **REDACTED**"
    }


# --- firmware (3.21) and certificate (3.34) -----------------------------------------


UPGRADE_SENSOR = "sensor.mc400l_firmware_upgrade"


@pytest.fixture
def firmware_image(allowed_dir: Path) -> Path:
    """Return a firmware image in an allowed directory."""
    image = allowed_dir / "fw.bin"
    image.write_bytes(b"\x00new firmware")
    return image


def _follow(hass: HomeAssistant, entity_id: str) -> list[str]:
    """Return the list the states `entity_id` shows will be added to (unavailable left out)."""
    shown: list[str] = []

    @callback
    def changed(event: Event[EventStateChangedData]) -> None:
        state = event.data["new_state"]
        if state is not None and state.state != STATE_UNAVAILABLE:
            if not shown or shown[-1] != state.state:
                shown.append(state.state)

    async_track_state_change_event(hass, [entity_id], changed)
    return shown


async def upgrade(
    hass: HomeAssistant, entry: MockConfigEntry, user: MockUser, image: Path
) -> Any:
    """Call upgrade_firmware with `image` for `entry`'s camera as `user`."""
    return await call(
        hass, entry, user, "upgrade_firmware", filename=str(image), confirm=True
    )


async def test_upgrade_firmware(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    sim_clock: ManualClock,
    hass_admin_user: MockUser,
    wait: AsyncMock,
    firmware_image: Path,
) -> None:
    """The action returns once the camera took the image, while it restarts.

    The sensor shows each step; once the camera answers again the entry is set
    up anew and shows the version it reports now.
    """
    assert state_of(hass, UPGRADE_SENSOR) == "idle"
    shown = _follow(hass, UPGRADE_SENSOR)

    def camera_installs(seconds: float) -> None:
        simulator.state.device.filesystem = "V2.1.0"
        sim_clock.advance(seconds)

    wait.side_effect = camera_installs
    # back only at the second look: after the first wait and one retry
    simulator.reboot_seconds = FIRST_WAIT_SECONDS + RETRY_SECONDS
    response = await upgrade(hass, init_integration, hass_admin_user, firmware_image)
    online_at_return = simulator.online

    assert response == {"accepted": True}
    assert simulator.state.firmware_uploads == [b"\x00new firmware"]
    assert not online_at_return  # still restarting when the action returned
    assert state_of(hass, UPGRADE_SENSOR) == "restarting"

    await hass.async_block_till_done(wait_background_tasks=True)
    assert simulator.online
    assert [c.args[0] for c in wait.call_args_list] == [
        FIRST_WAIT_SECONDS,
        RETRY_SECONDS,
    ]
    assert init_integration.state is ConfigEntryState.LOADED
    assert _device(hass, init_integration).sw_version == "V2.1.0"
    assert shown == ["uploading", "restarting", "done"]
    assert state_of(hass, UPGRADE_SENSOR) == "done"  # after the reload too


async def test_upgrade_firmware_camera_not_back(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    hass_admin_user: MockUser,
    wait: AsyncMock,
    firmware_image: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A camera that does not come back: the sensor shows failed, one warning says so."""
    wait.side_effect = lambda seconds: simulator.set_offline(True)
    response = await upgrade(hass, init_integration, hass_admin_user, firmware_image)
    assert response == {"accepted": True}
    assert state_of(hass, UPGRADE_SENSOR) == "restarting"

    await hass.async_block_till_done(wait_background_tasks=True)
    assert wait.call_count == 1 + ATTEMPTS
    assert state_of(hass, UPGRADE_SENSOR) == "failed"
    warnings = [
        record.getMessage()
        for record in caplog.records
        if record.name == admin_actions.__name__ and record.levelno >= logging.WARNING
    ]
    assert warnings == [
        "MC400L did not answer within about 5 minutes of its firmware upload"
    ]
    assert init_integration.state is ConfigEntryState.LOADED  # not set up again
    simulator.set_offline(False)


async def test_upgrade_firmware_unloaded_while_waiting(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    hass_admin_user: MockUser,
    wait: AsyncMock,
    firmware_image: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A second upgrade while one waits is refused; unloading the entry ends the wait.

    Nothing is asked of the camera after the unload, nothing is logged, and
    the entry is not set up again.
    """
    never = asyncio.Event()
    waiting = asyncio.Event()

    async def wait_forever(seconds: float) -> None:
        waiting.set()
        await never.wait()

    wait.side_effect = wait_forever
    async with asyncio.timeout(30):  # an action that waits too would hold here
        await upgrade(hass, init_integration, hass_admin_user, firmware_image)
        await waiting.wait()

    with pytest.raises(ServiceValidationError) as err:
        await upgrade(hass, init_integration, hass_admin_user, firmware_image)
    assert err.value.translation_key == "upgrade_in_progress"
    assert len(simulator.state.firmware_uploads) == 1

    simulator.set_offline(False)  # back, but nobody looks any more
    simulator.reset_counters()
    caplog.clear()
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert init_integration.state is ConfigEntryState.NOT_LOADED
    assert upgrade_step(hass, init_integration.entry_id) is UpgradeStep.IDLE
    assert not cgi_requests(simulator)  # only the ONVIF Unsubscribe at unload
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_upgrade_firmware_refused(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    hass_admin_user: MockUser,
    wait: AsyncMock,
    firmware_image: Path,
) -> None:
    """The camera refuses the image: the action fails with its reason, the sensor shows failed."""
    simulator.fault_endpoint("/OnvifFirmwareUpgrade", EndpointFault.FAULT)
    with pytest.raises(HomeAssistantError) as err:
        await upgrade(hass, init_integration, hass_admin_user, firmware_image)
    assert err.value.translation_key == "camera_fault"
    await hass.async_block_till_done(wait_background_tasks=True)
    assert state_of(hass, UPGRADE_SENSOR) == "failed"
    wait.assert_not_called()


async def test_upload_certificate(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    hass_admin_user: MockUser,
    allowed_dir: Path,
) -> None:
    """The certificate goes up with its file name."""
    pem = allowed_dir / "camera.pem"
    pem.write_bytes(b"-----BEGIN CERTIFICATE-----\n")
    await call(
        hass, init_integration, hass_admin_user, "upload_certificate", filename=str(pem)
    )
    [certificate] = simulator.state.certificates
    assert (certificate.filename, certificate.data) == (
        "camera.pem",
        b"-----BEGIN CERTIFICATE-----\n",
    )


@pytest.mark.parametrize(
    ("service", "name", "extra", "key"),
    [
        ("upload_certificate", "outside", {}, "read_path_not_allowed"),
        ("upload_certificate", "missing.pem", {}, "file_not_found"),
        ("upload_certificate", "empty.pem", {}, "bad_file_size"),
        ("upgrade_firmware", "outside", {"confirm": True}, "read_path_not_allowed"),
    ],
)
async def test_upload_bad_input(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    hass_admin_user: MockUser,
    allowed_dir: Path,
    tmp_path_factory: pytest.TempPathFactory,
    service: str,
    name: str,
    extra: dict[str, Any],
    key: str,
) -> None:
    """A file outside the allowed directories, missing or empty, or no confirm: nothing sent."""
    (allowed_dir / "empty.pem").write_bytes(b"")
    (allowed_dir / "fw.bin").write_bytes(b"image")
    outside = tmp_path_factory.mktemp("outside") / "file"
    outside.write_bytes(b"data")
    path = outside if name == "outside" else allowed_dir / name
    simulator.reset_counters()
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            init_integration,
            hass_admin_user,
            service,
            filename=str(path),
            **extra,
        )
    assert err.value.translation_key == key
    assert not simulator.counters


@pytest.mark.parametrize(
    ("service", "limit", "extra"),
    [
        ("upgrade_firmware", FIRMWARE_MAX_BYTES, {"confirm": True}),
        ("upload_certificate", CERTIFICATE_MAX_BYTES, {}),
    ],
)
async def test_file_over_its_limit_is_refused(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    hass_admin_user: MockUser,
    wait: AsyncMock,
    allowed_dir: Path,
    service: str,
    limit: int,
    extra: dict[str, Any],
) -> None:
    """A file one byte over its limit: refused with its size; nothing goes to the camera.

    A firmware image cut to the limit and sent could leave the camera unable to start.
    """
    path = allowed_dir / "too-large.bin"
    with path.open("wb") as file:
        file.truncate(limit + 1)  # sparse: no disk needed
    simulator.reset_counters()
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            init_integration,
            hass_admin_user,
            service,
            filename=str(path),
            **extra,
        )
    assert err.value.translation_key == "bad_file_size"
    assert err.value.translation_placeholders == {
        "filename": str(path),
        "size": str(limit + 1),
        "max_bytes": str(limit),
    }
    assert f"is {limit + 1} bytes" in str(err.value)
    assert not simulator.counters
    assert not simulator.state.firmware_uploads
    assert not simulator.state.certificates


async def test_files_within_their_limits_go_up_whole(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    hass_admin_user: MockUser,
    wait: AsyncMock,
    allowed_dir: Path,
) -> None:
    """A certificate of exactly its limit, and an 8 MiB firmware image, go up byte for byte."""
    pem = allowed_dir / "chain.pem"
    pem.write_bytes(bytes(range(256)) * (CERTIFICATE_MAX_BYTES // 256))
    await call(
        hass, init_integration, hass_admin_user, "upload_certificate", filename=str(pem)
    )
    [certificate] = simulator.state.certificates
    assert certificate.data == pem.read_bytes()

    image = allowed_dir / "fw.bin"
    image.write_bytes(bytes(range(256)) * (8 * 1024 * 1024 // 256))
    await call(
        hass,
        init_integration,
        hass_admin_user,
        "upgrade_firmware",
        filename=str(image),
        confirm=True,
    )
    assert simulator.state.firmware_uploads == [image.read_bytes()]


# --- RTMP (3.22) and device name (3.45) ------------------------------------------------


async def test_set_rtmp(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    hass_admin_user: MockUser,
) -> None:
    """The push target changes; pushing stays as the switch left it."""
    await call(
        hass,
        init_integration,
        hass_admin_user,
        "set_rtmp",
        server="192.0.2.5",
        port=1936,
        app="live",
        stream_id="door",
        stream="sub",
        protocol="compatible",
    )
    rtmp = simulator.state.rtmp
    assert (rtmp.server, rtmp.port, rtmp.app_name, rtmp.stream_id) == (
        "192.0.2.5",
        1936,
        "live",
        "door",
    )
    assert (rtmp.stream, rtmp.protocol_type, rtmp.enabled) == (1, 1, False)
    assert simulator.counters["/cgi-bin/rtmp"] >= 1
    assert init_integration.runtime_data.coordinator.data.rtmp.server == "192.0.2.5"


async def test_set_device_name(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    hass_admin_user: MockUser,
) -> None:
    """The camera reports the new model name; the device page shows it at once."""
    await call(
        hass, init_integration, hass_admin_user, "set_device_name", name="Front door"
    )
    assert simulator.state.device.model == "Front door"
    assert simulator.counters["/cgi-bin/setDeviceName"] == 1
    device = _device(hass, init_integration)
    assert device.model == "Front door"


async def test_wait_sleeps() -> None:
    """The real wait returns after its time (here none)."""
    await admin_actions._wait(0)


async def test_accounts_sensor(
    hass: HomeAssistant,
    all_entities_enabled: None,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    hass_admin_user: MockUser,
) -> None:
    """The diagnostic sensor counts the accounts, naming none; actions update it.

    Its state and attributes are every user's and go to the recorder: no name there.
    """
    entity_id = "sensor.mc400l_camera_accounts"
    await hass.async_block_till_done()
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state == "1"
    # the count and nothing else: no attribute the recorder would keep
    assert dict(state.attributes) == {"friendly_name": "MC400L Camera accounts"}
    reads = simulator.counters["/cgi-bin/user_management"]
    assert reads == 1

    await call(
        hass,
        init_integration,
        hass_admin_user,
        "add_user",
        name="guest",
        password="guest-Secret4",
        privilege="user",
    )
    await call(
        hass,
        init_integration,
        hass_admin_user,
        "edit_user",
        name="guest",
        privilege="operator",
        enabled=False,
    )
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state == "2"
    assert "guest" not in str(state.attributes).lower()
    assert "admin" not in str(state.attributes).lower()
    # Diagnostics leave the account names out.
    diagnostics = await async_get_config_entry_diagnostics(hass, init_integration)
    assert "guest" not in str(diagnostics)
    await call(hass, init_integration, hass_admin_user, "delete_user", name="guest")
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state == "1"
    # the three commands, and no read: the sensor shows what the camera accepted
    assert simulator.counters["/cgi-bin/user_management"] == reads + 3


# --- RTSP and ONVIF authentication (3.41, 3.42) -------------------------------------

AUTHENTICATION: list[tuple[str, str, str, Callable[[CameraState], bool]]] = [
    (
        "set_onvif_authentication",
        "onvif_authentication",
        "/cgi-bin/onvif",
        lambda s: s.onvif_auth,
    ),
    (
        "set_rtsp_authentication",
        "rtsp_authentication",
        "/cgi-bin/rtsp",
        lambda s: s.rtsp_auth,
    ),
]


@pytest.mark.parametrize(("service", "key", "path", "camera_value"), AUTHENTICATION)
async def test_set_authentication(
    hass: HomeAssistant,
    all_entities_enabled: None,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    hass_admin_user: MockUser,
    service: str,
    key: str,
    path: str,
    camera_value: Callable[[CameraState], bool],
) -> None:
    """An admin turns authentication off and on; the diagnostic sensor shows it at once.

    One request each: the camera's reply is the new setting. No switch turns it.
    """
    entity_id = f"binary_sensor.mc400l_{key}"
    assert state_of(hass, entity_id) == STATE_ON
    for enabled in (False, True):
        simulator.reset_counters()
        await call(hass, init_integration, hass_admin_user, service, enabled=enabled)
        assert camera_value(simulator.state) is enabled
        assert state_of(hass, entity_id) == (STATE_ON if enabled else STATE_OFF)
        assert simulator.counters == {path: 1}
    switch = er.async_get(hass).async_get_entity_id(
        "switch", DOMAIN, f"{init_integration.unique_id}_{key}"
    )
    assert switch is None


@pytest.mark.parametrize(("service", "key", "path", "camera_value"), AUTHENTICATION)
async def test_authentication_sensor_for_every_user(
    hass: HomeAssistant,
    all_entities_enabled: None,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    hass_read_only_user: MockUser,
    service: str,
    key: str,
    path: str,
    camera_value: Callable[[CameraState], bool],
) -> None:
    """A user who is no admin sees the setting, and cannot change it."""
    entity_id = f"binary_sensor.mc400l_{key}"
    assert state_of(hass, entity_id) == STATE_ON
    entity = er.async_get(hass).async_get(entity_id)
    assert entity is not None
    assert entity.entity_category is EntityCategory.DIAGNOSTIC
    simulator.reset_counters()
    with pytest.raises(Unauthorized):
        await call(hass, init_integration, hass_read_only_user, service, enabled=False)
    assert camera_value(simulator.state) is True
    assert state_of(hass, entity_id) == STATE_ON
    assert not simulator.counters


@pytest.mark.parametrize("service", [service for service, *_ in AUTHENTICATION])
@pytest.mark.parametrize(
    "data",
    [{}, {"enabled": "perhaps"}, {"enabled": True, "config_entry_id": "x"}],
)
async def test_authentication_bad_input(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    hass_admin_user: MockUser,
    service: str,
    data: dict[str, Any],
) -> None:
    """No setting, or not on/off, or the camera by entry ID: refused, nothing sent."""
    simulator.reset_counters()
    with pytest.raises(vol.Invalid):
        await call(hass, init_integration, hass_admin_user, service, **data)
    with pytest.raises(vol.Invalid):  # the camera by device only
        await hass.services.async_call(
            DOMAIN,
            service,
            {"config_entry_id": init_integration.entry_id, "enabled": True},
            blocking=True,
            context=Context(user_id=hass_admin_user.id),
        )
    assert not simulator.counters


async def test_authentication_endpoint_missing(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    simulator: Simulator,
    hass_admin_user: MockUser,
) -> None:
    """Firmware without 3.42 says the function is missing; the sensor was never read."""
    simulator.missing_endpoints = frozenset({"/cgi-bin/rtsp"})
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            init_integration,
            hass_admin_user,
            "set_rtsp_authentication",
            enabled=False,
        )
    assert err.value.translation_key == "not_supported"


@pytest.mark.parametrize(("service", "key", "path", "camera_value"), AUTHENTICATION)
async def test_authentication_endpoint_missing_at_setup(
    hass: HomeAssistant,
    all_entities_enabled: None,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    hass_admin_user: MockUser,
    service: str,
    key: str,
    path: str,
    camera_value: Callable[[CameraState], bool],
) -> None:
    """Firmware known since setup to lack 3.41 or 3.42: refused without asking the camera."""
    simulator.missing_endpoints = frozenset({path})
    await setup_entry(hass, mock_config_entry)
    simulator.reset_counters()
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, mock_config_entry, hass_admin_user, service, enabled=False)
    assert err.value.translation_key == "not_supported"
    assert path not in simulator.counters
