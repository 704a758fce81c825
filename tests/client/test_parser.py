"""The lenient parser on its own: malformed replies, helpers, and a property test."""

from __future__ import annotations

from collections.abc import Callable
import contextlib
from typing import Any

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.ipc_cgi.ipccgi import (
    AlarmState,
    AudioCapabilities,
    AudioConfig,
    Capabilities,
    CodecStreams,
    DeviceInfo,
    DeviceState,
    EventStorageConfig,
    FlipConfig,
    ImageConfig,
    IpcCgiAuthenticationError,
    IpcCgiConnectionError,
    IpcCgiError,
    IpcCgiFaultError,
    IpcCgiInvalidCredentialsError,
    IpcCgiNotFoundError,
    IpcCgiRangeError,
    IpcCgiResponseError,
    IrCutConfig,
    LampConfig,
    LedConfig,
    MotionConfig,
    NetworkConfig,
    NoiseReductionConfig,
    OsdConfig,
    Privilege,
    RtmpConfig,
    ScheduleStorageConfig,
    ServicePorts,
    ShutterConfig,
    TimeConfig,
    User,
    UserOsdConfig,
    VideoCapabilities,
    VideoEncoderConfig,
    VideoStreamConfig,
    WdrConfig,
)
from custom_components.ipc_cgi.ipccgi.exceptions import UidRejectedError
from custom_components.ipc_cgi.ipccgi.models import (
    parse_auth_flag,
    parse_device_name,
    parse_privacy_zones,
    parse_recordings,
    parse_relay,
    parse_uid_valid_time,
    parse_users,
)
from custom_components.ipc_cgi.ipccgi.parser import (
    MAX_DEPTH,
    MAX_TEXT,
    REDACTED,
    Node,
    camera_text,
    check_reply,
    parse_content_range,
    parse_datetime,
    parse_range,
    parse_xml,
    redact_params,
    redact_text,
    scrub_error,
)

from . import spec_examples as spec
from .hostile import BILLION_LAUGHS, XXE

PARSERS: list[Callable[[Node], Any]] = [
    DeviceInfo.from_xml,
    Capabilities.from_xml,
    NetworkConfig.from_xml,
    TimeConfig.from_xml,
    VideoCapabilities.from_xml,
    VideoEncoderConfig.from_xml,
    AudioCapabilities.from_xml,
    AudioConfig.from_xml,
    OsdConfig.from_xml,
    ImageConfig.from_xml,
    MotionConfig.from_xml,
    parse_users,
    parse_recordings,
    RtmpConfig.from_xml,
    ScheduleStorageConfig.from_xml,
    EventStorageConfig.from_xml,
    DeviceState.from_xml,
    AlarmState.from_xml,
    WdrConfig.from_xml,
    NoiseReductionConfig.from_xml,
    CodecStreams.from_xml,
    LampConfig.from_xml,
    ServicePorts.from_xml,
    parse_privacy_zones,
    FlipConfig.from_xml,
    UserOsdConfig.from_xml,
    LedConfig.from_xml,
    IrCutConfig.from_xml,
    ShutterConfig.from_xml,
    parse_uid_valid_time,
    lambda node: parse_auth_flag(node, "onvif_auth"),
    parse_relay,
    parse_device_name,
]


def parse_everything(body: bytes, status: int = 200) -> None:
    """Feed a body to the reply check and every model parser; only our errors may escape."""
    for raw in (False, True):
        try:
            node = check_reply("/cgi-bin/test", status, body, raw=raw)
        except IpcCgiError:
            continue
        if raw:
            assert isinstance(node, bytes)
            continue
        assert isinstance(node, Node)
        for parse in PARSERS:
            with contextlib.suppress(IpcCgiError):
                parse(node)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   ",
        b"<!DOCTYPE html><html><head><title>Error</title></head><body><p>oops</body></html>",
        b"<?xml version='1.0'?><<garbage",
        b"not xml at all",
        b'<?xml version="1.0" encoding="UTF-8"?>',
        b'<?xml version="1.0" encoding="UTF-8"?> <network macaddr="XX" dhcp="0" ipad',
        b"\xff\xfe\x00<\x80\x81>",
        b"<a></b>",
        b"<a/><b/>",
    ],
)
def test_unreadable_replies_are_response_errors(body: bytes) -> None:
    """HTML pages, empty, cut or binary bodies raise IpcCgiResponseError."""
    with pytest.raises(IpcCgiResponseError):
        check_reply("/cgi-bin/network", 200, body)


