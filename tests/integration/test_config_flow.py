"""Tests of the config flow: setup, errors, duplicates, reauth, reconfigure, options."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator
import socket
from typing import Any
from unittest.mock import AsyncMock, patch

from aiohttp import web
from aiohttp.test_utils import TestServer
import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from custom_components.ipc_cgi.config_flow import clean_host
from custom_components.ipc_cgi.const import (
    CONF_RTSP_PATH,
    CONF_RTSP_PORT,
    CONF_STREAM,
    CONF_VERIFY_SSL,
    DOMAIN,
)
from homeassistant.config_entries import ConfigFlowResult
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SCAN_INTERVAL,
    CONF_SSL,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
import homeassistant.helpers.device_registry as dr
from ipc_simulator import ManualClock, Simulator

from .conftest import PASSWORD, entry_data, start_user_flow


@pytest.fixture(autouse=True)
def mock_setup_entry() -> Generator[AsyncMock]:
    """Keep a created entry from being set up: these tests are about the flow."""
    with patch(
        "custom_components.ipc_cgi.async_setup_entry", return_value=True
    ) as mock:
        yield mock


@pytest.fixture
async def second_simulator(socket_enabled: None) -> AsyncGenerator[Simulator]:
    """Run a second camera, with another MAC address and serial."""
    sim = Simulator(clock=ManualClock())
    sim.state.device.mac = "F0:00:00:AA:BB:CC"
    sim.state.device.serial = "EF00000000AABBCC"
    server = TestServer(sim.app, host="127.0.0.1")
    await server.start_server()
    sim.host = "127.0.0.1"
    sim.port = server.port
    try:
        yield sim
    finally:
        await server.close()


@pytest.fixture
async def web_server(socket_enabled: None) -> AsyncGenerator[TestServer]:
    """Run a web server that answers every request with an HTML page."""

    async def page(request: web.Request) -> web.Response:
        return web.Response(
            text="<html><body>Router</body></html>", content_type="text/html"
        )

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", page)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield server
    finally:
        await server.close()


def closed_port() -> int:
    """Return a local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _submit_user_step(
    hass: HomeAssistant, user_input: dict[str, Any]
) -> ConfigFlowResult:
    """Start a user flow, choose to enter the address and submit `user_input`."""
    result = await start_user_flow(hass, "manual")
    return await hass.config_entries.flow.async_configure(result["flow_id"], user_input)


async def _assert_recovers(
    hass: HomeAssistant, result: ConfigFlowResult, simulator: Simulator
) -> None:
    """Submit the right input to a flow that showed an error: it creates the entry."""
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], entry_data(simulator)
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_user_flow(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """A reachable camera becomes an entry titled by its model, keyed by its MAC."""
    result = await start_user_flow(hass, "manual")
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "manual"
    assert result["errors"] == {}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], entry_data(simulator)
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "MC400L"
    assert result["data"] == entry_data(simulator)
    assert result["result"].unique_id == dr.format_mac(simulator.state.device.mac)
    # A new entry has nothing to migrate (__init__.async_migrate_entry).
    assert (result["result"].version, result["result"].minor_version) == (1, 3)
    assert set(simulator.counters) == {
        "/cgi-bin/getuid",
        "/cgi-bin/getinfo",
        "/cgi-bin/getmodel",
    }
    assert len(mock_setup_entry.mock_calls) == 1


@pytest.mark.parametrize(
    ("missing", "fault"),
    [
        ({"/cgi-bin/getmodel", "/cgi-bin/getcapabilities"}, None),
        (set(), "http_500"),
        (set(), "malformed"),
    ],
)
async def test_user_flow_needs_only_getuid_and_getinfo(
    hass: HomeAssistant, simulator: Simulator, missing: set[str], fault: str | None
) -> None:
    """A camera whose getmodel is missing or broken is added, titled by getinfo's model."""
    simulator.state.device.model = "IPC-OEM"
    simulator.missing_endpoints = frozenset(missing)
    if fault is not None:
        simulator.faults.inject(fault, None, path="/cgi-bin/getmodel")
    result = await _submit_user_step(hass, entry_data(simulator))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "IPC-OEM"


