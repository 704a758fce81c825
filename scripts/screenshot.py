"""Screenshot the camera's device page with headless Chromium (docs/device-page.png).

Starts the simulator and Home Assistant on free ports with a temporary
configuration (as the demo does), onboards, adds the camera, logs Chromium in by
putting the tokens into the frontend's localStorage over the DevTools protocol,
opens the device page and captures it. With --url and --owner-file it uses a
running demo instead.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import itertools
import json
from pathlib import Path
import subprocess
import sys
import tempfile
import time
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from demo_setup import add_camera, camera_device_id  # noqa: E402

from tests.e2e.hass_api import (  # noqa: E402
    HassApi,
    Owner,
    free_port,
    home_assistant_process,
    simulator_process,
    wait_until_up,
    write_config,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
WIDTH, HEIGHT = 1280, 1600
TRANSLATIONS = ROOT / "custom_components" / "ipc_cgi" / "translations"


def ready_texts(language: str, device_page: bool) -> tuple[str, ...]:
    """Return text the page shows once its entities render: their translated names."""
    names = json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8"))
    entity = names["entity"]
    relay = entity["switch"]["relay"]["name"]
    if not device_page:
        return (relay,)
    return (relay, entity["select"]["ir_cut_mode"]["name"])


# Collects the page's text through every shadow root (the frontend is web components).
DEEP_TEXT_JS = """
(() => {
  const parts = [];
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) { parts.push(node.textContent); return; }
    if (node.shadowRoot) walk(node.shadowRoot);
    for (const child of node.childNodes) walk(child);
  };
  walk(document);
  return parts.join(" ");
})()
"""

# Clicks the innermost element whose text is exactly the given one (shadow DOMs
# included); true if one was found.
CLICK_JS = """
((wanted) => {
  let found = null;
  const walk = (node) => {
    if (node.nodeType === Node.ELEMENT_NODE && node.textContent.trim() === wanted) {
      found = node;
    }
    if (node.shadowRoot) walk(node.shadowRoot);
    for (const child of node.children || []) walk(child);
  };
  walk(document.documentElement);
  if (found) found.click();
  return found !== null;
})(%s)
"""


class DevTools:
    """A minimal Chrome DevTools protocol client over aiohttp."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        """Wrap a page target's WebSocket."""
        self.ws = ws
        self._ids = itertools.count(1)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send a command and return its result."""
        message_id = next(self._ids)
        await self.ws.send_json({"id": message_id, "method": method, "params": params})
        while True:
            message = await self.ws.receive_json()
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message["result"]
                return result

    async def evaluate(self, expression: str) -> Any:
        """Evaluate JavaScript in the page; return its value."""
        reply = await self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True
        )
        return reply["result"].get("value")

    async def navigate(self, url: str) -> None:
        """Open url and wait until the document has loaded."""
        await self.call("Page.navigate", url=url)
        async with asyncio.timeout(60):
            while await self.evaluate("document.readyState") != "complete":
                await asyncio.sleep(0.2)


@contextlib.asynccontextmanager
async def chromium(session: aiohttp.ClientSession, profile: Path) -> Any:
    """Run headless Chromium; yield a DevTools client of its page."""
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        CHROMIUM,
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        f"--remote-debugging-port={port}",
        f"--window-size={WIDTH},{HEIGHT}",
        "about:blank",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        async with asyncio.timeout(60):
            while True:
                try:
                    async with session.get(f"http://127.0.0.1:{port}/json/list") as r:
                        targets = await r.json()
                    page = next(t for t in targets if t["type"] == "page")
                    break
                except (aiohttp.ClientError, StopIteration):
                    await asyncio.sleep(0.3)
        async with session.ws_connect(
            page["webSocketDebuggerUrl"], max_msg_size=0
        ) as ws:
            yield DevTools(ws)
    finally:
        process.terminate()
        await process.wait()


async def capture(
    api: HassApi,
    device_id: str,
    output: Path,
    profile: Path,
    page_path: str | None,
    language: str,
    wait_for: tuple[str, ...] = (),
    clicks: tuple[str, ...] = (),
) -> None:
    """Log Chromium in with api's tokens, open the device page and save a PNG.

    `clicks` are texts of buttons or list items clicked in turn before waiting.
    """
    tokens = {
        "access_token": api.access_token,
        "refresh_token": api.refresh_token,
        "expires_in": api.expires_in,
        "expires": int(time.time() * 1000) + api.expires_in * 1000,
        "token_type": "Bearer",
        "hassUrl": api.base_url,
        "clientId": api.client_id,
    }
    async with chromium(api.session, profile) as page:
        await page.call("Page.enable")
        await page.call(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )
        # Any page of the origin will do to reach its localStorage.
        await page.navigate(f"{api.base_url}/manifest.json")
        await page.evaluate(
            f"localStorage.setItem('hassTokens', {json.dumps(json.dumps(tokens))})"
        )
        # The frontend's language setting (the profile menu writes the same).
        await page.evaluate(
            f"localStorage.setItem('selectedLanguage', {json.dumps(json.dumps(language))})"
        )
        texts = wait_for or ready_texts(language, device_page=page_path is None)
        page_path = page_path or f"/config/devices/device/{device_id}"
        await page.navigate(f"{api.base_url}{page_path}")
        for text in clicks:
            async with asyncio.timeout(60):
                while not await page.evaluate(CLICK_JS % json.dumps(text)):
                    await asyncio.sleep(0.5)
        try:
            async with asyncio.timeout(90):
                while True:
                    shown = await page.evaluate(DEEP_TEXT_JS) or ""
                    if all(text in shown for text in texts):
                        break
                    await asyncio.sleep(0.5)
        except TimeoutError:
            # What the page showed instead, to see why.
            shot = await page.call("Page.captureScreenshot", format="png")
            output.write_bytes(base64.b64decode(shot["data"]))
            raise SystemExit(
                f"{texts} not shown in 90 s; the page is in {output}"
            ) from None
        await asyncio.sleep(2)  # let icons and the snapshot image finish drawing
        shot = await page.call("Page.captureScreenshot", format="png")
    output.write_bytes(base64.b64decode(shot["data"]))


async def screenshot_running(
    url: str,
    owner_file: Path,
    output: Path,
    page_path: str | None,
    language: str,
    wait_for: tuple[str, ...],
    clicks: tuple[str, ...],
) -> None:
    """Screenshot a running demo."""
    owner = Owner.load_or_create(owner_file)
    async with aiohttp.ClientSession() as session:
        api = HassApi(session, url)
        await api.login(owner.username, owner.password)
        (entry,) = await api.config_entries("ipc_cgi")
        device_id = await camera_device_id(api, str(entry["entry_id"]))
        assert device_id
        with tempfile.TemporaryDirectory() as profile:
            if page_path:
                page_path = page_path.format(entry_id=entry["entry_id"])
            await capture(
                api,
                device_id,
                output,
                Path(profile),
                page_path,
                language,
                wait_for,
                clicks,
            )


async def screenshot_fresh(
    output: Path,
    page_path: str | None,
    language: str,
    wait_for: tuple[str, ...],
    clicks: tuple[str, ...],
) -> None:
    """Start the simulator and Home Assistant, set them up, screenshot, stop."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sim_port, hass_port = free_port(), free_port()
        simulator = simulator_process(sim_port, work / "simulator.log")
        write_config(work / "config", hass_port, language)
        hass = home_assistant_process(work / "config", work / "home-assistant.out")
        simulator.start()
        hass.start()
        try:
            simulator.wait_for_port(sim_port, 60)
            url = f"http://127.0.0.1:{hass_port}"
            async with aiohttp.ClientSession() as session:
                await wait_until_up(session, url, 240, hass)
                api = HassApi(session, url)
                owner = Owner.load_or_create(work / "owner.txt")
                await api.onboard(owner.name, owner.username, owner.password)
                entry = await add_camera(api, sim_port)
                device_id = await camera_device_id(api, str(entry["entry_id"]))
                assert device_id
                if page_path:
                    page_path = page_path.format(entry_id=entry["entry_id"])
                await capture(
                    api,
                    device_id,
                    output,
                    work / "chromium",
                    page_path,
                    language,
                    wait_for,
                    clicks,
                )
        finally:
            hass.stop()
            simulator.stop()


