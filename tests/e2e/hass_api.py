"""Run a real Home Assistant and drive it over its HTTP and WebSocket APIs.

Shared by `scripts/demo` (through `scripts/demo_setup.py`) and the end-to-end
test, so both take the path a user takes: onboarding, then the integration's
config flow. Nothing here imports Home Assistant: it is a separate process.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
import contextlib
import ctypes.util
from dataclasses import dataclass, field
import itertools
import os
from pathlib import Path
import socket
import subprocess
import sys
import time
from typing import Any, Self

import aiohttp

ROOT = Path(__file__).resolve().parents[2]
INTEGRATION = ROOT / "custom_components" / "ipc_cgi"
LOG_FILE = "home-assistant.log"

# Only what the demo needs: no default_config, so no component wants a package
# at run time that .venv lacks (requirements_demo.txt holds the few extras).
CONFIGURATION_YAML = """\
# Written by scripts/demo and the end-to-end test: only what they need.
homeassistant:
  name: IPC CGI demo
  unit_system: metric
  time_zone: UTC
  currency: EUR
  country: DE
  language: {language}

http:
  server_host: 127.0.0.1
  server_port: {port}

api:
config:
frontend:
onboarding:
lovelace:
# Assist: the conversation agent that voice and the chat dialog use.
conversation:
# The media browser (recordings).
media_source:

logger:
  default: info
  logs:
    custom_components.ipc_cgi: debug
{extra_logs}"""
# Without the system's libturbojpeg, camera snapshots are scaled with Pillow and
# Home Assistant logs an error about it once at start (not ours to fix here).
NO_TURBOJPEG_LOGS = """\
    # libturbojpeg is not installed: snapshots are scaled by Pillow instead.
    homeassistant.components.camera.img_util: critical
"""


class HomeAssistantError(Exception):
    """Home Assistant answered something the caller did not expect."""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    """Return whether something accepts TCP connections on host:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


# Onboarding's core_config step adds these by itself; they would need packages,
# ffmpeg and the internet. The demo shadows them with flows that decline.
NOT_IN_DEMO = ("google_translate", "met", "radio_browser")
NOT_IN_DEMO_MANIFEST = """\
{{
  "domain": "{domain}",
  "name": "{domain} (left out of the demo)",
  "codeowners": [],
  "config_flow": true,
  "documentation": "https://www.home-assistant.io/integrations/{domain}",
  "iot_class": "local_polling",
  "version": "0.0.0"
}}
"""
NOT_IN_DEMO_FLOW = """\
\"\"\"Decline onboarding: the demo runs without this integration.\"\"\"

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult


class NotInDemoFlow(ConfigFlow, domain="{domain}"):
    \"\"\"Abort every step.\"\"\"

    async def async_step_onboarding(self, data=None) -> ConfigFlowResult:
        \"\"\"Abort the step onboarding starts.\"\"\"
        return self.async_abort(reason="not_in_demo")

    async_step_user = async_step_onboarding
"""


def write_config(config_dir: Path, port: int, language: str = "en") -> None:
    """Write a minimal configuration and link the integration into it.

    `language` is Home Assistant's own: it names the entities as they are added.
    """
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "configuration.yaml").write_text(
        CONFIGURATION_YAML.format(
            port=port,
            language=language,
            extra_logs=""
            if ctypes.util.find_library("turbojpeg")
            else NO_TURBOJPEG_LOGS,
        ),
        encoding="utf-8",
    )
    for domain in NOT_IN_DEMO:
        stub = config_dir / "custom_components" / domain
        stub.mkdir(parents=True, exist_ok=True)
        (stub / "manifest.json").write_text(
            NOT_IN_DEMO_MANIFEST.format(domain=domain), encoding="utf-8"
        )
        (stub / "__init__.py").write_text(
            '"""Left out of the demo."""\n', encoding="utf-8"
        )
        (stub / "config_flow.py").write_text(
            NOT_IN_DEMO_FLOW.format(domain=domain), encoding="utf-8"
        )
    link = config_dir / "custom_components" / "ipc_cgi"
    link.parent.mkdir(exist_ok=True)
    if link.is_symlink() and link.resolve() != INTEGRATION:
        link.unlink()
    if not link.is_symlink():
        link.symlink_to(INTEGRATION, target_is_directory=True)


