"""Poll the camera: only the endpoints that enabled entities show, one at a time."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import datetime, timedelta
import logging
from math import ceil
from operator import attrgetter
from typing import Any, Final, cast

from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
import homeassistant.util.dt as dt_util
from homeassistant.util.hass_dict import HassKey

from .const import (
    CONF_VERIFY_SSL,
    CONFIG_READ_INTERVAL,
    DOMAIN,
    REQUEST_TIMEOUT,
    STATE_GROUPS,
    UPDATE_INTERVAL,
    PollGroup,
)
from .ipccgi import (
    AudioCapabilities,
    AudioConfig,
    Capabilities,
    CodecStreams,
    DeviceState,
    EventStorageConfig,
    FlipConfig,
    ImageConfig,
    IpcCgiClient,
    IpcCgiConnectionError,
    IpcCgiError,
    IpcCgiInvalidCredentialsError,
    IpcCgiNotFoundError,
    IpcCgiResponseError,
    IrCutConfig,
    LampConfig,
    LedConfig,
    MotionConfig,
    NetworkConfig,
    NoiseReductionConfig,
    OsdConfig,
    RtmpConfig,
    ScheduleStorageConfig,
    ServicePorts,
    ShutterConfig,
    TimeConfig,
    User,
    UserOsdConfig,
    VideoCapabilities,
    VideoEncoderConfig,
    WdrConfig,
)
from .motion import NewRecordings, recording_watch
from .privacy import PrivacyZones

_LOGGER = logging.getLogger(__name__)

type Reader = Callable[[IpcCgiClient], Awaitable[object]]

# Setup without 3.4: a camera has video; the audio entities show if the audio
# endpoint answers; PTZ cannot be tried without moving the head: left out.
ASSUMED_CAPABILITIES = Capabilities(video=True, audio=True, ptz=False)
# The endpoints each entry's camera was found to lack and that were logged,
# for as long as Home Assistant runs: a reload logs them no more.
REPORTED_ABSENT: HassKey[dict[str, set[str]]] = HassKey(f"{DOMAIN}_reported_absent")
# The boot time is now - uptime (3.25); it moves by a second or so from poll to poll.
BOOT_TIME_JITTER: Final = timedelta(seconds=60)
# What of 3.25 holds still: all but the clock and the uptime, which tick.
_SETTLED_STATE: Final = attrgetter(
    *(f.name for f in fields(DeviceState) if f.name not in {"system_time", "uptime"})
)
_POLL_ORDER: Final[tuple[PollGroup, ...]] = tuple(PollGroup)


async def _get_users(client: IpcCgiClient) -> tuple[User, ...]:
    """Return the camera's accounts (3.18); a list without one is a broken reply.

    The account Home Assistant logs in with is always there.
    """
    if not (users := await client.get_users()):
        raise IpcCgiResponseError("/cgi-bin/user_management: no accounts listed")
    return users


READERS: dict[PollGroup, Reader] = {
    PollGroup.DEVICE_STATE: lambda client: client.get_device_state(),
    PollGroup.RELAY: lambda client: client.get_relay(),
    PollGroup.LAMP: lambda client: client.get_lamp(),
    PollGroup.LED: lambda client: client.get_led(),
    PollGroup.IR_CUT: lambda client: client.get_ir_cut(),
    PollGroup.TIME: lambda client: client.get_time(),
    PollGroup.NETWORK: lambda client: client.get_network(),
    PollGroup.IMAGE: lambda client: client.get_image(),
    PollGroup.NOISE_REDUCTION: lambda client: client.get_noise_reduction(),
    PollGroup.WDR: lambda client: client.get_wdr(),
    PollGroup.FLIP: lambda client: client.get_flip(),
    PollGroup.SHUTTER: lambda client: client.get_shutter(),
    PollGroup.MOTION: lambda client: client.get_motion(),
    PollGroup.AUDIO: lambda client: client.get_audio(),
    PollGroup.OSD: lambda client: client.get_osd(),
    PollGroup.USER_OSD_0: lambda client: client.get_user_osd(0),
    PollGroup.USER_OSD_1: lambda client: client.get_user_osd(1),
    PollGroup.USER_OSD_2: lambda client: client.get_user_osd(2),
    PollGroup.USER_OSD_3: lambda client: client.get_user_osd(3),
    PollGroup.USER_OSD_4: lambda client: client.get_user_osd(4),
    PollGroup.CODEC_STREAMS: lambda client: client.get_codec_streams(),
    PollGroup.VIDEO_ENCODER: lambda client: client.get_video_encoder(),
    PollGroup.RTMP: lambda client: client.get_rtmp(),
    PollGroup.SCHEDULE_STORAGE: lambda client: client.get_schedule_storage(),
    PollGroup.EVENT_STORAGE: lambda client: client.get_event_storage(),
    PollGroup.ONVIF_AUTH: lambda client: client.get_onvif_auth(),
    PollGroup.RTSP_AUTH: lambda client: client.get_rtsp_auth(),
    PollGroup.SERVICE_PORTS: lambda client: client.get_service_ports(),
    PollGroup.USERS: lambda client: _get_users(client),
    PollGroup.PRIVACY_ZONES: lambda client: PrivacyZones.read(client),
    # PollGroup.NEW_RECORDINGS: the coordinator's RecordingWatch, which keeps state.
}


@dataclass(frozen=True, kw_only=True, slots=True)
class CameraData:
    """The last reply of every poll group; None until read, or while it fails.

    `boot_time` comes from the device state: it moves only beyond BOOT_TIME_JITTER.
    """

    device_state: DeviceState | None = None
    relay: bool | None = None
    lamp: LampConfig | None = None
    led: LedConfig | None = None
    ir_cut: IrCutConfig | None = None
    time: TimeConfig | None = None
    network: NetworkConfig | None = None
    image: ImageConfig | None = None
    noise_reduction: NoiseReductionConfig | None = None
    wdr: WdrConfig | None = None
    flip: FlipConfig | None = None
    shutter: ShutterConfig | None = None
    motion: MotionConfig | None = None
    audio: AudioConfig | None = None
    osd: OsdConfig | None = None
    user_osd_0: UserOsdConfig | None = None
    user_osd_1: UserOsdConfig | None = None
    user_osd_2: UserOsdConfig | None = None
    user_osd_3: UserOsdConfig | None = None
    user_osd_4: UserOsdConfig | None = None
    codec_streams: CodecStreams | None = None
    video_encoder: VideoEncoderConfig | None = None
    rtmp: RtmpConfig | None = None
    schedule_storage: ScheduleStorageConfig | None = None
    event_storage: EventStorageConfig | None = None
    onvif_auth: bool | None = None
    rtsp_auth: bool | None = None
    service_ports: ServicePorts | None = None
    users: tuple[User, ...] | None = None
    privacy_zones: PrivacyZones | None = None
    new_recordings: NewRecordings | None = None
    boot_time: datetime | None = None

    def get(self, group: PollGroup) -> object:
        """Return the reply stored for `group`, of whatever type; `reply` is typed."""
        value: object = getattr(self, group)
        return value

    def replaced(self, replies: Mapping[PollGroup, object]) -> CameraData:
        """Return the data with `replies` stored.

        The one untyped step: each reply is of its group's type, as READERS,
        the setters and the clock check give it (the tests show each group).
        """
        changes: dict[str, Any] = {
            group.value: reply for group, reply in replies.items()
        }
        state = replies.get(PollGroup.DEVICE_STATE)
        if isinstance(state, DeviceState):
            boot = (dt_util.utcnow() - state.uptime).replace(microsecond=0)
            if self.boot_time is None or abs(boot - self.boot_time) > BOOT_TIME_JITTER:
                changes["boot_time"] = boot
        return replace(self, **changes)

    def reply[_M](self, group: Group[_M]) -> _M | None:
        """Return the reply stored for `group`, typed."""
        return group.read(self)


class Group[_M]:
    """A poll group whose replies are of type `_M`: `read` takes its field of CameraData.

    Entity descriptions name their group so: a description's `value_fn` is
    checked against the group's reply type.
    """

    __slots__ = ("_read", "poll_group")

    def __init__(
        self, poll_group: PollGroup, read: Callable[[CameraData], _M | None]
    ) -> None:
        """Name `poll_group`, whose reply `read` takes from CameraData."""
        self.poll_group: Final = poll_group
        self._read: Final = read

    def read(self, data: CameraData) -> _M | None:
        """Return the group's reply in `data`."""
        return self._read(data)


