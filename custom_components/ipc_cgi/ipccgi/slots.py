"""The camera's request slots: commands go before queued background reads."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
import heapq
from itertools import count


class RequestSlots:
    """At most `slots` requests in flight; a waiting command goes first.

    Background reads (a poll) queue behind every waiting command, so a command
    waits for the requests already in flight only, not for a whole poll.
    Waiters of the same kind keep their order.
    """

    def __init__(self, slots: int) -> None:
        """Allow `slots` requests at once."""
        self._free = slots
        self._waiters: list[tuple[bool, int, asyncio.Future[None]]] = []
        self._order = count()

    @asynccontextmanager
    async def slot(self, *, background: bool) -> AsyncIterator[None]:
        """Hold a slot for one request."""
        await self.acquire(background=background)
        try:
            yield
        finally:
            self.release()

    def take(self) -> bool:
        """Take a free slot if no one waits for one; tell whether it did."""
        if self._free and not self._waiters:
            self._free -= 1
            return True
        return False

    async def acquire(self, *, background: bool) -> None:
        """Take a slot, waiting behind the waiters that go first; `release` frees it."""
        if self.take():
            return
        waiter = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiters, (background, next(self._order), waiter))
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # granted while being cancelled: pass it on
            raise

    def release(self) -> None:
        """Free a slot; the first waiter takes it."""
        self._free += 1
        while self._waiters and self._free:
            _, _, waiter = heapq.heappop(self._waiters)
            if not waiter.done():
                self._free -= 1
                waiter.set_result(None)
