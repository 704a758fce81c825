"""DHCP: a configured camera is followed to its new address; a new one of the family is offered once getinfo confirms it."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator
from fnmatch import fnmatch
import socket
from unittest.mock import AsyncMock, patch

from aiohttp import web
from aiohttp.test_utils import TestServer
import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from custom_components.ipc_cgi.const import DOMAIN
from homeassistant.config_entries import (
    SOURCE_DHCP,
    SOURCE_IGNORE,
    ConfigEntryState,
    ConfigFlowResult,
)
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import homeassistant.helpers.device_registry as dr
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo
from homeassistant.loader import async_get_dhcp
from ipc_simulator import ManualClock, Simulator

from .conftest import entry_data

OLD_ADDRESS = "192.0.2.10"  # TEST-NET-1: never contacted


@pytest.fixture(autouse=True)
def mock_setup_entry() -> Generator[AsyncMock]:
    """Count setups instead of setting the entry up: these tests are about the flow."""
    with (
        patch("custom_components.ipc_cgi.async_setup_entry", return_value=True) as mock,
        patch("custom_components.ipc_cgi.async_unload_entry", return_value=True),
    ):
        yield mock


def _dhcp(sim: Simulator, ip: str = "127.0.0.1") -> DhcpServiceInfo:
    """Return what HA's DHCP watcher reports for `sim` at `ip` (MAC in its spelling)."""
    mac = sim.state.device.mac.replace(":", "").lower()
    return DhcpServiceInfo(ip=ip, hostname="ipcam-29069f", macaddress=mac)


async def _discover(hass: HomeAssistant, info: DhcpServiceInfo) -> ConfigFlowResult:
    return await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_DHCP}, data=info
    )


def _entry(sim: Simulator, **data: object) -> MockConfigEntry:
    """Return an entry for `sim`'s camera, with `data` changed."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="MC400L",
        data=entry_data(sim) | data,
        unique_id=dr.format_mac(sim.state.device.mac),
    )


def closed_port() -> int:
    """Return a local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_camera_moved(
    hass: HomeAssistant, simulator: Simulator, mock_setup_entry: AsyncMock
) -> None:
    """The camera at its new address answers with its MAC: the host is updated and the entry reloads."""
    entry = _entry(simulator, host=OLD_ADDRESS)
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.LOADED

    result = await _discover(hass, _dhcp(simulator))
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data == entry_data(simulator)
    assert len(mock_setup_entry.mock_calls) == 2
    # identified without logging in: no password went to the new address
    assert simulator.counters == {"/cgi-bin/getinfo": 1}


@pytest.fixture
async def other_camera(socket_enabled: None) -> AsyncGenerator[Simulator]:
    """Run another camera (another MAC) on 127.0.0.1."""
    sim = Simulator(clock=ManualClock())
    sim.state.device.mac = "F0:00:00:AA:BB:CC"
    server = TestServer(sim.app, host="127.0.0.1")
    await server.start_server(access_log=None)
    sim.port = server.port
    try:
        yield sim
    finally:
        await server.close()


async def test_other_camera_at_new_address(
    hass: HomeAssistant, simulator: Simulator, other_camera: Simulator
) -> None:
    """Another camera answers at the reported address: the entry keeps its host."""
    entry = _entry(simulator, host=OLD_ADDRESS, port=other_camera.port)
    entry.add_to_hass(hass)
    result = await _discover(hass, _dhcp(simulator))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "unique_id_mismatch"
    assert entry.data[CONF_HOST] == OLD_ADDRESS
    assert other_camera.counters == {"/cgi-bin/getinfo": 1}