def test_truncated_configuration_is_not_repaired() -> None:
    """A configuration cut in half is an error, never a partial model."""
    body = spec.VIDEO_ENCODER[: len(spec.VIDEO_ENCODER) * 3 // 4]
    with pytest.raises(IpcCgiResponseError):
        check_reply("/cgi-bin/videoencoder", 200, body)


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (401, b"401 Unauthorized", IpcCgiAuthenticationError),
        (403, b"", IpcCgiAuthenticationError),
        (500, b"500 Internal Server Error", IpcCgiConnectionError),
        (503, spec.NETWORK, IpcCgiConnectionError),
        (400, b"<html>Bad Request</html>", IpcCgiResponseError),
        (400, b"", IpcCgiResponseError),
        (400, b'<?xml version="1.0"?><network dhcp="0"/>', IpcCgiResponseError),
        (404, b"404 Not Found", IpcCgiNotFoundError),
        (404, b'<?xml version="1.0"?><error/>', IpcCgiNotFoundError),
        (302, spec.NETWORK, IpcCgiResponseError),
    ],
)
def test_http_status_mapping(status: int, body: bytes, error: type[Exception]) -> None:
    """401/403 are refusals, 5xx connection errors, 404 a missing endpoint, other non-200s invalid replies."""
    with pytest.raises(error) as err:
        check_reply("/cgi-bin/network", status, body)
    assert "/cgi-bin/network" in str(err.value)


@pytest.mark.parametrize(
    ("reason", "error"),
    [
        ("UID Error", UidRejectedError),
        ("Error, Parse UID", UidRejectedError),
        ("Password Error", IpcCgiInvalidCredentialsError),
        ("Permission Denied", IpcCgiAuthenticationError),
    ],
)
def test_session_faults_in_any_case(reason: str, error: type[Exception]) -> None:
    """Chapter 1's faults that end a session or refuse an account are known in any case.

    Firmware varies the case of its replies: a `UID Error` taken for a plain
    fault would fail every request instead of logging in again.
    """
    body = f"<fault><value>/cgi-bin/image</value><reason>{reason}</reason></fault>"
    with pytest.raises(error) as err:
        check_reply("/cgi-bin/image", 400, body.encode())
    assert type(err.value) is error


def test_raw_replies() -> None:
    """Binary replies pass through; an XML fault in their place is raised."""
    jpeg = b"\xff\xd8\xff\xe0binary"
    assert check_reply("/cgi-bin/snapshot.cgi", 200, jpeg, raw=True) == jpeg
    html = b"<html><body>hello</body></html>"
    assert check_reply("/WEBlogin", 200, html, raw=True) == html
    broken = b"<html><body>hello"
    assert check_reply("/WEBlogin", 200, broken, raw=True) == broken
    with pytest.raises(IpcCgiFaultError) as err:
        check_reply("/cgi-bin/snapshot.cgi", 200, spec.FAULTS[22][1], raw=True)
    assert err.value.reason == "sd not mount"
    with pytest.raises(IpcCgiNotFoundError):
        check_reply("/playback/x.mp4", 404, b"404 Not Found", raw=True)
    # A byte range of a recording: 206 is a success, 416 a range past the end.
    assert check_reply("/playback/x.mp4", 206, b"\x00\x00", raw=True) == b"\x00\x00"
    with pytest.raises(IpcCgiRangeError, match="HTTP 416"):
        check_reply("/playback/x.mp4", 416, b"", raw=True)


