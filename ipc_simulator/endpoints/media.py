"""Video, audio, overlays and picture (3.9-3.14, 3.16, 3.27-3.30, 3.32, 3.33, 3.35-3.37, 3.44b)."""

from __future__ import annotations

import re

from ipc_simulator.context import CgiRequest, endpoint
from ipc_simulator.state import OsdSettings, UserOsd
from ipc_simulator.validation import (
    Fault,
    Field,
    any_text,
    apply,
    flag,
    int_range,
    one_of,
    text,
    validate,
    word,
)
from ipc_simulator.xml import element

from .common import configure, reply

# 3.9: stream -> codec -> resolution -> (framerate range, bitrate range)
VIDEO_CAPABILITIES: dict[
    int, dict[str, dict[str, tuple[tuple[int, int], tuple[int, int]]]]
] = {
    1: {
        "H264": {"2592X1944": ((1, 15), (500, 8000)), "1080P": ((1, 30), (500, 6000))},
        "H265": {"2592X1944": ((1, 15), (500, 6000)), "1080P": ((1, 30), (500, 4000))},
    },
    2: {
        "H264": {"VGA": ((1, 30), (50, 2000)), "480X360": ((1, 30), (50, 2000))},
        "H265": {"VGA": ((1, 30), (50, 2000)), "480X360": ((1, 30), (50, 2000))},
    },
}
# 3.11: codec -> sample rate -> bitrates
AUDIO_CAPABILITIES: dict[str, dict[int, tuple[int, ...]]] = {
    "G.711": {8000: (64000,)},
    "G.711A": {8000: (64000,)},
    "AAC": {16000: (16000,)},
}


@endpoint("/cgi-bin/videoencoder/getcapabilities")
async def video_capabilities(request: CgiRequest) -> str:
    """3.9."""
    streams = []
    for index, codecs in VIDEO_CAPABILITIES.items():
        modes = []
        for codec, resolutions in codecs.items():
            items = [
                element(
                    "resolution",
                    {"name": name},
                    children=(
                        element("framerate_range", text=f"{fps[0]}-{fps[1]}"),
                        element("bitrate_range", text=f"{rate[0]}-{rate[1]}"),
                    ),
                )
                for name, (fps, rate) in resolutions.items()
            ]
            modes.append(element("encode_mode", {"name": codec}, children=items))
        streams.append(element(f"stream{index}", children=modes))
    return reply("video_capabilities", children=streams)


def _video_reply(request: CgiRequest) -> str:
    """3.10's reply, with the spec's `govlenth` spelling."""
    return reply(
        "videoencoder",
        children=[
            element(
                f"stream{index}",
                {
                    "encode_mode": stream.codec,
                    "resolution": stream.resolution,
                    "framerate": stream.framerate,
                    "govlenth": stream.gov_length,
                    "bitrate": stream.bitrate,
                    "bitrate_control": stream.bitrate_control,
                },
            )
            for index, stream in sorted(request.state.video_streams.items())
        ],
    )


@endpoint("/cgi-bin/videoencoder")
async def video_encoder(request: CgiRequest) -> str:
    """3.10: the configuration of every stream."""
    return _video_reply(request)


def _set_video_stream(request: CgiRequest, index: int) -> None:
    codecs = VIDEO_CAPABILITIES[index]
    stream = request.state.video_streams[index]
    params = request.params
    values = validate(
        params,
        (
            Field("encode_mode", "codec", word(codecs, "encode_mode error")),
            Field(
                "bitrate_control",
                "bitrate_control",
                word(("CBR", "VBR"), "bitrate_control error"),
            ),
            Field("govlength", "gov_length", int_range(1, 400, "govlength error")),
            Field(
                "AdvanceEncodeConfig/profile",
                "profile",
                int_range(0, 1, "profile error"),
            ),
        ),
    )
    codec = values.get("codec", stream.codec)
    resolutions = codecs[codec]
    resolution = stream.resolution
    if "resolution" in params:
        resolution = word(resolutions, "resolution error")(params["resolution"])
    elif resolution not in resolutions:
        raise Fault("resolution error")
    fps, rates = resolutions[resolution]
    framerate = stream.framerate
    bitrate = stream.bitrate
    if "framerate" in params:
        framerate = int_range(*fps, "framerate error")(params["framerate"])
    if "bitrate" in params:
        bitrate = int_range(*rates, "bitrate error")(params["bitrate"])
    values |= {
        "resolution": resolution,
        # a new resolution clamps what it cannot do
        "framerate": min(max(framerate, fps[0]), fps[1]),
        "bitrate": min(max(bitrate, rates[0]), rates[1]),
    }
    apply(stream, values)