@dataclass
class Process:
    """A child process (the simulator or Home Assistant) with its output in a file."""

    name: str
    args: list[str]
    log_path: Path
    cwd: Path = ROOT
    popen: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the process in cwd; its stdout and stderr go to log_path."""
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        env.pop("PYTHONPATH", None)
        with self.log_path.open("ab") as log:
            self.popen = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                self.args, cwd=self.cwd, env=env, stdout=log, stderr=subprocess.STDOUT
            )

    def running(self) -> bool:
        """Return whether the process is alive."""
        return self.popen is not None and self.popen.poll() is None

    def stop(self, timeout: float = 30) -> None:
        """Terminate the process (SIGTERM, then SIGKILL after timeout)."""
        if self.popen is None:
            return
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self.popen = None

    def kill(self) -> None:
        """Kill the process at once, as a power cut would."""
        if self.popen is not None:
            self.popen.kill()
            self.popen.wait()
            self.popen = None

    def wait_for_port(self, port: int, timeout: float) -> None:
        """Wait until the process accepts connections on port, or fail."""
        deadline = time.monotonic() + timeout
        while not port_open(port):
            if not self.running():
                raise HomeAssistantError(
                    f"{self.name} exited; see {self.log_path}:\n{self.tail()}"
                )
            if time.monotonic() > deadline:
                raise HomeAssistantError(
                    f"{self.name} did not open port {port} within {timeout:.0f} s"
                )
            time.sleep(0.2)

    def tail(self, lines: int = 40) -> str:
        """Return the last lines of the process's output."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def simulator_process(port: int, log_path: Path) -> Process:
    """Return the camera simulator as a process on 127.0.0.1:port."""
    args = [sys.executable, "-m", "ipc_simulator", "--host", "127.0.0.1"]
    return Process("simulator", [*args, "--port", str(port)], log_path)


def home_assistant_process(config_dir: Path, log_path: Path) -> Process:
    """Return Home Assistant as a process on config_dir."""
    # Started in config_dir: from the repository's root, Python would import the
    # repository's custom_components package instead of the configuration's.
    launcher = Path(__file__).with_name("hass_main.py")
    args = [sys.executable, str(launcher), "--config", str(config_dir)]
    return Process("Home Assistant", args, log_path, cwd=config_dir)