class Groups:
    """The typed poll groups, one per PollGroup."""

    DEVICE_STATE = Group(PollGroup.DEVICE_STATE, lambda data: data.device_state)
    RELAY = Group(PollGroup.RELAY, lambda data: data.relay)
    LAMP = Group(PollGroup.LAMP, lambda data: data.lamp)
    LED = Group(PollGroup.LED, lambda data: data.led)
    IR_CUT = Group(PollGroup.IR_CUT, lambda data: data.ir_cut)
    TIME = Group(PollGroup.TIME, lambda data: data.time)
    NETWORK = Group(PollGroup.NETWORK, lambda data: data.network)
    IMAGE = Group(PollGroup.IMAGE, lambda data: data.image)
    NOISE_REDUCTION = Group(
        PollGroup.NOISE_REDUCTION, lambda data: data.noise_reduction
    )
    WDR = Group(PollGroup.WDR, lambda data: data.wdr)
    FLIP = Group(PollGroup.FLIP, lambda data: data.flip)
    SHUTTER = Group(PollGroup.SHUTTER, lambda data: data.shutter)
    MOTION = Group(PollGroup.MOTION, lambda data: data.motion)
    AUDIO = Group(PollGroup.AUDIO, lambda data: data.audio)
    OSD = Group(PollGroup.OSD, lambda data: data.osd)
    USER_OSD = (
        Group(PollGroup.USER_OSD_0, lambda data: data.user_osd_0),
        Group(PollGroup.USER_OSD_1, lambda data: data.user_osd_1),
        Group(PollGroup.USER_OSD_2, lambda data: data.user_osd_2),
        Group(PollGroup.USER_OSD_3, lambda data: data.user_osd_3),
        Group(PollGroup.USER_OSD_4, lambda data: data.user_osd_4),
    )
    CODEC_STREAMS = Group(PollGroup.CODEC_STREAMS, lambda data: data.codec_streams)
    VIDEO_ENCODER = Group(PollGroup.VIDEO_ENCODER, lambda data: data.video_encoder)
    RTMP = Group(PollGroup.RTMP, lambda data: data.rtmp)
    SCHEDULE_STORAGE = Group(
        PollGroup.SCHEDULE_STORAGE, lambda data: data.schedule_storage
    )
    EVENT_STORAGE = Group(PollGroup.EVENT_STORAGE, lambda data: data.event_storage)
    ONVIF_AUTH = Group(PollGroup.ONVIF_AUTH, lambda data: data.onvif_auth)
    RTSP_AUTH = Group(PollGroup.RTSP_AUTH, lambda data: data.rtsp_auth)
    SERVICE_PORTS = Group(PollGroup.SERVICE_PORTS, lambda data: data.service_ports)
    USERS = Group(PollGroup.USERS, lambda data: data.users)
    PRIVACY_ZONES = Group(PollGroup.PRIVACY_ZONES, lambda data: data.privacy_zones)
    NEW_RECORDINGS = Group(PollGroup.NEW_RECORDINGS, lambda data: data.new_recordings)


