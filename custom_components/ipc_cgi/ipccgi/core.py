"""The client's request core: one path for every request to the camera.

Session and login (uid renewal), deadlines, size caps, priority of commands
over polls, shared poll reads, redaction of secrets and the mapping of every
failure to the client's exceptions. The endpoints are in client.py and media.py.
"""

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
from functools import lru_cache, partial
import logging
import math
import ssl
from time import monotonic
from types import MappingProxyType, TracebackType
from typing import Any, Literal, Self

import aiohttp
from aiohttp import hdrs
from yarl import URL

from .checks import require_any
from .exceptions import (
    IpcCgiCertificateError,
    IpcCgiConnectionError,
    IpcCgiError,
    IpcCgiReplyTooLargeError,
    IpcCgiResponseError,
    IpcCgiTlsError,
    UidRejectedError,
)
from .models import parse_uid_valid_time
from .parser import (
    Node,
    check_reply,
    expecting,
    parse_xml_dict,
    redact_params,
    scrub_error,
)
from .slots import RequestSlots

_LOGGER = logging.getLogger(__name__)

type Auth = Literal["uid", "credentials", "basic", "none"]
type Params = Mapping[str, str | int | None]
type Secrets = tuple[str | None, ...]
type Handle[T] = Callable[[int, bytes, Secrets], T]

DEFAULT_UID_VALID_TIME = 60.0  # seconds (chapter 3)
_EXPIRY_MARGIN = 1.0  # log in before a request if the uid expires within this
# Set inside `RequestCore.background()`: requests that yield to commands.
_BACKGROUND: ContextVar[bool] = ContextVar("ipccgi_background", default=False)
# No compression: replies are small, and aiohttp would inflate each network read
# whole (a gzip bomb: 217 MiB at once with aiohttp 3.12; 3.13 stops at 32 MiB).
_HEADERS: Mapping[str, str] = MappingProxyType({hdrs.ACCEPT_ENCODING: "identity"})
# The size cap of XML and text replies, in bytes (a day's recording list, 3.20,
# is ~300 kB); media have their own (media.py).
XML_LIMIT = 1 << 20
# Bigger replies are parsed in the executor (16 kB of XML parse in ~3 ms).
INLINE_PARSE_LIMIT = 16 << 10


def _connection_error_type(err: Exception) -> type[IpcCgiConnectionError]:
    """Return the client error for a transport error: TLS failures have their own."""
    if isinstance(err, ssl.SSLCertVerificationError):
        return IpcCgiCertificateError
    if isinstance(err, ssl.SSLError):
        return IpcCgiTlsError
    return IpcCgiConnectionError


class _Abandoned(Exception):
    """The first caller of a shared read was cancelled: the others read anew."""


def _shared_read(auth: Auth) -> bool:
    """Tell whether a request is a poll's read, which others may share (`_request`)."""
    return auth == "uid" and _BACKGROUND.get()


def _query(params: Params | None) -> dict[str, str]:
    """Return the query of `params` as sent: values as text, None not sent."""
    if not params:
        return {}
    return {name: str(value) for name, value in params.items() if value is not None}


@lru_cache(maxsize=8)
def _client_timeout(seconds: float) -> aiohttp.ClientTimeout:
    """Return aiohttp's timeout of a whole request: `seconds`, not rounded up."""
    # aiohttp rounds a timeout of 5 s or more up to the loop's next whole second.
    return aiohttp.ClientTimeout(total=seconds, ceil_threshold=math.inf)


def _transport_error(
    path: str, err: Exception, seconds: float
) -> IpcCgiConnectionError:
    """Return the client error for a timeout or transport error; log it."""
    error: IpcCgiConnectionError
    if isinstance(err, TimeoutError):
        error = IpcCgiConnectionError(f"Timeout after {seconds:g} s requesting {path}")
    else:
        # aiohttp's messages carry the URL and thereby the credentials: keep
        # only the type (and the caller raises outside its `except`: no context).
        error = _connection_error_type(err)(
            f"Error requesting {path}: {type(err).__name__}"
        )
    _LOGGER.debug("%s failed: %s", path, error)
    return error


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
    timeout: float  # seconds from the request's start to its deadline
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


