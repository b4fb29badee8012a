"""LanguageTool infrastructure: fetch jars (Maven), run a loopback server, check text over HTTP."""

from .client import LanguageToolClient, LTMatch, connect, utf16_to_index
from .errors import LanguageToolUnavailable
from .fetch import Installation, fetch, find_installation
from .server import ServerState, running_server, start_background, stop

__all__ = [
    "Installation",
    "LTMatch",
    "LanguageToolClient",
    "LanguageToolUnavailable",
    "ServerState",
    "connect",
    "fetch",
    "find_installation",
    "running_server",
    "start_background",
    "stop",
    "utf16_to_index",
]
