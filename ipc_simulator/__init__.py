"""A standalone simulator of an IP camera speaking the IPC HTTP CGI API v1.0.10."""

from .app import Simulator
from .clock import Clock, ManualClock
from .faults import Faults

__all__ = ["Clock", "Faults", "ManualClock", "Simulator"]