async def _prepend(head: bytes, chunks: AsyncIterator[bytes]) -> AsyncGenerator[bytes]:
    if head:
        yield head
    async for chunk in chunks:
        yield chunk


class RequestCore:
    """One camera's session and the request core (`_request`) its endpoints use."""

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
        self._urls: dict[str, tuple[dict[str, str], URL]] = {}
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

    def _url(self, path: str, query: dict[str, str]) -> URL:
        """Return the URL of `path` with `query`; a CGI path's last one is kept for the next.

        A poll asks each path with the same query (and uid) again and again:
        comparing the query costs less than building the URL anew.
        """
        if (last := self._urls.get(path)) is not None and last[0] == query:
            return last[1]
        try:
            url = URL.build(
                scheme="https" if self.https else "http",
                host=self.host,
                port=self.port,
                path=path,
                query=query,
            )
        except (ValueError, TypeError):
            raise IpcCgiConnectionError(f"Invalid camera address for {path}") from None
        if path.startswith("/cgi-bin/"):  # a few dozen; recordings are many
            self._urls[path] = (query, url)
        return url

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
        query = _query(params)
        if not _shared_read(auth):
            send = partial(self._send, path, auth, _parsing(path, parse))
            return await self._call(path, query, auth, send)
        key = (path, frozenset(query.items()))
        while (shared := self._sharing.get(key)) is not None and shared[0] == parse:
            with suppress(_Abandoned):
                result: T = await asyncio.shield(shared[1])
                return result
        send = partial(self._send, path, auth, self._reusing(path, parse))
        outcome: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._sharing[key] = (parse, outcome)
        try:
            result = await self._call(path, query, auth, send)
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
            result = parse(check_reply(path, status, body, secrets=secrets))
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
            auth,
            handle,
            limit=limit,
            method=method,
            data=data,
            headers=headers,
        )
        return await self._call(path, _query(params), auth, send)

    async def _post_xml[T](
        self,
        path: str,
        data: bytes,
        headers: Mapping[str, str],
        handle: Handle[T],
        *,
        query: Mapping[str, str] | None = None,
        timeout: float,
        slot: bool = True,
    ) -> T:
        """POST `data` to `path` and `query` (no uid) and `handle` its reply, at most `XML_LIMIT`.

        One deadline, `timeout` seconds, for the whole exchange. Without `slot`
        the request does not wait for, nor hold, a request slot: a long poll
        that the camera holds open must not stop the other requests.
        """
        return await self._send(
            path,
            "none",
            handle,
            dict(query or {}),
            method="POST",
            data=data,
            headers=headers,
            timeout=timeout,
            slot=slot,
        )

    async def _call[T](
        self,
        path: str,
        query: dict[str, str],
        auth: Auth,
        send: Callable[[dict[str, str]], Awaitable[T]],
    ) -> T:
        """`send` the query; log in first if needed, and again once on `uid error`."""
        if auth != "credentials" and not _shared_read(auth):
            # Maybe a change (of any endpoint's data: 3.44 sets what 3.43
            # reads): a read after it must not get a reply of before. A
            # login (getuid) changes nothing; the polls only read.
            self._sharing.clear()
        if auth == "credentials":
            query = query | {"username": self.username, "password": self._password}
        if auth != "uid":
            return await send(query)
        for _attempt in range(2):
            if not self._uid_valid():
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
        auth: Auth,
        handle: Handle[T],
        query: dict[str, str],
        *,
        limit: int = XML_LIMIT,
        method: str = "GET",
        data: Any = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        slot: bool = True,
    ) -> T:
        """Send one request; read at most `limit` bytes and `handle` them, by one deadline.

        The deadline, `timeout` (else the request timeout) after the slot is
        taken, is aiohttp's for the request. The slot is held until the body is
        in (parsing needs no camera); without `slot` none is taken (a long poll).
        """
        session = self._session or self._get_session()
        seconds = self.request_timeout if timeout is None else timeout
        if slot and not self._slots.take():
            await self._slots.acquire(background=_BACKGROUND.get())
        error: IpcCgiConnectionError | None = None
        try:
            reply, url, sent_headers = self._prepare(
                path, query, method, headers, auth, seconds
            )
            request = self._start(
                session, method, url, data, sent_headers, _client_timeout(seconds)
            )
            async with request as response:
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
                else:
                    body = await _collect(self._body(reply, limit), limit, path)
        except (TimeoutError, aiohttp.ClientError, OSError, ValueError) as err:
            error = _transport_error(path, err, seconds)
        finally:
            if slot:
                self._slots.release()
        if error is not None:
            raise error
        if len(body) <= INLINE_PARSE_LIMIT:  # `_handle`, without a coroutine
            result = self._checked(reply, handle, body)
        else:
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
        timeout: float,
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
        deadline = asyncio.get_running_loop().time() + timeout
        secrets = (self._password, self._uid)
        return (
            _Reply(path, uid, monotonic(), deadline, timeout, secrets),
            url,
            sent_headers,
        )

    def _start(
        self,
        session: aiohttp.ClientSession,
        method: str,
        url: URL,
        data: Any,
        headers: Mapping[str, str],
        timeout: aiohttp.ClientTimeout,
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
            timeout=timeout,
        )

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
        reply, url, sent_headers = self._prepare(
            path, query, "GET", headers, "uid", self.request_timeout
        )
        request = self._start(session, "GET", url, None, sent_headers, session.timeout)
        response = await self._step(reply, reply.deadline, request)
        await stack.enter_async_context(response)
        reply.response = response
        return reply

    async def _step[T](self, reply: _Reply, deadline: float, step: Awaitable[T]) -> T:
        """Await one step of `reply`'s exchange by `deadline` (loop time); map its failures."""
        error: IpcCgiConnectionError
        try:
            async with asyncio.timeout_at(deadline):
                return await step
        except (TimeoutError, aiohttp.ClientError, OSError, ValueError) as err:
            seconds = self.request_timeout if reply.streaming else reply.timeout
            error = _transport_error(reply.path, err, seconds)
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
            data = await self._step(reply, deadline, response.content.readany())
            if not data:
                break
            size += len(data)
            if size > limit:
                raise IpcCgiReplyTooLargeError(reply.path, limit)
            yield data

    async def _handle[T](self, reply: _Reply, handle: Handle[T], body: bytes) -> T:
        """Check and parse a body: inline if small, else in the executor, by the deadline."""
        if len(body) <= INLINE_PARSE_LIMIT:
            return self._checked(reply, handle, body)
        loop = asyncio.get_running_loop()
        run = loop.run_in_executor(None, self._checked, reply, handle, body)
        return await self._step(reply, reply.deadline, run)

    @staticmethod
    def _checked[T](reply: _Reply, handle: Handle[T], body: bytes) -> T:
        """Return `handle`'s outcome of the body; an error it raises is scrubbed of secrets."""
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
        """Log in unless another call did meanwhile; one login however many wait.

        Calls that waited on a login that failed share its error instead of
        each trying again (20 calls to a camera that is down cost one timeout).
        """
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
                "/cgi-bin/getuid", None, expecting("uid", r"\S"), auth="credentials"
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
                "uid",
                _parsing(path, parse_uid_valid_time),
                {"validTime": str(self._wanted_valid_time)},
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

        send = partial(self._send, path, "uid", handle)
        return await self._call(path, _query(params), "uid", send)

    async def _change[M](
        self, path: str, params: Params, parse: Callable[[Node], M]
    ) -> M:
        """Send the settings given (at least one); parse the configuration the camera replies with."""
        require_any(params)
        return await self._request(path, params, parse)
