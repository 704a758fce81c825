"""Every response example of the spec (v1.0.10), copied as printed, malformations included.

Each example: (section, path, HTTP status, body). The expected parse is in
test_spec_examples.py.
"""

from __future__ import annotations

DECL = '<?xml version="1.0" encoding="UTF-8"?> '


def _fault(value: str, reason: str, *, close: bool = True) -> bytes:
    end = " </fault>" if close else ""
    return (
        f"{DECL}<fault> <value>{value}</value> <reason>{reason}</reason>{end}".encode()
    )


# 3.1 .. 3.45: successful replies
UID = (DECL + "<uid>XXXXXXXX</uid>").encode()
KEEP_ALIVE = (DECL + "<keep_alive>true</keep_alive>").encode()
INFO_ANONYMOUS = (
    DECL + '<info oem="MC400L" mac_address="F0:00:00:29:06:9F"/>'
).encode()
INFO = (
    DECL
    + '<info kernel="Linux 3.18.30 #15 PREEMPT Fri Mar 30 15:27:46 CST 2018 armv7l" '
    'filesystem="MC400L" sn="EF0000000029069F" oem="MC400L" mac_address="F0:00:00:29:06:9F"/>'
).encode()
CAPABILITIES = (DECL + '<capabilities video="1" audio="1" ptz="0"/>').encode()
REBOOT = (DECL + "<reboot>true</reboot>").encode()
FACTORY_RESET = (DECL + "<factory_reset>true</factory_reset>").encode()
NETWORK = (
    DECL + '<network macaddr="XX-XX-XX-XX-XX-XX" dhcp="0" ipaddr="192.168.0.10" '
    'netmask="255.255.255.0" gateway="192.168.0.1" dns1="114.114.114.114" '
    'dns2="8.8.8.8" port="80"/>'
).encode()
TIME = (
    DECL + '<time    timezone="GMT+08:00"    update_method="ntp" ntpaddr="pool.ntp.org"'
    '                      port="123" current_time="2017-11-30 08:00:00"/>'
).encode()
VIDEO_CAPABILITIES = (
    DECL
    + """<video_capabilities>
<stream1>
    <encode_mode name="H264">
        <resolution name="2592X1944">
            <framerate_range>1-15</framerate_range>
            <bitrate_range>500-8000</bitrate_range>
        </resolution>
        <resolution name="1080P">
            <framerate_range>1-30</framerate_range>
            <bitrate_range>500-6000</bitrate_range>
        </resolution>
    </encode_mode>
    <encode_mode name="H265">
        <resolution name="2592X1944">
            <framerate_range>1-15</framerate_range>
            <bitrate_range>500-6000</bitrate_range>
        </resolution>
        <resolution name="1080P">
            <framerate_range>1-30</framerate_range>
            <bitrate_range>500-4000</bitrate_range>
        </resolution>
    </encode_mode>
</stream1>
<stream2>
    <encode_mode name="H264">
        <resolution name="VGA">
            <framerate_range>1-30</framerate_range>
            <bitrate_range>50-2000</bitrate_range>
        </resolution>
        <resolution name="480X360">
            <framerate_range>1-30</framerate_range>
            <bitrate_range>50-2000</bitrate_range>
        </resolution>
    </encode_mode>
    <encode_mode name="H265">
        <resolution name="VGA">
            <framerate_range>1-30</framerate_range>
            <bitrate_range>50-2000</bitrate_range>
        </resolution>
        <resolution name="480X360">
            <framerate_range>1-30</framerate_range>
            <bitrate_range>50-2000</bitrate_range>
        </resolution>
    </encode_mode>
</stream2>
</video_capabilities>"""
).encode()
VIDEO_ENCODER = (
    DECL
    + '<videoencoder> <stream1 encode_mode="H265" resolution="1080P" framerate="25" '
    'govlenth="100" bitrate="2500" bitrate_control="CBR"/> <stream2 encode_mode="H265" '
    'resolution="480X360" framerate="25" govlenth="100" bitrate="200" '
    'bitrate_control="CBR"/> </videoencoder>'
).encode()
AUDIO_CAPABILITIES = (
    DECL + '<audio_capabilities> <encode_type name="G.711"> <samplerate name="8000"> '
    "<bitrate>64000</bitrate> </samplerate> </encode_type> <encode_type "
    'name="G.711A"> <samplerate name="8000"> <bitrate>64000</bitrate> </samplerate> '
    '</encode_type> <encode_type name="AAC"> <samplerate name="16000"> '
    "<bitrate>16000</bitrate> </samplerate> </encode_type> </audio_capabilities>"
).encode()
AUDIO = (
    DECL
    + '<audioencoder enable="1" encode_type="G.711" samplerate="8000" bitrate="64000" '
    'input_volume="60" output_volume="80" amplify="1"/>'
).encode()
OSD = (
    DECL + '<osd enable="1" color="1" fontsize="1" title_pos_type="1" title_pos_x="1" '
    'title_pos_y="0" show_res_bit="0" time_pos_type="1" time_pos_x="1" time_pos_y="0" '
    'show_week="1" time_format="yyyy-mm-dd hh:mm:ss" title_utf8="XXXXXXXX"/>'
).encode()
IMAGE = (
    DECL + '<image brightness="128" contrast="128" saturation="128" sharpness="128"/>'
).encode()
PTZ = (DECL + "<ptz_ctrl>true</ptz_ctrl>").encode()
MOTION = (
    DECL
    + '<motion enable="1" sensitivity="80" alarmthreshold="20" enable_nighttime="1" '
    'night_sensitivity="80" night_alarmthreshold="22" blockcount="22x18 " '
    'areavalue="xxxxxxxxxx"/>'
).encode()
MODEL = (DECL + "<model>MC200J6</model>").encode()
UPLOAD = (DECL + "<upload>OK</upload>").encode()
RECORD_QUERY = (
    DECL
    + '<RecordQueryInfo> <items filepath="/mnt/mmc0/schedule/20191025/151233-av-1.mp4 " '
    'filesize="32276556" record_mode="2" media_type="3" stream_index="1" '
    'start_time="2019-10-25 15:12:33"/> </RecordQueryInfo>'
).encode()
RTMP = (
    DECL + '<RtmpConfig Enable="1" Streamno="0" Server="192.168.2.12" Port="98" '
    'Appname="live5" Streamid="55" Type="1"/>'
).encode()
SCHEDULE_STORAGE = (
    DECL + '<RecordConfig> <Common LocalEnable="1" RemoteEnable="0" MountParam="" '
    'RecordFileSize="10"/> <ScheduleRecord Stream="1" LocalStore="1" RemoteStore="0" '
    'JpegInterval="1"/> </RecordConfig>'
).encode()
EVENT_STORAGE = (
    DECL
    + '<RecordConfig> <MotionDetectRecord Stream="1" LocalStore="1" RemoteStore="1" '
    'FtpUpload="0" EmailUpload="0"/> <MotionDetectCapture LocalStore="1" '
    'RemoteStore="1" FtpUpload="1" EmailUpload="0" OutputChannelAction_enable="1"/> '
    "</RecordConfig>"
).encode()
DEV_STATE = (
    DECL
    + '<DevState sd1="0" sd2="0" system_time="2020-1-16-12-12-43" run_time="0-2-56-40" '
    'MemTotal="125620 kB " MemFree="24384 kB"/>'
).encode()
ALARM_STATE = (DECL + '<setAlarmState position="0" logicalstate="1"/>').encode()
WDR = (DECL + '<Capture WDRMode="1" WDRValue="53"></Capture>').encode()
NOISE_REDUCTION = (DECL + '<Capture TNF="128" SNF="128"></Capture>').encode()
CODEC_STREAMS = (
    DECL + '<Encode><EncodeConfig Stream="1" Enable="1"/> <EncodeConfig Stream="2" '
    'Enable="1"/></Encode>'
).encode()
LAMP = (DECL + '<Capture Brightness="191" led_mode="1"></Capture>').encode()
SERVICE_PORTS = (
    DECL + '<MediaStreamConfig> <StreamAccess enable_web="1" enable_rtsp="1" '
    'enable_comm="1" enable_hik="1" /> </MediaStreamConfig>'
).encode()
MASK_OK = (DECL + "<Mask>OK</Mask>").encode()
FLIP = (
    DECL + '<Capture          vertical_flip="1" horizon_flip="1"></Capture>'
).encode()
UID_VALID_TIME = (
    DECL + "<SetUidValidTime>Uid valid time is 60 sec</SetUidValidTime>"
).encode()
MANUAL_INPUT_ALARM = (DECL + "<ManualInputAlarm>successful</ManualInputAlarm>").encode()
ONVIF = (DECL + '<OnvifConfig onvif_auth="1"/>').encode()
RTSP = (DECL + '<RtspConfig rtsp_auth="1"/>').encode()
RELAY = (DECL + "<RelayStatus>status=1</RelayStatus>").encode()
RELAY_FAIL = (DECL + "<RelayStatus>Get status(0) fail</RelayStatus>").encode()
RELAY_SET = (DECL + "<RelayStatus> set status=1</RelayStatus>").encode()
SHUTTER = (
    DECL
    + "<setShutterSpeed>Set dayShutterMode=1, dayShutterSpeed=100, nightShutterMode=1, "
    "nightShutterSpeed=100</setShutterSpeed>"
).encode()
DEVICE_NAME = (
    DECL + "<setDeviceName>Set device name(xxxxx) successful!</setDeviceName>"
).encode()

