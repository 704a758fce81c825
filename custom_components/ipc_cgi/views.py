"""Home Assistant's view that streams a recording from the camera, by byte range."""

from __future__ import annotations

from http import HTTPStatus
import logging
from typing import TYPE_CHECKING, Final
from urllib.parse import quote

from aiohttp import web

from homeassistant.config_entries import ConfigEntryState
from homeassistant.helpers.http import KEY_HASS, HomeAssistantView

from .const import DOMAIN
from .ipccgi import IpcCgiError, IpcCgiNotFoundError, IpcCgiRangeError, RecordingPart
from .recordings import ClipId, mime_type

if TYPE_CHECKING:
    from .data import IpcCgiConfigEntry

_LOGGER = logging.getLogger(__name__)

RECORDING_URL: Final = f"/api/{DOMAIN}/recording"


def recording_url(clip: ClipId) -> str:
    """Return the path of the view that streams `clip` (to be signed)."""
    return quote(f"{RECORDING_URL}/{clip.entry_id}/{clip.filepath.lstrip('/')}")


class _ResponseSink:
    """Answers the browser as the camera's bytes come: 206 for a range, else 200."""

    def __init__(
        self, request: web.Request, response: web.StreamResponse, ranged: bool
    ) -> None:
        self._request = request
        self._response = response
        self._ranged = ranged

    async def start(self, part: RecordingPart) -> None:
        response = self._response
        response.headers["Accept-Ranges"] = "bytes"
        if part.last is not None:
            response.content_length = part.last - part.first + 1
            if self._ranged:
                response.set_status(HTTPStatus.PARTIAL_CONTENT)
                response.headers["Content-Range"] = (
                    f"bytes {part.first}-{part.last}/{part.size}"
                )
        await response.prepare(self._request)

    async def write(self, chunk: bytes) -> None:
        await self._response.write(chunk)


class RecordingView(HomeAssistantView):
    """Stream a recording from a camera to an authenticated browser.

    The browser's Range (one `bytes=first-last` or `first-`) goes on to the
    camera; the answer is 206 with Content-Range, or 200 for the whole file.
    Nothing is held but the chunk in flight. A signed URL (see the media
    source) passes the authentication, so a <video> element can load it.
    """

    url = f"{RECORDING_URL}/{{entry_id}}/{{filepath:.+}}"
    name = f"api:{DOMAIN}:recording"
    requires_auth = True

    async def get(
        self, request: web.Request, entry_id: str, filepath: str
    ) -> web.StreamResponse:
        """Stream the recording `filepath` of the camera of `entry_id`."""
        hass = request.app[KEY_HASS]
        entry: IpcCgiConfigEntry | None = hass.config_entries.async_get_entry(entry_id)
        if (
            entry is None
            or entry.domain != DOMAIN
            or entry.state is not ConfigEntryState.LOADED
            or (clip := ClipId.parse(f"{entry_id}/clip/{filepath}")) is None
        ):
            return web.Response(status=HTTPStatus.NOT_FOUND)
        first, last = _wanted(request)
        response = web.StreamResponse()
        response.content_type = mime_type(clip.filepath)
        sink = _ResponseSink(request, response, ranged=first is not None)
        try:
            await entry.runtime_data.client.stream_recording(
                clip.filepath, sink, first=first or 0, last=last
            )
        except ConnectionResetError:
            _LOGGER.debug("The viewer of %s left", clip.filepath)
            response.force_close()
            return response
        except IpcCgiError as err:
            if response.prepared:
                # The status is sent: close the connection, so that the
                # browser sees the body end short (and asks again).
                _LOGGER.debug("Recording %s broke off: %s", clip.filepath, err)
                response.force_close()
                return response
            _LOGGER.debug("Recording %s: %s", clip.filepath, err)
            return web.Response(status=_status(err))
        await response.write_eof()
        return response


def _wanted(request: web.Request) -> tuple[int | None, int | None]:
    """Return the first and last byte of the browser's Range, or (None, None).

    A malformed Range, several ranges and a suffix (`bytes=-n`) are ignored:
    the whole file is sent, as RFC 9110 allows.
    """
    if "Range" not in request.headers:
        return None, None
    try:
        wanted = request.http_range
    except ValueError:
        return None, None
    if wanted.start is None or wanted.start < 0:
        return None, None
    return wanted.start, None if wanted.stop is None else wanted.stop - 1


def _status(err: IpcCgiError) -> HTTPStatus:
    """Return the HTTP status for a camera error before anything was sent."""
    if isinstance(err, IpcCgiRangeError):
        return HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE
    if isinstance(err, IpcCgiNotFoundError):
        return HTTPStatus.NOT_FOUND
    return HTTPStatus.BAD_GATEWAY