VIDEO_PARAMS = (
    "encode_mode",
    "resolution",
    "framerate",
    "govlength",
    "bitrate",
    "bitrate_control",
    "AdvanceEncodeConfig/profile",
)


def _video_stream_handler(index: int) -> None:
    @endpoint(f"/cgi-bin/videoencoder/stream{index}")
    async def video_stream(request: CgiRequest) -> str:
        """3.10: set one stream."""
        if any(name in request.params for name in VIDEO_PARAMS):
            request.require_write()
            _set_video_stream(request, index)
        return _video_reply(request)


for _index in VIDEO_CAPABILITIES:
    _video_stream_handler(_index)


@endpoint("/cgi-bin/audioencoder/getcapabilities")
async def audio_capabilities(request: CgiRequest) -> str:
    """3.11."""
    types = [
        element(
            "encode_type",
            {"name": codec},
            children=[
                element(
                    "samplerate",
                    {"name": rate},
                    children=[
                        element("bitrate", text=str(bitrate)) for bitrate in bitrates
                    ],
                )
                for rate, bitrates in rates.items()
            ],
        )
        for codec, rates in AUDIO_CAPABILITIES.items()
    ]
    return reply("audio_capabilities", children=types)


AUDIO_FIELDS = (
    Field("enable", "enabled", flag("enable: 0 or 1")),
    Field("encode_type", "codec", word(AUDIO_CAPABILITIES, "encode_type error")),
    Field(
        "input_volume", "input_volume", int_range(1, 100, "input_volume range: 1-100")
    ),
    Field(
        "output_volume",
        "output_volume",
        int_range(1, 100, "output_volume range: 1-100"),
    ),
    Field("amplify", "amplifier", flag("amplify: 0 or 1")),
)

AUDIO_PARAMS = (*(field.param for field in AUDIO_FIELDS), "samplerate", "bitrate")


@endpoint("/cgi-bin/audioencoder")
async def audio_encoder(request: CgiRequest) -> str:
    """3.12; sample rate and bitrate must be ones the codec offers (3.11)."""
    audio = request.state.audio
    params = request.params
    if any(name in params for name in AUDIO_PARAMS):
        request.require_write()
        values = validate(params, AUDIO_FIELDS)
        rates = AUDIO_CAPABILITIES[values.get("codec", audio.codec)]
        rate = audio.sample_rate if audio.sample_rate in rates else next(iter(rates))
        if "samplerate" in params:
            rate = one_of(rates, "samplerate error")(params["samplerate"])
        bitrates = rates[rate]
        bitrate = audio.bitrate if audio.bitrate in bitrates else bitrates[0]
        if "bitrate" in params:
            bitrate = one_of(bitrates, "bitrate error")(params["bitrate"])
        apply(audio, values | {"sample_rate": rate, "bitrate": bitrate})
    return reply(
        "audioencoder",
        {
            "enable": audio.enabled,
            "encode_type": audio.codec,
            "samplerate": audio.sample_rate,
            "bitrate": audio.bitrate,
            "input_volume": audio.input_volume,
            "output_volume": audio.output_volume,
            "amplify": audio.amplifier,
        },
    )


TIME_FORMATS = (
    "yyyy-mm-dd hh:mm:ss",
    "yyyy/mm/dd hh:mm:ss",
    "yy-mm-dd hh:mm:ss",
    "yy/mm/dd hh:mm:ss",
    "hh:mm:ss dd/mm/yyyy",
    "hh:mm:ss dd-mm-yyyy",
    "hh:mm:ss mm/dd/yyyy",
    "hh:mm:ss mm-dd-yyyy",
    "mm/dd/yyyy hh:mm:ss",
    "mm-dd-yyyy hh:mm:ss",
)


