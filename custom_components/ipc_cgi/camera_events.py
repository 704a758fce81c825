"""The camera's events as they happen: one ONVIF PullPoint subscription per camera.

Tried once at setup (each reload tries again): firmware without a working
PullPoint gets the recordings (motion.py) as the fallback, said in one log
line and in the diagnostics.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime, timedelta
from enum import StrEnum
import logging
from typing import Final

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_call_later
import homeassistant.util.dt as dt_util

from .ipccgi import (
    EventKind,
    IpcCgiClient,
    IpcCgiConnectionError,
    IpcCgiError,
    IpcCgiSoapFaultError,
    OnvifEvent,
    PullPoint,
)

_LOGGER = logging.getLogger(__name__)

# After a failed request: try again this much later (within one poll interval).
RETRY_DELAY: Final = timedelta(seconds=5)
# Between two pulls (core onvif's pause).
PULL_PAUSE: Final = 0.75
# Unsubscribe at unload: no longer than this.
UNSUBSCRIBE_TIMEOUT: Final = 2.0


class EventSource(StrEnum):
    """Where the motion entities get the camera's events."""

    ONVIF = "onvif"  # the PullPoint subscription
    RECORDINGS = "recordings"  # the new clips each poll finds (motion.py)


type Listener = Callable[[OnvifEvent | None], None]


