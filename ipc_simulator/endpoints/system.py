"""Login, device information, network, time and services (3.1-3.8, 3.17, 3.25, 3.31, 3.38-3.42, 3.45)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
import ipaddress
from typing import Any

from aiohttp import web

from ipc_simulator.context import Auth, CgiRequest, endpoint
from ipc_simulator.state import TimeSettings
from ipc_simulator.validation import (
    Fault,
    Field,
    apply,
    flag,
    given,
    int_range,
    text,
    validate,
    word,
)
from ipc_simulator.xml import element

from .common import camera_now, configure, reply

TIMEZONES = (
    *(f"GMT+{h}" for h in ("00:00", "01:00", "02:00", "03:00", "03:30", "04:00")),
    *(f"GMT+{h}" for h in ("04:30", "05:00", "05:30", "05:45", "06:00", "06:30")),
    *(f"GMT+{h}" for h in ("07:00", "08:00", "09:00", "09:30", "10:00", "11:00")),
    *(f"GMT+{h}" for h in ("12:00", "13:00")),
    *(f"GMT-{h}" for h in ("01:00", "02:00", "03:00", "03:30", "04:00", "04:30")),
    *(f"GMT-{h}" for h in ("05:00", "06:00", "07:00", "08:00", "09:00", "10:00")),
    *(f"GMT-{h}" for h in ("11:00", "12:00")),
)


@endpoint("/cgi-bin/getuid", auth=Auth.NONE)
async def get_uid(request: CgiRequest) -> str:
    """3.1: log in with username and password."""
    if not request.query:
        raise Fault("error, parse parameters")
    if "username" not in request.query:
        raise Fault("error, parse username")
    if "password" not in request.query:
        raise Fault("error, parse password")
    user = request.sim.check_credentials(
        request.query["username"], request.query["password"]
    )
    return reply("uid", text=request.sim.sessions.create(user.name).uid)


@endpoint("/WEBlogin", auth=Auth.NONE)
async def web_login(request: CgiRequest) -> web.Response:
    """3.38: open the web interface without the login page."""
    user = request.sim.check_credentials(
        request.query.get("username", ""), request.query.get("password", "")
    )
    session = request.sim.sessions.create(user.name)
    return web.Response(
        text=(
            "<!DOCTYPE html><html><head><title>IP Camera</title></head>"
            f'<body data-uid="{session.uid}">IP Camera</body></html>'
        ),
        content_type="text/html",
    )


@endpoint("/cgi-bin/keep_alive")
async def keep_alive(request: CgiRequest) -> str:
    """3.2: renew the uid."""
    return reply("keep_alive", text="true")


@endpoint("/cgi-bin/getinfo", auth=Auth.OPTIONAL)
async def get_info(request: CgiRequest) -> str:
    """3.3: without authentication only oem and mac_address."""
    device = request.state.device
    if request.user is None:
        return reply("info", {"oem": device.model, "mac_address": device.mac})
    return reply(
        "info",
        {
            "kernel": device.kernel,
            "filesystem": device.filesystem,
            "sn": device.serial,
            "oem": device.model,
            "mac_address": device.mac,
        },
    )


@endpoint("/cgi-bin/getcapabilities")
async def get_capabilities(request: CgiRequest) -> str:
    """3.4."""
    caps = request.state.capabilities
    return reply(
        "capabilities", {"video": caps.video, "audio": caps.audio, "ptz": caps.ptz}
    )


@endpoint("/cgi-bin/getmodel")
async def get_model(request: CgiRequest) -> str:
    """3.17."""
    return reply("model", text=request.state.device.model)


@endpoint("/cgi-bin/setDeviceName")
async def set_device_name(request: CgiRequest) -> str:
    """3.45: set the OEM model name."""
    if "deviceName" in request.params:
        request.require_write()
        name = request.params["deviceName"].strip()
        if not name or len(name.encode()) > 32:
            raise Fault("set device name failed! ", "/cgi-bin/setDeviceName ")
        request.state.device.model = name
    return reply(
        "setDeviceName",
        text=f"Set device name({request.state.device.model}) successful!",
    )


@endpoint("/cgi-bin/reboot")
async def reboot(request: CgiRequest) -> str:
    """3.5: the camera goes away for `sim.reboot_seconds` after answering."""
    request.require_write()
    request.sim.reboot()
    return reply("reboot", text="true")


@endpoint("/cgi-bin/factory_reset")
async def factory_reset(request: CgiRequest) -> str:
    """3.6: restore the defaults (keeping the network with retain_network=1), then reboot."""
    request.require_write()
    retain = False
    if "retain_network" in request.params:
        raw = request.params["retain_network"].strip()
        if not raw:
            raise Fault("retain_network: NULL")
        if raw not in ("0", "1"):
            raise Fault("retain_network 0 or 1")
        retain = raw == "1"
    request.sim.factory_reset(retain_network=retain)
    return reply("factory_reset", text="true")


def _ipv4(name: str) -> Field:
    def check(raw: str) -> str:
        try:
            return str(ipaddress.IPv4Address(raw.strip()))
        except ValueError:
            raise Fault(f"{name} error") from None

    return Field(name, {"ipaddr": "ip_address"}.get(name, name), check)


def _server_port(raw: str) -> int:
    port = int_range(80, 65535, "port: 80 or 1000-65535")(raw)
    if 80 < port < 1000:
        raise Fault("port: 80 or 1000-65535")
    return port


NETWORK_FIELDS = (
    Field("dhcp", "dhcp", flag("dhcp: 0 or 1")),
    _ipv4("ipaddr"),
    _ipv4("netmask"),
    _ipv4("gateway"),
    _ipv4("dns1"),
    _ipv4("dns2"),
    Field("port", "port", _server_port),
)


@endpoint("/cgi-bin/network")
async def network(request: CgiRequest) -> str:
    """3.7."""
    settings = request.state.network
    configure(request, NETWORK_FIELDS, settings)
    return reply(
        "network",
        {
            "macaddr": request.state.device.mac.replace(":", "-"),
            "dhcp": settings.dhcp,
            "ipaddr": settings.ip_address,
            "netmask": settings.netmask,
            "gateway": settings.gateway,
            "dns1": settings.dns1,
            "dns2": settings.dns2,
            "port": settings.port,
        },
    )


TIME_FIELDS = (
    Field("timezone", "timezone", word(TIMEZONES, "timezone error")),
    Field(
        "update_method",
        "update_method",
        word(("MANUAL", "NTP", "P2P"), "update_method error", case_sensitive=False),
    ),
    Field("ntpaddr", "ntp_server", text("ntpaddr error")),
    # The table copies 3.7's port rule, but its own example uses 123: accept any port.
    Field("port", "ntp_port", int_range(1, 65535, "port error")),
    Field(
        "update_period", "update_period", int_range(60, 999999, "update_period error")
    ),
)
CLOCK_FIELDS = (
    Field("year", "year", int_range(1970, 2037, "year error")),
    Field("month", "month", int_range(1, 12, "month error")),
    Field("day", "day", int_range(1, 31, "day error")),
    Field("hour", "hour", int_range(0, 23, "hour error")),
    Field("min", "minute", int_range(0, 59, "min error")),
    Field("sec", "second", int_range(0, 59, "sec error")),
)


def _clock_offset(
    settings: TimeSettings, timezone: str, clock: dict[str, Any]
) -> float:
    """Return the offset that shows `clock` (year..sec; missing ones stay) in `timezone`."""
    now = camera_now(replace(settings, timezone=timezone))
    try:
        wanted = now.replace(microsecond=0, **clock)
    except ValueError:
        raise Fault("day error") from None
    return settings.offset_seconds + (wanted - now).total_seconds()


@endpoint("/cgi-bin/time")
async def time(request: CgiRequest) -> str:
    """3.8; year..sec set the camera's clock."""
    settings = request.state.time
    params = request.params
    if given(params, (*TIME_FIELDS, *CLOCK_FIELDS)):
        request.require_write()
        changes = validate(params, TIME_FIELDS)
        if clock := validate(params, CLOCK_FIELDS):
            timezone = changes.get("timezone", settings.timezone)
            changes["offset_seconds"] = _clock_offset(settings, timezone, clock)
        apply(settings, changes)
    return reply(
        "time",
        {
            "timezone": settings.timezone,
            "update_method": settings.update_method,
            "ntpaddr": settings.ntp_server,
            "port": settings.ntp_port,
            "update_period": settings.update_period,
            "current_time": f"{camera_now(settings):%Y-%m-%d %H:%M:%S}",
        },
    )