async def test_user_flow_wrong_password(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """A wrong password is invalid_auth; the right one then creates the entry."""
    result = await _submit_user_step(hass, entry_data(simulator, password="wrong"))
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_auth"}

    await _assert_recovers(hass, result, simulator)


async def test_user_flow_closed_port(hass: HomeAssistant, simulator: Simulator) -> None:
    """Nothing listening is cannot_connect; the camera's port then works."""
    result = await _submit_user_step(
        hass, entry_data(simulator) | {CONF_PORT: closed_port()}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}

    await _assert_recovers(hass, result, simulator)


async def test_user_flow_camera_fault(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """A camera that fails (HTTP 500) is cannot_connect; it then recovers."""
    simulator.faults.inject("http_500", None)
    result = await _submit_user_step(hass, entry_data(simulator))
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}

    simulator.faults.clear()
    await _assert_recovers(hass, result, simulator)


async def test_user_flow_not_a_camera(
    hass: HomeAssistant, simulator: Simulator, web_server: TestServer
) -> None:
    """A web server that answers HTML is not_ipc_camera."""
    result = await _submit_user_step(
        hass, entry_data(simulator) | {CONF_PORT: web_server.port}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "not_ipc_camera"}

    await _assert_recovers(hass, result, simulator)


async def test_user_flow_without_identity(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """A camera reporting neither MAC nor serial cannot be told apart: not_ipc_camera."""
    simulator.state.device.mac = ""
    simulator.state.device.serial = ""
    result = await _submit_user_step(hass, entry_data(simulator))
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "not_ipc_camera"}


async def test_user_flow_serial_fallback(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """Without a MAC address the serial number is the unique ID."""
    simulator.state.device.mac = ""
    result = await _submit_user_step(hass, entry_data(simulator))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == simulator.state.device.serial


async def test_user_flow_unexpected_error(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """A bug in reading the camera is unknown (the simulator cannot cause one)."""
    result = await start_user_flow(hass, "manual")
    with patch(
        "custom_components.ipc_cgi.ipccgi.IpcCgiClient.get_info",
        side_effect=RuntimeError("boom"),
    ):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], entry_data(simulator)
        )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "unknown"}

    await _assert_recovers(hass, result, simulator)


@pytest.mark.parametrize(
    ("typed", "host"),
    [
        ("192.168.1.20", "192.168.1.20"),
        ("  192.168.1.20\t", "192.168.1.20"),
        ("fe80::1", "fe80::1"),
        ("[fe80::1]", "fe80::1"),
        (" [2001:db8::20] ", "2001:db8::20"),
        ("camera", "camera"),
        ("IPC-Porch.lan", "IPC-Porch.lan"),
        ("ipc_porch.local.", "ipc_porch.local."),
    ],
)
def test_clean_host_accepts(typed: str, host: str) -> None:
    """Host names, IPv4 and IPv6 (with or without brackets) pass, trimmed."""
    assert clean_host(typed) == host


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "http://192.168.1.20",
        "https://camera.lan/",
        "192.168.1.20/cgi-bin/getuid",
        "admin:123456@192.168.1.20",
        "admin@camera",
        "192.168.1.20:8080",
        "[fe80::1]:80",
        "my camera",
        "192.168.1.300",
        "192.168.1",
        "[192.168.1.20]",
        "[camera]",
        "-camera",
        "camera..lan",
        f"{'a' * 64}.lan",
        "a." * 127 + "lan",
    ],
)
async def test_user_flow_invalid_host(
    hass: HomeAssistant, simulator: Simulator, typed: str
) -> None:
    """A host with a scheme, path, port, credentials or spaces is refused unsent."""
    result = await _submit_user_step(hass, entry_data(simulator) | {CONF_HOST: typed})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_HOST: "invalid_host"}
    assert sum(simulator.counters.values()) == 0

    await _assert_recovers(hass, result, simulator)


