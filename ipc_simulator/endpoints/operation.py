"""PTZ, relay and alarms (3.15, 3.26, 3.40, 3.43, 3.44)."""

from __future__ import annotations

from ipc_simulator.context import CgiRequest, endpoint
from ipc_simulator.validation import Fault, Field, int_range, one_of, validate

from .common import configure, reply

DIRECTION = (-1, 0, 1)
PTZ_FIELDS = (
    Field("move_x", "moving_x", one_of(DIRECTION, "move_x range: -1,0,1")),
    Field("move_y", "moving_y", one_of(DIRECTION, "move_y range: -1,0,1")),
    Field("speed", "speed", int_range(1, 10, "speed range: 1-10")),
    Field("zoom", "zoom", one_of(DIRECTION, "zoom range: -1,0,1")),
    Field("focus", "focus", one_of(DIRECTION, "focus range: -1,0,1")),
    Field("iris", "iris", one_of(DIRECTION, "iris range: -1,0,1")),
    Field("stop", "stop", one_of((1,), "stop range: 1")),
    *(
        Field(name, name, int_range(1, 255, f"{name} range: 1-255"))
        for name in ("call_preset", "add_preset", "delete_preset")
    ),
)


@endpoint("/cgi-bin/ptz_ctrl")
async def ptz_control(request: CgiRequest) -> str:
    """3.15: one command per request; the state shows what the head is doing."""
    request.require_write()
    if not request.state.capabilities.ptz:
        raise Fault("ptz not support")
    values = validate(request.params, PTZ_FIELDS)
    if not values:
        raise Fault("error, parse parameters")
    ptz = request.state.ptz
    if "stop" in values:
        ptz.moving_x = ptz.moving_y = ptz.zoom = ptz.focus = ptz.iris = 0
        ptz.last_command = "stop"
    elif "moving_x" in values or "moving_y" in values:
        ptz.moving_x = values.get("moving_x", 0)
        ptz.moving_y = values.get("moving_y", 0)
        ptz.speed = values.get("speed", ptz.speed)
        ptz.last_command = "move"
    elif "call_preset" in values:
        ptz.last_preset = values["call_preset"]
        ptz.moving_x = ptz.moving_y = 0
        ptz.last_command = "call_preset"
    elif "add_preset" in values:
        ptz.presets.add(values["add_preset"])
        ptz.last_command = "add_preset"
    elif "delete_preset" in values:
        ptz.presets.discard(values["delete_preset"])
        ptz.last_command = "delete_preset"
    else:
        for attr in ("zoom", "focus", "iris"):
            if attr in values:
                setattr(ptz, attr, values[attr])
                ptz.last_command = attr
        if "speed" in values:
            ptz.speed = values["speed"]
    return reply("ptz_ctrl", text="true")


ALARM_FIELDS = (
    Field("position", "alarm_position", int_range(0, 3, "position: 0 ~ 3")),
    Field(
        "logicalstate", "alarm_logical_state", int_range(0, 1, "logicalstate: 0 ~ 1")
    ),
)


@endpoint("/cgi-bin/setAlarmState")
async def alarm_state(request: CgiRequest) -> str:
    """3.26."""
    configure(request, ALARM_FIELDS, request.state)
    state = request.state
    return reply(
        "setAlarmState",
        {"position": state.alarm_position, "logicalstate": state.alarm_logical_state},
    )


@endpoint("/cgi-bin/setManualInputAlarm")
async def manual_input_alarm(request: CgiRequest) -> str:
    """3.40: counted in `state.input_alarm_count`."""
    request.require_write()
    request.state.input_alarm_count += 1
    return reply("ManualInputAlarm", text="successful")


@endpoint("/cgi-bin/getRelayStatus")
async def get_relay(request: CgiRequest) -> str:
    """3.43: a text payload; `state.relay_faulty` gives the spec's failure reply."""
    if request.state.relay_faulty:
        raise Fault(
            "Get status(0) fail", body=reply("RelayStatus", text="Get status(0) fail")
        )
    return reply("RelayStatus", text=f"status={int(request.state.relay_closed)}")


@endpoint("/cgi-bin/setRelayStatus")
async def set_relay(request: CgiRequest) -> str:
    """3.44: status 1 closes the relay; the reply keeps the spec's leading space."""
    if "status" in request.params:
        request.require_write()
        closed = one_of((0, 1), "status: 0 or 1")(request.params["status"])
        request.state.relay_closed = bool(closed)
    return reply("RelayStatus", text=f" set status={int(request.state.relay_closed)}")