def _dash_time(moment: datetime) -> str:
    """Format like the spec's `2020-1-16-12-12-43` (no zero padding)."""
    return "-".join(
        str(part)
        for part in (
            moment.year,
            moment.month,
            moment.day,
            moment.hour,
            moment.minute,
            moment.second,
        )
    )


def _dash_duration(duration: timedelta) -> str:
    """Format like the spec's `0-2-56-40` (days-hours-minutes-seconds)."""
    seconds = int(duration.total_seconds())
    minutes, second = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    days, hour = divmod(hours, 24)
    return f"{days}-{hour}-{minute}-{second}"


@endpoint("/cgi-bin/getDevState")
async def get_device_state(request: CgiRequest) -> str:
    """3.25; MemTotal keeps the spec's trailing space."""
    state = request.state
    return reply(
        "DevState",
        {
            "sd1": state.sd_cards[0],
            "sd2": state.sd_cards[1],
            "system_time": _dash_time(camera_now(state.time)),
            "run_time": _dash_duration(request.sim.uptime),
            "MemTotal": f"{state.memory_total_kb} kB ",
            "MemFree": f"{state.memory_free_kb} kB",
        },
    )


@endpoint("/cgi-bin/setUidValidTime")
async def set_uid_valid_time(request: CgiRequest) -> str:
    """3.39: the valid time of the calling uid."""
    session = request.session
    assert session is not None
    if "validTime" in request.params:
        session.valid_seconds = int_range(1, 86400 * 365, "validTime error")(
            request.params["validTime"]
        )
    return reply(
        "SetUidValidTime", text=f"Uid valid time is {session.valid_seconds} sec"
    )


