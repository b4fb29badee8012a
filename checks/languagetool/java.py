"""Find Java and check that it is new enough for LanguageTool (>= 17 since LT 6.6)."""

import os
import re
import shutil
import subprocess

from .errors import LanguageToolUnavailable

JAVA_ENV = "MEDLINT_JAVA"
MIN_JAVA = 17
_INSTALL_HINT = (
    "install a Java >= 17 runtime (e.g. `apt-get install openjdk-17-jre-headless`) or set MEDLINT_JAVA"
)


def find_java() -> str | None:
    """`$MEDLINT_JAVA` if set, else `java` on PATH."""
    explicit = os.environ.get(JAVA_ENV)
    return shutil.which(explicit) if explicit else shutil.which("java")


def java_major_version(java: str, timeout: float = 10.0) -> int | None:
    """Major version from `java -version` (handles the old `1.8.0` form); None if unparsable."""
    try:
        out = subprocess.run([java, "-version"], check=False, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired):
        return None
    found = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not found:
        return None
    major = int(found.group(1))
    return int(found.group(2) or 0) if major == 1 else major


def require_java(min_major: int = MIN_JAVA, timeout: float = 10.0) -> str:
    """Path of a usable java, else raise LanguageToolUnavailable."""
    java = find_java()
    if java is None:
        raise LanguageToolUnavailable(
            f"Java not found (LanguageTool needs Java >= {min_major}); {_INSTALL_HINT}"
        )
    major = java_major_version(java, timeout)
    if major is None:
        raise LanguageToolUnavailable(f"`{java} -version` failed or was not understood; {_INSTALL_HINT}")
    if major < min_major:
        raise LanguageToolUnavailable(
            f"{java} is Java {major}, LanguageTool needs >= {min_major}; {_INSTALL_HINT}"
        )
    return java
