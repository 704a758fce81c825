"""The cameras' recordings in Home Assistant's media browser: camera, day, kind, clip."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from homeassistant.components.http.auth import async_sign_path
from homeassistant.components.media_player.const import (
    CONTENT_AUTH_EXPIRY_TIME,
    MediaClass,
)
from homeassistant.components.media_player.errors import BrowseError
from homeassistant.components.media_source import (
    BrowseMediaSource,
    MediaSource,
    MediaSourceItem,
    PlayMedia,
    Unresolvable,
)
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_PASSWORD
from homeassistant.core import HomeAssistant
from homeassistant.helpers.translation import async_get_translations
import homeassistant.util.dt as dt_util

from .const import DOMAIN
from .data import IpcCgiConfigEntry
from .errors import camera_error
from .ipccgi import IpcCgiError, Recording
from .recordings import (
    KIND_MODES,
    ClipId,
    RecordingKind,
    day_identifier,
    kind_identifier,
    mime_type,
)
from .views import recording_url


async def async_get_media_source(hass: HomeAssistant) -> IpcCgiMediaSource:
    """Return the media source of every IPC CGI camera."""
    return IpcCgiMediaSource(hass)


def _loaded_entry(hass: HomeAssistant, entry_id: str) -> IpcCgiConfigEntry | None:
    entry: IpcCgiConfigEntry | None = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != DOMAIN:
        return None
    return entry if entry.state is ConfigEntryState.LOADED else None


def camera_today(entry: IpcCgiConfigEntry) -> date:
    """Return the camera's date, which names its recordings' days.

    The camera's clock as last read (3.25, read every poll) plus the time
    since, else Home Assistant's date.
    """
    now = entry.runtime_data.coordinator.camera_now()
    return (now or dt_util.now()).date()


def _size(size: int) -> str:
    """Return a file size for people: 512 B, 950 kB, 31.2 MB."""
    if size < 1000:
        return f"{size} B"
    if size < 999_500:
        return f"{size / 1000:.0f} kB"
    return f"{size / 1_000_000:.1f} MB"


def _clip_title(recording: Recording) -> str:
    """Return a clip's title: its start time and size (3.20 gives no length)."""
    start = (
        "--:--:--"
        if recording.start_time is None
        else f"{recording.start_time:%H:%M:%S}"
    )
    return f"{start} · {_size(recording.size)}"


def _directory(
    identifier: str, title: str, children_class: MediaClass = MediaClass.DIRECTORY
) -> BrowseMediaSource:
    return BrowseMediaSource(
        domain=DOMAIN,
        identifier=identifier,
        media_class=MediaClass.DIRECTORY,
        media_content_type="",
        title=title,
        can_play=False,
        can_expand=True,
        children_media_class=children_class,
    )


