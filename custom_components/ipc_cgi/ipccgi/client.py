"""Async client for IP cameras speaking the IPC HTTP CGI API v1.0.10."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from .checks import check_choice, check_range, check_text, flag, require_any
from .core import XML_LIMIT, Auth, Params
from .media import MediaEndpoints
from .models import (
    TIMEZONES,
    AlarmLogicalState,
    AlarmState,
    AudioCapabilities,
    AudioConfig,
    BitrateControl,
    Capabilities,
    CodecStreams,
    DeviceInfo,
    DeviceState,
    FlipConfig,
    FontSize,
    ImageConfig,
    IrCutConfig,
    IrCutMode,
    IrCutTime,
    LampConfig,
    LampMode,
    LedConfig,
    LedMode,
    MotionConfig,
    NetworkConfig,
    NoiseReductionConfig,
    OsdColor,
    OsdConfig,
    OsdInfo,
    PositionType,
    PrivacyZone,
    Privilege,
    ServicePorts,
    ShutterConfig,
    TimeConfig,
    TimeFormat,
    TimeUpdateMethod,
    User,
    UserOsdConfig,
    VideoCapabilities,
    VideoEncoderConfig,
    WdrConfig,
    parse_auth_flag,
    parse_device_name,
    parse_privacy_zones,
    parse_relay,
    parse_uid_valid_time,
    parse_users,
)
from .onvif import OnvifEvents
from .parser import Node, expect, expecting


def _auth_flag(name: str) -> Callable[[Node], bool]:
    return lambda node: parse_auth_flag(node, name)


class IpcCgiClient(MediaEndpoints, OnvifEvents):
    """One camera: the request core (`RequestCore`) and one method per CGI endpoint."""

    # --- session (3.1, 3.2, 3.38, 3.39) ---------------------------------------

    async def login(self) -> None:
        """Log in (3.1 getuid) now, replacing any current uid."""
        async with self._login_lock:
            await self._login()

    async def keep_alive(self) -> None:
        """Renew the uid (3.2)."""
        await self._request(
            "/cgi-bin/keep_alive", None, expecting("keep_alive", "^true$")
        )

    async def web_login(self) -> None:
        """Check the web login (3.38 WEBlogin) with the client's credentials."""
        await self._fetch("/WEBlogin", auth="credentials", limit=XML_LIMIT)

    async def set_uid_valid_time(self, seconds: int) -> int:
        """Set how long an idle uid stays valid (3.39), also for later logins; return the camera's value."""
        if seconds <= 0:
            raise ValueError("seconds must be positive")
        valid = await self._request(
            "/cgi-bin/setUidValidTime", {"validTime": seconds}, parse_uid_valid_time
        )
        self._wanted_valid_time = seconds
        self._track_valid_time(valid)
        return valid

    # --- device (3.3-3.6, 3.17, 3.25, 3.45) -----------------------------------

    async def get_info(self, *, authenticated: bool = True) -> DeviceInfo:
        """Return the device information (3.3); without login only model and MAC."""
        auth: Auth = "uid" if authenticated else "none"
        return await self._request(
            "/cgi-bin/getinfo", None, DeviceInfo.from_xml, auth=auth
        )

    async def get_capabilities(self) -> Capabilities:
        """Return what the camera supports (3.4)."""
        return await self._request(
            "/cgi-bin/getcapabilities", None, Capabilities.from_xml
        )

    async def reboot(self) -> None:
        """Reboot the camera (3.5)."""
        await self._request("/cgi-bin/reboot", None, expecting("reboot", "^true$"))

    async def factory_reset(self, retain_network: bool = False) -> None:
        """Restore the factory settings (3.6), optionally keeping the network."""
        params = {"retain_network": 1} if retain_network else None
        await self._request(
            "/cgi-bin/factory_reset", params, expecting("factory_reset", "^true$")
        )

    async def get_model(self) -> str:
        """Return the OEM model (3.17)."""
        node = await self._request("/cgi-bin/getmodel", None, expecting("model", r"\S"))
        return node.text

    async def get_device_state(self) -> DeviceState:
        """Return SD cards, clock, uptime and memory (3.25)."""
        return await self._request("/cgi-bin/getDevState", None, DeviceState.from_xml)

    async def set_device_name(self, name: str) -> str:
        """Set the OEM model name (3.45); return the name the camera set."""
        check_text("name", name)
        return await self._request(
            "/cgi-bin/setDeviceName", {"deviceName": name}, parse_device_name
        )

    # --- network and time (3.7, 3.8) --------------------------------------------

    async def get_network(self) -> NetworkConfig:
        """Return the network configuration (3.7)."""
        return await self._request("/cgi-bin/network", None, NetworkConfig.from_xml)

    async def set_network(
        self,
        *,
        dhcp: bool | None = None,
        ip_address: str | None = None,
        netmask: str | None = None,
        gateway: str | None = None,
        dns1: str | None = None,
        dns2: str | None = None,
        port: int | None = None,
    ) -> NetworkConfig:
        """Change the network configuration (3.7)."""
        if port is not None and port != 80 and not 1000 <= port <= 65535:
            raise ValueError("port must be 80 or between 1000 and 65535")
        params = {
            "dhcp": flag(dhcp),
            "ipaddr": ip_address,
            "netmask": netmask,
            "gateway": gateway,
            "dns1": dns1,
            "dns2": dns2,
            "port": port,
        }
        return await self._change("/cgi-bin/network", params, NetworkConfig.from_xml)

    async def get_time(self) -> TimeConfig:
        """Return the clock configuration (3.8)."""
        return await self._request("/cgi-bin/time", None, TimeConfig.from_xml)

    async def set_time(
        self,
        *,
        timezone: str | None = None,
        update_method: TimeUpdateMethod | None = None,
        current_time: datetime | None = None,
        ntp_server: str | None = None,
        ntp_port: int | None = None,
        update_period: int | None = None,
    ) -> TimeConfig:
        """Change the clock (3.8); `current_time` sets it by hand (MANUAL)."""
        check_choice("timezone", timezone, TIMEZONES)
        check_choice("update_method", update_method, tuple(TimeUpdateMethod))
        # 3.8's table copies 3.7's port rule, but its own example uses NTP's 123.
        check_range("ntp_port", ntp_port, 1, 65535)
        check_range("update_period", update_period, 60, 999999)
        params: dict[str, str | int | None] = {
            "timezone": timezone,
            "update_method": None if update_method is None else str(update_method),
            "ntpaddr": ntp_server,
            "port": ntp_port,
            "update_period": update_period,
        }
        if current_time is not None:
            params |= {
                "year": current_time.year,
                "month": current_time.month,
                "day": current_time.day,
                "hour": current_time.hour,
                "min": current_time.minute,
                "sec": current_time.second,
            }
        return await self._change("/cgi-bin/time", params, TimeConfig.from_xml)

    # --- video and audio (3.9-3.14, 3.27-3.29, 3.33) ----------------------------

    async def get_video_capabilities(self) -> VideoCapabilities:
        """Return the codecs, resolutions and limits per stream (3.9)."""
        return await self._request(
            "/cgi-bin/videoencoder/getcapabilities", None, VideoCapabilities.from_xml
        )

    async def get_video_encoder(self) -> VideoEncoderConfig:
        """Return the encoder settings of every stream (3.10)."""
        return await self._request(
            "/cgi-bin/videoencoder", None, VideoEncoderConfig.from_xml
        )

    async def set_video_stream(
        self,
        stream: int,
        *,
        codec: str | None = None,
        resolution: str | None = None,
        framerate: int | None = None,
        gov_length: int | None = None,
        bitrate: int | None = None,
        bitrate_control: BitrateControl | None = None,
        profile: int | None = None,
    ) -> VideoEncoderConfig:
        """Change one stream's encoder (3.10); stream 1 main, 2 sub, 3 third."""
        check_range("stream", stream, 1, 3)
        check_range("framerate", framerate, 1, 120)
        check_range("gov_length", gov_length, 1, 65535)
        check_range("bitrate", bitrate, 1, 1_000_000)
        check_range("profile", profile, 0, 1)
        params = {
            "encode_mode": codec,
            "resolution": resolution,
            "framerate": framerate,
            "govlength": gov_length,
            "bitrate": bitrate,
            "bitrate_control": None
            if bitrate_control is None
            else str(bitrate_control),
            "AdvanceEncodeConfig/profile": profile,
        }
        return await self._change(
            f"/cgi-bin/videoencoder/stream{stream}", params, VideoEncoderConfig.from_xml
        )

    async def get_audio_capabilities(self) -> AudioCapabilities:
        """Return the audio codecs, sample rates and bitrates (3.11)."""
        return await self._request(
            "/cgi-bin/audioencoder/getcapabilities", None, AudioCapabilities.from_xml
        )

    async def get_audio(self) -> AudioConfig:
        """Return the audio settings (3.12)."""
        return await self._request("/cgi-bin/audioencoder", None, AudioConfig.from_xml)

    async def set_audio(
        self,
        *,
        enabled: bool | None = None,
        codec: str | None = None,
        sample_rate: int | None = None,
        bitrate: int | None = None,
        input_volume: int | None = None,
        output_volume: int | None = None,
        amplifier: bool | None = None,
    ) -> AudioConfig:
        """Change the audio settings (3.12)."""
        check_range("input_volume", input_volume, 1, 100)
        check_range("output_volume", output_volume, 1, 100)
        params = {
            "enable": flag(enabled),
            "encode_type": codec,
            "samplerate": sample_rate,
            "bitrate": bitrate,
            "input_volume": input_volume,
            "output_volume": output_volume,
            "amplify": flag(amplifier),
        }
        return await self._change("/cgi-bin/audioencoder", params, AudioConfig.from_xml)

    async def get_osd(self) -> OsdConfig:
        """Return the on-screen display settings (3.13)."""
        return await self._request("/cgi-bin/osd", None, OsdConfig.from_xml)

    async def set_osd(
        self,
        *,
        enabled: bool | None = None,
        color: OsdColor | None = None,
        font_size: FontSize | None = None,
        title_position_type: PositionType | None = None,
        title_x: int | None = None,
        title_y: int | None = None,
        show_info: OsdInfo | None = None,
        time_position_type: PositionType | None = None,
        time_x: int | None = None,
        time_y: int | None = None,
        show_week: bool | None = None,
        time_format: TimeFormat | None = None,
        title: str | None = None,
    ) -> OsdConfig:
        """Change the on-screen display (3.13); positions 0-2 by direction, 0-100 by coordinate."""
        check_choice("color", color, tuple(OsdColor))
        check_choice("font_size", font_size, tuple(FontSize))
        check_choice("title_position_type", title_position_type, tuple(PositionType))
        check_choice("time_position_type", time_position_type, tuple(PositionType))
        check_choice("show_info", show_info, tuple(OsdInfo))
        check_choice("time_format", time_format, tuple(TimeFormat))
        for name, value in (
            ("title_x", title_x),
            ("title_y", title_y),
            ("time_x", time_x),
            ("time_y", time_y),
        ):
            check_range(name, value, 0, 100)
        params = {
            "enable": flag(enabled),
            "color": None if color is None else int(color),
            "fontsize": None if font_size is None else int(font_size),
            "title_pos_type": None
            if title_position_type is None
            else int(title_position_type),
            "title_pos_x": title_x,
            "title_pos_y": title_y,
            "show_res_bit": None if show_info is None else int(show_info),
            "time_pos_type": None
            if time_position_type is None
            else int(time_position_type),
            "time_pos_x": time_x,
            "time_pos_y": time_y,
            "show_week": flag(show_week),
            # 3.13: the URL carries `_` where the reply has a space.
            "time_format": None
            if time_format is None
            else str(time_format).replace(" ", "_"),
            "title_utf8": title,
        }
        return await self._change("/cgi-bin/osd", params, OsdConfig.from_xml)

    async def get_image(self) -> ImageConfig:
        """Return the image settings (3.14)."""
        return await self._request("/cgi-bin/image", None, ImageConfig.from_xml)

    async def set_image(
        self,
        *,
        brightness: int | None = None,
        contrast: int | None = None,
        saturation: int | None = None,
        sharpness: int | None = None,
        hlc: int | None = None,
        blc: int | None = None,
        nr2d: int | None = None,
        nr3d: int | None = None,
        tv_system: int | None = None,
        anti_flicker: bool | None = None,
    ) -> ImageConfig:
        """Change the image settings (3.14); levels 0-255, tv_system 50 or 60 Hz."""
        levels = {
            "brightness": brightness,
            "contrast": contrast,
            "saturation": saturation,
            "sharpness": sharpness,
            "hlc": hlc,
            "blc": blc,
            "nr2d": nr2d,
            "nr3d": nr3d,
        }
        for name, value in levels.items():
            check_range(name, value, 0, 255)
        check_choice("tv_system", tv_system, (50, 60))
        # `antificker` is the spec's spelling (3.14).
        params = levels | {"tvsystem": tv_system, "antificker": flag(anti_flicker)}
        return await self._change("/cgi-bin/image", params, ImageConfig.from_xml)

    async def get_wdr(self) -> WdrConfig:
        """Return the wide dynamic range setting (3.27)."""
        return await self._request("/cgi-bin/set_wdr", None, WdrConfig.from_xml)

    async def set_wdr(
        self, enabled: bool | None = None, level: int | None = None
    ) -> WdrConfig:
        """Change wide dynamic range (3.27); level 0-255."""
        check_range("level", level, 0, 255)
        params = {"enable": flag(enabled), "wdr_value": level}
        return await self._change("/cgi-bin/set_wdr", params, WdrConfig.from_xml)

    async def get_noise_reduction(self) -> NoiseReductionConfig:
        """Return the noise reduction levels (3.28)."""
        return await self._request(
            "/cgi-bin/set_noise_reduction", None, NoiseReductionConfig.from_xml
        )

    async def set_noise_reduction(
        self, nr2d: int | None = None, nr3d: int | None = None
    ) -> NoiseReductionConfig:
        """Change the noise reduction levels (3.28), 0-255."""
        check_range("nr2d", nr2d, 0, 255)
        check_range("nr3d", nr3d, 0, 255)
        params = {"y_2D_value": nr2d, "y_3D_value": nr3d}
        return await self._change(
            "/cgi-bin/set_noise_reduction", params, NoiseReductionConfig.from_xml
        )

    async def get_codec_streams(self) -> CodecStreams:
        """Return which encoder streams run (3.29)."""
        return await self._request(
            "/cgi-bin/set_start_codec", None, CodecStreams.from_xml
        )

    async def set_codec_streams(
        self, main: bool | None = None, sub: bool | None = None
    ) -> CodecStreams:
        """Switch the main and sub streams' encoders (3.29)."""
        params = {"stream0_enable": flag(main), "stream1_enable": flag(sub)}
        return await self._change(
            "/cgi-bin/set_start_codec", params, CodecStreams.from_xml
        )

    async def get_flip(self) -> FlipConfig:
        """Return the image flip (3.33)."""
        return await self._request("/cgi-bin/set_flip", None, FlipConfig.from_xml)

    async def set_flip(
        self, vertical: bool | None = None, horizontal: bool | None = None
    ) -> FlipConfig:
        """Flip the image (3.33)."""
        params = {"vertical_flip": flag(vertical), "horizon_flip": flag(horizontal)}
        return await self._change("/cgi-bin/set_flip", params, FlipConfig.from_xml)

    async def get_shutter(self) -> ShutterConfig:
        """Return the manual shutter settings (3.44b)."""
        return await self._request(
            "/cgi-bin/setShutterSpeed", None, ShutterConfig.from_xml
        )

    async def set_shutter(
        self,
        *,
        day_manual: bool | None = None,
        day_speed: int | None = None,
        night_manual: bool | None = None,
        night_speed: int | None = None,
    ) -> ShutterConfig:
        """Change the shutter (3.44b); speeds 10-10000."""
        check_range("day_speed", day_speed, 10, 10000)
        check_range("night_speed", night_speed, 10, 10000)
        params = {
            "dayShutterMode": flag(day_manual),
            "dayShutterSpeed": day_speed,
            "nightShutterMode": flag(night_manual),
            "nightShutterSpeed": night_speed,
        }
        return await self._change(
            "/cgi-bin/setShutterSpeed", params, ShutterConfig.from_xml
        )

    # --- overlays and masks (3.13, 3.32, 3.35) ----------------------------------

    async def get_privacy_zones(self) -> tuple[PrivacyZone, ...] | None:
        """Return the privacy masks (3.32); None if the camera answers only OK.

        The spec's example answers every request `<Mask>OK</Mask>`: such a
        camera does not report its masks.
        """
        return await self._request(
            "/cgi-bin/set_privacy_zone",
            None,
            lambda node: parse_privacy_zones(expect(node, "Mask")),
        )

    async def set_privacy_zone(
        self, index: int, x: int, y: int, width: int, height: int
    ) -> PrivacyZone:
        """Set privacy mask `index` (1-4); the camera answers only OK (3.32)."""
        check_range("index", index, 1, 4)
        for name, value in (("x", x), ("y", y), ("width", width), ("height", height)):
            check_range(name, value, 0, 65535)
        params = {
            f"Mask{index}Height": height,
            f"Mask{index}width": width,
            f"Mask{index}xPos": x,
            f"Mask{index}yPos": y,
        }
        await self._request(
            "/cgi-bin/set_privacy_zone", params, expecting("Mask", "^ok$")
        )
        return PrivacyZone(index, x, y, width, height)

    async def get_user_osd(self, index: int) -> UserOsdConfig:
        """Return custom OSD text `index` (0-4) (3.35)."""
        check_range("index", index, 0, 4)
        return await self._request(
            "/cgi-bin/userosd", {"title_index": index}, UserOsdConfig.from_xml
        )

    async def set_user_osd(
        self,
        index: int,
        *,
        enabled: bool | None = None,
        color: int | None = None,
        font_size: FontSize | None = None,
        position_type: PositionType | None = None,
        x: int | None = None,
        y: int | None = None,
        title: str | None = None,
    ) -> UserOsdConfig:
        """Change custom OSD text `index` (3.35); `color` is 0xRRGGBB."""
        check_range("index", index, 0, 4)
        check_range("color", color, 0, 0xFFFFFFFF)
        check_choice("font_size", font_size, tuple(FontSize))
        check_choice("position_type", position_type, tuple(PositionType))
        check_range("x", x, 0, 100)
        check_range("y", y, 0, 100)
        settings = {
            "enable": flag(enabled),
            "color": None if color is None else f"0x{color:06x}",
            "fontsize": None if font_size is None else int(font_size),
            "title_pos_type": None if position_type is None else int(position_type),
            "title_pos_x": x,
            "title_pos_y": y,
            "title_utf8": title,
        }
        require_any(settings)
        return await self._request(
            "/cgi-bin/userosd",
            {"title_index": index} | settings,
            UserOsdConfig.from_xml,
        )

    # --- PTZ (3.15) ---------------------------------------------------------------

    async def _ptz(self, params: Params) -> None:
        await self._request(
            "/cgi-bin/ptz_ctrl", params, expecting("ptz_ctrl", "^true$")
        )

    async def ptz_move(self, x: int, y: int, speed: int = 5) -> None:
        """Move: x and y are -1, 0 or 1 (left/right, down/up); speed 1-10."""
        check_choice("x", x, (-1, 0, 1))
        check_choice("y", y, (-1, 0, 1))
        check_range("speed", speed, 1, 10)
        await self._ptz({"move_x": x, "move_y": y, "speed": speed})

    async def ptz_stop(self) -> None:
        """Stop moving."""
        await self._ptz({"stop": 1})

    async def ptz_zoom(self, direction: int) -> None:
        """Zoom in (1) or out (-1)."""
        check_choice("direction", direction, (-1, 1))
        await self._ptz({"zoom": direction})

    async def ptz_focus(self, direction: int) -> None:
        """Focus near (1) or far (-1)."""
        check_choice("direction", direction, (-1, 1))
        await self._ptz({"focus": direction})

    async def ptz_iris(self, direction: int) -> None:
        """Open (1) or close (-1) the iris."""
        check_choice("direction", direction, (-1, 1))
        await self._ptz({"iris": direction})

    async def ptz_call_preset(self, preset: int) -> None:
        """Go to a preset."""
        check_range("preset", preset, 1, 255)
        await self._ptz({"call_preset": preset})

    async def ptz_add_preset(self, preset: int) -> None:
        """Store the current position as a preset."""
        check_range("preset", preset, 1, 255)
        await self._ptz({"add_preset": preset})

    async def ptz_delete_preset(self, preset: int) -> None:
        """Delete a preset."""
        check_range("preset", preset, 1, 255)
        await self._ptz({"delete_preset": preset})

    # --- motion and alarms (3.16, 3.26, 3.40, 3.43, 3.44) --------------------------

    async def get_motion(self) -> MotionConfig:
        """Return the motion detection settings (3.16)."""
        return await self._request("/cgi-bin/motion", None, MotionConfig.from_xml)

    async def set_motion(
        self,
        *,
        enabled: bool | None = None,
        sensitivity: int | None = None,
        alarm_threshold: int | None = None,
        night_enabled: bool | None = None,
        night_sensitivity: int | None = None,
        night_alarm_threshold: int | None = None,
        block_count: tuple[int, int] | None = None,
        area: str | None = None,
    ) -> MotionConfig:
        """Change motion detection (3.16); levels 1-100, `area` one bit per block in hex."""
        for name, value in (
            ("sensitivity", sensitivity),
            ("alarm_threshold", alarm_threshold),
            ("night_sensitivity", night_sensitivity),
            ("night_alarm_threshold", night_alarm_threshold),
        ):
            check_range(name, value, 1, 100)
        if block_count is not None and min(block_count) < 1:
            raise ValueError("block_count must be positive")
        if area is not None and (
            len(area) % 2 or any(c not in "0123456789abcdefABCDEF" for c in area)
        ):
            raise ValueError("area must be a hexadecimal string of whole bytes")
        params = {
            "enable": flag(enabled),
            "sensitivity": sensitivity,
            "alarmthreshold": alarm_threshold,
            "enable_nighttime": flag(night_enabled),
            "night_sensitivity": night_sensitivity,
            "night_alarmthreshold": night_alarm_threshold,
            "blockcount": None
            if block_count is None
            else f"{block_count[0]}x{block_count[1]}",
            "areavalue": area,
        }
        return await self._change("/cgi-bin/motion", params, MotionConfig.from_xml)

    async def get_alarm_state(self) -> AlarmState:
        """Return the alarm input switch (3.26)."""
        return await self._request("/cgi-bin/setAlarmState", None, AlarmState.from_xml)

    async def set_alarm_state(
        self, position: int, logical_state: AlarmLogicalState
    ) -> AlarmState:
        """Set alarm channel `position` (0-3) normally open or closed (3.26)."""
        check_range("position", position, 0, 3)
        check_choice("logical_state", logical_state, tuple(AlarmLogicalState))
        params = {"position": position, "logicalstate": int(logical_state)}
        return await self._request(
            "/cgi-bin/setAlarmState", params, AlarmState.from_xml
        )

    async def trigger_input_alarm(self) -> None:
        """Trigger the IO input alarm by hand (3.40)."""
        await self._request(
            "/cgi-bin/setManualInputAlarm",
            None,
            expecting("ManualInputAlarm", "success"),
        )

    async def get_relay(self) -> bool:
        """Return whether the relay is closed (3.43)."""
        return await self._request("/cgi-bin/getRelayStatus", None, parse_relay)

    async def set_relay(self, closed: bool) -> bool:
        """Close or open the relay (3.44); return whether it is closed."""
        return await self._request(
            "/cgi-bin/setRelayStatus", {"status": int(closed)}, parse_relay
        )

    # --- lamps and day/night (3.30, 3.36, 3.37) -------------------------------------

    async def get_lamp(self) -> LampConfig:
        """Return the lamp brightness and mode (3.30)."""
        return await self._request(
            "/cgi-bin/setBrightness_InfraredLamp", None, LampConfig.from_xml
        )

    async def set_lamp(
        self, brightness: int | None = None, mode: LampMode | None = None
    ) -> LampConfig:
        """Change the lamp brightness (0-255) and mode (3.30)."""
        check_range("brightness", brightness, 0, 255)
        check_choice("mode", mode, tuple(LampMode))
        params = {
            "setbrightness": brightness,
            "infrared_lamp": None if mode is None else int(mode),
        }
        return await self._change(
            "/cgi-bin/setBrightness_InfraredLamp", params, LampConfig.from_xml
        )

    async def get_led(self) -> LedConfig:
        """Return the lamp control (3.36)."""
        return await self._request("/cgi-bin/set_led", None, LedConfig.from_xml)

    async def set_led(self, brightness: int, on: bool, mode: LedMode) -> LedConfig:
        """Drive one lamp (3.36): brightness 0-100; the camera needs all three."""
        check_range("brightness", brightness, 0, 100)
        check_choice("mode", mode, tuple(LedMode))
        params = {"brightness": brightness, "ledstatus": int(on), "ledmode": int(mode)}
        return await self._request("/cgi-bin/set_led", params, LedConfig.from_xml)

    async def get_ir_cut(self) -> IrCutConfig:
        """Return the IR-cut mode (3.37)."""
        return await self._request("/cgi-bin/set_ircut", None, IrCutConfig.from_xml)

    async def set_ir_cut(
        self, mode: IrCutMode, time: IrCutTime | None = None
    ) -> IrCutConfig:
        """Set the IR-cut mode (3.37); MANUAL needs `time` (day or night)."""
        check_choice("mode", mode, tuple(IrCutMode))
        check_choice("time", time, tuple(IrCutTime))
        if mode == IrCutMode.MANUAL and time is None:
            raise ValueError("the manual mode needs a time (day or night)")
        params = {"ircutmode": int(mode), "time": None if time is None else str(time)}
        return await self._request("/cgi-bin/set_ircut", params, IrCutConfig.from_xml)

    # --- users (3.18) ---------------------------------------------------------------

    async def get_users(self) -> tuple[User, ...]:
        """Return the camera's accounts (3.18)."""
        return await self._request(
            "/cgi-bin/user_management", {"action": "get_user"}, parse_users
        )

    async def _manage_user(self, params: Params) -> None:
        await self._request(
            "/cgi-bin/user_management", params, expecting("user_management", "^ok$")
        )

    @staticmethod
    def _check_user_name(name: str) -> None:
        check_text("name", name)
        if len(name.encode()) > 40:
            raise ValueError("name must be at most 40 bytes")

    async def add_user(
        self, name: str, password: str, privilege: Privilege, enabled: bool = True
    ) -> None:
        """Add an account (3.18; needs an Administrator)."""
        self._check_user_name(name)
        check_text("password", password)
        check_choice("privilege", privilege, tuple(Privilege))
        await self._manage_user(
            {
                "action": "add",
                "name": name,
                "newpasswd": password,
                "privilege": str(privilege),
                "enable": "Enable" if enabled else "Disable",
            }
        )

    async def edit_user(
        self,
        name: str,
        *,
        password: str | None = None,
        privilege: Privilege | None = None,
        enabled: bool | None = None,
    ) -> None:
        """Change an account (3.18; needs an Administrator)."""
        self._check_user_name(name)
        check_text("password", password)
        check_choice("privilege", privilege, tuple(Privilege))
        await self._manage_user(
            {
                "action": "edit",
                "name": name,
                "newpasswd": password,
                "privilege": None if privilege is None else str(privilege),
                "enable": None
                if enabled is None
                else ("Enable" if enabled else "Disable"),
            }
        )

    async def delete_user(self, name: str) -> None:
        """Delete an account (3.18; needs an Administrator)."""
        self._check_user_name(name)
        await self._manage_user({"action": "delete", "name": name})

    # --- services and security (3.31, 3.41, 3.42) ----------------------------------

    async def get_service_ports(self) -> ServicePorts:
        """Return the service switches and ports (3.31)."""
        return await self._request(
            "/cgi-bin/set_service_port", None, ServicePorts.from_xml
        )

    async def set_service_ports(
        self,
        *,
        web_enabled: bool | None = None,
        control_enabled: bool | None = None,
        rtsp_enabled: bool | None = None,
        hik_enabled: bool | None = None,
        web_port: int | None = None,
        control_port: int | None = None,
        rtsp_port: int | None = None,
        hik_port: int | None = None,
    ) -> ServicePorts:
        """Switch services and set their ports (3.31); ports 1-65535."""
        for name, value in (
            ("web_port", web_port),
            ("control_port", control_port),
            ("rtsp_port", rtsp_port),
            ("hik_port", hik_port),
        ):
            check_range(name, value, 1, 65535)
        params = {
            "enable_web": flag(web_enabled),
            "webport": web_port,
            "enable_control": flag(control_enabled),
            "controlport": control_port,
            "enable_rtsp": flag(rtsp_enabled),
            "rtspport": rtsp_port,
            "enable_hik": flag(hik_enabled),
            "hikport": hik_port,
        }
        return await self._change(
            "/cgi-bin/set_service_port", params, ServicePorts.from_xml
        )

    async def get_onvif_auth(self) -> bool:
        """Return whether ONVIF needs authentication (3.41)."""
        return await self._request("/cgi-bin/onvif", None, _auth_flag("onvif_auth"))

    async def set_onvif_auth(self, enabled: bool) -> bool:
        """Switch ONVIF authentication (3.41)."""
        params = {"onvif_auth": int(enabled)}
        return await self._request("/cgi-bin/onvif", params, _auth_flag("onvif_auth"))

    async def get_rtsp_auth(self) -> bool:
        """Return whether RTSP needs authentication (3.42)."""
        return await self._request("/cgi-bin/rtsp", None, _auth_flag("rtsp_auth"))

    async def set_rtsp_auth(self, enabled: bool) -> bool:
        """Switch RTSP authentication (3.42)."""
        params = {"rtsp_auth": int(enabled)}
        return await self._request("/cgi-bin/rtsp", params, _auth_flag("rtsp_auth"))
