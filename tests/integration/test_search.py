"""Search the network: a WS-Discovery probe lists the cameras not set up yet.

The probe goes to tests.ws_discovery's network on 127.0.0.1 (the only fake:
tests send no multicast): the simulator's WS-Discovery responder for the
cameras, and a hostile device that answers with garbage, entities and a huge
datagram, and announces a web server that is no camera.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator
from unittest.mock import AsyncMock, patch

from aiohttp import web
from aiohttp.test_utils import TestServer
import pytest
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

from custom_components.ipc_cgi.const import DOMAIN
from homeassistant.config_entries import SOURCE_IGNORE, ConfigFlowResult
from homeassistant.const import CONF_HOST, CONF_PORT, CONF_SSL
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import homeassistant.helpers.device_registry as dr
from ipc_simulator import ManualClock, Simulator
from tests.test_packaging import missing
from tests.ws_discovery import Answers, announced, answer, hostile, noisy_network

from .conftest import entry_data, start_user_flow


@pytest.fixture(autouse=True)
def mock_setup_entry() -> Generator[AsyncMock]:
    """Keep a created entry from being set up: these tests are about the flow."""
    with patch(
        "custom_components.ipc_cgi.async_setup_entry", return_value=True
    ) as mock:
        yield mock


@pytest.fixture
async def second_camera(socket_enabled: None) -> AsyncGenerator[Simulator]:
    """Run a second camera, another model with another MAC address."""
    sim = Simulator(clock=ManualClock())
    sim.state.device.model = "MC800S"
    sim.state.device.mac = "F0:00:00:AA:BB:CC"
    server = TestServer(sim.app, host="127.0.0.1")
    await server.start_server(access_log=None)
    sim.host = "127.0.0.1"
    sim.port = server.port
    try:
        yield sim
    finally:
        await server.close()


@pytest.fixture
async def router(socket_enabled: None) -> AsyncGenerator[list[str]]:
    """Run a web server that is no camera (HTML for every request); yield its port first.

    The list holds the port, then the path of each request it got.
    """
    requests: list[str] = []

    async def page(request: web.Request) -> web.Response:
        requests.append(request.path)
        return web.Response(text="<html>Router</html>", content_type="text/html")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", page)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    requests.append(str(server.port))
    try:
        yield requests
    finally:
        await server.close()


async def _search(
    hass: HomeAssistant, cameras: list[Simulator], answers: Answers = hostile
) -> ConfigFlowResult:
    """Choose "Search the network" with `cameras` answering the probe."""
    async with noisy_network(cameras, answers) as (target, network):
        with patch("custom_components.ipc_cgi.config_flow.PROBE_TARGET", target):
            result = await start_user_flow(hass, "search")
    assert network.probes == 1
    return result


def _listed(result: ConfigFlowResult) -> dict[str, str]:
    """Return the cameras the search form lists: label by MAC."""
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "search"
    schema = result["data_schema"]
    assert schema is not None
    assert missing("config.step.search.title", "config.step.search.data.camera") == []
    selector = schema.schema["camera"]
    return {option["value"]: option["label"] for option in selector.config["options"]}


def _mac(sim: Simulator) -> str:
    return dr.format_mac(sim.state.device.mac)


async def test_search_lists_the_cameras(
    hass: HomeAssistant,
    simulator: Simulator,
    second_camera: Simulator,
    router: list[str],
) -> None:
    """Each camera found is listed by model and address; the chosen one is added.

    The hostile device's datagrams are ignored; the web server it announces is
    asked getinfo and left out. Before the account is entered, each camera is
    asked only getinfo, without login.
    """
    not_a_camera = announced("Router", int(router[0]))

    def network(message_id: str) -> list[bytes]:
        return [*hostile(message_id), answer(not_a_camera, message_id)]

    result = await _search(hass, [simulator, second_camera], network)
    assert _listed(result) == {
        _mac(simulator): f"MC400L (127.0.0.1:{simulator.port})",
        _mac(second_camera): f"MC800S (127.0.0.1:{second_camera.port})",
    }
    assert router[1:] == ["/cgi-bin/getinfo"]
    assert simulator.counters == second_camera.counters == {"/cgi-bin/getinfo": 1}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"camera": _mac(second_camera)}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "manual"
    schema = result["data_schema"]
    assert schema is not None
    suggested = {
        str(key): key.description["suggested_value"]
        for key in schema.schema
        if key.description
    }
    assert suggested == {
        CONF_HOST: "127.0.0.1",
        CONF_PORT: second_camera.port,
        CONF_SSL: False,
    }

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], entry_data(second_camera)
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "MC800S"
    assert result["result"].unique_id == _mac(second_camera)


@pytest.mark.parametrize(("source", "listed"), [("user", False), (SOURCE_IGNORE, True)])
async def test_search_leaves_out_configured_cameras(
    hass: HomeAssistant,
    simulator: Simulator,
    second_camera: Simulator,
    source: str,
    listed: bool,
) -> None:
    """A camera set up already is not listed; one the user ignored is, to be added."""
    MockConfigEntry(
        domain=DOMAIN, source=source, unique_id=_mac(simulator)
    ).add_to_hass(hass)
    result = await _search(hass, [simulator, second_camera])
    assert (_mac(simulator) in _listed(result)) is listed
    assert _mac(second_camera) in _listed(result)


async def test_search_finds_nothing(hass: HomeAssistant, simulator: Simulator) -> None:
    """Only the hostile device answers: the address form says so and still works."""
    result = await _search(hass, [])
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "manual"
    assert result["errors"] == {"base": "no_cameras_found"}
    assert sum(simulator.counters.values()) == 0

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], entry_data(simulator)
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
