"""Turn CGI client errors into Home Assistant errors for every action."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from functools import wraps
from typing import Any, Concatenate

from homeassistant.exceptions import HomeAssistantError

from .const import DOMAIN
from .ipccgi import (
    IpcCgiAuthenticationError,
    IpcCgiConnectionError,
    IpcCgiError,
    IpcCgiFaultError,
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
        key = "invalid_auth"
    elif isinstance(err, IpcCgiConnectionError):
        key = "cannot_connect"
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
