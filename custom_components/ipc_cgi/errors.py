"""Turn CGI client errors and bad input into Home Assistant errors."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from functools import wraps
from typing import Any, Concatenate

from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from .const import DOMAIN, OSD_TEXT_MAX_BYTES
from .ipccgi import (
    IpcCgiAuthenticationError,
    IpcCgiConnectionError,
    IpcCgiError,
    IpcCgiFaultError,
    IpcCgiNotFoundError,
)


def camera_error(err: IpcCgiError) -> HomeAssistantError:
    """Return the translated Home Assistant error for a client error."""
    if isinstance(err, IpcCgiFaultError):
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="camera_fault",
            translation_placeholders={"reason": err.reason},
        )
    if isinstance(err, IpcCgiAuthenticationError):
        # A refused password or privilege; the client's message names which.
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="access_denied",
            translation_placeholders={"reason": str(err)},
        )
    if isinstance(err, IpcCgiConnectionError):
        key = "cannot_connect"
    elif isinstance(err, IpcCgiNotFoundError):
        key = "not_supported"
    else:
        key = "invalid_response"
    return HomeAssistantError(translation_domain=DOMAIN, translation_key=key)


def camera_command[_T, **_P, _R](
    func: Callable[Concatenate[_T, _P], Awaitable[_R]],
) -> Callable[Concatenate[_T, _P], Coroutine[Any, Any, _R]]:
    """Decorate an action so that a client error becomes a HomeAssistantError."""

    @wraps(func)
    async def handler(self: _T, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return await func(self, *args, **kwargs)
        except IpcCgiError as err:
            raise camera_error(err) from err

    return handler


def check_osd_text(text: str) -> str:
    """Return `text` if the camera can show it; refuse it, translated, if it is too long."""
    if len(text.encode()) > OSD_TEXT_MAX_BYTES:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="text_too_long",
            translation_placeholders={"max_bytes": str(OSD_TEXT_MAX_BYTES)},
        )
    return text
