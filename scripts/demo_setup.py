"""The demo's steps inside Home Assistant, as a user would click them.

`write-config`: the demo's minimal configuration folder (integration symlinked).
`setup`: waits for Home Assistant, completes onboarding through its API, adds
the simulated camera through the integration's config flow, and prints where
to look and how to log in.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
import sys
import time

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.hass_api import (  # noqa: E402
    HassApi,
    HomeAssistantError,
    Owner,
    port_open,
    wait_until_up,
    write_config,
)

DOMAIN = "ipc_cgi"
CAMERA_USERNAME = "admin"
CAMERA_PASSWORD = "123456"  # the simulator's (and the spec's) default


async def add_camera(api: HassApi, sim_port: int) -> dict[str, object]:
    """Add the simulator through the config flow, unless an entry already works."""
    for entry in await api.config_entries(DOMAIN):
        if entry["state"] == "loaded":
            return entry
        # Left from a run on another simulator port: start over.
        await api.delete(f"/api/config/config_entries/entry/{entry['entry_id']}")
    menu = await api.start_flow(DOMAIN)
    flow = await api.flow_step(menu["flow_id"], {"next_step_id": "manual"})
    if flow.get("type") != "form":
        raise HomeAssistantError(f"config flow did not show its form: {flow}")
    result = await api.flow_step(
        flow["flow_id"],
        {
            "host": "127.0.0.1",
            "port": sim_port,
            "username": CAMERA_USERNAME,
            "password": CAMERA_PASSWORD,
        },
    )
    if result.get("type") != "create_entry":
        raise HomeAssistantError(f"config flow did not add the camera: {result}")
    entry: dict[str, object] = result["result"]
    return entry


async def camera_device_id(api: HassApi, entry_id: str) -> str | None:
    """Return the camera's device id (for the device page's URL)."""
    async with api.websocket() as ws:
        devices = await ws.command("config/device_registry/list")
    for device in devices:
        if entry_id in device["config_entries"]:
            device_id: str = device["id"]
            return device_id
    return None


async def setup(url: str, sim_port: int, owner_file: Path, timeout: float) -> None:
    """Onboard Home Assistant and add the camera; print how to get in."""
    owner = Owner.load_or_create(owner_file)
    async with aiohttp.ClientSession() as session:
        api = HassApi(session, url)
        await wait_until_up(session, url, timeout)
        try:
            await api.onboard(owner.name, owner.username, owner.password)
        except HomeAssistantError as err:
            raise SystemExit(
                f"Could not log in as {owner.username} ({err}). The owner in "
                f"{owner_file} does not match .demo/config: delete .demo/ to start over."
            ) from None
        entry = await add_camera(api, sim_port)
        device_id = await camera_device_id(api, str(entry["entry_id"]))
    device_url = f"{url}/config/devices/device/{device_id}" if device_id else ""
    print(
        f"""
The demo is running: a real Home Assistant with the ipc_cgi integration and a
simulated camera ("{entry["title"]}").

  Open        {url}/
  Log in as   {owner.username} / {owner.password}
  The camera  {device_url or url + "/config/integrations/integration/" + DOMAIN}
  Simulator   http://127.0.0.1:{sim_port}/  (camera login {CAMERA_USERNAME} / {CAMERA_PASSWORD})

Press Ctrl-C to stop both.""",
        flush=True,
    )


def main() -> None:
    """Parse the command line and run one step."""
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    config = commands.add_parser("write-config")
    config.add_argument("--config", type=Path, required=True)
    config.add_argument("--port", type=int, required=True)
    run = commands.add_parser("setup")
    run.add_argument("--url", required=True)
    run.add_argument("--sim-port", type=int, required=True)
    run.add_argument("--owner-file", type=Path, required=True)
    run.add_argument("--timeout", type=float, default=300)
    ports = commands.add_parser("port-free")
    ports.add_argument("port", type=int)
    listening = commands.add_parser("wait-port")
    listening.add_argument("port", type=int)
    args = parser.parse_args()
    if args.command == "write-config":
        write_config(args.config, args.port)
    elif args.command == "port-free":
        sys.exit(1 if port_open(args.port) else 0)
    elif args.command == "wait-port":
        deadline = time.monotonic() + 60
        while not port_open(args.port):
            if time.monotonic() > deadline:
                sys.exit(f"Nothing listens on 127.0.0.1:{args.port}")
            time.sleep(0.2)
    else:
        try:
            asyncio.run(setup(args.url, args.sim_port, args.owner_file, args.timeout))
        except KeyboardInterrupt:
            sys.exit(130)


if __name__ == "__main__":
    main()