def test_stray_spaces_bom_and_ampersands() -> None:
    """Spaces in tags, a BOM, leading blanks and bare `&` are tolerated."""
    node = parse_xml(
        b'\xef\xbb\xbf \n<?xml version="1.0"?>\n< osd title_utf8="a & b" enable=" 1 ">'
        b"<value >x</ value ></osd >"
    )
    assert node.tag == "osd"
    assert node.string("title_utf8") == "a & b"
    assert node.flag("enable") is True
    assert node.child("value").text == "x"


def test_fault_in_text_without_reason() -> None:
    """A fault without a reason element carries its text."""
    with pytest.raises(IpcCgiFaultError) as err:
        check_reply("/cgi-bin/x", 400, b"<fault>broken</fault>")
    assert (err.value.value, err.value.reason) == ("/cgi-bin/x", "broken")
    assert str(err.value) == "/cgi-bin/x: broken"


def test_fault_error_without_value() -> None:
    """The message of a fault without value is its reason."""
    assert str(IpcCgiFaultError(" ", " boom ")) == "boom"


def test_node_accessors() -> None:
    """Attribute access is case-insensitive, typed and raises only IpcCgiResponseError."""
    node = parse_xml(
        b'<DevState sd1="1" sd2=" 2 " MemTotal="125620 kB " color="0xff" bad="x" hex="0xzz">'
        b"<stream1/><streamX/><stream2/><n>12</n><n>x</n></DevState>"
    )
    assert node.numbered_ints("sd") == (1, 2)
    assert node.integer("memtotal") == 125620
    assert node.integer("color", base=0) == 255
    assert node.opt_integer("missing") is None
    assert node.opt_flag("missing") is None
    assert [number for _, number in node.numbered_children("stream")] == [1, 2]
    assert node.children("N")[0].int_text() == 12
    for call in (
        lambda: node.string("missing"),
        lambda: node.integer("missing"),
        lambda: node.integer("bad"),
        lambda: node.integer("hex", base=0),
        lambda: node.child("missing"),
        lambda: node.children("n")[1].int_text(),
    ):
        with pytest.raises(IpcCgiResponseError):
            call()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1-15", (1, 15)), (" 64000 ", (64000, 64000)), ("50 - 2000", (50, 2000))],
)
def test_parse_range(text: str, expected: tuple[int, int]) -> None:
    """3.9 ranges."""
    assert parse_range(text) == expected


@pytest.mark.parametrize("text", ["", "a-b", "1-2-3"])
def test_parse_range_invalid(text: str) -> None:
    """An unreadable range is an invalid reply."""
    with pytest.raises(IpcCgiResponseError):
        parse_range(text)


def test_parse_content_range() -> None:
    """HTTP Content-Range of a byte range; anything else is an invalid reply."""
    assert parse_content_range(" bytes 0-99/1000 ") == (0, 99, 1000)
    assert parse_content_range("BYTES 999-999/1000") == (999, 999, 1000)
    for text in ("", "bytes 0-99/*", "bytes */1000", "bytes 5-4/10", "bytes 0-10/10"):
        with pytest.raises(IpcCgiResponseError, match="Content-Range"):
            parse_content_range(text)


@pytest.mark.parametrize("text", ["2020-1-16", "2020-13-40-10-10-10", "soon"])
def test_parse_datetime_invalid(text: str) -> None:
    """An unreadable time is an invalid reply."""
    with pytest.raises(IpcCgiResponseError):
        parse_datetime(text)


