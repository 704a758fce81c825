"""The floor's ONVIF event channel: ours' requests, at ours' cadence, replies kept as bytes.

The design takes motion and the alarm input from the camera's PullPoint
(ONVIF Core 9), so the floor keeps one per camera as ours does
(custom_components/ipc_cgi/camera_events.py): GetSystemDateAndTime, then a
signed CreatePullPointSubscription (600 s) and SetSynchronizationPoint, one
pull of 1 s, then PullMessages of up to 60 s with a pause of 0.75 s between
them, and a Renew at 80 % of the lease. Nothing is parsed but the
subscription's address; the camera's clock is taken as ours (the simulator's
runs on real time), so the WS-UsernameToken's Created is ours.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
from datetime import UTC, datetime
import hashlib
import os

import aiohttp
from yarl import URL

LEASE = 600  # seconds asked for, as ours
RENEW_AFTER = LEASE * 0.8
PULL = 60  # the longest pull, seconds
PAUSE = 0.75  # between two pulls
TIMEOUT = 10  # a request's deadline beyond its pull, seconds (ours: REQUEST_TIMEOUT)
RETRY = 5.0  # after a failure

_WSSE = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
)
_WSU = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
)
_TOKEN = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
)
_SECURITY = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0"
)
_TEV = "http://www.onvif.org/ver10/events/wsdl"
_TDS = "http://www.onvif.org/ver10/device/wsdl"
_WSNT = "http://docs.oasis-open.org/wsn/b-2"
_MANAGER = "http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager"


class FloorEvents:
    """One camera's PullPoint: requests as ours sends them, replies as bytes."""

    def __init__(
        self, session: aiohttp.ClientSession, base: str, username: str, password: str
    ) -> None:
        """Describe the channel of the camera at `base` (http://host:port)."""
        self._session = session
        self._base = base
        self._username = username
        self._password = password
        self._point = ""  # the subscription's address (path and query)
        self.last: bytes = b""  # the last reply, kept

    def _security(self) -> str:
        nonce = os.urandom(16)
        created = f"{datetime.now(UTC):%Y-%m-%dT%H:%M:%S.%f}"[:-3] + "Z"
        digest = hashlib.sha1(nonce + created.encode() + self._password.encode())
        return (
            f'<wsse:Security xmlns:wsse="{_WSSE}" xmlns:wsu="{_WSU}">'
            f"<wsse:UsernameToken><wsse:Username>{self._username}</wsse:Username>"
            f'<wsse:Password Type="{_TOKEN}#PasswordDigest">'
            f"{base64.b64encode(digest.digest()).decode()}</wsse:Password>"
            f'<wsse:Nonce EncodingType="{_SECURITY}#Base64Binary">'
            f"{base64.b64encode(nonce).decode()}</wsse:Nonce>"
            f"<wsu:Created>{created}</wsu:Created></wsse:UsernameToken></wsse:Security>"
        )

    async def _post(
        self, path: str, action: str, body: str, *, sign: bool = True, wait: float = 0
    ) -> bytes:
        header = f"<wsa:Action>{action}</wsa:Action>"
        if sign:
            header += self._security()
        envelope = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
            'xmlns:wsa="http://www.w3.org/2005/08/addressing" '
            f'xmlns:tev="{_TEV}" xmlns:tds="{_TDS}" xmlns:wsnt="{_WSNT}">'
            f"<s:Header>{header}</s:Header><s:Body>{body}</s:Body></s:Envelope>"
        )
        async with (
            asyncio.timeout(wait + TIMEOUT),
            self._session.post(
                URL(self._base + path, encoded=True),
                data=envelope.encode(),
                headers={
                    "Content-Type": "application/soap+xml; charset=utf-8; "
                    f'action="{action}"'
                },
            ) as reply,
        ):
            self.last = await reply.read()
            reply.raise_for_status()
        return self.last

    async def subscribe(self) -> None:
        """Read the camera's clock (kept, not parsed) and subscribe; pull once."""
        await self._post(
            "/onvif/device_service",
            f"{_TDS}/GetSystemDateAndTime",
            "<tds:GetSystemDateAndTime/>",
            sign=False,
        )
        reply = await self._post(
            "/onvif/event_service",
            f"{_TEV}/EventPortType/CreatePullPointSubscriptionRequest",
            "<tev:CreatePullPointSubscription><tev:InitialTerminationTime>"
            f"PT{LEASE}S</tev:InitialTerminationTime></tev:CreatePullPointSubscription>",
        )
        address = reply.partition(b"Address>")[2].partition(b"</")[0].decode()
        url = URL(address.strip())
        self._point = url.raw_path_qs
        await self._post(
            self._point,
            f"{_TEV}/PullPointSubscription/SetSynchronizationPointRequest",
            "<tev:SetSynchronizationPoint/>",
        )
        await self.pull(1)

    async def pull(self, seconds: int) -> None:
        """Long-poll for up to `seconds`."""
        await self._post(
            self._point,
            f"{_TEV}/PullPointSubscription/PullMessagesRequest",
            f"<tev:PullMessages><tev:Timeout>PT{seconds}S</tev:Timeout>"
            "<tev:MessageLimit>100</tev:MessageLimit></tev:PullMessages>",
            wait=seconds,
        )

    async def run(self) -> None:
        """Pull, renewing at 80 % of the lease, until cancelled."""
        loop = asyncio.get_running_loop()
        renew_at = loop.time() + RENEW_AFTER
        while True:
            try:
                if not self._point:
                    await self.subscribe()
                    renew_at = loop.time() + RENEW_AFTER
                if loop.time() >= renew_at:
                    await self._post(
                        self._point,
                        f"{_MANAGER}/RenewRequest",
                        f"<wsnt:Renew><wsnt:TerminationTime>PT{LEASE}S"
                        "</wsnt:TerminationTime></wsnt:Renew>",
                    )
                    renew_at = loop.time() + RENEW_AFTER
                await self.pull(int(min(PULL, max(1, renew_at - loop.time()))))
            except (aiohttp.ClientError, TimeoutError):
                self._point = ""
                await asyncio.sleep(RETRY)
                continue
            await asyncio.sleep(PAUSE)

    async def unsubscribe(self) -> None:
        """End the subscription, as ours does at unload."""
        if self._point:
            with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                await self._post(
                    self._point, f"{_MANAGER}/UnsubscribeRequest", "<wsnt:Unsubscribe/>"
                )