@dataclass
class HassApi:
    """A logged-in client of one Home Assistant instance."""

    session: aiohttp.ClientSession
    base_url: str
    access_token: str = field(default="", repr=False)
    refresh_token: str = field(default="", repr=False)
    expires_in: int = 1800

    @property
    def client_id(self) -> str:
        """Return the OAuth client id (Home Assistant's own frontend uses its URL)."""
        return f"{self.base_url}/"

    async def _json(self, response: aiohttp.ClientResponse) -> Any:
        if response.status >= 400:
            text = await response.text()
            raise HomeAssistantError(
                f"{response.method} {response.url.path}: {response.status} {text}"
            )
        return await response.json()

    async def get(self, path: str) -> Any:
        """GET path with the access token; return the JSON reply."""
        async with self.session.get(
            f"{self.base_url}{path}", headers=self._headers()
        ) as response:
            return await self._json(response)

    async def post(self, path: str, data: dict[str, Any] | None = None) -> Any:
        """POST JSON to path with the access token; return the JSON reply."""
        async with self.session.post(
            f"{self.base_url}{path}", json=data or {}, headers=self._headers()
        ) as response:
            return await self._json(response)

    async def delete(self, path: str) -> Any:
        """DELETE path with the access token; return the JSON reply."""
        async with self.session.delete(
            f"{self.base_url}{path}", headers=self._headers()
        ) as response:
            return await self._json(response)

    def _headers(self) -> dict[str, str]:
        if not self.access_token:
            return {}
        return {"Authorization": f"Bearer {self.access_token}"}

    async def _token(self, auth_code: str) -> None:
        async with self.session.post(
            f"{self.base_url}/auth/token",
            data={
                "grant_type": "authorization_code",
                "code": auth_code,
                "client_id": self.client_id,
            },
        ) as response:
            tokens = await self._json(response)
        self.access_token = tokens["access_token"]
        self.refresh_token = tokens["refresh_token"]
        self.expires_in = tokens["expires_in"]

    async def onboarding_steps(self) -> dict[str, bool]:
        """Return step -> done; all done once the onboarding views are gone."""
        async with self.session.get(f"{self.base_url}/api/onboarding") as response:
            if response.status == 404:  # an onboarded instance drops the views
                return {}
            steps = await self._json(response)
        return {step["step"]: step["done"] for step in steps}

    async def onboarded(self) -> bool:
        """Return whether every onboarding step is done."""
        return all((await self.onboarding_steps()).values())

    async def onboard(self, name: str, username: str, password: str) -> None:
        """Do the onboarding steps the frontend does; log in as the owner."""
        steps = await self.onboarding_steps()
        if all(steps.values()):
            await self.login(username, password)
            return
        if steps["user"]:
            await self.login(username, password)
        else:
            reply = await self.post(
                "/api/onboarding/users",
                {
                    "client_id": self.client_id,
                    "name": name,
                    "username": username,
                    "password": password,
                    "language": "en",
                },
            )
            await self._token(reply["auth_code"])
        for step in ("core_config", "analytics"):
            if not steps[step]:
                await self.post(f"/api/onboarding/{step}")
        if not steps["integration"]:
            await self.post(
                "/api/onboarding/integration",
                {
                    "client_id": self.client_id,
                    "redirect_uri": f"{self.base_url}/?auth_callback=1",
                },
            )

    async def login(self, username: str, password: str) -> None:
        """Log in through the login flow the frontend's login page uses."""
        flow = await self.post(
            "/auth/login_flow",
            {
                "client_id": self.client_id,
                "handler": ["homeassistant", None],
                "redirect_uri": f"{self.base_url}/?auth_callback=1",
            },
        )
        result = await self.post(
            f"/auth/login_flow/{flow['flow_id']}",
            {"client_id": self.client_id, "username": username, "password": password},
        )
        if result.get("type") != "create_entry":
            raise HomeAssistantError(f"login refused: {result.get('errors')}")
        await self._token(result["result"])

    async def config_entries(self, domain: str) -> list[dict[str, Any]]:
        """Return the config entries of domain."""
        entries: list[dict[str, Any]] = await self.get(
            f"/api/config/config_entries/entry?domain={domain}"
        )
        return entries

    async def start_flow(self, handler: str) -> dict[str, Any]:
        """Start a config flow as the "Add integration" button does."""
        result: dict[str, Any] = await self.post(
            "/api/config/config_entries/flow",
            {"handler": handler, "show_advanced_options": False},
        )
        return result

    async def flow_step(self, flow_id: str, data: dict[str, Any]) -> dict[str, Any]:
        """Submit one step of a config flow."""
        result: dict[str, Any] = await self.post(
            f"/api/config/config_entries/flow/{flow_id}", data
        )
        return result

    async def state(self, entity_id: str) -> dict[str, Any]:
        """Return the state object of entity_id."""
        state: dict[str, Any] = await self.get(f"/api/states/{entity_id}")
        return state

    async def converse(self, text: str) -> dict[str, Any]:
        """Say `text` to Assist (the conversation API, English); return its response."""
        reply: dict[str, Any] = await self.post(
            "/api/conversation/process", {"text": text, "language": "en"}
        )
        response: dict[str, Any] = reply["response"]
        return response

    async def call_service(
        self, domain: str, service: str, data: dict[str, Any]
    ) -> Any:
        """Call an action over REST; return the changed states."""
        return await self.post(f"/api/services/{domain}/{service}", data)

    @contextlib.asynccontextmanager
    async def websocket(self) -> AsyncIterator[HassWebSocket]:
        """Open an authenticated WebSocket connection."""
        async with self.session.ws_connect(f"{self.base_url}/api/websocket") as ws:
            hello = await ws.receive_json()
            if hello["type"] != "auth_required":
                raise HomeAssistantError(f"unexpected greeting {hello}")
            await ws.send_json({"type": "auth", "access_token": self.access_token})
            reply = await ws.receive_json()
            if reply["type"] != "auth_ok":
                raise HomeAssistantError(f"WebSocket authentication failed: {reply}")
            yield HassWebSocket(ws)