@pytest.mark.parametrize(
    ("body", "parse"),
    [
        (
            b'<motion enable="1" sensitivity="1" alarmthreshold="1" enable_nighttime="1" night_sensitivity="1" night_alarmthreshold="1" blockcount="22" areavalue=""/>',
            MotionConfig.from_xml,
        ),
        (
            b'<DevState sd1="0" system_time="" run_time="2-56" MemTotal="1" MemFree="1"/>',
            DeviceState.from_xml,
        ),
        (
            b'<Encode><EncodeConfig Stream="1" Enable="1"/></Encode>',
            CodecStreams.from_xml,
        ),
        (b"<videoencoder></videoencoder>", VideoEncoderConfig.from_xml),
        (
            b"<setShutterSpeed>Set dayShutterMode=1</setShutterSpeed>",
            ShutterConfig.from_xml,
        ),
        (b"<SetUidValidTime>forever</SetUidValidTime>", parse_uid_valid_time),
    ],
)
def test_incomplete_models(body: bytes, parse: Callable[[Node], Any]) -> None:
    """Replies missing what a model needs are invalid replies."""
    with pytest.raises(IpcCgiResponseError):
        parse(parse_xml(body))


def test_device_name_failure_is_a_fault() -> None:
    """3.45: a reply that is not `successful` is a fault with its text."""
    with pytest.raises(IpcCgiFaultError) as err:
        parse_device_name(
            parse_xml(b"<setDeviceName>Set device name failed</setDeviceName>")
        )
    assert err.value.reason == "Set device name failed"


def test_lenient_models() -> None:
    """Single-stream set replies, unknown options and user lists parse."""
    stream = parse_xml(
        b'<stream3 encode_mode="H264" resolution="CIF" framerate="10" govlength="40" '
        b'bitrate="100" bitrate_control="avbr"/>'
    )
    assert VideoEncoderConfig.from_xml(stream).streams == {
        3: VideoStreamConfig("H264", "CIF", 10, 40, 100, "AVBR")
    }
    users = parse_users(
        parse_xml(
            b'<user_management><user name="admin" privilege="administrator" enable="Enable"/>'
            b'<user name="guest" privilege="Viewer" enable="0"/></user_management>'
        )
    )
    assert users == (
        User("admin", Privilege.ADMINISTRATOR, True),
        User("guest", "Viewer", False),
    )
    ir_cut = IrCutConfig.from_xml(parse_xml(b'<IrCut ircutmode="9"/>'))
    assert (ir_cut.mode, ir_cut.time) == (9, None)


def test_redaction() -> None:
    """Secret query values and given secrets are replaced."""
    text = (
        "GET http://h/cgi-bin/getuid?username=admin&password=s3cret&uid=abcd1234 failed"
    )
    redacted = redact_text(text, ["s3cret", None, ""])
    assert "s3cret" not in redacted
    assert "abcd1234" not in redacted
    assert "username=admin" in redacted
    assert redact_text("pw is hunter2", ["hunter2"]) == f"pw is {REDACTED}"
    assert redact_params(
        {"uid": "x", "Password": "y", "newpasswd": "z", "stream": 1}
    ) == {
        "uid": REDACTED,
        "Password": REDACTED,
        "newpasswd": REDACTED,
        "stream": 1,
    }


def _mutations() -> st.SearchStrategy[bytes]:
    example = st.sampled_from(spec.ALL_BODIES)

    def truncate(body: bytes, at: int) -> bytes:
        return body[: at % (len(body) + 1)]

    def insert_space(body: bytes, at: int) -> bytes:
        at %= len(body) + 1
        return body[:at] + b" " + body[at:]

    def drop_closing_tags(body: bytes, _: int) -> bytes:
        return body.replace(b"</", b"<")

    def drop_one_closing_tag(body: bytes, at: int) -> bytes:
        start = body.find(b"</", at % (len(body) + 1))
        if start < 0:
            return body
        end = body.find(b">", start)
        return body[:start] + (body[end + 1 :] if end >= 0 else b"")

    def swap(body: bytes, at: int) -> bytes:
        if len(body) < 2:
            return body
        i = at % (len(body) - 1)
        return body[:i] + body[i + 1 : i + 2] + body[i : i + 1] + body[i + 2 :]

    mutation = st.sampled_from(
        [truncate, insert_space, drop_closing_tags, drop_one_closing_tag, swap]
    )

    @st.composite
    def mutated(draw: st.DrawFn) -> bytes:
        body = draw(example)
        for _ in range(draw(st.integers(1, 3))):
            body = draw(mutation)(body, draw(st.integers(0, 10_000)))
        return body

    return mutated()


