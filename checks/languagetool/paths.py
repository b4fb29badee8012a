"""Where LanguageTool jars, the server state file and logs live."""

import os
from pathlib import Path

HOME_ENV = "MEDLINT_LT_HOME"


def lt_home() -> Path:
    """`$MEDLINT_LT_HOME`, else `$XDG_CACHE_HOME/medlint/languagetool` (default `~/.cache/...`)."""
    if env := os.environ.get(HOME_ENV):
        return Path(env).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or "~/.cache"
    return Path(cache).expanduser() / "medlint" / "languagetool"


def libs_dir(version: str, home: Path | None = None) -> Path:
    return (home or lt_home()) / version / "libs"


def marker_file(version: str, home: Path | None = None) -> Path:
    return (home or lt_home()) / version / "complete.json"


def state_file(home: Path | None = None) -> Path:
    return (home or lt_home()) / "server.json"


def used_file(home: Path | None = None) -> Path:
    """Touched by clients on each check; the server's idle clock reads its mtime."""
    return (home or lt_home()) / "server.used"


def lock_file(home: Path | None = None) -> Path:
    return (home or lt_home()) / "server.lock"


def server_config(home: Path | None = None) -> Path:
    """Java properties file passed to the server with `--config`."""
    return (home or lt_home()) / "server.properties"


def server_log(home: Path | None = None) -> Path:
    """Output of the Java process."""
    return (home or lt_home()) / "server.log"


def supervisor_log(home: Path | None = None) -> Path:
    """Output of the Python process that watches the Java process (`start`)."""
    return (home or lt_home()) / "supervisor.log"
