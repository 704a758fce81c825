"""Exceptions raised by the IPC HTTP CGI client."""

from __future__ import annotations


class IpcCgiError(Exception):
    """Base class for every error the client raises."""


class IpcCgiConnectionError(IpcCgiError):
    """The camera could not be reached, timed out, dropped the connection or failed (5xx)."""


class UidRejectedError(IpcCgiConnectionError):
    """The camera refused the uid (expired or invalid); the client logs in again.

    If it escapes the client, the camera refused even a fresh session: that is
    a camera in trouble (a connection error), not a wrong password.
    """

    def __init__(self) -> None:
        """Remember which uid was refused, outside the message."""
        super().__init__("The camera refused the session")
        self.rejected_uid: str | None = None


class IpcCgiTlsError(IpcCgiConnectionError):
    """The TLS handshake failed, e.g. HTTPS sent to a port that speaks HTTP."""


class IpcCgiCertificateError(IpcCgiTlsError):
    """The camera's TLS certificate failed verification (self-signed, expired, other name)."""


class IpcCgiAuthenticationError(IpcCgiError):
    """The camera refused the credentials or the account's privilege."""


class IpcCgiInvalidCredentialsError(IpcCgiAuthenticationError):
    """The camera refused the username or password (`password error`, HTTP 401).

    Only this asks the user for the password again; a refused privilege
    (`permission denied`, HTTP 403) is about one request.
    """


class IpcCgiResponseError(IpcCgiError):
    """The camera answered something the client cannot understand."""


class IpcCgiNotFoundError(IpcCgiResponseError):
    """The camera has no such endpoint (HTTP 404): its firmware predates it."""


class IpcCgiRangeError(IpcCgiResponseError):
    """The camera has no bytes in the range asked for (HTTP 416): the file is shorter."""


class IpcCgiReplyTooLargeError(IpcCgiResponseError):
    """The reply exceeds the client's size cap for its kind; the rest was not read."""

    def __init__(self, path: str, limit: int) -> None:
        """Name the path and the cap (in bytes)."""
        self.limit = limit
        super().__init__(f"{path}: reply larger than {limit / (1 << 20):g} MiB")


class IpcCgiFaultError(IpcCgiError):
    """The camera answered with a fault (spec chapter 1)."""

    def __init__(self, value: str, reason: str) -> None:
        """Store the fault's `value` (usually the CGI path) and `reason`."""
        self.value = value.strip()
        self.reason = reason.strip()
        super().__init__(f"{self.value}: {self.reason}" if self.value else self.reason)


class IpcCgiSoapFaultError(IpcCgiFaultError):
    """The camera answered an ONVIF (SOAP) request with a Fault.

    `subcodes` are its code and subcodes as sent, e.g. `env:Receiver`,
    `ter:ActionNotSupported`; `reason` its text.
    """

    def __init__(self, value: str, reason: str, subcodes: tuple[str, ...]) -> None:
        """Store the request (`value`), the fault's `reason` and its codes."""
        self.subcodes = subcodes
        super().__init__(
            value, f"{reason} ({', '.join(subcodes)})" if subcodes else reason
        )
