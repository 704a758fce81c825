"""The client's own argument checks: each edge of each range, and the message.

A value just outside a range is refused with a ValueError that names the
argument and the range, before any request; the edge itself is not refused by
the client (the camera may still answer with a fault, which is its business).
"""

from __future__ import annotations

import contextlib
from datetime import date
import re
from typing import Any

import pytest

from custom_components.ipc_cgi.ipccgi import (
    AlarmLogicalState,
    IpcCgiClient,
    IpcCgiError,
    IrCutMode,
    LedMode,
    Privilege,
    SnapshotTarget,
)
from ipc_simulator import Simulator

type Call = tuple[str, tuple[Any, ...], dict[str, Any]]


def _id(method: str, kwargs: dict[str, Any], args: tuple[Any, ...]) -> str:
    shown = [*map(repr, args), *(f"{k}={v!r}" for k, v in kwargs.items())]
    return f"{method}({', '.join(shown)})"[:80]


def refused(method: str, message: str, *args: Any, **kwargs: Any) -> Any:
    """Return a call the client refuses with exactly `message`."""
    return pytest.param((method, args, kwargs), message, id=_id(method, kwargs, args))


def accepted(method: str, *args: Any, **kwargs: Any) -> Any:
    """Return a call the client lets through to the camera."""
    return pytest.param((method, args, kwargs), id=_id(method, kwargs, args))


def edges(
    method: str, name: str, low: int, high: int, *args: Any, **others: Any
) -> tuple[list[Any], list[Any]]:
    """Return the accepted edges and the refused neighbours of range `name`."""
    message = f"{name} must be between {low} and {high}, got {{}}"
    return (
        [accepted(method, *args, **(others | {name: value})) for value in (low, high)],
        [
            refused(method, message.format(value), *args, **(others | {name: value}))
            for value in (low - 1, high + 1)
        ],
    )


RANGES = [
    edges("set_time", "ntp_port", 1, 65535),
    edges("set_time", "update_period", 60, 999999),
    edges("set_video_stream", "stream", 1, 3, gov_length=30),
    edges("set_video_stream", "framerate", 1, 120, 1),
    edges("set_video_stream", "gov_length", 1, 65535, 1),
    edges("set_video_stream", "bitrate", 1, 1_000_000, 1),
    edges("set_video_stream", "profile", 0, 1, 1),
    edges("set_audio", "input_volume", 1, 100),
    edges("set_audio", "output_volume", 1, 100),
    *(edges("set_osd", name, 0, 100) for name in ("title_x", "title_y")),
    *(edges("set_osd", name, 0, 100) for name in ("time_x", "time_y")),
    *(
        edges("set_image", name, 0, 255)
        for name in ("brightness", "contrast", "saturation", "sharpness")
    ),
    *(edges("set_image", name, 0, 255) for name in ("hlc", "blc", "nr2d", "nr3d")),
    edges("set_wdr", "level", 0, 255),
    edges("set_noise_reduction", "nr2d", 0, 255),
    edges("set_noise_reduction", "nr3d", 0, 255),
    edges("set_shutter", "day_speed", 10, 10000),
    edges("set_shutter", "night_speed", 10, 10000),
    edges("set_privacy_zone", "index", 1, 4, x=0, y=0, width=1, height=1),
    *(
        edges(
            "set_privacy_zone",
            name,
            0,
            65535,
            index=1,
            x=0,
            y=0,
            width=1,
            height=1,
        )
        for name in ("x", "y", "width", "height")
    ),
    edges("get_user_osd", "index", 0, 4),
    edges("set_user_osd", "index", 0, 4, title="a"),
    edges("set_user_osd", "color", 0, 0xFFFFFFFF, 0),
    edges("set_user_osd", "x", 0, 100, 0),
    edges("set_user_osd", "y", 0, 100, 0),
    edges("ptz_move", "speed", 1, 10, 0, 0),
    edges("ptz_call_preset", "preset", 1, 255),
    edges("ptz_add_preset", "preset", 1, 255),
    edges("ptz_delete_preset", "preset", 1, 255),
    *(
        edges("set_motion", name, 1, 100)
        for name in (
            "sensitivity",
            "alarm_threshold",
            "night_sensitivity",
            "night_alarm_threshold",
        )
    ),
    edges(
        "set_alarm_state",
        "position",
        0,
        3,
        logical_state=AlarmLogicalState.NORMALLY_OPEN,
    ),
    edges("set_lamp", "brightness", 0, 255),
    edges("set_led", "brightness", 0, 100, on=False, mode=LedMode.WHITE),
    edges("set_rtmp", "stream", 0, 1),
    edges("set_rtmp", "port", 0, 65535),
    *(
        edges("set_service_ports", name, 1, 65535)
        for name in ("web_port", "control_port", "rtsp_port", "hik_port")
    ),
]


