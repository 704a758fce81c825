"""Async client for IP cameras speaking the IPC HTTP CGI API v1.0.10."""

from __future__ import annotations

import asyncio
from base64 import b64encode
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterator,
    Mapping,
)
from contextlib import AsyncExitStack, aclosing, contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import partial
import logging
import re
import ssl
from time import monotonic
from types import MappingProxyType, TracebackType
from typing import Any, Literal, Self

import aiohttp
from aiohttp import hdrs
from yarl import URL

from .exceptions import (
    IpcCgiCertificateError,
    IpcCgiConnectionError,
    IpcCgiError,
    IpcCgiReplyTooLargeError,
    IpcCgiResponseError,
    IpcCgiTlsError,
)
from .models import (
    TIMEZONES,
    AlarmLogicalState,
    AlarmState,
    AudioCapabilities,
    AudioConfig,
    BitrateControl,
    Capabilities,
    CodecStreams,
    DeviceInfo,
    DeviceState,
    EventStorageConfig,
    FlipConfig,
    FontSize,
    ImageConfig,
    IrCutConfig,
    IrCutMode,
    IrCutTime,
    LampConfig,
    LampMode,
    LedConfig,
    LedMode,
    MediaType,
    MotionConfig,
    NetworkConfig,
    NoiseReductionConfig,
    OsdColor,
    OsdConfig,
    OsdInfo,
    PositionType,
    PrivacyZone,
    Privilege,
    Recording,
    RecordingPart,
    RecordMode,
    RecordStream,
    RtmpConfig,
    RtmpProtocol,
    ScheduleStorageConfig,
    ServicePorts,
    ShutterConfig,
    SnapshotTarget,
    TimeConfig,
    TimeFormat,
    TimeUpdateMethod,
    User,
    UserOsdConfig,
    VideoCapabilities,
    VideoEncoderConfig,
    WdrConfig,
    parse_auth_flag,
    parse_device_name,
    parse_privacy_zones,
    parse_recordings,
    parse_relay,
    parse_uid_valid_time,
    parse_users,
)
from .parser import (
    Node,
    UidRejectedError,
    check_reply,
    parse_xml_dict,
    redact_params,
    scrub_error,
)
from .playback import RecordingDownload, RecordingSink, SinkError
from .slots import RequestSlots

_LOGGER = logging.getLogger(__name__)

type Auth = Literal["uid", "credentials", "basic", "none"]
type Params = Mapping[str, str | int | None]
type Secrets = tuple[str | None, ...]
type Handle[T] = Callable[[int, bytes, Secrets], T]

DEFAULT_UID_VALID_TIME = 60.0  # seconds (chapter 3)
_EXPIRY_MARGIN = 1.0  # log in before a request if the uid expires within this
_JPEG_MAGIC = b"\xff\xd8\xff"
_JPEG_END = b"\xff\xd9"
# Set inside `IpcCgiClient.background()`: requests that yield to commands.
_BACKGROUND: ContextVar[bool] = ContextVar("ipccgi_background", default=False)
# No compression: replies are small, and aiohttp would inflate each network read
# whole (a gzip bomb: 217 MiB at once with aiohttp 3.12; 3.13 stops at 32 MiB).
_HEADERS: Mapping[str, str] = MappingProxyType({hdrs.ACCEPT_ENCODING: "identity"})

# Size caps per kind of reply, in bytes:
# XML and text (a day's recording list, 3.20, is ~300 kB); a snapshot (a JPEG
# of the spec's largest resolution, 5 MP in 3.9, is 1-3 MB); a recording held
# in memory (download_recording); a streamed recording (30-minute files, 3.23,
# at 8 Mbit/s, 3.9, are 1.8 GB).
XML_LIMIT = 1 << 20
SNAPSHOT_LIMIT = 8 << 20
RECORDING_LIMIT = 256 << 20
RECORDING_STREAM_LIMIT = 4 << 30
# Bigger replies are parsed in the executor (16 kB of XML parse in ~3 ms).
INLINE_PARSE_LIMIT = 16 << 10
STREAM_CHUNK_BYTES = 64 << 10  # the most a recording's sink gets at once


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _check_range(name: str, value: int | None, low: int, high: int) -> None:
    if value is not None and not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {value}")


def _check_choice(name: str, value: object, choices: tuple[object, ...]) -> None:
    if value is not None and value not in choices:
        raise ValueError(f"{name} must be one of {choices}, got {value}")


def _check_text(name: str, value: str | None) -> None:
    if value is not None and not value.strip():
        raise ValueError(f"{name} must not be empty")


def _require_any(params: Mapping[str, object]) -> None:
    if all(value is None for value in params.values()):
        raise ValueError("nothing to set")


def _connection_error_type(err: Exception) -> type[IpcCgiConnectionError]:
    """Return the client error for a transport error: TLS failures have their own."""
    if isinstance(err, ssl.SSLCertVerificationError):
        return IpcCgiCertificateError
    if isinstance(err, ssl.SSLError):
        return IpcCgiTlsError
    return IpcCgiConnectionError


def _expect(node: Node, tag: str, text: str | None = None) -> Node:
    """Check the reply's root tag and, if given, that its text matches `text` (a regex)."""
    if node.tag.lower() != tag.lower() or (
        text is not None and re.search(text, node.text, re.IGNORECASE) is None
    ):
        raise IpcCgiResponseError(f"unexpected reply {node.tag[:40]} for {tag}")
    return node


def _expecting(tag: str, text: str | None = None) -> Callable[[Node], Node]:
    """Return a parser that checks the reply as `_expect` does."""
    return lambda node: _expect(node, tag, text)


def _auth_flag(name: str) -> Callable[[Node], bool]:
    return lambda node: parse_auth_flag(node, name)


def _check_jpeg(body: bytes) -> None:
    if not body.startswith(_JPEG_MAGIC):
        raise IpcCgiResponseError("/cgi-bin/snapshot.cgi: not a JPEG image")
    if _JPEG_END not in body[-64:]:
        raise IpcCgiResponseError("/cgi-bin/snapshot.cgi: truncated JPEG image")


def _recording_path(filepath: str) -> str:
    filepath = filepath.strip()
    if not filepath.strip("/") or ".." in filepath.split("/"):
        raise ValueError("filepath must be a recording's path")
    return f"/playback/{filepath.lstrip('/')}"


class _Abandoned(Exception):
    """The first caller of a shared read was cancelled: the others read anew."""


def _shared_read(auth: Auth) -> bool:
    """Tell whether a request is a poll's read, which others may share (`_request`)."""
    return auth == "uid" and _BACKGROUND.get()


def _query(params: Params | None) -> dict[str, str]:
    """Return the query of `params` as sent: values as text, None not sent."""
    return {
        name: str(value) for name, value in (params or {}).items() if value is not None
    }


def _parsing[T](path: str, parse: Callable[[Node], T]) -> Handle[T]:
    def handle(status: int, body: bytes, secrets: Secrets) -> T:
        return parse(check_reply(path, status, body, secrets=secrets))

    return handle


def _raw_reply(path: str) -> Handle[bytes]:
    def handle(status: int, body: bytes, secrets: Secrets) -> bytes:
        return check_reply(path, status, body, raw=True, secrets=secrets)

    return handle


@dataclass(slots=True)
class _Reply:
    """An open reply, and what the request core knows about its request."""

    path: str
    uid: str | None
    sent: float  # monotonic(), for the uid's expiry
    deadline: float  # loop time by which the whole request must be done
    secrets: Secrets
    response: aiohttp.ClientResponse = field(init=False)
    streaming: bool = False  # past its head: each chunk gets the request timeout


async def _collect(chunks: AsyncGenerator[bytes], limit: int, path: str) -> bytes:
    """Join `chunks`, refusing more than `limit` bytes."""
    parts: list[bytes] = []
    size = 0
    async with aclosing(chunks):
        async for chunk in chunks:
            size += len(chunk)
            if size > limit:
                raise IpcCgiReplyTooLargeError(path, limit)
            parts.append(chunk)
    return b"".join(parts)


class _Collector:
    """A recording sink that keeps the bytes in memory, at most `limit` of them."""

    def __init__(self, path: str, limit: int) -> None:
        self.path = path
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    async def start(self, part: RecordingPart) -> None:
        if part.size is not None and part.size > self.limit:
            raise IpcCgiReplyTooLargeError(self.path, self.limit)

    async def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            raise IpcCgiReplyTooLargeError(self.path, self.limit)
        self.parts.append(chunk)