class CameraEvents:
    """The camera's ONVIF events: motion and the alarm input, and whether they flow.

    One task keeps one subscription: it long-polls (PullMessages), renews at
    80 % of the lease, and subscribes anew only after a SOAP Fault (an
    unknown or expired subscription: the camera restarted or forgot it).
    After a failure without a Fault (the camera is away) the entities are
    unavailable and the task tries again RETRY_DELAY later.
    """

    def __init__(
        self,
        hass: HomeAssistant,
        client: IpcCgiClient,
        name: str,
        poll_interval: timedelta,
        onvif_auth: Callable[[], bool | None],
    ) -> None:
        """Describe the events of `client`'s camera; nothing is requested yet.

        Retries back off from RETRY_DELAY to `poll_interval` at most.
        `onvif_auth` tells what 3.41 last said (None: not read).
        """
        self.hass = hass
        self.onvif_auth = onvif_auth
        self.poll_interval = poll_interval
        self.client = client
        self.name = name
        self.source: EventSource | None = None
        self.fallback_reason: str | None = None
        self.motion: bool | None = None
        self.alarm_input: bool | None = None
        self.available = False
        self.subscriptions = 0  # made since setup
        self._point: PullPoint | None = None
        self._renew_at: datetime | None = None
        self._task: asyncio.Task[None] | None = None
        self._listeners: list[Listener] = []
        self._failures = 0  # failed requests in a row
        self._pulled = False  # whether the subscription answered a pull
        self._warned = False  # the failure was logged as a warning
        # Set while the task waits to try again (tests wait for it).
        self.retrying = asyncio.Event()

    @property
    def onvif(self) -> bool:
        """Tell whether the events come from ONVIF (else from the recordings)."""
        return self.source is EventSource.ONVIF

    async def async_start(self) -> None:
        """Subscribe; without a working PullPoint, fall back to the recordings."""
        try:
            await self._async_subscribe()
        except IpcCgiError as err:
            self.source = EventSource.RECORDINGS
            self.fallback_reason = str(err)
            _LOGGER.info(
                "%s: no ONVIF events (%s); motion comes from the camera's "
                "recordings, found at each poll",
                self.name,
                err,
            )
            return
        self.source = EventSource.ONVIF
        self.available = True
        # The current state before the entities are added (the first pull
        # answers at once with it): they start with a value.
        await self._async_pull_once(1)
        # Not a task Home Assistant waits for: it never ends until unload.
        self._task = asyncio.get_running_loop().create_task(
            self._async_run(), name=f"ipc_cgi {self.name} ONVIF events"
        )

    async def async_stop(self) -> None:
        """Stop the task and end the subscription."""
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if (point := self._point) is not None:
            self._point = None
            try:
                async with asyncio.timeout(UNSUBSCRIBE_TIMEOUT):
                    await self.client.onvif_unsubscribe(point)
            except (IpcCgiError, TimeoutError) as err:
                _LOGGER.debug("%s: ONVIF Unsubscribe failed: %s", self.name, err)

    @callback
    def async_add_listener(self, listener: Listener) -> CALLBACK_TYPE:
        """Call `listener` with each event (None: availability changed)."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    async def _async_subscribe(self) -> None:
        # Unsigned only when 3.41 is known to be off: no request to learn it.
        point = await self.client.onvif_subscribe(sign=self.onvif_auth() is not False)
        self._point = point
        self._pulled = False
        self.subscriptions += 1
        self._renew_at = dt_util.utcnow() + timedelta(seconds=point.renew_after)
        try:
            await self.client.onvif_synchronize(point)
        except IpcCgiError as err:  # the subscription's first pull has them too
            _LOGGER.debug("%s: SetSynchronizationPoint failed: %s", self.name, err)

    async def _async_run(self) -> None:
        """Pull events until cancelled."""
        while True:
            try:
                events = await self._async_pull()
            except IpcCgiSoapFaultError as err:
                if self._point is not None and self._pulled:
                    # The camera forgot the subscription (a restart, the lease
                    # ended): subscribe anew at once.
                    _LOGGER.debug("%s: ONVIF subscription ended: %s", self.name, err)
                    self._point = None
                    continue
                self._point = None  # refused, or refused at once: wait
                await self._async_failed(err)
                continue
            except IpcCgiError as err:
                await self._async_failed(err)
                continue
            self._failures = 0
            self._pulled = True
            self._set_available(True)
            for event in events:
                self._handle(event)
            await asyncio.sleep(PULL_PAUSE)

    async def _async_pull_once(self, seconds: float) -> None:
        """Pull once; the task handles a failure."""
        assert self._point is not None
        try:
            events = await self.client.onvif_pull(self._point, seconds)
        except IpcCgiError as err:
            _LOGGER.debug("%s: the first ONVIF pull failed: %s", self.name, err)
            return
        self._pulled = True
        for event in events:
            self._handle(event)

    async def _async_pull(self) -> list[OnvifEvent]:
        """Subscribe or renew if due, then long-poll until the renewal."""
        if self._point is None:
            await self._async_subscribe()
        elif self._failures:
            # Back after a failure: what the camera says now (the last
            # reply may have been lost, with its events).
            await self.client.onvif_synchronize(self._point)
        point, renew_at = self._point, self._renew_at
        assert point is not None and renew_at is not None
        if dt_util.utcnow() >= renew_at:
            await self.client.onvif_renew(point)
            renew_at = dt_util.utcnow() + timedelta(seconds=point.renew_after)
            self._renew_at = renew_at
        seconds = (renew_at - dt_util.utcnow()).total_seconds()
        return await self.client.onvif_pull(point, min(60.0, max(1.0, seconds)))

    async def _async_failed(self, error: IpcCgiError) -> None:
        """Wait before the next try, longer each time; unavailable from the second.

        One failure alone is not an outage (as one missed poll, coordinator.py).
        """
        self._failures += 1
        if self._failures == 1:
            _LOGGER.debug("%s: ONVIF events failed, trying again: %s", self.name, error)
        else:
            self._set_available(False, error)
        delay = RETRY_DELAY * 2 ** min(self._failures - 1, 10)
        await self._async_wait(min(delay, self.poll_interval))

    async def _async_wait(self, delay: timedelta) -> None:
        """Wait `delay` on Home Assistant's clock."""
        woken = self.hass.loop.create_future()

        @callback
        def wake(_now: datetime) -> None:
            if not woken.done():
                woken.set_result(None)

        cancel = async_call_later(self.hass, delay, wake)
        self.retrying.set()
        try:
            await woken
        finally:
            self.retrying.clear()
            cancel()

    @callback
    def _set_available(self, available: bool, error: IpcCgiError | None = None) -> None:
        """Show whether events flow; warn when the camera answers all but them.

        A camera that answers nothing is the coordinator's to report.
        """
        if available != self.available:
            self.available = available
            if available:
                if self._warned:
                    self._warned = False
                    _LOGGER.info("%s: ONVIF events work again", self.name)
            else:
                self.motion = self.alarm_input = None
                if not isinstance(error, IpcCgiConnectionError):
                    self._warned = True
                    _LOGGER.warning("%s: ONVIF events fail: %s", self.name, error)
            for listener in list(self._listeners):
                listener(None)

    @callback
    def _handle(self, event: OnvifEvent) -> None:
        if event.kind is EventKind.MOTION:
            self.motion = event.active
        else:
            self.alarm_input = event.active
        for listener in list(self._listeners):
            listener(event)

    def as_dict(self) -> dict[str, object]:
        """Return what the diagnostics show."""
        return {
            "source": self.source,
            "fallback_reason": self.fallback_reason,
            "available": self.available,
            "subscriptions": self.subscriptions,
            "lease_seconds": self._point.lease if self._point else None,
            "signed": self._point.sign if self._point else None,
        }