def one_of(name: str, choices: tuple[object, ...], value: object) -> str:
    """Return the message of a value outside `choices`."""
    return f"{name} must be one of {choices}, got {value}"


NOT_EMPTY = "{} must not be empty"
OTHER_ACCEPTED = [
    accepted("set_network", port=80),
    accepted("set_network", port=1000),
    accepted("set_network", port=65535),
    accepted("set_image", tv_system=50),
    accepted("set_image", tv_system=60),
    accepted("ptz_move", -1, 1),
    accepted("ptz_move", 1, -1),
    accepted("ptz_zoom", -1),
    accepted("ptz_focus", 1),
    accepted("ptz_iris", -1),
    accepted("snapshot", 0),
    accepted("set_schedule_storage", record_file_size=2),
    accepted("set_schedule_storage", record_file_size=30),
    accepted("set_schedule_storage", stream=0),
    accepted("set_event_storage", stream=1),
    accepted("set_motion", block_count=(1, 8), area="ff"),
    accepted("set_motion", area="aB" * 50),
    accepted("get_recordings", date(1901, 1, 1)),
    accepted("set_uid_valid_time", 1),
    accepted("add_user", "x" * 40, "pw", Privilege.USER),
]
OTHER_REFUSED = [
    refused("set_network", "nothing to set"),
    *(
        refused("set_network", "port must be 80 or between 1000 and 65535", port=port)
        for port in (79, 81, 999, 65536)
    ),
    refused("set_time", "timezone must be one of", timezone="GMT+08:30"),
    refused("set_time", "update_method must be one of", update_method="GPS"),
    refused("set_osd", "color must be one of", color=7),
    refused("set_osd", "font_size must be one of", font_size=3),
    refused("set_osd", "title_position_type must be one of", title_position_type=2),
    refused("set_osd", "time_position_type must be one of", time_position_type=2),
    refused("set_osd", "show_info must be one of", show_info=4),
    refused("set_osd", "time_format must be one of", time_format="dd.mm.yyyy"),
    refused("set_image", one_of("tv_system", (50, 60), 55), tv_system=55),
    refused("set_user_osd", "font_size must be one of", 0, font_size=3),
    refused("set_user_osd", "position_type must be one of", 0, position_type=2),
    refused("set_user_osd", "nothing to set", 0),
    refused("ptz_move", one_of("x", (-1, 0, 1), 2), 2, 0),
    refused("ptz_move", one_of("y", (-1, 0, 1), -2), 0, -2),
    refused("ptz_zoom", one_of("direction", (-1, 1), 0), 0),
    refused("ptz_focus", one_of("direction", (-1, 1), 0), 0),
    refused("ptz_iris", one_of("direction", (-1, 1), 2), 2),
    refused("set_motion", "block_count must be positive", block_count=(0, 4)),
    refused("set_motion", "block_count must be positive", block_count=(4, 0)),
    *(
        refused(
            "set_motion", "area must be a hexadecimal string of whole bytes", area=area
        )
        for area in ("abc", "xy", "0g")
    ),
    refused(
        "set_alarm_state",
        "logical_state must be one of",
        0,
        logical_state=2,
    ),
    refused("set_lamp", "mode must be one of", mode=9),
    refused("set_led", "mode must be one of", 50, True, 3),
    refused("set_ir_cut", "mode must be one of", 9),
    refused("set_ir_cut", "time must be one of", IrCutMode.MANUAL, "noon"),
    refused(
        "set_ir_cut", "the manual mode needs a time (day or night)", IrCutMode.MANUAL
    ),
    refused("add_user", NOT_EMPTY.format("name"), " ", "pw", Privilege.USER),
    refused(
        "add_user", "name must be at most 40 bytes", "é" * 21, "pw", Privilege.USER
    ),
    refused("add_user", NOT_EMPTY.format("password"), "guest", " ", Privilege.USER),
    refused("add_user", "privilege must be one of", "guest", "pw", "Root"),
    refused("edit_user", NOT_EMPTY.format("password"), "guest", password=""),
    refused("edit_user", "privilege must be one of", "guest", privilege="Root"),
    refused("delete_user", NOT_EMPTY.format("name"), ""),
    refused("snapshot", one_of("stream", (0, 1), 2), 2),
    refused("snapshot_upload", "target must be one of", 4),
    refused("snapshot_upload", one_of("stream", (0, 1), 2), SnapshotTarget.SD_CARD, 2),
    refused("get_recordings", "year must be after 1900", date(1900, 12, 31)),
    refused("get_recordings", "stream must be one of", date(2020, 1, 1), stream=3),
    refused(
        "get_recordings", "record_mode must be one of", date(2020, 1, 1), record_mode=1
    ),
    refused(
        "get_recordings", "media_type must be one of", date(2020, 1, 1), media_type=1
    ),
    *(
        refused("download_recording", "filepath must be a recording's path", path)
        for path in ("/", " // ", "a/../b", "..")
    ),
    refused("set_rtmp", "protocol_type must be one of", protocol_type=2),
    refused("set_rtmp", NOT_EMPTY.format("server"), server=" "),
    refused("set_rtmp", NOT_EMPTY.format("app_name"), app_name=""),
    refused("set_rtmp", NOT_EMPTY.format("stream_id"), stream_id=" "),
    refused(
        "set_schedule_storage",
        one_of("record_file_size", (2, 5, 10, 20, 30), 7),
        record_file_size=7,
    ),
    refused("set_schedule_storage", one_of("stream", (0, 1, 2), 3), stream=3),
    refused("set_event_storage", one_of("stream", (1, 2), 0), stream=0),
    refused("set_uid_valid_time", "seconds must be positive", 0),
    refused("set_device_name", NOT_EMPTY.format("name"), " "),
    refused("upgrade_firmware", "firmware image is empty", b""),
    refused("upload_certificate", "certificate is empty", b"", "a.crt"),
    refused("upload_certificate", NOT_EMPTY.format("filename"), b"x", " "),
]


