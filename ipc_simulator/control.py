"""The simulator's own JSON control endpoints under /__sim__/ (not counted)."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from datetime import datetime
from enum import Enum
import json
from typing import Any

from aiohttp import web

from .camera import Camera
from .endpoint_faults import parse_endpoint_fault
from .faults import FaultKind

PREFIX = "/__sim__/"


def _json_default(value: object) -> object:
    if isinstance(value, bytes):
        return {"size": len(value)}
    if isinstance(value, set):
        return sorted(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(type(value).__name__)


def _json(data: object, status: int = 200) -> web.Response:
    return web.Response(
        status=status,
        text=json.dumps(data, default=_json_default, ensure_ascii=False),
        content_type="application/json",
    )


def state_as_dict(sim: Camera) -> dict[str, Any]:
    """Return the camera model, passwords included, as JSON-ready data."""
    data = asdict(sim.state)
    data["online"] = sim.online
    data["sessions"] = len(sim.sessions)
    return data


def set_state_value(sim: Camera, dotted: str, value: Any) -> None:
    """Set `state.<dotted>` (e.g. `image.brightness`, `users.admin.password`)."""
    *parents, last = dotted.split(".")
    target: Any = sim.state
    for part in parents:
        target = _child(target, part)
    current = _child(target, last)
    if is_dataclass(current) or type(value) is not type(current):
        raise ValueError(f"{dotted}: expected {type(current).__name__}")
    if isinstance(target, dict):
        target[int(last) if last.isdigit() else last] = value
    elif isinstance(target, list):
        target[int(last)] = value
    else:
        setattr(target, last, value)


def _child(target: Any, part: str) -> Any:
    if isinstance(target, dict):
        key: Any = int(part) if part.isdigit() else part
        if key not in target:
            raise ValueError(f"no {part}")
        return target[key]
    if isinstance(target, list):
        return target[int(part)]
    if not hasattr(target, part) or part.startswith("_"):
        raise ValueError(f"no {part}")
    return getattr(target, part)


async def _add_faults(sim: Camera, request: web.Request) -> web.Response:
    try:
        body = await request.json()
        rules = body if isinstance(body, list) else [body]
        for rule in rules:
            sim.faults.inject(
                FaultKind(rule["kind"]),
                rule.get("count", 1),
                path=rule.get("path"),
                seconds=float(rule.get("seconds", 0.0)),
            )
    except (KeyError, TypeError, ValueError) as err:
        return _json({"error": str(err)}, 400)
    return _json(sim.faults.as_list())


async def _add_endpoint_faults(sim: Camera, request: web.Request) -> web.Response:
    """Add `"PATH:KIND"` or `{"path": PATH, "kind": KIND}` (null: answer normally), or a list."""
    try:
        body = await request.json()
        for item in body if isinstance(body, list) else [body]:
            if isinstance(item, str):
                sim.fault_endpoint(*parse_endpoint_fault(item))
            else:
                sim.fault_endpoint(item["path"], item["kind"])
    except (KeyError, TypeError, ValueError) as err:
        return _json({"error": str(err)}, 400)
    return _json(sim.endpoint_faults)


async def _move(sim: Camera, request: web.Request) -> web.Response:
    """Move the camera to `{"host": ADDRESS}` (same port), as a new DHCP lease does."""
    try:
        host = (await request.json())["host"]
        await sim.move(host)
    except (KeyError, TypeError, ValueError, OSError) as err:
        return _json({"error": str(err)}, 400)
    return _json({"host": host, "port": sim.port})


async def _event(sim: Camera, request: web.Request, name: str) -> web.Response:
    """Motion or the alarm input for `seconds` (optional JSON body); answer the clip written."""
    default = 5.0 if name == "motion" else 1.0
    try:
        body = await request.json() if request.can_read_body else {}
        seconds = float(dict(body).get("seconds", default))
    except (TypeError, ValueError) as err:
        return _json({"error": str(err)}, 400)
    if not 0 <= seconds <= 3600:
        return _json({"error": "seconds must be 0 to 3600"}, 400)
    if name == "motion":
        detected = sim.state.motion.enabled
        recording = sim.detect_motion(seconds)
    else:
        detected, recording = True, sim.trigger_alarm_input(seconds)
    return _json(
        {
            "detected": detected,
            "seconds": seconds,
            "filepath": None if recording is None else recording.filepath,
            "start": None if recording is None else recording.start,
        }
    )


async def handle(sim: Camera, request: web.Request, path: str) -> web.StreamResponse:
    """Answer one control request."""
    name = path.removeprefix(PREFIX).strip("/")
    method = request.method
    if (method, name) == ("GET", "counters"):
        return _json(dict(sim.counters))
    if (method, name) == ("GET", "last_requests"):
        return _json(sim.last_request)
    if (method, name) == ("POST", "counters/reset"):
        sim.reset_counters()
        return _json({})
    if (method, name) == ("GET", "faults"):
        return _json(sim.faults.as_list())
    if (method, name) == ("POST", "faults"):
        return await _add_faults(sim, request)
    if (method, name) in (("DELETE", "faults"), ("POST", "faults/clear")):
        sim.faults.clear()
        return _json([])
    if (method, name) == ("GET", "endpoint_faults"):
        return _json(sim.endpoint_faults)
    if (method, name) == ("POST", "endpoint_faults"):
        return await _add_endpoint_faults(sim, request)
    if (method, name) == ("DELETE", "endpoint_faults"):
        sim.endpoint_faults.clear()
        return _json({})
    if (method, name) == ("POST", "expire_uids"):
        sim.expire_uids()
        return _json({})
    if (method, name) == ("POST", "offline"):
        sim.set_offline(True)
        return _json({"online": False})
    if (method, name) == ("POST", "online"):
        sim.set_offline(False)
        return _json({"online": True})
    if (method, name) == ("POST", "move"):
        return await _move(sim, request)
    if (method, name) == ("POST", "reboot"):
        sim.reboot()
        return _json({"online": False})
    if (method, name) in (("POST", "motion"), ("POST", "alarm_input")):
        return await _event(sim, request, name)
    if (method, name) == ("GET", "state"):
        return _json(state_as_dict(sim))
    if (method, name) == ("POST", "state"):
        try:
            changes = await request.json()
            for dotted, value in dict(changes).items():
                set_state_value(sim, dotted, value)
        except (IndexError, TypeError, ValueError) as err:
            return _json({"error": str(err)}, 400)
        return _json(state_as_dict(sim))
    return _json({"error": f"unknown control {method} {path}"}, 404)


def index_page(sim: Camera) -> web.Response:
    """Answer `/`: what this is, how to log in, and where the control API is.

    A real camera serves its web interface here; Home Assistant's device page
    links to it ("Visit").
    """
    default = sim.state.users["admin"].password == "123456"
    account = (
        "<code>admin</code> / <code>123456</code> (the spec's default)"
        if default
        else "<code>admin</code> with the password given by <code>--password</code>"
    )
    links = "".join(
        f'<li><a href="{PREFIX}{name}">{PREFIX}{name}</a>: {what}</li>'
        for name, what in (
            ("state", "the camera model as JSON (POST to change it)"),
            ("counters", "requests per CGI path"),
            ("faults", "the active fault rules (POST to add one)"),
            ("motion", "POST: something moves (ONVIF event, a clip if recording)"),
            ("alarm_input", "POST: the alarm input triggers (ONVIF event, a clip)"),
        )
    )
    body = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<title>IPC CGI camera simulator</title></head><body>"
        "<h1>IPC CGI camera simulator</h1>"
        "<p>A camera in software that answers the IPC HTTP CGI API v1.0.10 "
        "(the <code>/cgi-bin/</code> endpoints of its chapter 3), for tests and "
        "the demo. It has no web interface of its own.</p>"
        f"<p>Log in as {account}, e.g. "
        '<a href="/cgi-bin/getinfo">/cgi-bin/getinfo</a> (no login needed).</p>'
        "<p>ONVIF device and event services (PullPoint) at "
        "<code>/onvif/device_service</code> and <code>/onvif/event_service</code>.</p>"
        f"<h2>Control API</h2><ul>{links}</ul>"
        "</body></html>"
    )
    return web.Response(text=body, content_type="text/html")
