"""Each setter argument, alone, reaches the camera under the spec's name.

The simulator ignores a parameter it does not know, as a CGI form would: a
misspelt name would leave the camera's value as it was. So every case sends
one value that differs from the simulator's default and reads it back, from
the reply (the camera's effective configuration) or from the camera itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from custom_components.ipc_cgi.ipccgi import (
    AlarmLogicalState,
    BitrateControl,
    FontSize,
    IpcCgiClient,
    IpcCgiFaultError,
    IrCutMode,
    IrCutTime,
    LampMode,
    LedMode,
    OsdColor,
    OsdInfo,
    PositionType,
    Privilege,
    RtmpProtocol,
    TimeFormat,
    TimeUpdateMethod,
)
from ipc_simulator import Simulator
from ipc_simulator.state import CameraState

type Shown = Callable[[Any, CameraState], Any]


def setting(
    method: str,
    name: str,
    value: Any,
    *args: Any,
    shown: Shown | None = None,
    expected: Any = None,
) -> Any:
    """Return a case: `method(*args, name=value)`; `shown` reads the value back.

    By default the reply's attribute `name` must equal `value`.
    """
    return pytest.param(
        method,
        args,
        {name: value},
        shown or (lambda reply, _: getattr(reply, name)),
        value if expected is None else expected,
        id=f"{method}-{name}",
    )


SETTINGS = [
    setting("set_network", "dhcp", True),
    setting("set_network", "ip_address", "10.1.2.3"),
    setting("set_network", "netmask", "255.0.0.0"),
    setting("set_network", "gateway", "10.0.0.1"),
    setting("set_network", "dns1", "1.1.1.1"),
    setting("set_network", "dns2", "9.9.9.9"),
    setting("set_network", "port", 8080),
    setting("set_time", "timezone", "GMT+01:00"),
    setting("set_time", "update_method", TimeUpdateMethod.MANUAL),
    setting("set_time", "ntp_server", "ntp.example"),
    setting("set_time", "ntp_port", 1123),
    setting("set_time", "update_period", 120),
    setting(
        "set_time",
        "current_time",
        datetime(2030, 5, 6, 7, 8, 9),  # noqa: DTZ001
        shown=lambda reply, _: reply.current_time,
    ),
    setting(
        "set_video_stream",
        "codec",
        "H264",
        1,
        shown=lambda reply, _: reply.streams[1].codec,
    ),
    setting(
        "set_video_stream",
        "resolution",
        "VGA",
        2,
        shown=lambda reply, _: reply.streams[2].resolution,
    ),
    setting(
        "set_video_stream",
        "framerate",
        12,
        2,
        shown=lambda reply, _: reply.streams[2].framerate,
    ),
    setting(
        "set_video_stream",
        "gov_length",
        50,
        1,
        shown=lambda reply, _: reply.streams[1].gov_length,
    ),
    setting(
        "set_video_stream",
        "bitrate",
        3000,
        1,
        shown=lambda reply, _: reply.streams[1].bitrate,
    ),
    setting(
        "set_video_stream",
        "bitrate_control",
        BitrateControl.VBR,
        1,
        shown=lambda reply, _: reply.streams[1].bitrate_control,
    ),
    setting(
        "set_video_stream",
        "profile",
        1,
        1,
        shown=lambda _, state: state.video_streams[1].profile,
    ),
    setting("set_audio", "enabled", False),
    setting("set_audio", "codec", "AAC"),
    setting("set_audio", "input_volume", 7),
    setting("set_audio", "output_volume", 8),
    setting("set_audio", "amplifier", False),
    setting("set_osd", "enabled", False),
    setting("set_osd", "color", OsdColor.WHITE_BORDERED),
    setting("set_osd", "font_size", FontSize.LARGE),
    setting("set_osd", "title_position_type", PositionType.DIRECTION),
    setting("set_osd", "title_x", 51),
    setting("set_osd", "title_y", 52),
    setting("set_osd", "show_info", OsdInfo.BITRATE),
    setting("set_osd", "time_position_type", PositionType.DIRECTION),
    setting("set_osd", "time_x", 53),
    setting("set_osd", "time_y", 54),
    setting("set_osd", "show_week", False),
    setting("set_osd", "time_format", TimeFormat.TIME_DMY_SLASH),
    setting("set_osd", "title", "Gate"),
    setting("set_image", "brightness", 11),
    setting("set_image", "contrast", 12),
    setting("set_image", "saturation", 13),
    setting("set_image", "sharpness", 14),
    setting("set_image", "hlc", 15),
    setting("set_image", "blc", 16),
    setting("set_image", "nr2d", 17),
    setting("set_image", "nr3d", 18),
    setting("set_image", "tv_system", 60),
    setting("set_image", "anti_flicker", True),
    setting("set_wdr", "enabled", False),
    setting("set_wdr", "level", 200),
    setting("set_noise_reduction", "nr2d", 21),
    setting("set_noise_reduction", "nr3d", 22),
    setting(
        "set_codec_streams",
        "main",
        False,
        shown=lambda reply, _: reply.main_enabled,
    ),
    setting(
        "set_codec_streams",
        "sub",
        False,
        shown=lambda reply, _: reply.sub_enabled,
    ),
    setting("set_flip", "vertical", True),
    setting("set_flip", "horizontal", True),
    setting("set_shutter", "day_manual", True),
    setting("set_shutter", "day_speed", 500),
    setting("set_shutter", "night_manual", True),
    setting("set_shutter", "night_speed", 600),
    setting("set_user_osd", "enabled", True, 2),
    setting("set_user_osd", "color", 0x123456, 2),
    setting("set_user_osd", "font_size", FontSize.LARGE, 2),
    setting("set_user_osd", "position_type", PositionType.DIRECTION, 2),
    setting("set_user_osd", "x", 41, 2),
    setting("set_user_osd", "y", 42, 2),
    setting("set_user_osd", "title", "Yard", 2),
    setting("set_motion", "enabled", False),
    setting("set_motion", "sensitivity", 31),
    setting("set_motion", "alarm_threshold", 32),
    setting("set_motion", "night_enabled", False),
    setting("set_motion", "night_sensitivity", 33),
    setting("set_motion", "night_alarm_threshold", 34),
    setting("set_motion", "area", "0f" * 50),
    setting("set_lamp", "brightness", 12),
    setting("set_lamp", "mode", LampMode.WHITE_ON_INFRARED_TRIGGER),
    setting("set_rtmp", "enabled", True),
    setting("set_rtmp", "stream", 1),
    setting("set_rtmp", "server", "10.0.0.5"),
    setting("set_rtmp", "port", 1936),
    setting("set_rtmp", "app_name", "app"),
    setting("set_rtmp", "stream_id", "yard"),
    setting("set_rtmp", "protocol_type", RtmpProtocol.COMPATIBLE),
    setting(
        "set_schedule_storage",
        "enabled",
        False,
        shown=lambda _, state: state.schedule_storage.enabled,
    ),
    setting("set_schedule_storage", "local_enabled", False),
    setting("set_schedule_storage", "remote_enabled", True),
    setting(
        "set_schedule_storage",
        "nfs_server",
        "10.0.0.9",
        shown=lambda _, state: state.schedule_storage.nfs_server,
    ),
    setting(
        "set_schedule_storage",
        "nfs_path",
        "/export/cam",
        shown=lambda _, state: state.schedule_storage.nfs_path,
    ),
    setting("set_schedule_storage", "record_file_size", 20),
    setting("set_schedule_storage", "stream", 2),
    setting("set_schedule_storage", "jpeg_capture", False),
    setting("set_event_storage", "recording_enabled", False),
    setting("set_event_storage", "stream", 2),
    setting("set_event_storage", "record_ftp_upload", True),
    setting("set_event_storage", "record_email_upload", True),
    setting("set_event_storage", "capture_enabled", False),
    setting("set_event_storage", "capture_ftp_upload", False),
    setting("set_event_storage", "capture_email_upload", True),
    setting("set_event_storage", "alarm_output", False),
    setting("set_service_ports", "web_enabled", False),
    setting("set_service_ports", "control_enabled", False),
    setting("set_service_ports", "rtsp_enabled", False),
    setting("set_service_ports", "hik_enabled", False),
    setting("set_service_ports", "web_port", 8081),
    setting("set_service_ports", "control_port", 8092),
    setting("set_service_ports", "rtsp_port", 555),
    setting("set_service_ports", "hik_port", 8001),
]


@pytest.mark.parametrize(("method", "args", "kwargs", "shown", "expected"), SETTINGS)
async def test_each_setting_reaches_the_camera(
    client: IpcCgiClient,
    simulator: Simulator,
    method: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    shown: Shown,
    expected: Any,
) -> None:
    """The camera takes the value, and the reply shows it."""
    reply = await getattr(client, method)(*args, **kwargs)
    assert shown(reply, simulator.state) == expected


async def test_audio_rates_reach_the_camera(client: IpcCgiClient) -> None:
    """G.711 has one rate of each: the camera refuses another one, so it got it."""
    with pytest.raises(IpcCgiFaultError) as err:
        await client.set_audio(sample_rate=16000)
    assert err.value.reason == "samplerate error"
    with pytest.raises(IpcCgiFaultError) as err:
        await client.set_audio(bitrate=32000)
    assert err.value.reason == "bitrate error"


async def test_motion_grid(client: IpcCgiClient) -> None:
    """3.16: a grid of another size with its area, one bit per block."""
    motion = await client.set_motion(block_count=(10, 8), area="f0" * 10)
    assert (motion.block_count, motion.area) == ((10, 8), "f0" * 10)


async def test_one_lamp_and_its_state(
    client: IpcCgiClient, simulator: Simulator
) -> None:
    """3.36: brightness, on and mode go together."""
    led = await client.set_led(30, True, LedMode.WHITE)
    assert (led.brightness, led.on, led.mode) == (30, True, LedMode.WHITE)
    assert (simulator.state.led_on, simulator.state.led_mode) == (True, 2)
    led = await client.set_led(70, False, LedMode.INFRARED)
    assert (led.brightness, led.on, led.mode) == (70, False, LedMode.INFRARED)


async def test_ir_cut_mode_and_time(client: IpcCgiClient) -> None:
    """3.37: the manual mode's time of day."""
    ir_cut = await client.set_ir_cut(IrCutMode.MANUAL, IrCutTime.NIGHT)
    assert (ir_cut.mode, ir_cut.time) == (IrCutMode.MANUAL, IrCutTime.NIGHT)
    ir_cut = await client.set_ir_cut(IrCutMode.NIGHT)
    assert ir_cut.mode == IrCutMode.NIGHT