SERVICE_FIELDS = (
    Field("enable_web", "web_enabled", flag("enable_web: 0 ~ 1")),
    Field("enable_control", "control_enabled", flag("enable_control: 0 ~ 1")),
    Field("enable_rtsp", "rtsp_enabled", flag("enable_rtsp: 0 ~ 1")),
    Field("enable_hik", "hik_enabled", flag("enable_hik: 0 ~ 1")),
    Field("webport", "web_port", int_range(1, 65535, "webport: 1 ~ 65535")),
    Field("controlport", "control_port", int_range(1, 65535, "controlport: 1 ~ 65535")),
    Field("rtspport", "rtsp_port", int_range(1, 65535, "rtspport: 1 ~ 65535")),
    Field("hikport", "hik_port", int_range(1, 65535, "hikport: 1 ~ 65535")),
)


@endpoint("/cgi-bin/set_service_port")
async def service_ports(request: CgiRequest) -> str:
    """3.31; the reply calls the control port `comm` and also carries the ports."""
    ports = request.state.service_ports
    configure(request, SERVICE_FIELDS, ports)
    access = {
        "enable_web": ports.web_enabled,
        "enable_rtsp": ports.rtsp_enabled,
        "enable_comm": ports.control_enabled,
        "enable_hik": ports.hik_enabled,
        "webport": ports.web_port,
        "controlport": ports.control_port,
        "rtspport": ports.rtsp_port,
        "hikport": ports.hik_port,
    }
    return reply("MediaStreamConfig", children=[element("StreamAccess", access)])


def _auth_switch(request: CgiRequest, name: str, reason: str, value: str) -> bool:
    """Set the 0/1 switch `name` (3.41, 3.42) and return it."""
    # The URLs name the parameter after the switch, the tables call it `enable`.
    raw = request.params.get(name, request.params.get("enable"))
    if raw is not None:
        request.require_write()
        # The spec prints these faults with a space after the path.
        try:
            setattr(request.state, name, flag(reason)(raw))
        except Fault:
            raise Fault(reason, value) from None
    return bool(getattr(request.state, name))


@endpoint("/cgi-bin/onvif")
async def onvif(request: CgiRequest) -> str:
    """3.41: ONVIF authentication (snapshot.cgi then needs credentials, 3.19)."""
    enabled = _auth_switch(
        request, "onvif_auth", "onvif_auth: 0 or 1 ", "/cgi-bin/onvif "
    )
    return reply("OnvifConfig", {"onvif_auth": enabled})


@endpoint("/cgi-bin/rtsp")
async def rtsp(request: CgiRequest) -> str:
    """3.42: RTSP authentication."""
    enabled = _auth_switch(
        request, "rtsp_auth", " rtsp_auth: 0 or 1 ", "/cgi-bin/rtsp "
    )
    return reply("RtspConfig", {"rtsp_auth": enabled})
