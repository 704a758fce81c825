"""Older firmware: the endpoints each revision of the spec added (its revise record)."""

from __future__ import annotations

# Only revisions that added a CGI path of their own; 1.0.9's 50/60 Hz is a
# parameter of /cgi-bin/image, which every firmware has.
ADDED_IN: dict[str, frozenset[str]] = {
    "1.0.1": frozenset({"/cgi-bin/motion"}),
    "1.0.2": frozenset(
        {
            "/cgi-bin/user_management",
            "/cgi-bin/getmodel",
            "/OnvifFirmwareUpgrade",
            "/cgi-bin/OnvifFirmwareUpgrade",
        }
    ),
    "1.0.3": frozenset({"/cgi-bin/get_record_query"}),
    "1.0.4": frozenset({"/cgi-bin/rtmp"}),
    "1.0.6": frozenset({"/WebCertificateUploadFile"}),
    "1.0.8": frozenset({"/cgi-bin/userosd"}),
    "1.0.9": frozenset(
        {"/cgi-bin/set_ircut", "/cgi-bin/set_led", "/cgi-bin/set_service_port"}
    ),
    "1.0.10": frozenset(
        {
            "/WEBlogin",  # 3.38
            "/cgi-bin/setUidValidTime",  # 3.39
            "/cgi-bin/setManualInputAlarm",  # 3.40
            "/cgi-bin/onvif",  # 3.41
            "/cgi-bin/rtsp",  # 3.42
            "/cgi-bin/getRelayStatus",  # 3.43
            "/cgi-bin/setRelayStatus",  # 3.44
            "/cgi-bin/setShutterSpeed",  # 3.44b
            "/cgi-bin/setDeviceName",  # 3.45
        }
    ),
}
VERSIONS: tuple[str, ...] = (
    "1.0.0",
    "1.0.1",
    "1.0.2",
    "1.0.3",
    "1.0.4",
    "1.0.5",
    "1.0.6",
    "1.0.8",
    "1.0.9",
    "1.0.10",
)


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def endpoints_after(version: str) -> frozenset[str]:
    """Return the paths a camera with firmware `version` lacks (added by later revisions)."""
    if version not in VERSIONS:
        raise ValueError(
            f"unknown firmware {version!r}: expected one of {', '.join(VERSIONS)}"
        )
    return frozenset().union(
        *(paths for added, paths in ADDED_IN.items() if _key(added) > _key(version))
    )