async def _prepend(head: bytes, chunks: AsyncIterator[bytes]) -> AsyncGenerator[bytes]:
    if head:
        yield head
    async for chunk in chunks:
        yield chunk


class IpcCgiClient:
    """One camera: a request core (`_request`) and one method per CGI endpoint."""

    def __init__(
        self,
        host: str,
        port: int = 80,
        *,
        https: bool = False,
        verify_ssl: bool = True,
        username: str = "admin",
        password: str = "123456",
        session: aiohttp.ClientSession | None = None,
        request_timeout: float = 10.0,
        max_concurrent_requests: int = 1,
    ) -> None:
        """Describe the camera; nothing is requested until the first call."""
        if max_concurrent_requests < 1:
            raise ValueError("max_concurrent_requests must be at least 1")
        if request_timeout <= 0:
            raise ValueError("request_timeout must be positive")
        self.host = host
        self.port = port
        self.https = https
        self.verify_ssl = verify_ssl
        self.username = username
        self._password = password
        self.request_timeout = request_timeout
        self._session = session
        self._close_session = False
        self._slots = RequestSlots(max_concurrent_requests)
        self._login_lock = asyncio.Lock()
        self._uid: str | None = None
        self._uid_expires = 0.0
        self._uid_valid_time = DEFAULT_UID_VALID_TIME
        self._wanted_valid_time: int | None = None
        self._logins = 0
        self._login_error: IpcCgiError | None = None
        self._urls: dict[str, URL] = {}
        # Per path: the last small reply, its parser and what it parsed to.
        self._parsed: dict[str, tuple[Callable[[Node], Any], bytes, Any]] = {}
        # Per path and query: the background read under way, its parser and its outcome.
        self._sharing: dict[
            tuple[str, frozenset[tuple[str, str]]],
            tuple[Callable[[Node], Any], asyncio.Future[Any]],
        ] = {}

    def __repr__(self) -> str:
        """Describe the client without credentials."""
        scheme = "https" if self.https else "http"
        return f"IpcCgiClient({scheme}://{self.host}:{self.port}, username={self.username!r})"

    @contextmanager
    def background(self) -> Iterator[None]:
        """Mark the requests made inside as background reads (a poll).

        A command waiting for the camera goes before every queued background
        request, so it waits only for the request in flight.
        """
        token = _BACKGROUND.set(True)
        try:
            yield
        finally:
            _BACKGROUND.reset(token)

    @property
    def session_uid(self) -> str | None:
        """Return the current uid: a secret like the password, for redaction only."""
        return self._uid

    @property
    def session(self) -> aiohttp.ClientSession | None:
        """Return the HTTP session in use (None before the first request)."""
        return self._session

    @property
    def uid_valid_time(self) -> float:
        """Return how long the camera keeps an idle uid, in seconds."""
        return self._uid_valid_time

    async def close(self) -> None:
        """Close the HTTP session if the client created it."""
        if self._session is not None and self._close_session:
            await self._session.close()
            self._session = None
            self._close_session = False

    async def __aenter__(self) -> Self:
        """Use the client as an async context manager."""
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the session the client created."""
        await self.close()

    # --- request core -------------------------------------------------------

    def _url(self, path: str, query: Mapping[str, str]) -> URL:
        """Return the URL of `path` with `query`; the CGI paths' own are built once."""
        try:
            if (base := self._urls.get(path)) is None:
                base = URL.build(
                    scheme="https" if self.https else "http",
                    host=self.host,
                    port=self.port,
                    path=path,
                )
                if path.startswith("/cgi-bin/"):  # a few dozen; recordings are many
                    self._urls[path] = base
            return base.with_query(query)
        except (ValueError, TypeError):
            raise IpcCgiConnectionError(f"Invalid camera address for {path}") from None

    async def _request[T](
        self,
        path: str,
        params: Params | None,
        parse: Callable[[Node], T],
        *,
        auth: Auth = "uid",
    ) -> T:
        """Request an XML reply (at most `XML_LIMIT`) and return it parsed by `parse`.

        Background reads (polls) of one path and query with one parser, made
        while the first is under way, share its request and its outcome.
        """
        shared_read = _shared_read(auth)
        key = (path, frozenset(_query(params).items())) if shared_read else None
        while (
            key is not None
            and (shared := self._sharing.get(key)) is not None
            and shared[0] == parse
        ):
            with suppress(_Abandoned):
                result: T = await asyncio.shield(shared[1])
                return result
        send = partial(
            self._send,
            path,
            auth=auth,
            limit=XML_LIMIT,
            handle=self._reusing(path, parse) if shared_read else _parsing(path, parse),
        )
        if key is None:
            return await self._call(path, params, auth, send)
        outcome: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._sharing[key] = (parse, outcome)
        try:
            result = await self._call(path, params, auth, send)
        except Exception as err:
            outcome.set_exception(err)
            raise
        else:
            outcome.set_result(result)
            return result
        finally:
            if not outcome.done():  # cancelled: the others read anew
                outcome.set_exception(_Abandoned())
            outcome.exception()  # retrieved, whether anyone waits or not
            if (now := self._sharing.get(key)) is not None and now[1] is outcome:
                del self._sharing[key]

    def _reusing[T](self, path: str, parse: Callable[[Node], T]) -> Handle[T]:
        """Return `_parsing`'s handler for a poll's read: a reply equal to the last is not parsed again.

        Most replies to a poll are the last one again: the same parser made a
        frozen model of it (the parsers are functions of the reply; a new
        closure never equals the last).
        """
        parsing = _parsing(path, parse)

        def handle(status: int, body: bytes, secrets: Secrets) -> T:
            last = self._parsed.get(path)
            if (
                status == 200
                and last is not None
                and last[0] == parse
                and last[1] == body
            ):
                result: T = last[2]
                return result
            result = parsing(status, body, secrets)
            if len(body) <= INLINE_PARSE_LIMIT:
                self._parsed[path] = (parse, body, result)
            return result

        return handle

    async def _fetch(
        self,
        path: str,
        params: Params | None = None,
        *,
        limit: int,
        check: Callable[[bytes], None] | None = None,
        auth: Auth = "uid",
        method: str = "GET",
        data: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> bytes:
        """Request a reply that is not XML (at most `limit` bytes); `check` may refuse it."""

        def handle(status: int, body: bytes, secrets: Secrets) -> bytes:
            body = check_reply(path, status, body, raw=True, secrets=secrets)
            if check is not None:
                check(body)
            return body

        send = partial(
            self._send,
            path,
            method=method,
            data=data,
            headers=headers,
            auth=auth,
            limit=limit,
            handle=handle,
        )
        return await self._call(path, params, auth, send)

    async def _call[T](
        self,
        path: str,
        params: Params | None,
        auth: Auth,
        send: Callable[[dict[str, str]], Awaitable[T]],
    ) -> T:
        """Build the query and `send` it; log in first if needed, and again once on `uid error`."""
        if auth != "credentials" and not _shared_read(auth):
            # Maybe a change (of any endpoint's data: 3.44 sets what 3.43
            # reads): a read after it must not get a reply of before. A
            # login (getuid) changes nothing; the polls only read.
            self._sharing.clear()
        query = _query(params)
        if auth == "credentials":
            query |= {"username": self.username, "password": self._password}
        if auth != "uid":
            return await send(query)
        for _attempt in range(2):
            await self._ensure_uid()
            try:
                return await send(query)
            except UidRejectedError as err:
                rejected = err.rejected_uid
            if rejected is not None:
                _LOGGER.debug("Session expired on %s, logging in again", path)
                await self._drop_uid(rejected)
        # A camera that refuses even a fresh uid is in trouble; the password was fine.
        raise IpcCgiConnectionError(f"The camera refused a fresh session on {path}")

    async def _send[T](
        self,
        path: str,
        query: dict[str, str],
        *,
        method: str = "GET",
        data: Any = None,
        headers: Mapping[str, str] | None = None,
        auth: Auth,
        limit: int,
        handle: Handle[T],
    ) -> T:
        """Send one request; read at most `limit` bytes and `handle` them, all within the timeout.

        The request slot is held until the body is in: parsing needs no camera.
        """
        session = self._get_session()
        await self._slots.acquire(background=_BACKGROUND.get())
        try:
            reply, url, sent_headers = self._prepare(path, query, method, headers, auth)
            body = await self._step(
                path,
                reply.deadline,
                self._exchange(session, reply, method, url, data, sent_headers, limit),
            )
        finally:
            self._slots.release()
        result = await self._handle(reply, handle, body)
        self._renew(reply)
        return result

    def _prepare(
        self,
        path: str,
        query: dict[str, str],
        method: str,
        headers: Mapping[str, str] | None,
        auth: Auth,
    ) -> tuple[_Reply, URL, Mapping[str, str]]:
        """Return a request's reply record, URL and headers; its slot is held.

        The uid is read only now: a login may have happened while it queued.
        """
        sent_headers = _HEADERS if headers is None else {**_HEADERS, **headers}
        if auth == "basic":
            # The header itself: aiohttp 3.14 deprecates BasicAuth and `auth=`.
            account = f"{self.username}:{self._password}".encode()
            basic = f"Basic {b64encode(account).decode()}"
            sent_headers = {**sent_headers, hdrs.AUTHORIZATION: basic}
        uid = None
        if auth == "uid":
            if (uid := self._uid) is None:
                raise UidRejectedError
            query = {**query, "uid": uid}
        if _LOGGER.isEnabledFor(logging.DEBUG):  # redaction costs; skip it unless read
            _LOGGER.debug("%s %s %s", method, path, redact_params(query))
        url = self._url(path, query)
        deadline = asyncio.get_running_loop().time() + self.request_timeout
        reply = _Reply(path, uid, monotonic(), deadline, (self._password, uid))
        return reply, url, sent_headers

    def _start(
        self,
        session: aiohttp.ClientSession,
        method: str,
        url: URL,
        data: Any,
        headers: Mapping[str, str],
    ) -> Any:
        """Return the request under way (awaitable, and an async context manager)."""
        return session.request(
            method,
            url,
            data=data,
            headers=headers,
            ssl=self.verify_ssl or not self.https,
            allow_redirects=False,
            auto_decompress=False,
        )

    async def _exchange(
        self,
        session: aiohttp.ClientSession,
        reply: _Reply,
        method: str,
        url: URL,
        data: Any,
        headers: Mapping[str, str],
        limit: int,
    ) -> bytes:
        """Send the request and return its whole body, at most `limit` bytes."""
        async with self._start(session, method, url, data, headers) as response:
            reply.response = response
            length = response.content_length
            if (
                length is not None
                and length <= limit
                and hdrs.CONTENT_ENCODING not in response.headers
            ):
                # The usual reply: its length known, not compressed; aiohttp
                # reads no further than that length.
                body: bytes = await response.read()
                return body
            return await _collect(self._body(reply, limit), limit, reply.path)

    async def _open(
        self,
        stack: AsyncExitStack,
        path: str,
        query: dict[str, str],
        headers: Mapping[str, str] | None,
    ) -> _Reply:
        """Take the request slot, send a GET and return the reply's head.

        The slot and the response stay open until `stack` closes.
        """
        session = self._get_session()
        await stack.enter_async_context(self._slots.slot(background=_BACKGROUND.get()))
        reply, url, sent_headers = self._prepare(path, query, "GET", headers, "uid")
        response = await self._step(
            path, reply.deadline, self._start(session, "GET", url, None, sent_headers)
        )
        await stack.enter_async_context(response)
        reply.response = response
        return reply

    async def _step[T](self, path: str, deadline: float, step: Awaitable[T]) -> T:
        """Await one step of an exchange by `deadline` (loop time); map its failures."""
        error: IpcCgiConnectionError
        try:
            async with asyncio.timeout_at(deadline):
                return await step
        except TimeoutError:
            error = IpcCgiConnectionError(
                f"Timeout after {self.request_timeout:g} s requesting {path}"
            )
        except (aiohttp.ClientError, OSError, ValueError) as err:
            # aiohttp's messages carry the URL and thereby the credentials:
            # keep only the type, and raise outside the `except` (no context).
            error = _connection_error_type(err)(
                f"Error requesting {path}: {type(err).__name__}"
            )
        _LOGGER.debug("%s failed: %s", path, error)
        raise error

    async def _body(self, reply: _Reply, limit: int) -> AsyncGenerator[bytes]:
        """Yield the body as it arrives; refuse it past `limit` bytes, or compressed.

        All of it must arrive by the request's deadline; once a stream is past
        its head (read at its consumer's pace), each chunk within the timeout.
        """
        response = reply.response
        if (response.content_length or 0) > limit:
            raise IpcCgiReplyTooLargeError(reply.path, limit)
        encoding = response.headers.get(hdrs.CONTENT_ENCODING, "").strip().lower()
        if encoding not in ("", "identity"):  # not what the client asked for
            raise IpcCgiResponseError(f"{reply.path}: reply in an unsupported encoding")
        loop = asyncio.get_running_loop()
        size = 0
        while True:
            deadline = (
                loop.time() + self.request_timeout
                if reply.streaming
                else reply.deadline
            )
            data = await self._step(reply.path, deadline, response.content.readany())
            if not data:
                break
            size += len(data)
            if size > limit:
                raise IpcCgiReplyTooLargeError(reply.path, limit)
            yield data

    async def _handle[T](self, reply: _Reply, handle: Handle[T], body: bytes) -> T:
        """Check and parse a body: inline if small, else in the executor, by the deadline."""

        def run() -> T:
            error: IpcCgiError
            try:
                return handle(reply.response.status, body, reply.secrets)
            except IpcCgiError as err:
                if isinstance(err, UidRejectedError):
                    err.rejected_uid = reply.uid
                scrub_error(err, reply.secrets)
                error = err
            except (
                ArithmeticError,
                LookupError,
                RecursionError,
                TypeError,
                ValueError,
            ) as err:
                # A shape the parsers did not foresee is an invalid reply, not a crash.
                error = IpcCgiResponseError(
                    f"{reply.path}: invalid reply ({type(err).__name__})"
                )
            # Without the parsers' frames: their locals hold the parsed tree, which
            # would then be freed wherever the error ends up (on the event loop).
            raise error.with_traceback(None)

        if len(body) <= INLINE_PARSE_LIMIT:
            return run()
        loop = asyncio.get_running_loop()
        return await self._step(
            reply.path, reply.deadline, loop.run_in_executor(None, run)
        )

    def _renew(self, reply: _Reply) -> None:
        if reply.uid is not None and reply.uid == self._uid:
            # Every successful request renews the uid on the camera (chapter 3).
            self._uid_expires = reply.sent + self._uid_valid_time

    async def _open_stream(
        self,
        path: str,
        query: dict[str, str],
        *,
        headers: Mapping[str, str] | None,
        limit: int,
    ) -> tuple[AsyncExitStack, _Reply, AsyncGenerator[bytes]]:
        """Send a request for media; return it open once its head is not a fault.

        The caller closes the returned stack, which frees the request slot.
        """
        stack = AsyncExitStack()
        try:
            reply = await self._open(stack, path, query, headers)
            chunks = self._body(reply, limit)
            stack.push_async_callback(chunks.aclose)
            head = await self._media_head(reply, chunks)
        except BaseException:
            await stack.aclose()
            raise
        self._renew(reply)
        reply.streaming = True
        return stack, reply, _prepend(head, chunks)

    async def _media_head(self, reply: _Reply, chunks: AsyncGenerator[bytes]) -> bytes:
        """Return the first bytes of a media reply; raise the error a fault carries."""
        head = b""
        while not head.strip() and (chunk := await anext(chunks, b"")):
            head += chunk
        if reply.response.status in (200, 206) and head.lstrip()[:1] != b"<":
            return head
        # Not media: a fault (3.20 names none, chapter 1 applies) or a page.
        body = await _collect(_prepend(head, chunks), XML_LIMIT, reply.path)
        await self._handle(reply, _raw_reply(reply.path), body)
        raise IpcCgiResponseError(f"{reply.path}: reply is not a recording")

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession()
            self._close_session = True
        return self._session

    async def _ensure_uid(self) -> None:
        """Log in unless the uid is still valid; one login however many wait.

        Calls that waited on a login that failed share its error instead of
        each trying again (20 calls to a camera that is down cost one timeout).
        """
        if self._uid_valid():
            return
        logins = self._logins
        async with self._login_lock:
            if self._uid_valid():
                return
            if self._logins != logins and self._login_error is not None:
                raise self._login_error.with_traceback(None)
            await self._login()

    def _uid_valid(self) -> bool:
        """Tell whether the uid is there and does not expire within the margin.

        A login under way has dropped it: then callers wait for the login.
        """
        return (
            self._uid is not None and monotonic() < self._uid_expires - _EXPIRY_MARGIN
        )

    async def _drop_uid(self, rejected: str) -> None:
        """Forget a uid the camera refused, unless another call already replaced it."""
        async with self._login_lock:
            if self._uid == rejected:
                self._uid = None

    async def _login(self) -> None:
        self._uid = None
        self._login_error = None
        started = monotonic()
        try:
            node = await self._request(
                "/cgi-bin/getuid", None, _expecting("uid", r"\S"), auth="credentials"
            )
            uid = node.text
        except IpcCgiError as err:
            self._login_error = err
            raise
        finally:
            self._logins += 1  # completed logins, failed or not
        self._uid = uid
        self._uid_valid_time = DEFAULT_UID_VALID_TIME
        self._uid_expires = started + self._uid_valid_time
        _LOGGER.debug("Logged in to %s", self.host)
        if self._wanted_valid_time is not None:
            # 3.39 sets the valid time of the current uid only: apply it to each new one.
            # No retry loop here: a fresh uid refused is the caller's error.
            path = "/cgi-bin/setUidValidTime"
            valid = await self._send(
                path,
                {"validTime": str(self._wanted_valid_time)},
                auth="uid",
                limit=XML_LIMIT,
                handle=_parsing(path, parse_uid_valid_time),
            )
            self._track_valid_time(valid)

    def _track_valid_time(self, seconds: int) -> None:
        self._uid_valid_time = float(seconds)
        self._uid_expires = monotonic() + self._uid_valid_time

    async def request(self, path: str, params: Params | None = None) -> dict[str, Any]:
        """Call any CGI path with the session's uid; return the reply as a dict.

        The dict is xmltodict's, `{root: {"@attribute": value, "#text": text,
        child: {...} or [{...}, ...]}}`, with attribute names lower-cased.
        """

        def handle(status: int, body: bytes, secrets: Secrets) -> dict[str, Any]:
            check_reply(path, status, body, secrets=secrets)
            return parse_xml_dict(body)

        send = partial(self._send, path, auth="uid", limit=XML_LIMIT, handle=handle)
        return await self._call(path, params, "uid", send)

    async def _change[M](
        self, path: str, params: Params, parse: Callable[[Node], M]
    ) -> M:
        """Send the settings given (at least one); parse the configuration the camera replies with."""
        _require_any(params)
        return await self._request(path, params, parse)

    # --- session (3.1, 3.2, 3.38, 3.39) ---------------------------------------

    async def login(self) -> None:
        """Log in (3.1 getuid) now, replacing any current uid."""
        async with self._login_lock:
            await self._login()

    async def keep_alive(self) -> None:
        """Renew the uid (3.2)."""
        await self._request(
            "/cgi-bin/keep_alive", None, _expecting("keep_alive", "^true$")
        )

    async def web_login(self) -> None:
        """Check the web login (3.38 WEBlogin) with the client's credentials."""
        await self._fetch("/WEBlogin", auth="credentials", limit=XML_LIMIT)

    async def set_uid_valid_time(self, seconds: int) -> int:
        """Set how long an idle uid stays valid (3.39), also for later logins; return the camera's value."""
        if seconds <= 0:
            raise ValueError("seconds must be positive")
        valid = await self._request(
            "/cgi-bin/setUidValidTime", {"validTime": seconds}, parse_uid_valid_time
        )
        self._wanted_valid_time = seconds
        self._track_valid_time(valid)
        return valid

    # --- device (3.3-3.6, 3.17, 3.25, 3.45) -----------------------------------

    async def get_info(self, *, authenticated: bool = True) -> DeviceInfo:
        """Return the device information (3.3); without login only model and MAC."""
        auth: Auth = "uid" if authenticated else "none"
        return await self._request(
            "/cgi-bin/getinfo", None, DeviceInfo.from_xml, auth=auth
        )

    async def get_capabilities(self) -> Capabilities:
        """Return what the camera supports (3.4)."""
        return await self._request(
            "/cgi-bin/getcapabilities", None, Capabilities.from_xml
        )

    async def reboot(self) -> None:
        """Reboot the camera (3.5)."""
        await self._request("/cgi-bin/reboot", None, _expecting("reboot", "^true$"))

    async def factory_reset(self, retain_network: bool = False) -> None:
        """Restore the factory settings (3.6), optionally keeping the network."""
        params = {"retain_network": 1} if retain_network else None
        await self._request(
            "/cgi-bin/factory_reset", params, _expecting("factory_reset", "^true$")
        )

    async def get_model(self) -> str:
        """Return the OEM model (3.17)."""
        node = await self._request(
            "/cgi-bin/getmodel", None, _expecting("model", r"\S")
        )
        return node.text

    async def get_device_state(self) -> DeviceState:
        """Return SD cards, clock, uptime and memory (3.25)."""
        return await self._request("/cgi-bin/getDevState", None, DeviceState.from_xml)

    async def set_device_name(self, name: str) -> str:
        """Set the OEM model name (3.45); return the name the camera set."""
        _check_text("name", name)
        return await self._request(
            "/cgi-bin/setDeviceName", {"deviceName": name}, parse_device_name
        )

    # --- network and time (3.7, 3.8) --------------------------------------------

    async def get_network(self) -> NetworkConfig:
        """Return the network configuration (3.7)."""
        return await self._request("/cgi-bin/network", None, NetworkConfig.from_xml)

    async def set_network(
        self,
        *,
        dhcp: bool | None = None,
        ip_address: str | None = None,
        netmask: str | None = None,
        gateway: str | None = None,
        dns1: str | None = None,
        dns2: str | None = None,
        port: int | None = None,
    ) -> NetworkConfig:
        """Change the network configuration (3.7)."""
        if port is not None and port != 80 and not 1000 <= port <= 65535:
            raise ValueError("port must be 80 or between 1000 and 65535")
        params = {
            "dhcp": _flag(dhcp),
            "ipaddr": ip_address,
            "netmask": netmask,
            "gateway": gateway,
            "dns1": dns1,
            "dns2": dns2,
            "port": port,
        }
        return await self._change("/cgi-bin/network", params, NetworkConfig.from_xml)

    async def get_time(self) -> TimeConfig:
        """Return the clock configuration (3.8)."""
        return await self._request("/cgi-bin/time", None, TimeConfig.from_xml)

    async def set_time(
        self,
        *,
        timezone: str | None = None,
        update_method: TimeUpdateMethod | None = None,
        current_time: datetime | None = None,
        ntp_server: str | None = None,
        ntp_port: int | None = None,
        update_period: int | None = None,
    ) -> TimeConfig:
        """Change the clock (3.8); `current_time` sets it by hand (MANUAL)."""
        _check_choice("timezone", timezone, TIMEZONES)
        _check_choice("update_method", update_method, tuple(TimeUpdateMethod))
        # 3.8's table copies 3.7's port rule, but its own example uses NTP's 123.
        _check_range("ntp_port", ntp_port, 1, 65535)
        _check_range("update_period", update_period, 60, 999999)
        params: dict[str, str | int | None] = {
            "timezone": timezone,
            "update_method": None if update_method is None else str(update_method),
            "ntpaddr": ntp_server,
            "port": ntp_port,
            "update_period": update_period,
        }
        if current_time is not None:
            params |= {
                "year": current_time.year,
                "month": current_time.month,
                "day": current_time.day,
                "hour": current_time.hour,
                "min": current_time.minute,
                "sec": current_time.second,
            }
        return await self._change("/cgi-bin/time", params, TimeConfig.from_xml)

    # --- video and audio (3.9-3.14, 3.27-3.29, 3.33) ----------------------------

    async def get_video_capabilities(self) -> VideoCapabilities:
        """Return the codecs, resolutions and limits per stream (3.9)."""
        return await self._request(
            "/cgi-bin/videoencoder/getcapabilities", None, VideoCapabilities.from_xml
        )

    async def get_video_encoder(self) -> VideoEncoderConfig:
        """Return the encoder settings of every stream (3.10)."""
        return await self._request(
            "/cgi-bin/videoencoder", None, VideoEncoderConfig.from_xml
        )

    async def set_video_stream(
        self,
        stream: int,
        *,
        codec: str | None = None,
        resolution: str | None = None,
        framerate: int | None = None,
        gov_length: int | None = None,
        bitrate: int | None = None,
        bitrate_control: BitrateControl | None = None,
        profile: int | None = None,
    ) -> VideoEncoderConfig:
        """Change one stream's encoder (3.10); stream 1 main, 2 sub, 3 third."""
        _check_range("stream", stream, 1, 3)
        _check_range("framerate", framerate, 1, 120)
        _check_range("gov_length", gov_length, 1, 65535)
        _check_range("bitrate", bitrate, 1, 1_000_000)
        _check_range("profile", profile, 0, 1)
        params = {
            "encode_mode": codec,
            "resolution": resolution,
            "framerate": framerate,
            "govlength": gov_length,
            "bitrate": bitrate,
            "bitrate_control": None
            if bitrate_control is None
            else str(bitrate_control),
            "AdvanceEncodeConfig/profile": profile,
        }
        return await self._change(
            f"/cgi-bin/videoencoder/stream{stream}", params, VideoEncoderConfig.from_xml
        )

    async def get_audio_capabilities(self) -> AudioCapabilities:
        """Return the audio codecs, sample rates and bitrates (3.11)."""
        return await self._request(
            "/cgi-bin/audioencoder/getcapabilities", None, AudioCapabilities.from_xml
        )

    async def get_audio(self) -> AudioConfig:
        """Return the audio settings (3.12)."""
        return await self._request("/cgi-bin/audioencoder", None, AudioConfig.from_xml)

    async def set_audio(
        self,
        *,
        enabled: bool | None = None,
        codec: str | None = None,
        sample_rate: int | None = None,
        bitrate: int | None = None,
        input_volume: int | None = None,
        output_volume: int | None = None,
        amplifier: bool | None = None,
    ) -> AudioConfig:
        """Change the audio settings (3.12)."""
        _check_range("input_volume", input_volume, 1, 100)
        _check_range("output_volume", output_volume, 1, 100)
        params = {
            "enable": _flag(enabled),
            "encode_type": codec,
            "samplerate": sample_rate,
            "bitrate": bitrate,
            "input_volume": input_volume,
            "output_volume": output_volume,
            "amplify": _flag(amplifier),
        }
        return await self._change("/cgi-bin/audioencoder", params, AudioConfig.from_xml)

    async def get_osd(self) -> OsdConfig:
        """Return the on-screen display settings (3.13)."""
        return await self._request("/cgi-bin/osd", None, OsdConfig.from_xml)

    async def set_osd(
        self,
        *,
        enabled: bool | None = None,
        color: OsdColor | None = None,
        font_size: FontSize | None = None,
        title_position_type: PositionType | None = None,
        title_x: int | None = None,
        title_y: int | None = None,
        show_info: OsdInfo | None = None,
        time_position_type: PositionType | None = None,
        time_x: int | None = None,
        time_y: int | None = None,
        show_week: bool | None = None,
        time_format: TimeFormat | None = None,
        title: str | None = None,
    ) -> OsdConfig:
        """Change the on-screen display (3.13); positions 0-2 by direction, 0-100 by coordinate."""
        _check_choice("color", color, tuple(OsdColor))
        _check_choice("font_size", font_size, tuple(FontSize))
        _check_choice("title_position_type", title_position_type, tuple(PositionType))
        _check_choice("time_position_type", time_position_type, tuple(PositionType))
        _check_choice("show_info", show_info, tuple(OsdInfo))
        _check_choice("time_format", time_format, tuple(TimeFormat))
        for name, value in (
            ("title_x", title_x),
            ("title_y", title_y),
            ("time_x", time_x),
            ("time_y", time_y),
        ):
            _check_range(name, value, 0, 100)
        params = {
            "enable": _flag(enabled),
            "color": None if color is None else int(color),
            "fontsize": None if font_size is None else int(font_size),
            "title_pos_type": None
            if title_position_type is None
            else int(title_position_type),
            "title_pos_x": title_x,
            "title_pos_y": title_y,
            "show_res_bit": None if show_info is None else int(show_info),
            "time_pos_type": None
            if time_position_type is None
            else int(time_position_type),
            "time_pos_x": time_x,
            "time_pos_y": time_y,
            "show_week": _flag(show_week),
            # 3.13: the URL carries `_` where the reply has a space.
            "time_format": None
            if time_format is None
            else str(time_format).replace(" ", "_"),
            "title_utf8": title,
        }
        return await self._change("/cgi-bin/osd", params, OsdConfig.from_xml)

    async def get_image(self) -> ImageConfig:
        """Return the image settings (3.14)."""
        return await self._request("/cgi-bin/image", None, ImageConfig.from_xml)

    async def set_image(
        self,
        *,
        brightness: int | None = None,
        contrast: int | None = None,
        saturation: int | None = None,
        sharpness: int | None = None,
        hlc: int | None = None,
        blc: int | None = None,
        nr2d: int | None = None,
        nr3d: int | None = None,
        tv_system: int | None = None,
        anti_flicker: bool | None = None,
    ) -> ImageConfig:
        """Change the image settings (3.14); levels 0-255, tv_system 50 or 60 Hz."""
        levels = {
            "brightness": brightness,
            "contrast": contrast,
            "saturation": saturation,
            "sharpness": sharpness,
            "hlc": hlc,
            "blc": blc,
            "nr2d": nr2d,
            "nr3d": nr3d,
        }
        for name, value in levels.items():
            _check_range(name, value, 0, 255)
        _check_choice("tv_system", tv_system, (50, 60))
        # `antificker` is the spec's spelling (3.14).
        params = levels | {"tvsystem": tv_system, "antificker": _flag(anti_flicker)}
        return await self._change("/cgi-bin/image", params, ImageConfig.from_xml)

    async def get_wdr(self) -> WdrConfig:
        """Return the wide dynamic range setting (3.27)."""
        return await self._request("/cgi-bin/set_wdr", None, WdrConfig.from_xml)

    async def set_wdr(
        self, enabled: bool | None = None, level: int | None = None
    ) -> WdrConfig:
        """Change wide dynamic range (3.27); level 0-255."""
        _check_range("level", level, 0, 255)
        params = {"enable": _flag(enabled), "wdr_value": level}
        return await self._change("/cgi-bin/set_wdr", params, WdrConfig.from_xml)

    async def get_noise_reduction(self) -> NoiseReductionConfig:
        """Return the noise reduction levels (3.28)."""
        return await self._request(
            "/cgi-bin/set_noise_reduction", None, NoiseReductionConfig.from_xml
        )

    async def set_noise_reduction(
        self, nr2d: int | None = None, nr3d: int | None = None
    ) -> NoiseReductionConfig:
        """Change the noise reduction levels (3.28), 0-255."""
        _check_range("nr2d", nr2d, 0, 255)
        _check_range("nr3d", nr3d, 0, 255)
        params = {"y_2D_value": nr2d, "y_3D_value": nr3d}
        return await self._change(
            "/cgi-bin/set_noise_reduction", params, NoiseReductionConfig.from_xml
        )

    async def get_codec_streams(self) -> CodecStreams:
        """Return which encoder streams run (3.29)."""
        return await self._request(
            "/cgi-bin/set_start_codec", None, CodecStreams.from_xml
        )

    async def set_codec_streams(
        self, main: bool | None = None, sub: bool | None = None
    ) -> CodecStreams:
        """Switch the main and sub streams' encoders (3.29)."""
        params = {"stream0_enable": _flag(main), "stream1_enable": _flag(sub)}
        return await self._change(
            "/cgi-bin/set_start_codec", params, CodecStreams.from_xml
        )

    async def get_flip(self) -> FlipConfig:
        """Return the image flip (3.33)."""
        return await self._request("/cgi-bin/set_flip", None, FlipConfig.from_xml)

    async def set_flip(
        self, vertical: bool | None = None, horizontal: bool | None = None
    ) -> FlipConfig:
        """Flip the image (3.33)."""
        params = {"vertical_flip": _flag(vertical), "horizon_flip": _flag(horizontal)}
        return await self._change("/cgi-bin/set_flip", params, FlipConfig.from_xml)

    async def get_shutter(self) -> ShutterConfig:
        """Return the manual shutter settings (3.44b)."""
        return await self._request(
            "/cgi-bin/setShutterSpeed", None, ShutterConfig.from_xml
        )

    async def set_shutter(
        self,
        *,
        day_manual: bool | None = None,
        day_speed: int | None = None,
        night_manual: bool | None = None,
        night_speed: int | None = None,
    ) -> ShutterConfig:
        """Change the shutter (3.44b); speeds 10-10000."""
        _check_range("day_speed", day_speed, 10, 10000)
        _check_range("night_speed", night_speed, 10, 10000)
        params = {
            "dayShutterMode": _flag(day_manual),
            "dayShutterSpeed": day_speed,
            "nightShutterMode": _flag(night_manual),
            "nightShutterSpeed": night_speed,
        }
        return await self._change(
            "/cgi-bin/setShutterSpeed", params, ShutterConfig.from_xml
        )

    # --- overlays and masks (3.13, 3.32, 3.35) ----------------------------------

    async def get_privacy_zones(self) -> tuple[PrivacyZone, ...] | None:
        """Return the privacy masks (3.32); None if the camera answers only OK.

        The spec's example answers every request `<Mask>OK</Mask>`: such a
        camera does not report its masks.
        """
        return await self._request(
            "/cgi-bin/set_privacy_zone",
            None,
            lambda node: parse_privacy_zones(_expect(node, "Mask")),
        )

    async def set_privacy_zone(
        self, index: int, x: int, y: int, width: int, height: int
    ) -> PrivacyZone:
        """Set privacy mask `index` (1-4); the camera answers only OK (3.32)."""
        _check_range("index", index, 1, 4)
        for name, value in (("x", x), ("y", y), ("width", width), ("height", height)):
            _check_range(name, value, 0, 65535)
        params = {
            f"Mask{index}Height": height,
            f"Mask{index}width": width,
            f"Mask{index}xPos": x,
            f"Mask{index}yPos": y,
        }
        await self._request(
            "/cgi-bin/set_privacy_zone", params, _expecting("Mask", "^ok$")
        )
        return PrivacyZone(index, x, y, width, height)

    async def get_user_osd(self, index: int) -> UserOsdConfig:
        """Return custom OSD text `index` (0-4) (3.35)."""
        _check_range("index", index, 0, 4)
        return await self._request(
            "/cgi-bin/userosd", {"title_index": index}, UserOsdConfig.from_xml
        )

    async def set_user_osd(
        self,
        index: int,
        *,
        enabled: bool | None = None,
        color: int | None = None,
        font_size: FontSize | None = None,
        position_type: PositionType | None = None,
        x: int | None = None,
        y: int | None = None,
        title: str | None = None,
    ) -> UserOsdConfig:
        """Change custom OSD text `index` (3.35); `color` is 0xRRGGBB."""
        _check_range("index", index, 0, 4)
        _check_range("color", color, 0, 0xFFFFFFFF)
        _check_choice("font_size", font_size, tuple(FontSize))
        _check_choice("position_type", position_type, tuple(PositionType))
        _check_range("x", x, 0, 100)
        _check_range("y", y, 0, 100)
        settings = {
            "enable": _flag(enabled),
            "color": None if color is None else f"0x{color:06x}",
            "fontsize": None if font_size is None else int(font_size),
            "title_pos_type": None if position_type is None else int(position_type),
            "title_pos_x": x,
            "title_pos_y": y,
            "title_utf8": title,
        }
        _require_any(settings)
        return await self._request(
            "/cgi-bin/userosd",
            {"title_index": index} | settings,
            UserOsdConfig.from_xml,
        )

    # --- PTZ (3.15) ---------------------------------------------------------------

    async def _ptz(self, params: Params) -> None:
        await self._request(
            "/cgi-bin/ptz_ctrl", params, _expecting("ptz_ctrl", "^true$")
        )

    async def ptz_move(self, x: int, y: int, speed: int = 5) -> None:
        """Move: x and y are -1, 0 or 1 (left/right, down/up); speed 1-10."""
        _check_choice("x", x, (-1, 0, 1))
        _check_choice("y", y, (-1, 0, 1))
        _check_range("speed", speed, 1, 10)
        await self._ptz({"move_x": x, "move_y": y, "speed": speed})

    async def ptz_stop(self) -> None:
        """Stop moving."""
        await self._ptz({"stop": 1})

    async def ptz_zoom(self, direction: int) -> None:
        """Zoom in (1) or out (-1)."""
        _check_choice("direction", direction, (-1, 1))
        await self._ptz({"zoom": direction})

    async def ptz_focus(self, direction: int) -> None:
        """Focus near (1) or far (-1)."""
        _check_choice("direction", direction, (-1, 1))
        await self._ptz({"focus": direction})

    async def ptz_iris(self, direction: int) -> None:
        """Open (1) or close (-1) the iris."""
        _check_choice("direction", direction, (-1, 1))
        await self._ptz({"iris": direction})

    async def ptz_call_preset(self, preset: int) -> None:
        """Go to a preset."""
        _check_range("preset", preset, 1, 255)
        await self._ptz({"call_preset": preset})

    async def ptz_add_preset(self, preset: int) -> None:
        """Store the current position as a preset."""
        _check_range("preset", preset, 1, 255)
        await self._ptz({"add_preset": preset})

    async def ptz_delete_preset(self, preset: int) -> None:
        """Delete a preset."""
        _check_range("preset", preset, 1, 255)
        await self._ptz({"delete_preset": preset})

    # --- motion and alarms (3.16, 3.26, 3.40, 3.43, 3.44) --------------------------

    async def get_motion(self) -> MotionConfig:
        """Return the motion detection settings (3.16)."""
        return await self._request("/cgi-bin/motion", None, MotionConfig.from_xml)

    async def set_motion(
        self,
        *,
        enabled: bool | None = None,
        sensitivity: int | None = None,
        alarm_threshold: int | None = None,
        night_enabled: bool | None = None,
        night_sensitivity: int | None = None,
        night_alarm_threshold: int | None = None,
        block_count: tuple[int, int] | None = None,
        area: str | None = None,
    ) -> MotionConfig:
        """Change motion detection (3.16); levels 1-100, `area` one bit per block in hex."""
        for name, value in (
            ("sensitivity", sensitivity),
            ("alarm_threshold", alarm_threshold),
            ("night_sensitivity", night_sensitivity),
            ("night_alarm_threshold", night_alarm_threshold),
        ):
            _check_range(name, value, 1, 100)
        if block_count is not None and min(block_count) < 1:
            raise ValueError("block_count must be positive")
        if area is not None and (
            len(area) % 2 or any(c not in "0123456789abcdefABCDEF" for c in area)
        ):
            raise ValueError("area must be a hexadecimal string of whole bytes")
        params = {
            "enable": _flag(enabled),
            "sensitivity": sensitivity,
            "alarmthreshold": alarm_threshold,
            "enable_nighttime": _flag(night_enabled),
            "night_sensitivity": night_sensitivity,
            "night_alarmthreshold": night_alarm_threshold,
            "blockcount": None
            if block_count is None
            else f"{block_count[0]}x{block_count[1]}",
            "areavalue": area,
        }
        return await self._change("/cgi-bin/motion", params, MotionConfig.from_xml)

    async def get_alarm_state(self) -> AlarmState:
        """Return the alarm input switch (3.26)."""
        return await self._request("/cgi-bin/setAlarmState", None, AlarmState.from_xml)

    async def set_alarm_state(
        self, position: int, logical_state: AlarmLogicalState
    ) -> AlarmState:
        """Set alarm channel `position` (0-3) normally open or closed (3.26)."""
        _check_range("position", position, 0, 3)
        _check_choice("logical_state", logical_state, tuple(AlarmLogicalState))
        params = {"position": position, "logicalstate": int(logical_state)}
        return await self._request(
            "/cgi-bin/setAlarmState", params, AlarmState.from_xml
        )

    async def trigger_input_alarm(self) -> None:
        """Trigger the IO input alarm by hand (3.40)."""
        await self._request(
            "/cgi-bin/setManualInputAlarm",
            None,
            _expecting("ManualInputAlarm", "success"),
        )

    async def get_relay(self) -> bool:
        """Return whether the relay is closed (3.43)."""
        return await self._request("/cgi-bin/getRelayStatus", None, parse_relay)

    async def set_relay(self, closed: bool) -> bool:
        """Close or open the relay (3.44); return whether it is closed."""
        return await self._request(
            "/cgi-bin/setRelayStatus", {"status": int(closed)}, parse_relay
        )

    # --- lamps and day/night (3.30, 3.36, 3.37) -------------------------------------

    async def get_lamp(self) -> LampConfig:
        """Return the lamp brightness and mode (3.30)."""
        return await self._request(
            "/cgi-bin/setBrightness_InfraredLamp", None, LampConfig.from_xml
        )

    async def set_lamp(
        self, brightness: int | None = None, mode: LampMode | None = None
    ) -> LampConfig:
        """Change the lamp brightness (0-255) and mode (3.30)."""
        _check_range("brightness", brightness, 0, 255)
        _check_choice("mode", mode, tuple(LampMode))
        params = {
            "setbrightness": brightness,
            "infrared_lamp": None if mode is None else int(mode),
        }
        return await self._change(
            "/cgi-bin/setBrightness_InfraredLamp", params, LampConfig.from_xml
        )

    async def get_led(self) -> LedConfig:
        """Return the lamp control (3.36)."""
        return await self._request("/cgi-bin/set_led", None, LedConfig.from_xml)

    async def set_led(self, brightness: int, on: bool, mode: LedMode) -> LedConfig:
        """Drive one lamp (3.36): brightness 0-100; the camera needs all three."""
        _check_range("brightness", brightness, 0, 100)
        _check_choice("mode", mode, tuple(LedMode))
        params = {"brightness": brightness, "ledstatus": int(on), "ledmode": int(mode)}
        return await self._request("/cgi-bin/set_led", params, LedConfig.from_xml)

    async def get_ir_cut(self) -> IrCutConfig:
        """Return the IR-cut mode (3.37)."""
        return await self._request("/cgi-bin/set_ircut", None, IrCutConfig.from_xml)

    async def set_ir_cut(
        self, mode: IrCutMode, time: IrCutTime | None = None
    ) -> IrCutConfig:
        """Set the IR-cut mode (3.37); MANUAL needs `time` (day or night)."""
        _check_choice("mode", mode, tuple(IrCutMode))
        _check_choice("time", time, tuple(IrCutTime))
        if mode == IrCutMode.MANUAL and time is None:
            raise ValueError("the manual mode needs a time (day or night)")
        params = {"ircutmode": int(mode), "time": None if time is None else str(time)}
        return await self._request("/cgi-bin/set_ircut", params, IrCutConfig.from_xml)

    # --- users (3.18) ---------------------------------------------------------------

    async def get_users(self) -> tuple[User, ...]:
        """Return the camera's accounts (3.18)."""
        return await self._request(
            "/cgi-bin/user_management", {"action": "get_user"}, parse_users
        )

    async def _manage_user(self, params: Params) -> None:
        await self._request(
            "/cgi-bin/user_management", params, _expecting("user_management", "^ok$")
        )

    @staticmethod
    def _check_user_name(name: str) -> None:
        _check_text("name", name)
        if len(name.encode()) > 40:
            raise ValueError("name must be at most 40 bytes")

    async def add_user(
        self, name: str, password: str, privilege: Privilege, enabled: bool = True
    ) -> None:
        """Add an account (3.18; needs an Administrator)."""
        self._check_user_name(name)
        _check_text("password", password)
        _check_choice("privilege", privilege, tuple(Privilege))
        await self._manage_user(
            {
                "action": "add",
                "name": name,
                "newpasswd": password,
                "privilege": str(privilege),
                "enable": "Enable" if enabled else "Disable",
            }
        )

    async def edit_user(
        self,
        name: str,
        *,
        password: str | None = None,
        privilege: Privilege | None = None,
        enabled: bool | None = None,
    ) -> None:
        """Change an account (3.18; needs an Administrator)."""
        self._check_user_name(name)
        _check_text("password", password)
        _check_choice("privilege", privilege, tuple(Privilege))
        await self._manage_user(
            {
                "action": "edit",
                "name": name,
                "newpasswd": password,
                "privilege": None if privilege is None else str(privilege),
                "enable": None
                if enabled is None
                else ("Enable" if enabled else "Disable"),
            }
        )

    async def delete_user(self, name: str) -> None:
        """Delete an account (3.18; needs an Administrator)."""
        self._check_user_name(name)
        await self._manage_user({"action": "delete", "name": name})

    # --- snapshots, recordings, storage (3.19-3.24) ---------------------------------

    async def snapshot(self, stream: int = 1) -> bytes:
        """Return a JPEG snapshot (3.19: stream 1 main, 0 sub)."""
        _check_choice("stream", stream, (0, 1))
        return await self._fetch(
            "/cgi-bin/snapshot.cgi",
            {"stream": stream},
            limit=SNAPSHOT_LIMIT,
            check=_check_jpeg,
        )

    async def snapshot_upload(self, target: SnapshotTarget, stream: int = 1) -> None:
        """Take a snapshot and store it on the SD card, FTP, e-mail or NFS (3.19)."""
        _check_choice("target", target, tuple(SnapshotTarget))
        _check_choice("stream", stream, (0, 1))
        params = {"stream": stream, "upload": int(target)}
        await self._request(
            "/cgi-bin/snapshot.cgi", params, _expecting("upload", "^ok$")
        )

    async def get_recordings(
        self,
        day: date,
        *,
        stream: RecordStream | None = None,
        record_mode: RecordMode | None = None,
        media_type: MediaType | None = None,
        start: time | None = None,
        end: time | None = None,
    ) -> tuple[Recording, ...]:
        """Return the recordings of one day, optionally filtered (3.20)."""
        if day.year <= 1900:
            raise ValueError("year must be after 1900")
        _check_choice("stream", stream, tuple(RecordStream))
        _check_choice("record_mode", record_mode, tuple(RecordMode))
        _check_choice("media_type", media_type, tuple(MediaType))
        params: dict[str, str | int | None] = {
            "year": day.year,
            "month": day.month,
            "day": day.day,
            "stream": None if stream is None else int(stream),
            "record_mode": None if record_mode is None else int(record_mode),
            "media_type": None if media_type is None else int(media_type),
        }
        for prefix, moment in (("start", start), ("end", end)):
            if moment is not None:
                params |= {
                    f"{prefix}_hour": moment.hour,
                    f"{prefix}_min": moment.minute,
                    f"{prefix}_sec": moment.second,
                }
        return await self._request(
            "/cgi-bin/get_record_query",
            params,
            lambda node: parse_recordings(_expect(node, "RecordQueryInfo")),
        )

    async def download_recording(self, filepath: str) -> bytes:
        """Return a recording's file from /playback/<filepath> (3.20), if within `RECORDING_LIMIT`.

        Bigger files (30 minutes of main stream) need `stream_recording`.
        """
        sink = _Collector(_recording_path(filepath), RECORDING_LIMIT)
        await self.stream_recording(filepath, sink)
        return b"".join(sink.parts)

    async def stream_recording(
        self,
        filepath: str,
        sink: RecordingSink,
        *,
        first: int = 0,
        last: int | None = None,
    ) -> None:
        """Send a recording's bytes `first` to `last` (None: the end) to `sink` (3.20).

        Never holds more than a chunk: the file comes in pieces of
        RECORDING_PIECE_BYTES, one request each, queued as background requests,
        so that commands and polls go between them. A camera that ignores
        ranges sends the whole file in one reply, of which the sink gets the
        range. An error of the sink is raised as it is.
        """
        path = _recording_path(filepath)
        if first < 0 or (last is not None and last < first):
            raise ValueError("invalid byte range")
        download = RecordingDownload(sink, first, last)
        while not download.done:
            before = download.next
            try:
                with self.background():
                    await self._stream_piece(path, download)
            except SinkError as err:
                raise err.error from None
            if download.next == before and not download.done:
                raise IpcCgiResponseError(f"{path}: no recording in the reply")

    async def _stream_piece(self, path: str, download: RecordingDownload) -> None:
        """Request the download's next piece and hand its bytes over, a chunk at a time."""
        send = partial(
            self._open_stream,
            path,
            headers={hdrs.RANGE: download.range_header()},
            limit=RECORDING_STREAM_LIMIT,
        )
        stack, reply, chunks = await self._call(path, None, "uid", send)
        async with stack:
            await download.start(reply.response.status, reply.response.headers)
            async for chunk in chunks:
                for offset in range(0, len(chunk), STREAM_CHUNK_BYTES):
                    piece = chunk[offset : offset + STREAM_CHUNK_BYTES]
                    # A stalled sink (a viewer gone quiet) must not hold the
                    # camera's request slot: it gets the request timeout too.
                    try:
                        async with asyncio.timeout(self.request_timeout):
                            wanted = await download.write(piece)
                    except TimeoutError:
                        raise IpcCgiConnectionError(
                            f"Timeout after {self.request_timeout:g} s requesting {path}"
                        ) from None
                    if not wanted:
                        return

    async def get_rtmp(self) -> RtmpConfig:
        """Return the RTMP push settings (3.22)."""
        return await self._request("/cgi-bin/rtmp", None, RtmpConfig.from_xml)

    async def set_rtmp(
        self,
        *,
        enabled: bool | None = None,
        stream: int | None = None,
        server: str | None = None,
        port: int | None = None,
        app_name: str | None = None,
        stream_id: str | None = None,
        protocol_type: RtmpProtocol | None = None,
    ) -> RtmpConfig:
        """Change RTMP push (3.22); stream 0 main, 1 sub."""
        _check_range("stream", stream, 0, 1)
        _check_range("port", port, 0, 65535)
        _check_choice("protocol_type", protocol_type, tuple(RtmpProtocol))
        _check_text("server", server)
        _check_text("app_name", app_name)
        _check_text("stream_id", stream_id)
        params = {
            "enable": _flag(enabled),
            "server": server,
            "appname": app_name,
            "streamid": stream_id,
            "streamno": stream,
            "type": None if protocol_type is None else int(protocol_type),
            "port": port,
        }
        return await self._change("/cgi-bin/rtmp", params, RtmpConfig.from_xml)

    async def get_schedule_storage(self) -> ScheduleStorageConfig:
        """Return the scheduled recording storage (3.23)."""
        return await self._request(
            "/cgi-bin/setScheduleStorage", None, ScheduleStorageConfig.from_xml
        )

    async def set_schedule_storage(
        self,
        *,
        enabled: bool | None = None,
        local_enabled: bool | None = None,
        remote_enabled: bool | None = None,
        nfs_server: str | None = None,
        nfs_path: str | None = None,
        record_file_size: int | None = None,
        stream: int | None = None,
        jpeg_capture: bool | None = None,
    ) -> ScheduleStorageConfig:
        """Change scheduled recording storage (3.23); file size in minutes, stream 0 main, 1 sub, 2 both."""
        _check_choice("record_file_size", record_file_size, (2, 5, 10, 20, 30))
        _check_choice("stream", stream, (0, 1, 2))
        params = {
            "localEnable": _flag(local_enabled),
            "remoteEnable": _flag(remote_enabled),
            "remote_nfs_server": nfs_server,
            "nfs_server_path": nfs_path,
            "recordFileSize": record_file_size,
            "stream": stream,
            "JpegInterval": _flag(jpeg_capture),
            "enable": _flag(enabled),
        }
        return await self._change(
            "/cgi-bin/setScheduleStorage", params, ScheduleStorageConfig.from_xml
        )

    async def get_event_storage(self) -> EventStorageConfig:
        """Return the motion-triggered recording and capture (3.24)."""
        return await self._request(
            "/cgi-bin/setEventStorage", None, EventStorageConfig.from_xml
        )

    async def set_event_storage(
        self,
        *,
        recording_enabled: bool | None = None,
        stream: int | None = None,
        record_ftp_upload: bool | None = None,
        record_email_upload: bool | None = None,
        capture_enabled: bool | None = None,
        capture_ftp_upload: bool | None = None,
        capture_email_upload: bool | None = None,
        alarm_output: bool | None = None,
    ) -> EventStorageConfig:
        """Change motion-triggered recording and capture (3.24); stream 1 main, 2 sub."""
        _check_choice("stream", stream, (1, 2))
        params = {
            "trigger_recording": _flag(recording_enabled),
            "stream": stream,
            "record_ftp_upload": _flag(record_ftp_upload),
            "record_email_upload": _flag(record_email_upload),
            "trigger_capture": _flag(capture_enabled),
            "capture_ftp_upload": _flag(capture_ftp_upload),
            "capture_email_upload": _flag(capture_email_upload),
            "capture_motionDetectAlarm": _flag(alarm_output),
        }
        return await self._change(
            "/cgi-bin/setEventStorage", params, EventStorageConfig.from_xml
        )

    # --- services and security (3.31, 3.41, 3.42) ----------------------------------

    async def get_service_ports(self) -> ServicePorts:
        """Return the service switches and ports (3.31)."""
        return await self._request(
            "/cgi-bin/set_service_port", None, ServicePorts.from_xml
        )

    async def set_service_ports(
        self,
        *,
        web_enabled: bool | None = None,
        control_enabled: bool | None = None,
        rtsp_enabled: bool | None = None,
        hik_enabled: bool | None = None,
        web_port: int | None = None,
        control_port: int | None = None,
        rtsp_port: int | None = None,
        hik_port: int | None = None,
    ) -> ServicePorts:
        """Switch services and set their ports (3.31); ports 1-65535."""
        for name, value in (
            ("web_port", web_port),
            ("control_port", control_port),
            ("rtsp_port", rtsp_port),
            ("hik_port", hik_port),
        ):
            _check_range(name, value, 1, 65535)
        params = {
            "enable_web": _flag(web_enabled),
            "webport": web_port,
            "enable_control": _flag(control_enabled),
            "controlport": control_port,
            "enable_rtsp": _flag(rtsp_enabled),
            "rtspport": rtsp_port,
            "enable_hik": _flag(hik_enabled),
            "hikport": hik_port,
        }
        return await self._change(
            "/cgi-bin/set_service_port", params, ServicePorts.from_xml
        )

    async def get_onvif_auth(self) -> bool:
        """Return whether ONVIF needs authentication (3.41)."""
        return await self._request("/cgi-bin/onvif", None, _auth_flag("onvif_auth"))

    async def set_onvif_auth(self, enabled: bool) -> bool:
        """Switch ONVIF authentication (3.41)."""
        params = {"onvif_auth": int(enabled)}
        return await self._request("/cgi-bin/onvif", params, _auth_flag("onvif_auth"))

    async def get_rtsp_auth(self) -> bool:
        """Return whether RTSP needs authentication (3.42)."""
        return await self._request("/cgi-bin/rtsp", None, _auth_flag("rtsp_auth"))

    async def set_rtsp_auth(self, enabled: bool) -> bool:
        """Switch RTSP authentication (3.42)."""
        params = {"rtsp_auth": int(enabled)}
        return await self._request("/cgi-bin/rtsp", params, _auth_flag("rtsp_auth"))

    # --- uploads (3.21, 3.34) --------------------------------------------------------

    async def upgrade_firmware(self, data: bytes) -> None:
        """Upload a firmware image (3.21: POST with Basic authentication)."""
        if not data:
            raise ValueError("firmware image is empty")
        await self._upload(
            "/OnvifFirmwareUpgrade",
            data,
            auth="basic",
            headers={"Content-Type": "application/octet-stream"},
        )

    async def upload_certificate(self, data: bytes, filename: str) -> None:
        """Upload an HTTPS certificate or private key (3.34: multipart form)."""
        if not data:
            raise ValueError("certificate is empty")
        _check_text("filename", filename)
        # 3.34's form names its file field `oem_mp3`.
        form = aiohttp.MultipartWriter("form-data")
        part = form.append(data, {"Content-Type": "application/octet-stream"})
        part.set_content_disposition("form-data", name="oem_mp3", filename=filename)
        # A writer (unlike a FormData) can be sent again after a re-login.
        await self._upload("/WebCertificateUploadFile", form, auth="uid")

    async def _upload(
        self,
        path: str,
        data: Any,
        *,
        auth: Auth,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        # Any answer that is not a fault is success; the spec prints none.
        await self._fetch(
            path,
            auth=auth,
            method="POST",
            data=data,
            headers=headers,
            limit=XML_LIMIT,
        )
