"""The simulator fixture serves on 127.0.0.1."""

from aiohttp import ClientSession

from ipc_simulator import Simulator


async def test_fixture_serves(simulator: Simulator) -> None:
    """The fixture's host and port reach the simulator."""
    assert simulator.host == "127.0.0.1"
    async with (
        ClientSession() as session,
        session.get(simulator.url + "/nowhere") as resp,
    ):
        assert resp.status == 404