async def test_user_flow_trims_host(hass: HomeAssistant, simulator: Simulator) -> None:
    """Spaces around the host are dropped before connecting and storing."""
    result = await _submit_user_step(
        hass, entry_data(simulator) | {CONF_HOST: " 127.0.0.1 "}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_HOST] == "127.0.0.1"


async def test_user_flow_untrusted_certificate(
    hass: HomeAssistant, tls_simulator: Simulator
) -> None:
    """A self-signed certificate while verifying has its own error; unverified it works."""
    https = entry_data(tls_simulator) | {CONF_SSL: True}
    result = await _submit_user_step(hass, https)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_certificate"}
    assert sum(tls_simulator.counters.values()) == 0

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], https | {CONF_VERIFY_SSL: False}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_VERIFY_SSL] is False


def _without_port(data: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in data.items() if key != CONF_PORT}


async def test_user_flow_port_follows_https(
    hass: HomeAssistant, simulator: Simulator, tls_simulator: Simulator
) -> None:
    """An empty port is the HTTP port, or the HTTPS port with HTTPS ticked.

    The usual ports are 80 and 443; here they are the simulators' ports.
    """
    with (
        patch("custom_components.ipc_cgi.config_flow.DEFAULT_PORT", simulator.port),
        patch(
            "custom_components.ipc_cgi.config_flow.DEFAULT_HTTPS_PORT",
            tls_simulator.port,
        ),
    ):
        result = await _submit_user_step(hass, _without_port(entry_data(simulator)))
        assert result["type"] is FlowResultType.CREATE_ENTRY
        assert result["data"] == entry_data(simulator)

        https = entry_data(tls_simulator) | {CONF_SSL: True, CONF_VERIFY_SSL: False}
        tls_simulator.state.device.mac = "F0:00:00:AA:BB:CC"
        result = await _submit_user_step(hass, _without_port(https))
        assert result["type"] is FlowResultType.CREATE_ENTRY
        assert result["data"] == https


async def test_user_flow_https_to_http_port(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """HTTPS to a port that speaks HTTP has its own error, not "Failed to connect"."""
    https = entry_data(simulator) | {CONF_SSL: True, CONF_VERIFY_SSL: False}
    result = await _submit_user_step(hass, https)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "not_https_port"}
    # the form keeps what was typed, never the password
    assert _suggested(result, CONF_SSL) is True
    assert _suggested(result, CONF_PORT) == simulator.port
    assert _suggested(result, CONF_PASSWORD) is None

    await _assert_recovers(hass, result, simulator)


async def test_user_flow_already_configured(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """The same camera cannot be added twice."""
    mock_config_entry.add_to_hass(hass)
    result = await _submit_user_step(hass, entry_data(simulator))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_reauth(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """A changed password is asked for, verified and stored."""
    mock_config_entry.add_to_hass(hass)
    simulator.state.users["admin"].password = "n3w-secret"

    result = await mock_config_entry.start_reauth_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PASSWORD: PASSWORD}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_auth"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PASSWORD: "n3w-secret"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert mock_config_entry.data[CONF_PASSWORD] == "n3w-secret"


async def test_reauth_other_camera(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """If another camera now answers at the address, reauth aborts."""
    mock_config_entry.add_to_hass(hass)
    simulator.state.device.mac = "F0:00:00:AA:BB:CC"
    result = await mock_config_entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PASSWORD: PASSWORD}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "unique_id_mismatch"


async def test_reconfigure(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """The same camera at a new port: errors first, then the entry is updated."""
    mock_config_entry.add_to_hass(hass)
    result = await mock_config_entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"

    new_port = closed_port()
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], entry_data(simulator) | {CONF_PORT: new_port}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}

    simulator.state.users["admin"].password = "n3w-secret"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], entry_data(simulator, password="n3w-secret")
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert mock_config_entry.data == entry_data(simulator, password="n3w-secret")


