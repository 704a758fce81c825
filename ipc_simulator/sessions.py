"""Login sessions: the uids of 3.1, their idle expiry and valid time (3.39)."""

from __future__ import annotations

from dataclasses import dataclass
import secrets

from .clock import Clock

DEFAULT_VALID_SECONDS = 60


@dataclass
class Session:
    """A uid handed out by getuid."""

    uid: str
    username: str
    valid_seconds: int
    last_used: float


class Sessions:
    """The live uids; a uid expires after `valid_seconds` without a successful request."""

    def __init__(self, clock: Clock) -> None:
        """Start without sessions."""
        self._clock = clock
        self._by_uid: dict[str, Session] = {}

    def create(self, username: str) -> Session:
        """Log `username` in and return the new session."""
        uid = secrets.token_hex(4)
        while uid in self._by_uid:
            uid = secrets.token_hex(4)
        session = Session(uid, username, DEFAULT_VALID_SECONDS, self._clock())
        self._by_uid[uid] = session
        return session

    def get(self, uid: str) -> Session | None:
        """Return the live session of `uid`, forgetting it if it has expired."""
        session = self._by_uid.get(uid)
        if session is None:
            return None
        if self._clock() - session.last_used > session.valid_seconds:
            del self._by_uid[uid]
            return None
        return session

    def renew(self, session: Session) -> None:
        """Restart the idle timeout of `session` (after a successful request)."""
        session.last_used = self._clock()

    def expire(self, uid: str) -> None:
        """Forget one uid."""
        self._by_uid.pop(uid, None)

    def expire_all(self) -> None:
        """Forget every uid."""
        self._by_uid.clear()

    def expire_user(self, username: str) -> None:
        """Forget the uids of one user."""
        for uid in [u for u, s in self._by_uid.items() if s.username == username]:
            del self._by_uid[uid]

    def __len__(self) -> int:
        """Return the number of sessions (live or not yet noticed as expired)."""
        return len(self._by_uid)

    def __contains__(self, uid: object) -> bool:
        """Tell whether `uid` is a live session."""
        return isinstance(uid, str) and self.get(uid) is not None