@settings(max_examples=300, deadline=None)
@given(body=st.binary(max_size=400), status=st.sampled_from([200, 400, 500]))
def test_arbitrary_bytes(body: bytes, status: int) -> None:
    """Arbitrary bytes only ever give a model or the client's own errors."""
    parse_everything(body, status)


@settings(max_examples=500, deadline=None)
@given(body=_mutations(), status=st.sampled_from([200, 400]))
def test_mutated_spec_examples(body: bytes, status: int) -> None:
    """Mutated spec examples only ever give a model or the client's own errors."""
    parse_everything(body, status)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list('<>/="? &;abcfltuvx01 \n')), max_size=120
    )
)
def test_xmlish_text(text: str) -> None:
    """XML-looking noise only ever gives a model or the client's own errors."""
    parse_everything(text.encode())


HUGE = "9" * 5000


@pytest.mark.parametrize(
    ("body", "parse"),
    [
        (
            f'<network macaddr="x" dhcp="0" ipaddr="a" netmask="b" gateway="c" dns1="d" dns2="e" port="{HUGE}"/>',
            NetworkConfig.from_xml,
        ),
        (
            f'<userosd title_index="1" enable="1" color="0x{"f" * 40}" fontsize="1" title_pos_type="1" title_pos_x="1" title_pos_y="1"/>',
            UserOsdConfig.from_xml,
        ),
        (
            '<streamX encode_mode="H264" resolution="CIF" framerate="1" govlength="1" bitrate="1" bitrate_control="CBR"/>',
            VideoEncoderConfig.from_xml,
        ),
        (
            f'<videoencoder><stream{HUGE} encode_mode="H264"/></videoencoder>',
            VideoEncoderConfig.from_xml,
        ),
        (
            f"<video_capabilities><stream1><encode_mode name='H264'><resolution name='CIF'><framerate_range>1-{HUGE}</framerate_range></resolution></encode_mode></stream1></video_capabilities>",
            VideoCapabilities.from_xml,
        ),
        (
            f'<motion enable="1" sensitivity="1" alarmthreshold="1" enable_nighttime="1" night_sensitivity="1" night_alarmthreshold="1" blockcount="{HUGE}x2" areavalue=""/>',
            MotionConfig.from_xml,
        ),
        (
            '<DevState sd1="0" run_time="999999999999999999-0-0-0" MemTotal="1" MemFree="1"/>',
            DeviceState.from_xml,
        ),
        (
            f'<DevState sd1="0" run_time="{HUGE}-0-0-0" MemTotal="1" MemFree="1"/>',
            DeviceState.from_xml,
        ),
        (
            f'<time timezone="GMT" update_method="NTP" current_time="{HUGE}-1-1 0:0:0"/>',
            TimeConfig.from_xml,
        ),
        (
            f"<setShutterSpeed>Set dayShutterMode={HUGE}</setShutterSpeed>",
            ShutterConfig.from_xml,
        ),
        (
            f"<SetUidValidTime>Uid valid time is {HUGE} sec</SetUidValidTime>",
            parse_uid_valid_time,
        ),
    ],
)
def test_huge_numbers(body: str, parse: Callable[[Node], Any]) -> None:
    """Numbers too long for int() or timedelta are invalid replies, nothing else."""
    with pytest.raises(IpcCgiResponseError):
        parse(parse_xml(body.encode()))


# --- hostile text ---------------------------------------------------------------


