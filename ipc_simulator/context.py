"""The request as the endpoint handlers see it, and the endpoint registry."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum, auto

from aiohttp import web

from .camera import Camera
from .sessions import Session
from .state import CameraState, Privilege, User
from .validation import NON_SETTING_PARAMS, Fault


class Auth(Enum):
    """How an endpoint authenticates."""

    NONE = auto()  # getuid, WEBlogin: the handler checks the credentials itself
    UID = auto()  # uid required
    UID_OR_CREDENTIALS = auto()  # uid, or username and password in the query
    OPTIONAL = auto()  # uid or credentials if given, else anonymous
    BASIC = auto()  # HTTP Basic authentication (3.21)


@dataclass
class CgiRequest:
    """One authenticated CGI request."""

    sim: Camera
    http: web.Request
    path: str
    query: dict[str, str]
    user: User | None
    session: Session | None

    @property
    def state(self) -> CameraState:
        """Return the camera model."""
        return self.sim.state

    @property
    def params(self) -> dict[str, str]:
        """Return the query without authentication and cache-busting parameters."""
        return {k: v for k, v in self.query.items() if k not in NON_SETTING_PARAMS}

    def require_write(self) -> None:
        """Refuse a change by a user with the User privilege."""
        if self.user is not None and self.user.privilege is Privilege.USER:
            raise Fault("permission denied")


type Reply = str | web.StreamResponse
type Handler = Callable[[CgiRequest], Awaitable[Reply]]


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A CGI path's handler, how it authenticates and which methods it accepts."""

    handler: Handler
    auth: Auth
    methods: frozenset[str]


ENDPOINTS: dict[str, Endpoint] = {}


def endpoint(
    *paths: str, auth: Auth = Auth.UID, methods: tuple[str, ...] = ("GET",)
) -> Callable[[Handler], Handler]:
    """Register a handler for `paths`."""

    def register(handler: Handler) -> Handler:
        for path in paths:
            ENDPOINTS[path] = Endpoint(handler, auth, frozenset(methods))
        return handler

    return register
