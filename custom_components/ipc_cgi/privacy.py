"""Privacy mode: privacy zone 1 (3.32) covers the whole picture (3.10)."""

from __future__ import annotations

from dataclasses import dataclass
import re
from typing import Final, Self

from .ipccgi import IpcCgiClient, PrivacyZone, VideoEncoderConfig

# The zone privacy mode sets; the others stay as they are.
COVER_ZONE: Final = 1
MAIN_STREAM: Final = 1
_SIZE = re.compile(r"(\d+)\s*[xX*]\s*(\d+)")
# 3.10 names some resolutions by their height.
_NAMED: Final = {
    "4K": (3840, 2160),
    "1440P": (2560, 1440),
    "1080P": (1920, 1080),
    "960P": (1280, 960),
    "720P": (1280, 720),
    "D1": (720, 576),
    "VGA": (640, 480),
    "CIF": (352, 288),
}


def picture_size(video: VideoEncoderConfig | None) -> tuple[int, int] | None:
    """Return the main stream's width and height (3.10 `1080P`, `2592X1944`), or None."""
    stream = None if video is None else video.streams.get(MAIN_STREAM)
    if stream is None:
        return None
    name = stream.resolution.strip().upper()
    if name in _NAMED:
        return _NAMED[name]
    match = _SIZE.fullmatch(name)
    return (int(match[1]), int(match[2])) if match else None


def covering_zone(size: tuple[int, int]) -> PrivacyZone:
    """Return the zone that covers a picture of `size`."""
    return PrivacyZone(COVER_ZONE, 0, 0, *size)


@dataclass(frozen=True, slots=True)
class PrivacyZones:
    """The camera's privacy zones; `zones` is None if it answers only OK (3.32)."""

    zones: tuple[PrivacyZone, ...] | None

    @classmethod
    async def read(cls, client: IpcCgiClient) -> Self:
        """Read the zones (3.32)."""
        return cls(await client.get_privacy_zones())

    def zone(self, index: int) -> PrivacyZone | None:
        """Return zone `index`, if reported."""
        return next((z for z in self.zones or () if z.index == index), None)

    def with_zone(self, zone: PrivacyZone) -> PrivacyZones:
        """Return the zones with `zone` set (an OK-only camera still reports none)."""
        if self.zones is None:
            return self
        return PrivacyZones(
            tuple(zone if z.index == zone.index else z for z in self.zones)
        )

    def covers(self, size: tuple[int, int]) -> bool:
        """Tell whether a reported zone covers the whole picture."""
        width, height = size
        return any(
            z.x <= 0
            and z.y <= 0
            and z.x + z.width >= width
            and z.y + z.height >= height
            for z in self.zones or ()
        )
