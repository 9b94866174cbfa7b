"""Running untrusted submission code: the worker, its wire format, its walls and the local stand-in."""

from . import codec
from .client import CallResult, Limits, LoadReport, SandboxWorker
from .isolation import SandboxMode, detect_mode
from .local import LocalExecutor

__all__ = ["CallResult", "Limits", "LoadReport", "SandboxWorker", "SandboxMode", "detect_mode", "LocalExecutor"]