def _suggested(result: ConfigFlowResult, field: str) -> object:
    """Return the value the form shows in `field`, None if it is empty."""
    schema = result["data_schema"]
    assert schema is not None
    for key in schema.schema:
        if key == field:
            return (key.description or {}).get("suggested_value")
    raise AssertionError(field)


@pytest.mark.parametrize(
    ("ssl", "port", "shown"),
    [(False, 80, None), (True, 443, None), (False, 8080, 8080), (True, 80, 80)],
)
async def test_reconfigure_shows_a_changed_port_only(
    hass: HomeAssistant,
    simulator: Simulator,
    ssl: bool,
    port: int,
    shown: int | None,
) -> None:
    """The form leaves the port empty when it is the usual one for the entry's scheme."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        data=entry_data(simulator) | {CONF_SSL: ssl, CONF_PORT: port},
        unique_id=dr.format_mac(simulator.state.device.mac),
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    assert _suggested(result, CONF_PORT) == shown
    assert _suggested(result, CONF_SSL) is ssl
    assert _suggested(result, CONF_HOST) == "127.0.0.1"
    assert _suggested(result, CONF_PASSWORD) is None


async def test_reconfigure_to_https(
    hass: HomeAssistant,
    simulator: Simulator,
    tls_simulator: Simulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Ticking HTTPS with the port left empty moves the entry to the HTTPS port."""
    mock_config_entry.add_to_hass(hass)
    result = await mock_config_entry.start_reconfigure_flow(hass)
    https = entry_data(tls_simulator) | {CONF_SSL: True, CONF_VERIFY_SSL: False}
    with patch(
        "custom_components.ipc_cgi.config_flow.DEFAULT_HTTPS_PORT", tls_simulator.port
    ):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], _without_port(https)
        )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert mock_config_entry.data == https


async def test_reconfigure_invalid_host(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """Reconfigure checks the host as the first step does, and changes nothing."""
    mock_config_entry.add_to_hass(hass)
    result = await mock_config_entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], entry_data(simulator) | {CONF_HOST: "http://127.0.0.1"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_HOST: "invalid_host"}
    assert sum(simulator.counters.values()) == 0
    assert mock_config_entry.data == entry_data(simulator)
    assert _suggested(result, CONF_HOST) == "http://127.0.0.1"
    assert _suggested(result, CONF_PASSWORD) is None

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], entry_data(simulator) | {CONF_HOST: " 127.0.0.1"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert mock_config_entry.data == entry_data(simulator)


async def test_reconfigure_other_camera(
    hass: HomeAssistant,
    simulator: Simulator,
    second_simulator: Simulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Pointing the entry at a different camera aborts and changes nothing."""
    mock_config_entry.add_to_hass(hass)
    result = await mock_config_entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], entry_data(second_simulator)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "unique_id_mismatch"
    assert mock_config_entry.data == entry_data(simulator)


async def test_options(hass: HomeAssistant, mock_config_entry: MockConfigEntry) -> None:
    """The options hold the camera's stream and the clock sync."""
    mock_config_entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(mock_config_entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"

    options = {
        CONF_STREAM: "sub",
        CONF_RTSP_PATH: "/video1",
        CONF_RTSP_PORT: 8554,
    }
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], options
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert mock_config_entry.options == options | {"sync_clock": True}  # the default


async def test_options_out_of_range(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """An RTSP port above 65535 is refused; a poll interval is no option (the integration's)."""
    mock_config_entry.add_to_hass(hass)
    for wrong in ({CONF_RTSP_PORT: 65536}, {CONF_SCAN_INTERVAL: 60}):
        result = await hass.config_entries.options.async_init(
            mock_config_entry.entry_id
        )
        with pytest.raises(InvalidData):
            await hass.config_entries.options.async_configure(
                result["flow_id"], {CONF_STREAM: "main", **wrong}
            )
    assert mock_config_entry.options == {}