def _time_format(raw: str) -> str:
    # 3.13: the URL carries "_" for the space the reply shows.
    value = raw.strip().replace("_", " ")
    if value not in TIME_FORMATS:
        raise Fault("time_format error")
    return value


def _position(
    params: dict[str, str], prefix: str, current: object, attrs: tuple[str, str, str]
) -> dict[str, int]:
    """Validate {prefix}_pos_type/x/y into `attrs` (type, x, y).

    3.13: x and y range 0-2 for a direction (type 0), 0-100 for coordinates (type 1).
    """
    type_attr, x_attr, y_attr = attrs
    values: dict[str, int] = {}
    pos_type = int(getattr(current, type_attr))
    if f"{prefix}_pos_type" in params:
        pos_type = int_range(0, 1, f"{prefix}_pos_type: 0 or 1")(
            params[f"{prefix}_pos_type"]
        )
        values[type_attr] = pos_type
    high = 2 if pos_type == 0 else 100
    for axis, attr in (("x", x_attr), ("y", y_attr)):
        name = f"{prefix}_pos_{axis}"
        if name in params:
            values[attr] = int_range(0, high, f"{name} range: 0-{high}")(params[name])
    return values


OSD_FIELDS = (
    Field("enable", "enabled", flag("enable: 0 or 1")),
    Field("color", "color", int_range(0, 3, "color range: 0-3")),
    Field("fontsize", "font_size", int_range(0, 2, "fontsize range: 0-2")),
    Field(
        "show_res_bit",
        "show_resolution_bitrate",
        int_range(0, 3, "show_res_bit range: 0-3"),
    ),
    Field("show_week", "show_week", flag("show_week: 0 or 1")),
    Field("time_format", "time_format", _time_format),
    Field("title_utf8", "title", text("title_utf8 error", max_bytes=64)),
)
OSD_POSITION_PARAMS = tuple(
    f"{prefix}_pos_{part}"
    for prefix in ("title", "time")
    for part in ("type", "x", "y")
)


@endpoint("/cgi-bin/osd")
async def osd(request: CgiRequest) -> str:
    """3.13; title_utf8 arrives percent-encoded UTF-8."""
    settings = request.state.osd
    params = request.params
    if any(f.param in params for f in OSD_FIELDS) or any(
        p in params for p in OSD_POSITION_PARAMS
    ):
        request.require_write()
        values = validate(params, OSD_FIELDS)
        values |= _position(
            params, "title", settings, ("title_position_type", "title_x", "title_y")
        )
        values |= _position(
            params, "time", settings, ("time_position_type", "time_x", "time_y")
        )
        apply(settings, values)
    return reply("osd", _osd_attributes(settings))


def _osd_attributes(settings: OsdSettings) -> dict[str, object]:
    return {
        "enable": settings.enabled,
        "color": settings.color,
        "fontsize": settings.font_size,
        "title_pos_type": settings.title_position_type,
        "title_pos_x": settings.title_x,
        "title_pos_y": settings.title_y,
        "show_res_bit": settings.show_resolution_bitrate,
        "time_pos_type": settings.time_position_type,
        "time_pos_x": settings.time_x,
        "time_pos_y": settings.time_y,
        "show_week": settings.show_week,
        "time_format": settings.time_format,
        "title_utf8": settings.title,
    }


def _osd_color(raw: str) -> int:
    if not re.fullmatch(r"(0[xX])?[0-9a-fA-F]{1,8}", raw.strip()):
        raise Fault("color range: 0x00-0xffffffff")
    return int(raw.strip(), 16)


USER_OSD_FIELDS = (
    Field("enable", "enabled", flag("enable: 0 or 1")),
    Field("color", "color", _osd_color),
    Field("fontsize", "font_size", int_range(0, 2, "fontsize range: 0-2")),
    Field("title_utf8", "title", any_text),
)


@endpoint("/cgi-bin/userosd")
async def user_osd(request: CgiRequest) -> str:
    """3.35: title_index 0-4 selects the overlay."""
    params = request.params
    if "title_index" not in params:
        raise Fault("not find param title_index")
    index = int_range(0, 4, "title_index: 0 ~ 4")(params["title_index"])
    overlay = request.state.user_osds[index]
    position = ("title_pos_type", "title_pos_x", "title_pos_y")
    if any(f.param in params for f in USER_OSD_FIELDS) or any(
        p in params for p in position
    ):
        request.require_write()
        values = validate(params, USER_OSD_FIELDS)
        if len(values.get("title", "").encode()) > 64:
            raise Fault("title_utf8 error")
        values |= _position(params, "title", overlay, ("position_type", "x", "y"))
        apply(overlay, values)
    return reply("userosd", _user_osd_attributes(index, overlay))