def test_nesting_stops_at_max_depth() -> None:
    """Elements nested deeper than MAX_DEPTH stop the parser there; up to it they parse."""
    assert parse_xml(b"<a>" * MAX_DEPTH + b"</a>" * MAX_DEPTH).tag == "a"
    deeper = MAX_DEPTH + 1
    with pytest.raises(IpcCgiResponseError, match="nested deeper than 32 levels"):
        parse_xml(b"<a>" * deeper + b"</a>" * deeper)
    # End tags written in a comment or CDATA do not hide a level.
    for hiding in (b"<!--" + b"</" * 40 + b"-->", b"<![CDATA[" + b"</" * 40 + b"]]>"):
        with pytest.raises(IpcCgiResponseError, match="nested deeper than 32 levels"):
            parse_xml(b"<a>" * deeper + hiding + b"</a>" * deeper)


@pytest.mark.parametrize(
    "body",
    [
        BILLION_LAUGHS,
        XXE,
        b"<!DOCTYPE uid><uid>5ec</uid>",
        b'<uid><!ENTITY e "x">5ec</uid>',
    ],
)
def test_dtds_are_refused(body: bytes) -> None:
    """No spec reply declares a DTD or entities: one that does is refused unexpanded."""
    with pytest.raises(IpcCgiResponseError, match="declares a DTD or entities"):
        check_reply("/cgi-bin/getuid", 200, body)


def test_repairs_across_pieces() -> None:
    """Spaces in tags and bare `&` are repaired throughout a reply longer than a piece."""
    items = "".join(f'< item n="{n}" t="a & b"></ item >' for n in range(5000))
    node = parse_xml(f"<list>{items}</list >".encode())
    assert [child.string("n") for child in node.elements] == [
        str(n) for n in range(5000)
    ]
    assert {child.string("t") for child in node.elements} == {"a & b"}


def test_redirects_are_not_followed() -> None:
    """A 3xx says so; the client never follows it (the query holds the password)."""
    with pytest.raises(IpcCgiResponseError, match="HTTP 301 redirect, not followed"):
        check_reply("/cgi-bin/getuid", 301, b"")


def test_camera_text_is_redacted_and_cut() -> None:
    """Text from the camera in a message: secrets redacted, at most MAX_TEXT characters."""
    assert camera_text("fine") == "fine"
    long = camera_text("pw=" + "Pa55" * 100, ["Pa55"])
    assert len(long) == MAX_TEXT
    assert long.endswith("…")
    assert "Pa55" not in long
    with pytest.raises(IpcCgiFaultError) as err:
        check_reply(
            "/cgi-bin/image",
            400,
            f"<fault><value>/x</value><reason>{'r' * 2000}</reason></fault>".encode(),
        )
    assert len(err.value.reason) == MAX_TEXT


def test_errors_are_scrubbed() -> None:
    """An error built from camera text loses the secrets, its length and its chain."""
    try:
        try:
            int("Pa55")
        except ValueError:
            raise IpcCgiFaultError("/cgi-bin/x?password=Pa55", "Pa55 " + "y" * 500)  # noqa: B904
    except IpcCgiFaultError as err:
        fault = err
    assert isinstance(fault.__cause__ or fault.__context__, ValueError)
    scrub_error(fault, ("Pa55", None))
    assert fault.value == f"/cgi-bin/x?password={REDACTED}"
    assert len(fault.reason) == MAX_TEXT
    assert fault.reason.startswith(REDACTED)
    assert len(str(fault)) == MAX_TEXT
    assert fault.__context__ is None
    error = IpcCgiResponseError("invalid time 'Pa55'")
    scrub_error(error, ("Pa55",))
    assert str(error) == f"invalid time '{REDACTED}'"


def test_no_quadratic_patterns() -> None:
    """Long runs that made backtracking patterns quadratic parse at once."""
    assert Node("s", text="a" * 200_000 + " dayShutterMode=1").text_pairs() == {
        "dayshuttermode": 1
    }
    name = parse_device_name(
        Node("setDeviceName", text="Set device name(a(b)c) successful!")
    )
    assert name == "a(b)c"
    with pytest.raises(IpcCgiFaultError):
        parse_device_name(Node("setDeviceName", text="success" + "(" * 200_000))
    with pytest.raises(IpcCgiResponseError, match="not valid XML"):
        parse_xml(b"<?xml" * 100_000)