def create_client(hass: HomeAssistant, data: Mapping[str, Any]) -> IpcCgiClient:
    """Return the client of the camera that config entry `data` describes."""
    return IpcCgiClient(
        data[CONF_HOST],
        port=data[CONF_PORT],
        https=data[CONF_SSL],
        verify_ssl=data[CONF_VERIFY_SSL],
        username=data[CONF_USERNAME],
        password=data[CONF_PASSWORD],
        session=async_get_clientsession(hass, verify_ssl=data[CONF_VERIFY_SSL]),
        request_timeout=REQUEST_TIMEOUT,
    )


def _merge[_T](old: object, new: _T) -> _T:
    """Keep the old value of fields a reply leaves out (the spec prints short set replies)."""
    reply = new  # narrowed below; `new` keeps its type
    if type(old) is not type(new) or not is_dataclass(reply) or isinstance(reply, type):
        return new
    kept = {
        field.name: getattr(old, field.name)
        for field in fields(reply)
        if getattr(reply, field.name) is None
    }
    return cast("_T", replace(reply, **kept)) if kept else new


class IpcCgiCoordinator(DataUpdateCoordinator[CameraData]):
    """Read the poll groups the enabled entities registered, one request at a time.

    A poll every UPDATE_INTERVAL (30 s), or when `homeassistant.update_entity`
    asks: the state groups each time; each configuration group once per
    CONFIG_READ_INTERVAL (5 min), the most overdue first, as many per poll as
    keep up. A group first registered is read at once. A failed read empties
    only its group; HTTP 404 on a first read means the firmware lacks it (not
    read again until reload). A poll fails only if getinfo gets no answer
    either; the second failed poll in a row makes the entities unavailable.
    """

    config_entry: ConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: ConfigEntry, client: IpcCgiClient
    ) -> None:
        """Create the coordinator of a camera."""
        super().__init__(
            hass,
            _LOGGER,
            config_entry=entry,
            name=entry.title,
            update_interval=UPDATE_INTERVAL,
            always_update=False,
        )
        self.client = client
        self.data = CameraData()
        # Groups by how many added entities show them (a Counter keeps only
        # positive counts: a group in it is registered).
        self._registered: Counter[PollGroup] = Counter()
        self._read_at: dict[PollGroup, datetime] = {}
        self._misses = 0  # failed polls in a row
        self._polled_at: datetime | None = None  # when the last poll began
        self._polled = False  # whether a poll succeeded since setup
        self._versions: Counter[PollGroup] = Counter()  # setter replies stored
        self._changes: Counter[PollGroup] = Counter()  # values that changed
        self._failing: set[str] = set()
        # What the firmware lacks (HTTP 404 on the first read), in the order found.
        self._absent: dict[str, None] = {}
        self._fetch_task: asyncio.Task[None] | None = None
        self._fetch_failed = False  # the camera went away: the next poll reads
        # Setup's platforms are being added: their groups are read once, after.
        self._adding = True
        self.recording_watch = recording_watch(hass, entry.entry_id)
        # Whether a device state moves the drift the clock shows (clock.py),
        # once setup has the clock.
        self.drift_moved: Callable[[DeviceState], bool] = lambda state: False
        # The replies of the poll (or fetch) under way, as they come.
        self._replies: dict[PollGroup, object] = {}

    def is_registered(self, group: PollGroup) -> bool:
        """Tell whether an added entity shows `group`."""
        return group in self._registered

    def _device_state(self) -> DeviceState | None:
        """Return the device state this poll read (groups are read in order), else the last."""
        state = self._replies.get(PollGroup.DEVICE_STATE)
        return state if isinstance(state, DeviceState) else self.data.device_state

    def camera_now(self) -> datetime | None:
        """Return the camera's local time: its clock as last read (3.25), plus the time since."""
        state = self._device_state()
        read_at = self._read_at.get(PollGroup.DEVICE_STATE)
        if state is None or state.system_time is None or read_at is None:
            return None
        return state.system_time + (dt_util.utcnow() - read_at)

    async def _async_read_new_recordings(self, client: IpcCgiClient) -> NewRecordings:
        """Read the motion and alarm recordings made since the last read (motion.py).

        Without an SD card (3.25 sd1) there is nothing to list: no request.
        While the camera's clock is unknown because reading the device state
        fails, no request either: the next read finds what is new. Home
        Assistant's date stands in only for firmware that lacks the device
        state, or whose device state has no clock; in another zone than the
        camera's it is a day off around midnight.
        """
        state = self._device_state()
        if state is not None and state.sd_cards and state.sd_cards[0] != 1:
            self.recording_watch.reset()
            return NewRecordings(())
        if (now := self.camera_now()) is not None:
            return await self.recording_watch.async_read(client, now)
        if state is None and not self.lacks(PollGroup.DEVICE_STATE):
            return NewRecordings(())
        today = dt_util.now().replace(tzinfo=None)
        news = await self.recording_watch.async_read(client, today)
        return replace(news, clock=None)

    def lacks(self, group: PollGroup) -> bool:
        """Tell whether the firmware lacks the endpoint of `group` (HTTP 404)."""
        return group in self._absent

    async def async_read_features(
        self,
    ) -> tuple[Capabilities, VideoCapabilities, AudioCapabilities | None]:
        """Read what the camera has (3.4, 3.9, 3.11) at setup; assume what it does not say."""
        capabilities = await self._async_try(
            "capabilities", lambda client: client.get_capabilities(), first=True
        )
        if capabilities is None:
            capabilities = ASSUMED_CAPABILITIES
        video = await self._async_try(
            "video_capabilities",
            lambda client: client.get_video_capabilities(),
            first=True,
        )
        audio = None
        if capabilities.audio:
            audio = await self._async_try(
                "audio_capabilities",
                lambda client: client.get_audio_capabilities(),
                first=True,
            )
        return capabilities, video or VideoCapabilities({}), audio

    @callback
    def async_register_groups(self, groups: tuple[PollGroup, ...]) -> None:
        """Poll `groups` from now on, until `async_unregister_groups` of the same.

        No callback per entity (a camera has dozens): the entity unregisters.
        """
        self._registered.update(groups)
        if any(group not in self._read_at for group in groups):
            self._async_schedule_fetch()

    @callback
    def async_platforms_added(self) -> None:
        """Read what setup's entities registered, in one go: one report of what is absent."""
        self._adding = False
        if self._missing():
            self._async_schedule_fetch()

    @callback
    def async_unregister_groups(self, groups: tuple[PollGroup, ...]) -> None:
        """Stop polling `groups` for the entity that registered them."""
        self._registered -= Counter(groups)

    def change_key(self, groups: Iterable[PollGroup]) -> tuple[object, ...]:
        """Return what changes when the success of polls or a value of `groups` changes.

        An entity showing `groups` needs a look only when this key changed.
        """
        changes = self._changes
        return (self.last_update_success, *[changes.get(group, 0) for group in groups])

    @callback
    def async_apply(self, group: PollGroup, value: object) -> None:
        """Store a reply got outside the polls: a setter's (the effective configuration), or a read."""
        self._versions[group] += 1
        self._read_at[group] = dt_util.utcnow()
        self.data = self.data.replaced({group: _merge(self.data.get(group), value)})
        # A change even if equal: what an entity shows may come from the
        # sender too (the clock check's drift).
        self._changes[group] += 1
        self.async_update_listeners()

    def _due(self) -> list[PollGroup]:
        """Return the registered groups this poll reads, in a stable order.

        Groups read together at setup drift apart instead of coming due in
        one poll again.
        """
        registered, absent, read_at = self._registered, self._absent, self._read_at
        polled = [
            group
            for group in _POLL_ORDER
            if group in registered and group not in absent
        ]
        now = dt_util.utcnow()
        # The polls this one stands for: more than one when polling is off.
        polls = (
            1
            if self._polled_at is None
            else max(1, round((now - self._polled_at) / UPDATE_INTERVAL))
        )
        self._polled_at = now
        config = [group for group in polled if group not in STATE_GROUPS]
        overdue = sorted(
            (
                group
                for group in config
                if group in read_at and now - read_at[group] >= CONFIG_READ_INTERVAL
            ),
            key=read_at.__getitem__,
        )
        per_poll = ceil(len(config) * polls * UPDATE_INTERVAL / CONFIG_READ_INTERVAL)
        due = set(overdue[:per_poll])
        return [
            group
            for group in polled
            if group in STATE_GROUPS or group not in read_at or group in due
        ] or [PollGroup.DEVICE_STATE]

    def _missing(self) -> list[PollGroup]:
        """Return the registered groups never read yet."""
        return [
            group
            for group in PollGroup
            if group in self._registered
            and group not in self._read_at
            and group not in self._absent
        ]

    async def _async_camera_answers(self) -> bool:
        """Tell whether the camera answers getinfo (3.3), after a request got no answer."""
        try:
            await self.client.get_info()
        except IpcCgiConnectionError:
            return False
        except IpcCgiError:
            pass  # an answer, if not a good one
        return True

    async def _async_try[_T](
        self, name: str, read: Callable[[IpcCgiClient], Awaitable[_T]], *, first: bool
    ) -> _T | None:
        """Read `name`; None if it fails, which is logged once.

        Raises the client's error only for a refused password, or when the
        camera answers nothing at all (a refused privilege is this read's failure). HTTP 404 on the `first` read marks
        `name` absent: the firmware lacks it.
        """
        try:
            return await read(self.client)
        except IpcCgiInvalidCredentialsError:
            raise
        except IpcCgiConnectionError as err:
            if not await self._async_camera_answers():
                raise
            error: IpcCgiError = err
        except IpcCgiNotFoundError as err:
            if first:
                self._absent[name] = None
                return None
            error = err
        except IpcCgiError as err:
            error = err
        if name not in self._failing:
            self._failing.add(name)
            _LOGGER.warning("%s: reading %s failed: %s", self.name, name, error)
        return None

    async def _async_read(self, group: PollGroup) -> object:
        """Read one group; a failure of this endpoint only empties this group."""
        reader = (
            self._async_read_new_recordings
            if group is PollGroup.NEW_RECORDINGS
            else READERS[group]
        )
        value = await self._async_try(group, reader, first=group not in self._read_at)
        if value is None:
            return None
        if group in self._failing:
            self._failing.discard(group)
            _LOGGER.info("%s: reading %s works again", self.name, group)
        self._read_at[group] = dt_util.utcnow()
        return value

    @callback
    def _async_report_absent(self) -> None:
        """Log the endpoints the firmware lacks: once per camera while Home Assistant runs."""
        reported = self.hass.data.setdefault(REPORTED_ABSENT, {}).setdefault(
            self.config_entry.entry_id, set()
        )
        if new := [name for name in self._absent if name not in reported]:
            reported.update(new)
            _LOGGER.warning(
                "%s: the camera's firmware lacks %s (HTTP 404); what needs them "
                "is left out or unavailable",
                self.name,
                ", ".join(new),
            )

    async def _async_read_groups(
        self, groups: Iterable[PollGroup]
    ) -> dict[PollGroup, object]:
        """Read `groups` one after the other."""
        replies: dict[PollGroup, object] = {}
        self._replies = replies
        for group in groups:
            replies[group] = await self._async_read(group)
        return replies

    def _shown_changed(
        self, group: PollGroup, old: CameraData, new: CameraData
    ) -> bool:
        """Tell whether what entities show of `group` changed from `old` to `new`.

        3.25's clock and uptime tick every poll: what entities show of them is
        the boot time and the clock's drift (clock.py), each beyond its jitter.
        """
        before, after = old.get(group), new.get(group)
        if not isinstance(before, DeviceState) or not isinstance(after, DeviceState):
            return after != before
        return (
            _SETTLED_STATE(before) != _SETTLED_STATE(after)
            or new.boot_time != old.boot_time
            or self.drift_moved(after)
        )

    def _merged(
        self, replies: dict[PollGroup, object], versions: Counter[PollGroup]
    ) -> CameraData:
        """Return the data with `replies`, except groups a setter changed meanwhile.

        Counts the groups of which what entities show changed (`change_key`).
        """
        kept = {
            group: reply
            for group, reply in replies.items()
            if self._versions[group] == versions[group]
        }
        old, new = self.data, self.data.replaced(kept)
        for group in kept:
            if self._shown_changed(group, old, new):
                self._changes[group] += 1
        return new

    async def _async_update_data(self) -> CameraData:
        """Poll the due groups; one miss keeps the data, the second in a row fails."""
        versions = self._versions.copy()
        try:
            with self.client.background():
                replies = await self._async_read_groups(self._due())
        except IpcCgiInvalidCredentialsError as err:
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN, translation_key="invalid_auth"
            ) from err
        except IpcCgiConnectionError as err:
            self._misses += 1
            if self._misses == 1 and self._polled:
                _LOGGER.debug("%s: a poll failed, trying again: %s", self.name, err)
                return self.data
            raise UpdateFailed(
                translation_domain=DOMAIN, translation_key="cannot_connect"
            ) from err
        self._misses = 0
        self._polled = True
        self._fetch_failed = False
        if self.config_entry.state is not ConfigEntryState.SETUP_IN_PROGRESS:
            # The first refresh reads before the entities register: the fetch reports.
            self._async_report_absent()
        return self._merged(replies, versions)

    @callback
    def _async_schedule_fetch(self) -> None:
        """Read newly registered groups soon, once for all entities being added.

        Not while setup adds its platforms (`async_platforms_added` reads then),
        nor after a read found the camera gone (the next poll reads).
        """
        if self._adding or self._fetch_failed:
            return
        if self._fetch_task is None or self._fetch_task.done():
            self._fetch_task = self.config_entry.async_create_task(
                self.hass,
                self._async_fetch_missing(),
                f"{DOMAIN} {self.name} read new poll groups",
                eager_start=False,
            )

    async def _async_fetch_missing(self) -> None:
        """Read the groups that entities registered since the last poll."""
        replies: dict[PollGroup, object] = {}
        self._replies = replies
        versions = self._versions.copy()
        tried: set[PollGroup] = set()
        try:
            with self.client.background():
                while self.last_update_success and (
                    todo := [group for group in self._missing() if group not in tried]
                ):
                    tried.add(todo[0])
                    replies[todo[0]] = await self._async_read(todo[0])
        except IpcCgiError as err:
            # The next poll reads these groups and handles the error; no
            # entity registering meanwhile tries the camera again.
            self._fetch_failed = True
            _LOGGER.debug("%s: reading new poll groups failed: %s", self.name, err)
        self._async_report_absent()
        if replies:
            self.data = self._merged(replies, versions)
            self.async_update_listeners()