# Faults, as printed (3.1 has its `</fault>` on the next page; 3.41-3.45 have none).
FAULTS: list[tuple[str, bytes, str, str]] = [
    # (section, body, value, reason)
    (
        "3.1",
        _fault("/cgi-bin/getuid", "error, parse parameters"),
        "/cgi-bin/getuid",
        "error, parse parameters",
    ),
    (
        "3.1",
        _fault("/cgi-bin/getuid", "error, parse username"),
        "/cgi-bin/getuid",
        "error, parse username",
    ),
    (
        "3.1",
        _fault("/cgi-bin/getuid", "error, parse password"),
        "/cgi-bin/getuid",
        "error, parse password",
    ),
    (
        "3.2",
        _fault("/cgi-bin/keep_alive", "error, parse parameters"),
        "/cgi-bin/keep_alive",
        "error, parse parameters",
    ),
    (
        "3.6",
        _fault("/cgi-bin/factory_reset", "retain_network 0 or 1"),
        "/cgi-bin/factory_reset",
        "retain_network 0 or 1",
    ),
    (
        "3.6",
        _fault("/cgi-bin/factory_reset", "retain_network: NULL"),
        "/cgi-bin/factory_reset",
        "retain_network: NULL",
    ),
    (
        "3.7",
        _fault("/cgi-bin/network", "dhcp: 0 or 1"),
        "/cgi-bin/network",
        "dhcp: 0 or 1",
    ),
    (
        "3.8",
        _fault("/cgi-bin/time", "timezone error"),
        "/cgi-bin/time",
        "timezone error",
    ),
    (
        "3.10",
        _fault("/cgi-bin/videoencoder/stream1", "encode_mode error"),
        "/cgi-bin/videoencoder/stream1",
        "encode_mode error",
    ),
    (
        "3.12",
        _fault("/cgi-bin/audioencoder", "enable: 0 or 1"),
        "/cgi-bin/audioencoder",
        "enable: 0 or 1",
    ),
    (
        "3.13",
        _fault("/cgi-bin/osd", "enable: 0 or 1"),
        "/cgi-bin/osd",
        "enable: 0 or 1",
    ),
    (
        "3.14",
        _fault("/cgi-bin/image", "brightness range: 0-255"),
        "/cgi-bin/image",
        "brightness range: 0-255",
    ),
    (
        "3.15",
        _fault("/cgi-bin/ptz_ctrl", "move_x range: -1,0,1"),
        "/cgi-bin/ptz_ctrl",
        "move_x range: -1,0,1",
    ),
    (
        "3.16",
        _fault("/cgi-bin/motion", "enable: 0 or 1"),
        "/cgi-bin/motion",
        "enable: 0 or 1",
    ),
    (
        "3.18",
        _fault("/cgi-bin/user_management", "action: add or edit or delete"),
        "/cgi-bin/user_management",
        "action: add or edit or delete",
    ),
    (
        "3.18",
        _fault("/cgi-bin/user_management", "error username"),
        "/cgi-bin/user_management",
        "error username",
    ),
    (
        "3.18",
        _fault("/cgi-bin/user_management", "error username duplicated"),
        "/cgi-bin/user_management",
        "error username duplicated",
    ),
    (
        "3.18",
        _fault("/cgi-bin/user_management", "username none exist to edit"),
        "/cgi-bin/user_management",
        "username none exist to edit",
    ),
    (
        "3.18",
        _fault(
            "/cgi-bin/user_management", "privilege: User or Administrator or Operator"
        ),
        "/cgi-bin/user_management",
        "privilege: User or Administrator or Operator",
    ),
    (
        "3.18",
        _fault("/cgi-bin/user_management", "enable: Enable or Disable"),
        "/cgi-bin/user_management",
        "enable: Enable or Disable",
    ),
    (
        "3.18",
        _fault(
            "/cgi-bin/user_management",
            "The parameters must Correct include</reason> name,newpasswd,privilege,enable</reason>",
        ),
        "/cgi-bin/user_management",
        "The parameters must Correct include name,newpasswd,privilege,enable",
    ),
    (
        "3.18",
        _fault("/cgi-bin/user_management", "username not exist to edit"),
        "/cgi-bin/user_management",
        "username not exist to edit",
    ),
    (
        "3.19",
        _fault("/cgi-bin/snapshot", "sd not mount"),
        "/cgi-bin/snapshot",
        "sd not mount",
    ),
    (
        "3.19",
        _fault("/cgi-bin/snapshot", "upload 0 or 1 or 2 or 3"),
        "/cgi-bin/snapshot",
        "upload 0 or 1 or 2 or 3",
    ),
    (
        "3.19",
        _fault("/cgi-bin/snapshot", "Ftp not deploy"),
        "/cgi-bin/snapshot",
        "Ftp not deploy",
    ),
    (
        "3.19",
        _fault("/cgi-bin/snapshot", "sd card not mounted"),
        "/cgi-bin/snapshot",
        "sd card not mounted",
    ),
    (
        "3.19",
        _fault("/cgi-bin/snapshot", "NFS Server not mounted"),
        "/cgi-bin/snapshot",
        "NFS Server not mounted",
    ),
    (
        "3.20",
        _fault("/cgi-bin/get_record_query", "record_month must between 1-12"),
        "/cgi-bin/get_record_query",
        "record_month must between 1-12",
    ),
    (
        "3.20",
        _fault("/cgi-bin/get_record_query", "record_day must between 1-31"),
        "/cgi-bin/get_record_query",
        "record_day must between 1-31",
    ),
    (
        "3.20",
        _fault("/cgi-bin/get_record_query", "start_hour must between 0-23"),
        "/cgi-bin/get_record_query",
        "start_hour must between 0-23",
    ),
    (
        "3.20",
        _fault("/cgi-bin/get_record_query", "start_min must between 0-59"),
        "/cgi-bin/get_record_query",
        "start_min must between 0-59",
    ),
    (
        "3.20",
        _fault("/cgi-bin/get_record_query", "start_sec must between 0-59"),
        "/cgi-bin/get_record_query",
        "start_sec must between 0-59",
    ),
    (
        "3.20",
        _fault("/cgi-bin/get_record_query", "end_hour must between 0-23"),
        "/cgi-bin/get_record_query",
        "end_hour must between 0-23",
    ),
    (
        "3.20",
        _fault("/cgi-bin/get_record_query", "end_min must between 0-59"),
        "/cgi-bin/get_record_query",
        "end_min must between 0-59",
    ),
    (
        "3.20",
        _fault("/cgi-bin/get_record_query", "end_sec must between 0-59"),
        "/cgi-bin/get_record_query",
        "end_sec must between 0-59",
    ),
    (
        "3.22",
        _fault("/cgi-bin/rtmp", "enable: 0 or 1"),
        "/cgi-bin/rtmp",
        "enable: 0 or 1",
    ),
    (
        "3.22",
        _fault("/cgi-bin/rtmp", "server is NULL"),
        "/cgi-bin/rtmp",
        "server is NULL",
    ),
    (
        "3.22",
        _fault("/cgi-bin/rtmp", "port range: 0-65535"),
        "/cgi-bin/rtmp",
        "port range: 0-65535",
    ),
    (
        "3.22",
        _fault("/cgi-bin/rtmp", "streamno range: 0-1"),
        "/cgi-bin/rtmp",
        "streamno range: 0-1",
    ),
    (
        "3.22",
        _fault("/cgi-bin/rtmp", "appname is NULL"),
        "/cgi-bin/rtmp",
        "appname is NULL",
    ),
    (
        "3.22",
        _fault("/cgi-bin/rtmp", "streamid is NULL"),
        "/cgi-bin/rtmp",
        "streamid is NULL",
    ),
    (
        "3.22",
        _fault("/cgi-bin/rtmp", "type range: 0-1"),
        "/cgi-bin/rtmp",
        "type range: 0-1",
    ),
    (
        "3.23",
        _fault("/cgi-bin/setScheduleStorage", "enable: 0,1 "),
        "/cgi-bin/setScheduleStorage",
        "enable: 0,1",
    ),
    (
        "3.23",
        _fault("/cgi-bin/setScheduleStorage", "localEnable: 0 or 1"),
        "/cgi-bin/setScheduleStorage",
        "localEnable: 0 or 1",
    ),
    (
        "3.23",
        _fault("/cgi-bin/setScheduleStorage", "remoteEnable: 0 or 1"),
        "/cgi-bin/setScheduleStorage",
        "remoteEnable: 0 or 1",
    ),
    (
        "3.23",
        _fault("/cgi-bin/setScheduleStorage", "recordFileSize: 2,5,10,20,30"),
        "/cgi-bin/setScheduleStorage",
        "recordFileSize: 2,5,10,20,30",
    ),
    (
        "3.23",
        _fault("/cgi-bin/setScheduleStorage", "stream: 0,1,2 "),
        "/cgi-bin/setScheduleStorage",
        "stream: 0,1,2",
    ),
    (
        "3.23",
        _fault("/cgi-bin/setScheduleStorage", "JpegInterval: 0,1 "),
        "/cgi-bin/setScheduleStorage",
        "JpegInterval: 0,1",
    ),
    (
        "3.24",
        _fault("/cgi-bin/setEventStorage", "trigger_recording: 0 or 1"),
        "/cgi-bin/setEventStorage",
        "trigger_recording: 0 or 1",
    ),
    (
        "3.24",
        _fault("/cgi-bin/setEventStorage", "stream: 1 or 2"),
        "/cgi-bin/setEventStorage",
        "stream: 1 or 2",
    ),
    (
        "3.24",
        _fault("/cgi-bin/setEventStorage", "record_ftp_upload: 0 or 1 "),
        "/cgi-bin/setEventStorage",
        "record_ftp_upload: 0 or 1",
    ),
    (
        "3.24",
        _fault("/cgi-bin/setEventStorage", "record_email_upload: 0 or 1 "),
        "/cgi-bin/setEventStorage",
        "record_email_upload: 0 or 1",
    ),
    (
        "3.24",
        _fault("/cgi-bin/setEventStorage", "trigger_capture: 0 or 1 "),
        "/cgi-bin/setEventStorage",
        "trigger_capture: 0 or 1",
    ),
    (
        "3.24",
        _fault("/cgi-bin/setEventStorage", "capture_ftp_upload: 0 or 1 "),
        "/cgi-bin/setEventStorage",
        "capture_ftp_upload: 0 or 1",
    ),
    (
        "3.24",
        _fault("/cgi-bin/setEventStorage", "capture_email_upload: 0 or 1 "),
        "/cgi-bin/setEventStorage",
        "capture_email_upload: 0 or 1",
    ),
    (
        "3.24",
        _fault("/cgi-bin/setEventStorage", "capture_motionDetectAlarm: 0 or 1 "),
        "/cgi-bin/setEventStorage",
        "capture_motionDetectAlarm: 0 or 1",
    ),
    (
        "3.26",
        _fault("/cgi-bin/setAlarmState", "position: 0 ~ 3"),
        "/cgi-bin/setAlarmState",
        "position: 0 ~ 3",
    ),
    (
        "3.26",
        _fault("/cgi-bin/setAlarmState", "logicalstate: 0 ~ 1"),
        "/cgi-bin/setAlarmState",
        "logicalstate: 0 ~ 1",
    ),
    (
        "3.27",
        _fault("/cgi-bin/set_wdr", "enable: 0 or 1"),
        "/cgi-bin/set_wdr",
        "enable: 0 or 1",
    ),
    (
        "3.27",
        _fault("/cgi-bin/set_wdr", "wdr_value: 0 ~ 255"),
        "/cgi-bin/set_wdr",
        "wdr_value: 0 ~ 255",
    ),
    (
        "3.28",
        _fault("/cgi-bin/set_noise_reduction", "2D_value: 0 ~ 255"),
        "/cgi-bin/set_noise_reduction",
        "2D_value: 0 ~ 255",
    ),
    (
        "3.28",
        _fault("/cgi-bin/set_noise_reduction", "3D_value: 0 ~ 255"),
        "/cgi-bin/set_noise_reduction",
        "3D_value: 0 ~ 255",
    ),
    (
        "3.29",
        _fault("/cgi-bin/set_start_codec", "stream0_enable: 0 or 1"),
        "/cgi-bin/set_start_codec",
        "stream0_enable: 0 or 1",
    ),
    (
        "3.29",
        _fault("/cgi-bin/set_start_codec", "stream1_enable: 0 or 1"),
        "/cgi-bin/set_start_codec",
        "stream1_enable: 0 or 1",
    ),
    (
        "3.30",
        _fault("/cgi-bin/setBrightness_InfraredLamp", "brightness: 0 ~ 255"),
        "/cgi-bin/setBrightness_InfraredLamp",
        "brightness: 0 ~ 255",
    ),
    (
        "3.30",
        _fault("/cgi-bin/setBrightness_InfraredLamp", "infrared_lamp: 0 ~ 3"),
        "/cgi-bin/setBrightness_InfraredLamp",
        "infrared_lamp: 0 ~ 3",
    ),
    (
        "3.31",
        _fault("/cgi-bin/set_service_port", "enable_web: 0 ~ 1"),
        "/cgi-bin/set_service_port",
        "enable_web: 0 ~ 1",
    ),
    (
        "3.31",
        _fault("/cgi-bin/set_service_port", "enable_control: 0 ~ 1"),
        "/cgi-bin/set_service_port",
        "enable_control: 0 ~ 1",
    ),
    (
        "3.31",
        _fault("/cgi-bin/set_service_port", "enable_rtsp: 0 ~ 1"),
        "/cgi-bin/set_service_port",
        "enable_rtsp: 0 ~ 1",
    ),
    (
        "3.31",
        _fault("/cgi-bin/set_service_port", "enable_hik: 0 ~ 1"),
        "/cgi-bin/set_service_port",
        "enable_hik: 0 ~ 1",
    ),
    (
        "3.32",
        _fault("/cgi-bin/set_privacy_zone", "mainStreamMask_Height is none"),
        "/cgi-bin/set_privacy_zone",
        "mainStreamMask_Height is none",
    ),
    (
        "3.32",
        _fault("/cgi-bin/set_privacy_zone", "mainStreamMask_Width is none"),
        "/cgi-bin/set_privacy_zone",
        "mainStreamMask_Width is none",
    ),
    (
        "3.32",
        _fault("/cgi-bin/set_privacy_zone", "mainStreamMask_xPos is none"),
        "/cgi-bin/set_privacy_zone",
        "mainStreamMask_xPos is none",
    ),
    (
        "3.32",
        _fault("/cgi-bin/set_privacy_zone", "mainStreamMask_yPos      is none"),
        "/cgi-bin/set_privacy_zone",
        "mainStreamMask_yPos      is none",
    ),
    (
        "3.33",
        _fault("/cgi-bin/set_flip", "vertical_flip: 0 or 1"),
        "/cgi-bin/set_flip",
        "vertical_flip: 0 or 1",
    ),
    (
        "3.33",
        _fault("/cgi-bin/set_flip", "horizon_flip: 0 or 1"),
        "/cgi-bin/set_flip",
        "horizon_flip: 0 or 1",
    ),
    (
        "3.35",
        _fault("/cgi-bin/userosd", "enable: 0 or 1"),
        "/cgi-bin/userosd",
        "enable: 0 or 1",
    ),
    (
        "3.36",
        _fault("/cgi-bin/set_led", "brightness: 0 ~ 100"),
        "/cgi-bin/set_led",
        "brightness: 0 ~ 100",
    ),
    (
        "3.36",
        _fault("/cgi-bin/set_led", "not find param brightness"),
        "/cgi-bin/set_led",
        "not find param brightness",
    ),
    (
        "3.37",
        _fault("/cgi-bin/set_led", "ircutmode: 0 ~ 5"),
        "/cgi-bin/set_led",
        "ircutmode: 0 ~ 5",
    ),
    (
        "3.37",
        _fault("/cgi-bin/set_led", "not find param time"),
        "/cgi-bin/set_led",
        "not find param time",
    ),
    (
        "3.37",
        _fault("/cgi-bin/set_led", "error param time"),
        "/cgi-bin/set_led",
        "error param time",
    ),
    (
        "3.41",
        _fault("/cgi-bin/onvif ", "onvif_auth: 0 or 1 ", close=False),
        "/cgi-bin/onvif",
        "onvif_auth: 0 or 1",
    ),
    (
        "3.42",
        _fault("/cgi-bin/rtsp ", " rtsp_auth: 0 or 1 ", close=False),
        "/cgi-bin/rtsp",
        "rtsp_auth: 0 or 1",
    ),
    (
        "3.44b",
        _fault("/cgi-bin/setShutterSpeed ", " dayShutterMode: 0 or 1 ", close=False),
        "/cgi-bin/setShutterSpeed",
        "dayShutterMode: 0 or 1",
    ),
    (
        "3.44b",
        _fault(
            "/cgi-bin/setShutterSpeed ", "dayShutterSpeed: 10 or 10000", close=False
        ),
        "/cgi-bin/setShutterSpeed",
        "dayShutterSpeed: 10 or 10000",
    ),
    (
        "3.44b",
        _fault("/cgi-bin/setShutterSpeed ", "nightShutterMode: 0 or 1 ", close=False),
        "/cgi-bin/setShutterSpeed",
        "nightShutterMode: 0 or 1",
    ),
    (
        "3.44b",
        _fault(
            "/cgi-bin/setShutterSpeed ",
            " nightShutterSpeed: : 10 or 10000 ",
            close=False,
        ),
        "/cgi-bin/setShutterSpeed",
        "nightShutterSpeed: : 10 or 10000",
    ),
    (
        "3.45",
        _fault("/cgi-bin/setDeviceName ", "set device name failed! ", close=False),
        "/cgi-bin/setDeviceName",
        "set device name failed!",
    ),
]