@dataclass
class HassWebSocket:
    """An authenticated Home Assistant WebSocket connection."""

    ws: aiohttp.ClientWebSocketResponse
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _events: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)

    async def _receive(self) -> dict[str, Any]:
        message: dict[str, Any] = await self.ws.receive_json()
        return message

    async def command(self, command: str, **data: Any) -> Any:
        """Send a command; return its result (events that arrive meanwhile are kept)."""
        message_id = next(self._ids)
        await self.ws.send_json({"id": message_id, "type": command, **data})
        while True:
            message = await self._receive()
            if message["type"] == "event":
                self._events.put_nowait(message["event"])
                continue
            if message["id"] != message_id:
                continue
            if not message["success"]:
                raise HomeAssistantError(f"{command}: {message['error']}")
            return message["result"]

    async def subscribe_states(self) -> None:
        """Subscribe to state_changed events."""
        await self.command("subscribe_events", event_type="state_changed")

    async def next_event(self) -> dict[str, Any]:
        """Return the next event of a subscription."""
        if not self._events.empty():
            queued: dict[str, Any] = self._events.get_nowait()
            return queued
        while True:
            message = await self._receive()
            if message["type"] == "event":
                event: dict[str, Any] = message["event"]
                return event

    async def wait_for_state(
        self,
        api: HassApi,
        entity_id: str,
        predicate: Callable[[dict[str, Any]], bool],
        timeout: float,
    ) -> dict[str, Any]:
        """Return entity_id's state once predicate holds, waiting on state_changed events.

        Call subscribe_states first; the current state is checked after subscribing,
        so no change slips between the two.
        """
        current = await api.state(entity_id)
        if predicate(current):
            return current
        async with asyncio.timeout(timeout):
            while True:
                event = await self.next_event()
                new_state: dict[str, Any] | None = event["data"].get("new_state")
                if (
                    event["data"].get("entity_id") == entity_id
                    and new_state is not None
                    and predicate(new_state)
                ):
                    return new_state


@dataclass
class Owner:
    """The demo owner account."""

    name: str
    username: str
    password: str

    @classmethod
    def load_or_create(cls, path: Path) -> Self:
        """Read the owner from path, or make one with a fresh password and save it."""
        if path.exists():
            name, username, password = path.read_text(encoding="utf-8").split("\n")[:3]
            return cls(name, username, password)
        owner = cls("Demo Owner", "demo", f"demo-{os.urandom(6).hex()}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"{owner.name}\n{owner.username}\n{owner.password}\n", encoding="utf-8"
        )
        path.chmod(0o600)
        return owner


async def wait_until_up(
    session: aiohttp.ClientSession,
    base_url: str,
    timeout: float,
    process: Process | None = None,
) -> None:
    """Wait until Home Assistant answers over HTTP, or fail if its process exits."""
    async with asyncio.timeout(timeout):
        while True:
            if process is not None and not process.running():
                raise HomeAssistantError(f"Home Assistant exited:\n{process.tail()}")
            with contextlib.suppress(aiohttp.ClientError):
                # The frontend's manifest: no token needed (a 401 would raise
                # a "Login attempt failed" notification).
                async with session.get(f"{base_url}/manifest.json") as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(0.5)
