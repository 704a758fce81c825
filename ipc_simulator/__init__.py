"""A standalone simulator of an IP camera speaking the IPC HTTP CGI API v1.0.10."""

from . import endpoints as _endpoints  # noqa: F401  (registers the CGI handlers)
from .app import Simulator
from .clock import Clock, ManualClock
from .endpoint_faults import EndpointFault, OnvifQuirk
from .faults import FaultKind, FaultRule, Faults
from .state import CameraState, Privilege, User

__all__ = [
    "CameraState",
    "Clock",
    "EndpointFault",
    "FaultKind",
    "FaultRule",
    "Faults",
    "ManualClock",
    "OnvifQuirk",
    "Privilege",
    "Simulator",
    "User",
]