def _user_osd_attributes(index: int, overlay: UserOsd) -> dict[str, object]:
    return {
        "title_index": index,
        "enable": overlay.enabled,
        "color": f"0x{overlay.color:06x}",
        "fontsize": overlay.font_size,
        "title_pos_type": overlay.position_type,
        "title_pos_x": overlay.x,
        "title_pos_y": overlay.y,
        "title_utf8": overlay.title,
    }


IMAGE_FIELDS = (
    *(
        Field(name, name, int_range(0, 255, f"{name} range: 0-255"))
        for name in (
            "brightness",
            "contrast",
            "saturation",
            "sharpness",
            "hlc",
            "blc",
            "nr2d",
            "nr3d",
        )
    ),
    Field("tvsystem", "tv_system", one_of((50, 60), "tvsystem: 50 or 60")),
    Field("antificker", "anti_flicker", flag("antificker: 0 or 1")),
)


@endpoint("/cgi-bin/image")
async def image(request: CgiRequest) -> str:
    """3.14; the reply also carries the other settable values."""
    settings = request.state.image
    configure(request, IMAGE_FIELDS, settings)
    return reply(
        "image",
        {
            "brightness": settings.brightness,
            "contrast": settings.contrast,
            "saturation": settings.saturation,
            "sharpness": settings.sharpness,
            "hlc": settings.hlc,
            "blc": settings.blc,
            "nr2d": settings.nr2d,
            "nr3d": settings.nr3d,
            "tvsystem": settings.tv_system,
            "antificker": settings.anti_flicker,
        },
    )


def _block_count(raw: str) -> str:
    match = re.fullmatch(r"\s*(\d{1,2})x(\d{1,2})\s*", raw)
    if match is None or not all(1 <= int(part) <= 64 for part in match.groups()):
        raise Fault("blockcount error")
    return f"{int(match.group(1))}x{int(match.group(2))}"


def _area_length(block_count: str) -> int:
    """Return the hex digits of an area value: 8 blocks a byte, padded (3.16)."""
    columns, rows = (int(part) for part in block_count.split("x"))
    return (columns * rows + 7) // 8 * 2


MOTION_FIELDS = (
    Field("enable", "enabled", flag("enable: 0 or 1")),
    Field("sensitivity", "sensitivity", int_range(1, 100, "sensitivity range: 1-100")),
    Field(
        "alarmthreshold",
        "alarm_threshold",
        int_range(1, 100, "alarmthreshold range: 1-100"),
    ),
    Field("enable_nighttime", "night_enabled", flag("enable_nighttime: 0 or 1")),
    Field(
        "night_sensitivity",
        "night_sensitivity",
        int_range(1, 100, "night_sensitivity range: 1-100"),
    ),
    Field(
        "night_alarmthreshold",
        "night_alarm_threshold",
        int_range(1, 100, "night_alarmthreshold range: 1-100"),
    ),
    Field("blockcount", "block_count", _block_count),
    Field("areavalue", "area", any_text),
)


@endpoint("/cgi-bin/motion")
async def motion(request: CgiRequest) -> str:
    """3.16; the area is a hex bit mask sized by blockcount. Keeps the spec's `22x18 `."""
    settings = request.state.motion
    params = request.params
    if any(field.param in params for field in MOTION_FIELDS):
        request.require_write()
        values = validate(params, MOTION_FIELDS)
        block_count = values.get("block_count", settings.block_count)
        area = values.get("area", settings.area).strip().lower()
        if len(area) != _area_length(block_count) or not re.fullmatch(
            r"[0-9a-f]*", area
        ):
            raise Fault("areavalue error")
        values["area"] = area
        apply(settings, values)
    return reply(
        "motion",
        {
            "enable": settings.enabled,
            "sensitivity": settings.sensitivity,
            "alarmthreshold": settings.alarm_threshold,
            "enable_nighttime": settings.night_enabled,
            "night_sensitivity": settings.night_sensitivity,
            "night_alarmthreshold": settings.night_alarm_threshold,
            "blockcount": f"{settings.block_count} ",
            "areavalue": settings.area,
        },
    )


