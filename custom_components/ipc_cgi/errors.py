"""Turn CGI client errors and bad input into Home Assistant errors."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Iterable
import errno
from functools import wraps
from pathlib import Path
from typing import Any, Concatenate, Final, Protocol

from homeassistant.const import CONF_PASSWORD
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from .const import DOMAIN, OSD_TEXT_MAX_BYTES
from .ipccgi import (
    IpcCgiAuthenticationError,
    IpcCgiCertificateError,
    IpcCgiConnectionError,
    IpcCgiError,
    IpcCgiFaultError,
    IpcCgiNotFoundError,
)
from .ipccgi.parser import redact_text

# Camera text in a message is cut to this many characters (a fault reason may be kilobytes).
CAMERA_TEXT_MAX_CHARS: Final = 200

# The file errors a user can act on, each with its own message; any other is
# reported by its errno name. EEXIST comes from creating a folder where a file is.
FILE_ERROR_KEYS: Final = {
    errno.EACCES: "file_permission_denied",
    errno.EPERM: "file_permission_denied",
    errno.EROFS: "file_read_only",
    errno.ENOENT: "file_not_found",
    errno.EISDIR: "file_is_a_folder",
    errno.ENOTDIR: "file_path_through_a_file",
    errno.EEXIST: "file_path_through_a_file",
    errno.ENOSPC: "file_disk_full",
    errno.EDQUOT: "file_disk_full",
}


class _HasHass(Protocol):
    """An entity or a service call: what a camera command is a method of."""

    @property
    def hass(self) -> HomeAssistant:
        """Return Home Assistant."""


def camera_text(text: str, secrets: Iterable[str] = ()) -> str:
    """Return camera text fit for a message: secrets redacted, spaces collapsed, cut short."""
    text = " ".join(redact_text(text, secrets).split())
    if len(text) <= CAMERA_TEXT_MAX_CHARS:
        return text
    return f"{text[: CAMERA_TEXT_MAX_CHARS - 1].rstrip()}…"


def camera_error(err: IpcCgiError, secrets: Iterable[str] = ()) -> HomeAssistantError:
    """Return the translated Home Assistant error for a client error.

    Camera text goes into it through `camera_text`, without any of `secrets`.
    """
    if isinstance(err, IpcCgiFaultError):
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="camera_fault",
            translation_placeholders={"reason": camera_text(err.reason, secrets)},
        )
    if isinstance(err, IpcCgiAuthenticationError):
        # A refused password or privilege; the client's message names which.
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="access_denied",
            translation_placeholders={"reason": camera_text(str(err), secrets)},
        )
    if isinstance(err, IpcCgiNotFoundError):
        return not_supported_error()
    if isinstance(err, IpcCgiCertificateError):
        key = "invalid_certificate"
    elif isinstance(err, IpcCgiConnectionError):
        key = "cannot_connect"
    else:
        key = "invalid_response"
    return HomeAssistantError(translation_domain=DOMAIN, translation_key=key)


def file_error(path: Path, err: OSError, *, reading: bool) -> HomeAssistantError:
    """Return the translated error of a file an action could not read or write.

    The file an action reads is its input: a validation error. The OSError's
    own text is English, so only its errno name goes into a message.
    """
    placeholders = {"filename": str(path)}
    if (key := FILE_ERROR_KEYS.get(err.errno or 0)) is None:
        key = "cannot_read_file" if reading else "cannot_write_file"
        placeholders["errno"] = _errno_name(err)
    error_class = ServiceValidationError if reading else HomeAssistantError
    return error_class(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=placeholders,
    )


def _errno_name(err: OSError) -> str:
    """Return the OSError's errno name (EIO), number, or class name if it has none."""
    if err.errno is None:
        return type(err).__name__
    return errno.errorcode.get(err.errno, str(err.errno))


def _passwords(hass: HomeAssistant) -> list[str]:
    """Return the passwords of every configured camera."""
    return [
        entry.data[CONF_PASSWORD] for entry in hass.config_entries.async_entries(DOMAIN)
    ]


def not_supported_error() -> ServiceValidationError:
    """Return the error of an action whose endpoint the firmware lacks.

    A validation error: the action cannot work on this camera, nothing broke;
    Home Assistant logs it without a traceback.
    """
    return ServiceValidationError(
        translation_domain=DOMAIN, translation_key="not_supported"
    )


def check_kept(asked: object, kept: object) -> None:
    """Refuse a setter's reply that shows another value than the one asked for.

    A setter answers the configuration the camera now has (spec chapter 1);
    firmware that ignores or bounds a value says so only there. On and off
    have a message each, not Home Assistant's English state words in one.
    """
    if kept == asked:
        return
    placeholders: dict[str, str] | None = None
    if isinstance(asked, bool):
        key = "not_turned_on" if asked else "not_turned_off"
    elif kept is None:
        key = "value_not_shown"
        placeholders = {"asked": _shown(asked)}
    else:
        key = "value_not_kept"
        placeholders = {"asked": _shown(asked), "kept": _shown(kept)}
    raise HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=placeholders,
    )


def _shown(value: object) -> str:
    """Return a value the camera kept or was asked for (cut: it may be camera text)."""
    return camera_text(str(value)) or '""'


def camera_command[_T: _HasHass, **_P, _R](
    func: Callable[Concatenate[_T, _P], Awaitable[_R]],
) -> Callable[Concatenate[_T, _P], Coroutine[Any, Any, _R]]:
    """Decorate an action so that a client error becomes a HomeAssistantError.

    The client redacts what it knows; the message also leaves out every
    configured camera's password, in case camera text echoes one.
    """

    @wraps(func)
    async def handler(self: _T, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return await func(self, *args, **kwargs)
        except IpcCgiError as err:
            raise camera_error(err, _passwords(self.hass)) from err

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