# Faults that are session or privilege problems rather than camera faults.
UID_FAULTS = [
    _fault("/cgi-bin/keep_alive", "uid error"),
    _fault("/cgi-bin/keep_alive", "error, parse uid"),
]
AUTH_FAULTS = [
    _fault("/cgi-bin/getuid", "password error"),
    _fault("/cgi-bin/user_management", "Non-administrators cannot edit users"),
    _fault("/cgi-bin/image", "permission denied"),
]

SUCCESSES = [
    UID,
    KEEP_ALIVE,
    INFO_ANONYMOUS,
    INFO,
    CAPABILITIES,
    REBOOT,
    FACTORY_RESET,
    NETWORK,
    TIME,
    VIDEO_CAPABILITIES,
    VIDEO_ENCODER,
    AUDIO_CAPABILITIES,
    AUDIO,
    OSD,
    IMAGE,
    PTZ,
    MOTION,
    MODEL,
    UPLOAD,
    RECORD_QUERY,
    RTMP,
    SCHEDULE_STORAGE,
    EVENT_STORAGE,
    DEV_STATE,
    ALARM_STATE,
    WDR,
    NOISE_REDUCTION,
    CODEC_STREAMS,
    LAMP,
    SERVICE_PORTS,
    MASK_OK,
    FLIP,
    UID_VALID_TIME,
    MANUAL_INPUT_ALARM,
    ONVIF,
    RTSP,
    RELAY,
    RELAY_SET,
    SHUTTER,
    DEVICE_NAME,
]
ALL_BODIES = [
    *SUCCESSES,
    RELAY_FAIL,
    *(body for _, body, _, _ in FAULTS),
    *UID_FAULTS,
    *AUTH_FAULTS,
]