class IpcCgiMediaSource(MediaSource):
    """Recordings on the cameras' SD cards (3.20), played through Home Assistant.

    Browsing costs the camera: the camera node one query per day not read
    before (30 at first, then today's only), a day node one query for today
    (past days are known from the camera node), a kind node one query filtered
    by record_mode. Playing asks nothing before the clip's bytes.
    """

    name = "IPC CGI Camera"

    def __init__(self, hass: HomeAssistant) -> None:
        """Serve every camera of `hass`."""
        super().__init__(DOMAIN)
        self.hass = hass

    async def async_resolve_media(self, item: MediaSourceItem) -> PlayMedia:
        """Return the signed URL of Home Assistant's view that streams the clip."""
        clip = ClipId.parse(item.identifier)
        if clip is None:
            raise Unresolvable(
                translation_domain=DOMAIN,
                translation_key="unknown_recording",
                translation_placeholders={"recording": item.identifier},
            )
        if _loaded_entry(self.hass, clip.entry_id) is None:
            raise Unresolvable(
                translation_domain=DOMAIN,
                translation_key="camera_not_loaded",
                translation_placeholders={"entry_id": clip.entry_id},
            )
        url = async_sign_path(
            self.hass,
            recording_url(clip),
            timedelta(seconds=CONTENT_AUTH_EXPIRY_TIME),
        )
        return PlayMedia(url, mime_type(clip.filepath))

    async def async_browse_media(self, item: MediaSourceItem) -> BrowseMediaSource:
        """Return the cameras, a camera's days, a day's kinds or a kind's clips."""
        if not item.identifier:
            return self._cameras()
        entry_id, _, rest = item.identifier.partition("/")
        entry = _loaded_entry(self.hass, entry_id)
        if entry is None:
            raise BrowseError(
                translation_domain=DOMAIN,
                translation_key="camera_not_loaded",
                translation_placeholders={"entry_id": entry_id},
            )
        day_text, _, kind_text = rest.partition("/")
        try:
            day = date.fromisoformat(day_text) if day_text else None
            kind = RecordingKind(kind_text) if kind_text else None
        except ValueError:
            raise BrowseError(
                translation_domain=DOMAIN,
                translation_key="unknown_recording",
                translation_placeholders={"recording": item.identifier},
            ) from None
        try:
            if day is None:
                return await self._days(entry)
            if kind is None:
                return await self._kinds(entry, day)
            return await self._clips(entry, day, kind)
        except IpcCgiError as err:
            error = camera_error(err, [entry.data[CONF_PASSWORD]])
            raise BrowseError(
                translation_domain=DOMAIN,
                translation_key=error.translation_key,
                translation_placeholders=error.translation_placeholders,
            ) from err

    def _cameras(self) -> BrowseMediaSource:
        root = _directory("", self.name or DOMAIN)
        entries = self.hass.config_entries.async_loaded_entries(DOMAIN)
        root.children = [
            _directory(entry.entry_id, entry.title)
            for entry in sorted(entries, key=lambda entry: entry.title)
        ]
        return root

    async def _days(self, entry: IpcCgiConfigEntry) -> BrowseMediaSource:
        runtime_data = entry.runtime_data
        node = _directory(entry.entry_id, entry.title)
        days = await runtime_data.recording_days.recent(
            runtime_data.client, camera_today(entry)
        )
        node.children = [
            _directory(day_identifier(entry.entry_id, day), day.isoformat())
            for day, _ in days
        ]
        return node

    async def _kinds(self, entry: IpcCgiConfigEntry, day: date) -> BrowseMediaSource:
        runtime_data = entry.runtime_data
        counts = await runtime_data.recording_days.kinds(
            runtime_data.client, day, camera_today(entry)
        )
        names = await self._kind_names()
        node = _directory(day_identifier(entry.entry_id, day), day.isoformat())
        node.children = [
            _directory(
                kind_identifier(entry.entry_id, day, kind),
                f"{names[kind]} ({counts[kind]})",
                MediaClass.VIDEO,
            )
            for kind in RecordingKind
            if counts[kind]
        ]
        return node

    async def _clips(
        self, entry: IpcCgiConfigEntry, day: date, kind: RecordingKind
    ) -> BrowseMediaSource:
        recordings = await entry.runtime_data.client.get_recordings(
            day, record_mode=KIND_MODES[kind]
        )
        names = await self._kind_names()
        node = _directory(
            kind_identifier(entry.entry_id, day, kind),
            f"{day.isoformat()} {names[kind]}",
            MediaClass.VIDEO,
        )
        node.children = [
            BrowseMediaSource(
                domain=DOMAIN,
                identifier=ClipId(entry.entry_id, recording.filepath).identifier,
                media_class=MediaClass.VIDEO,
                media_content_type=mime_type(recording.filepath),
                title=_clip_title(recording),
                can_play=True,
                can_expand=False,
            )
            for recording in sorted(
                recordings,
                key=lambda recording: recording.start_time or datetime.min,
            )
        ]
        return node

    async def _kind_names(self) -> dict[RecordingKind, str]:
        """Return the kinds' names in Home Assistant's language."""
        texts = await async_get_translations(
            self.hass, self.hass.config.language, "common", [DOMAIN]
        )
        return {
            kind: texts.get(f"component.{DOMAIN}.common.recording_{kind}", kind.title())
            for kind in RecordingKind
        }