WDR_FIELDS = (
    Field("enable", "wdr_enabled", flag("enable: 0 or 1")),
    Field("wdr_value", "wdr_level", int_range(0, 255, "wdr_value: 0 ~ 255")),
)


@endpoint("/cgi-bin/set_wdr")
async def wdr(request: CgiRequest) -> str:
    """3.27."""
    configure(request, WDR_FIELDS, request.state)
    state = request.state
    return reply(
        "Capture",
        {"WDRMode": state.wdr_enabled, "WDRValue": state.wdr_level},
        open_close=True,
    )


NOISE_FIELDS = (
    Field("y_2D_value", "nr2d", int_range(0, 255, "2D_value: 0 ~ 255")),
    Field("y_3D_value", "nr3d", int_range(0, 255, "3D_value: 0 ~ 255")),
)


@endpoint("/cgi-bin/set_noise_reduction")
async def noise_reduction(request: CgiRequest) -> str:
    """3.28: the same values as 3.14's nr2d/nr3d; TNF is temporal (3D), SNF spatial (2D)."""
    image_settings = request.state.image
    configure(request, NOISE_FIELDS, image_settings)
    return reply(
        "Capture",
        {"TNF": image_settings.nr3d, "SNF": image_settings.nr2d},
        open_close=True,
    )


CODEC_FIELDS = (
    Field("stream0_enable", "main_stream_enabled", flag("stream0_enable: 0 or 1")),
    Field("stream1_enable", "sub_stream_enabled", flag("stream1_enable: 0 or 1")),
)


@endpoint("/cgi-bin/set_start_codec")
async def start_codec(request: CgiRequest) -> str:
    """3.29: stream0 is the reply's Stream 1 (main), stream1 its Stream 2 (sub)."""
    configure(request, CODEC_FIELDS, request.state)
    state = request.state
    return reply(
        "Encode",
        children=[
            element("EncodeConfig", {"Stream": 1, "Enable": state.main_stream_enabled}),
            element("EncodeConfig", {"Stream": 2, "Enable": state.sub_stream_enabled}),
        ],
    )


LAMP_FIELDS = (
    Field("setbrightness", "lamp_brightness", int_range(0, 255, "brightness: 0 ~ 255")),
    Field("infrared_lamp", "lamp_mode", int_range(0, 3, "infrared_lamp: 0 ~ 3")),
)


@endpoint("/cgi-bin/setBrightness_InfraredLamp")
async def infrared_lamp(request: CgiRequest) -> str:
    """3.30."""
    configure(request, LAMP_FIELDS, request.state)
    state = request.state
    return reply(
        "Capture",
        {"Brightness": state.lamp_brightness, "led_mode": state.lamp_mode},
        open_close=True,
    )


MASK_PARTS = (
    ("Height", "height", "mainStreamMask_Height is none"),
    ("width", "width", "mainStreamMask_Width is none"),
    ("xPos", "x", "mainStreamMask_xPos is none"),
    ("yPos", "y", "mainStreamMask_yPos is none"),
)


@endpoint("/cgi-bin/set_privacy_zone")
async def privacy_zone(request: CgiRequest) -> str:
    """3.32: a mask is set with all four of its values; a GET lists the masks."""
    params = request.params
    zones = request.state.privacy_zones
    masks = sorted(
        {
            index
            for index in zones
            for part, _, _ in MASK_PARTS
            if f"Mask{index}{part}" in params
        }
    )
    if not masks and not request.state.privacy_zones_reported:
        return reply("Mask", text="OK")
    if not masks:
        return reply(
            "Mask",
            children=[
                element(
                    "Zone",
                    {
                        "index": index,
                        "xPos": zone.x,
                        "yPos": zone.y,
                        "width": zone.width,
                        "height": zone.height,
                    },
                )
                for index, zone in sorted(zones.items())
            ],
        )
    request.require_write()
    changes = {
        index: {
            attr: int_range(0, 10000, reason)(params.get(f"Mask{index}{part}", ""))
            for part, attr, reason in MASK_PARTS
        }
        for index in masks
    }
    for index, values in changes.items():
        apply(zones[index], values)
    return reply("Mask", text="OK")