@pytest.mark.parametrize(
    ("call", "message"),
    [case for accepted_and_refused in RANGES for case in accepted_and_refused[1]]
    + OTHER_REFUSED,
)
async def test_refused_before_any_request(
    client: IpcCgiClient, simulator: Simulator, call: Call, message: str
) -> None:
    """The ValueError says which argument is wrong and how; nothing is sent."""
    method, args, kwargs = call
    with pytest.raises(ValueError, match=f"^{re.escape(message)}"):
        await getattr(client, method)(*args, **kwargs)
    assert sum(simulator.counters.values()) == 0


@pytest.mark.parametrize(
    "call",
    [case for accepted_and_refused in RANGES for case in accepted_and_refused[0]]
    + OTHER_ACCEPTED,
)
async def test_edges_are_not_refused(
    client: IpcCgiClient, simulator: Simulator, call: Call
) -> None:
    """The client sends a value on the edge of its range (the camera may refuse it)."""
    method, args, kwargs = call
    with contextlib.suppress(IpcCgiError):
        await getattr(client, method)(*args, **kwargs)
    assert sum(simulator.counters.values()) > 0


def test_client_options_are_checked() -> None:
    """A client that could never send a request is refused at once."""
    with pytest.raises(
        ValueError, match="^max_concurrent_requests must be at least 1$"
    ):
        IpcCgiClient("127.0.0.1", max_concurrent_requests=0)
    with pytest.raises(ValueError, match="^request_timeout must be positive$"):
        IpcCgiClient("127.0.0.1", request_timeout=0)
    assert IpcCgiClient("127.0.0.1", max_concurrent_requests=1, request_timeout=0.1)