async def test_alarm_state(client: IpcCgiClient, simulator: Simulator) -> None:
    """3.26: position and logical state."""
    alarm = await client.set_alarm_state(2, AlarmLogicalState.NORMALLY_CLOSED)
    assert (alarm.position, alarm.logical_state) == (2, 0)
    assert simulator.state.alarm_position == 2
    assert simulator.state.alarm_logical_state == 0


async def test_privacy_zone(client: IpcCgiClient, simulator: Simulator) -> None:
    """3.32: each of the four values lands in the zone asked for."""
    zone = await client.set_privacy_zone(3, 1, 2, 30, 40)
    stored = simulator.state.privacy_zones[3]
    assert (stored.x, stored.y, stored.width, stored.height) == (1, 2, 30, 40)
    assert (zone.index, zone.x, zone.y, zone.width, zone.height) == (3, 1, 2, 30, 40)
    zones = await client.get_privacy_zones()
    assert zones is not None  # the simulator reports its zones
    assert zones[2] == zone


async def test_authentication_switches(
    client: IpcCgiClient, simulator: Simulator
) -> None:
    """3.41, 3.42: each switch goes both ways and reads back."""
    for enabled in (False, True):
        assert await client.set_onvif_auth(enabled) is enabled
        assert await client.get_onvif_auth() is enabled
        assert await client.set_rtsp_auth(enabled) is enabled
        assert await client.get_rtsp_auth() is enabled


async def test_users(client: IpcCgiClient, simulator: Simulator) -> None:
    """3.18: each field of an account reaches the camera."""
    await client.add_user("guest", "pw1", Privilege.OPERATOR, enabled=False)
    guest = simulator.state.users["guest"]
    assert (guest.password, guest.privilege, guest.enabled) == (
        "pw1",
        "Operator",
        False,
    )
    await client.edit_user("guest", password="pw2")
    assert guest.password == "pw2"
    await client.edit_user("guest", privilege=Privilege.USER)
    assert guest.privilege == "User"
    await client.edit_user("guest", enabled=True)
    assert guest.enabled is True
    users = {user.name: user for user in await client.get_users()}
    assert (users["guest"].privilege, users["guest"].enabled) == (Privilege.USER, True)
    await client.delete_user("guest")
    assert "guest" not in simulator.state.users