async def test_nothing_at_new_address(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """Nothing answers at the reported address: the entry keeps its host."""
    entry = _entry(simulator, host=OLD_ADDRESS, port=closed_port())
    entry.add_to_hass(hass)
    result = await _discover(hass, _dhcp(simulator))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "cannot_connect"
    assert entry.data[CONF_HOST] == OLD_ADDRESS


@pytest.mark.parametrize("host", ["127.0.0.1", "ipcam.lan"])
async def test_nothing_to_follow(
    hass: HomeAssistant, simulator: Simulator, host: str
) -> None:
    """The same address, or a host name (it follows the camera itself): nothing is asked or changed."""
    entry = _entry(simulator, host=host)
    entry.add_to_hass(hass)
    result = await _discover(hass, _dhcp(simulator))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data[CONF_HOST] == host
    assert sum(simulator.counters.values()) == 0


async def test_ignored_camera(hass: HomeAssistant, simulator: Simulator) -> None:
    """A camera the user chose to ignore stays ignored."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        source=SOURCE_IGNORE,
        unique_id=dr.format_mac(simulator.state.device.mac),
    )
    entry.add_to_hass(hass)
    result = await _discover(hass, _dhcp(simulator))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert sum(simulator.counters.values()) == 0


async def test_unknown_camera_is_offered(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """A device that answers getinfo with its MAC is offered, its address filled in.

    It is asked on the usual port 80; here that is the simulator's port.
    """
    with patch("custom_components.ipc_cgi.config_flow.DEFAULT_PORT", simulator.port):
        result = await _discover(hass, _dhcp(simulator))
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "manual"
    assert simulator.counters == {"/cgi-bin/getinfo": 1}
    flow = hass.config_entries.flow.async_get(result["flow_id"])
    assert flow["context"]["title_placeholders"] == {
        "name": "MC400L",
        "host": "127.0.0.1",
    }
    schema = result["data_schema"]
    assert schema is not None
    host_key = next(key for key in schema.schema if key == CONF_HOST)
    assert host_key.description == {"suggested_value": "127.0.0.1"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], entry_data(simulator)
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == dr.format_mac(simulator.state.device.mac)


@pytest.fixture
async def web_server(socket_enabled: None) -> AsyncGenerator[TestServer]:
    """Run a web server that answers every request with an HTML page."""

    async def page(request: web.Request) -> web.Response:
        return web.Response(text="<html>Router</html>", content_type="text/html")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", page)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield server
    finally:
        await server.close()


async def test_unknown_device_not_a_camera(
    hass: HomeAssistant, simulator: Simulator, web_server: TestServer
) -> None:
    """A device that does not speak the API is not offered."""
    with patch("custom_components.ipc_cgi.config_flow.DEFAULT_PORT", web_server.port):
        result = await _discover(hass, _dhcp(simulator))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "not_ipc_camera"


async def test_unknown_device_other_mac(
    hass: HomeAssistant, simulator: Simulator, other_camera: Simulator
) -> None:
    """A camera that reports another MAC than DHCP saw is not offered."""
    with patch("custom_components.ipc_cgi.config_flow.DEFAULT_PORT", other_camera.port):
        result = await _discover(hass, _dhcp(simulator))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "not_ipc_camera"
    assert hass.config_entries.async_entries(DOMAIN) == []


async def test_same_camera_twice(hass: HomeAssistant, simulator: Simulator) -> None:
    """A second report while the first is offered does not start another flow."""
    with patch("custom_components.ipc_cgi.config_flow.DEFAULT_PORT", simulator.port):
        first = await _discover(hass, _dhcp(simulator))
        second = await _discover(hass, _dhcp(simulator))
    assert first["type"] is FlowResultType.FORM
    assert second["type"] is FlowResultType.ABORT
    assert second["reason"] == "already_in_progress"


@pytest.mark.parametrize(
    ("hostname", "mac", "matched"),
    [
        ("IPCAM-29069F", "0c:1a:2b:29:06:9f", True),
        ("ipcam-lobby", "0c1a2b29069f", True),
        ("printer", "f0:00:00:29:06:9f", True),
        ("printer", "0c:1a:2b:29:06:9f", False),
        ("myipcam-1", "0c:1a:2b:29:06:9f", False),
    ],
)
async def test_the_family_is_reported(
    hass: HomeAssistant, hostname: str, mac: str, matched: bool
) -> None:
    """Home Assistant's DHCP watcher reports an IPCAM-* host name or a F0:00:00 MAC.

    Its rules (components/dhcp, which needs a DHCP socket): the OUI of the
    upper-case MAC without colons, then fnmatch of the lower-case host name.
    """
    oui = dr.format_mac(mac).replace(":", "").upper()[:6]
    reported = False
    for matcher in await async_get_dhcp(hass):
        if matcher["domain"] != DOMAIN or "registered_devices" in matcher:
            continue
        if "macaddress" in matcher:
            assert len(matcher["macaddress"]) == 7  # the OUI, then "*"
            if matcher["macaddress"][:6] != oui:
                continue
        if "hostname" in matcher and not fnmatch(hostname.lower(), matcher["hostname"]):
            continue
        reported = True
    assert reported is matched