def main() -> None:
    """Parse the command line and take the screenshot."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--output", type=Path, default=ROOT / "docs" / "device-page.png"
    )
    parser.add_argument("--url", help="a running demo, e.g. http://127.0.0.1:8123")
    parser.add_argument("--owner-file", type=Path, default=ROOT / ".demo" / "owner.txt")
    parser.add_argument(
        "--page",
        help="another page's path, e.g. /lovelace/0; {entry_id} is the camera's entry",
    )
    parser.add_argument(
        "--language", default="en", choices=("en", "zh-Hans"), help="the UI language"
    )
    parser.add_argument(
        "--wait-for",
        action="append",
        default=[],
        help="text the page shows once it has rendered (repeatable)",
    )
    parser.add_argument(
        "--click",
        action="append",
        default=[],
        help="text of a button or list item to click first, in turn (repeatable)",
    )
    args = parser.parse_args()
    if args.url:
        asyncio.run(
            screenshot_running(
                args.url,
                args.owner_file,
                args.output,
                args.page,
                args.language,
                tuple(args.wait_for),
                tuple(args.click),
            )
        )
    else:
        asyncio.run(
            screenshot_fresh(
                args.output,
                args.page,
                args.language,
                tuple(args.wait_for),
                tuple(args.click),
            )
        )
    print(f"Saved {args.output}")


if __name__ == "__main__":
    main()
