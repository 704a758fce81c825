"""Helpers shared by the endpoint modules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
import re

from ipc_simulator.context import CgiRequest
from ipc_simulator.state import TimeSettings
from ipc_simulator.validation import Field, apply, given, validate
from ipc_simulator.xml import document, element


def reply(
    tag: str,
    attributes: Mapping[str, object] | None = None,
    *,
    text: str | None = None,
    children: Iterable[str] = (),
    open_close: bool = False,
) -> str:
    """Return a reply document with one root element."""
    return document(
        element(tag, attributes, text=text, children=children, open_close=open_close)
    )


def configure(request: CgiRequest, fields: Iterable[Field], target: object) -> bool:
    """Validate every given field, then apply them all; tell whether it was a set."""
    fields = tuple(fields)
    if not given(request.params, fields):
        return False
    request.require_write()
    apply(target, validate(request.params, fields))
    return True


_TIMEZONE = re.compile(r"GMT([+-])(\d\d):(\d\d)")


def utc_offset(timezone: str) -> timedelta:
    """Return the offset of a `GMT+08:00` style timezone."""
    match = _TIMEZONE.fullmatch(timezone)
    if match is None:
        return timedelta()
    sign = -1 if match.group(1) == "-" else 1
    return sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3)))


def camera_utc(time: TimeSettings) -> datetime:
    """Return the camera's clock in UTC (aware)."""
    return datetime.now(UTC) + timedelta(seconds=time.offset_seconds)


def camera_now(time: TimeSettings) -> datetime:
    """Return the camera's local wall time (naive)."""
    return camera_utc(time).replace(tzinfo=None) + utc_offset(time.timezone)