FLIP_FIELDS = (
    Field("vertical_flip", "flip_vertical", flag("vertical_flip: 0 or 1")),
    Field("horizon_flip", "flip_horizontal", flag("horizon_flip: 0 or 1")),
)


@endpoint("/cgi-bin/set_flip")
async def flip(request: CgiRequest) -> str:
    """3.33."""
    configure(request, FLIP_FIELDS, request.state)
    state = request.state
    return reply(
        "Capture",
        {"vertical_flip": state.flip_vertical, "horizon_flip": state.flip_horizontal},
        open_close=True,
    )


LED_FIELDS = (
    Field("brightness", "led_brightness", int_range(0, 100, "brightness: 0 ~ 100")),
    Field("ledstatus", "led_on", flag("ledstatus: 0 or 1")),
    Field("ledmode", "led_mode", one_of((1, 2), "ledmode: 1 or 2")),
)


@endpoint("/cgi-bin/set_led")
async def led(request: CgiRequest) -> str:
    """3.36: a set needs all three parameters."""
    state = request.state
    if any(field.param in request.params for field in LED_FIELDS):
        request.require_write()
        for field in LED_FIELDS:
            if field.param not in request.params:
                raise Fault(f"not find param {field.param}")
        configure(request, LED_FIELDS, state)
    return reply(
        "Led",
        {
            "brightness": state.led_brightness,
            "ledstatus": state.led_on,
            "ledmode": state.led_mode,
        },
    )


IR_CUT_FAULT_VALUE = "/cgi-bin/set_led"  # 3.37 prints set_led's path in its faults


def _ir_cut_change(params: dict[str, str], mode: int, period: str) -> tuple[int, str]:
    if "ircutmode" in params:
        mode = int_range(0, 5, "ircutmode: 0 ~ 5")(params["ircutmode"])
    if "time" in params:
        period = word(("day", "night"), "error param time")(params["time"])
    elif mode == 3:
        raise Fault("not find param time")
    return mode, period


@endpoint("/cgi-bin/set_ircut")
async def ir_cut(request: CgiRequest) -> str:
    """3.37: mode 3 (manual) needs time=day|night."""
    state = request.state
    params = request.params
    if "ircutmode" in params or "time" in params:
        request.require_write()
        try:
            mode, period = _ir_cut_change(params, state.ir_cut_mode, state.ir_cut_time)
        except Fault as fault:
            raise Fault(fault.reason, IR_CUT_FAULT_VALUE) from None
        state.ir_cut_mode = mode
        state.ir_cut_time = period
    return reply("IrCut", {"ircutmode": state.ir_cut_mode, "time": state.ir_cut_time})


SHUTTER_FIELDS = (
    Field("dayShutterMode", "day_manual", flag(" dayShutterMode: 0 or 1 ")),
    Field(
        "dayShutterSpeed",
        "day_speed",
        int_range(10, 10000, "dayShutterSpeed: 10 or 10000"),
    ),
    Field("nightShutterMode", "night_manual", flag("nightShutterMode: 0 or 1 ")),
    Field(
        "nightShutterSpeed",
        "night_speed",
        int_range(10, 10000, " nightShutterSpeed: : 10 or 10000 "),
    ),
)


@endpoint("/cgi-bin/setShutterSpeed")
async def shutter(request: CgiRequest) -> str:
    """3.44b: a text reply; the faults keep the spec's spacing."""
    settings = request.state.shutter
    try:
        configure(request, SHUTTER_FIELDS, settings)
    except Fault as fault:
        if fault.reason == "permission denied":
            raise
        raise Fault(fault.reason, "/cgi-bin/setShutterSpeed ") from None
    return reply(
        "setShutterSpeed",
        text=(
            f"Set dayShutterMode={int(settings.day_manual)}, "
            f"dayShutterSpeed={settings.day_speed}, "
            f"nightShutterMode={int(settings.night_manual)}, "
            f"nightShutterSpeed={settings.night_speed}"
        ),
    )
