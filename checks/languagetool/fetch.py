"""Fetch LanguageTool's server and English module from Maven Central with `mvn`, or find an install."""

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .errors import LanguageToolUnavailable
from .java import require_java

DEFAULT_VERSIONS = ("6.8", "6.7")
# languagetool-server depends on language-all (every language); we exclude it and add English.
# es, ca and pt are needed too: the server's language identifier (CommonWordsDetector) looks them
# up in a static initializer, and without them HTTPServer dies at start-up.
LANGUAGE_MODULES = ("en", "es", "ca", "pt")
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1"
FETCH_HINT = "run `medlint languagetool fetch` (needs mvn and Java >= 17) or set MEDLINT_LANGUAGETOOL_URL"


@dataclass(frozen=True)
class Installation:
    """A LanguageTool that can be started: `java -cp <classpath> org.languagetool.server.HTTPServer`."""

    version: str
    classpath: str
    source: str  # "maven" (our cache) or "language-tool-python" (its download cache)


@dataclass(frozen=True)
class FetchResult:
    version: str
    libs: Path
    jars: int
    bytes: int
    seconds: float
    downloaded: bool  # False when an existing complete fetch was reused


def pom_xml(version: str, modules: Sequence[str] = LANGUAGE_MODULES) -> str:
    """A throwaway POM whose runtime dependencies are the English-only LanguageTool server."""

    def dep(artifact: str, extra: str = "") -> str:
        return (
            f"<dependency><groupId>org.languagetool</groupId><artifactId>{artifact}</artifactId>"
            f"<version>{version}</version>{extra}</dependency>"
        )

    exclusion = (
        "<exclusions><exclusion><groupId>org.languagetool</groupId>"
        "<artifactId>language-all</artifactId></exclusion></exclusions>"
    )
    deps = "\n    ".join([dep("languagetool-server", exclusion), *(dep(f"language-{m}") for m in modules)])
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>medlint</groupId>
  <artifactId>languagetool-fetch</artifactId>
  <version>{version}</version>
  <packaging>pom</packaging>
  <dependencies>
    {deps}
  </dependencies>
</project>
"""


def _complete(version: str, home: Path) -> bool:
    try:
        marker = json.loads(paths.marker_file(version, home).read_text())
    except (OSError, ValueError):
        return False
    libs = paths.libs_dir(version, home)
    return (
        marker.get("modules") == list(LANGUAGE_MODULES)
        and bool(marker.get("jars"))
        and all((libs / jar).is_file() for jar in marker["jars"])
    )


def installed_version(home: Path | None = None, versions: Sequence[str] = DEFAULT_VERSIONS) -> str | None:
    """First of `versions` with a complete fetch, else any other complete fetch in `home`, else None."""
    home = home or paths.lt_home()
    others = sorted((p.name for p in home.glob("*") if p.is_dir() and p.name not in versions), reverse=True)
    return next((v for v in [*versions, *others] if _complete(v, home)), None)


def ltp_installed_jar(version: str = DEFAULT_VERSIONS[0]) -> Path | None:
    """language-tool-python's unpacked download (`$LTP_PATH/LanguageTool-<v>/languagetool-server.jar`)."""
    root = Path(os.environ.get("LTP_PATH") or Path.home() / ".cache" / "language_tool_python")
    jar = root / f"LanguageTool-{version}" / "languagetool-server.jar"
    return jar if jar.is_file() else None


def find_installation(home: Path | None = None) -> Installation | None:
    """Our Maven fetch first, then a language-tool-python download already on disk; never downloads."""
    if version := installed_version(home):
        return Installation(version, str(paths.libs_dir(version, home) / "*"), "maven")
    for version in DEFAULT_VERSIONS:
        if jar := ltp_installed_jar(version):
            return Installation(version, str(jar), "language-tool-python")
    return None


def _mvn_error(output: str) -> str:
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line).strip() for line in output.splitlines()]
    errors = [ln.removeprefix("[ERROR]").strip() for ln in lines if ln.startswith("[ERROR]")]
    noise = ("[Help", "To see", "Re-run", "For more")
    errors = [e for e in errors if e and not e.startswith(noise)]
    return (errors or [ln for ln in lines if ln] or ["no output"])[0][:300]


def _run_mvn(mvn: str, version: str, dest: Path, timeout: float) -> str | None:
    """Resolve `version` into `dest`; None on success, else mvn's first error line."""
    with tempfile.TemporaryDirectory(prefix="medlint-lt-pom-") as tmp:
        pom = Path(tmp) / "pom.xml"
        pom.write_text(pom_xml(version))
        cmd = [
            mvn,
            "-B",
            "-q",
            "-f",
            str(pom),
            f"{DEPENDENCY_PLUGIN}:copy-dependencies",
            f"-DoutputDirectory={dest}",
            "-DincludeScope=runtime",
            "-Dstyle.color=never",
        ]
        try:
            done = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=timeout, cwd=tmp)
        except subprocess.TimeoutExpired:
            return f"mvn did not finish within {timeout:g} s"
    return None if done.returncode == 0 else _mvn_error(done.stdout + done.stderr)


def fetch(
    versions: Sequence[str] = DEFAULT_VERSIONS,
    *,
    home: Path | None = None,
    timeout: float = 600.0,
    force: bool = False,
    log: Callable[[str], None] = lambda _msg: None,
) -> FetchResult:
    """Download the jars of the first version in `versions` that Maven Central resolves.

    Idempotent: a version with a complete marker is reused unless `force`. Raises
    LanguageToolUnavailable when mvn/java is missing or no version resolves.
    """
    home = home or paths.lt_home()
    have = installed_version(home, versions)
    if not force and have is not None and have in versions:
        libs = paths.libs_dir(have, home)
        jars = list(libs.glob("*.jar"))
        return FetchResult(have, libs, len(jars), sum(j.stat().st_size for j in jars), 0.0, False)
    mvn = shutil.which("mvn")
    if mvn is None:
        raise LanguageToolUnavailable(
            "mvn (Apache Maven) not found; install it (e.g. `apt-get install maven`) "
            "and run `medlint languagetool fetch`, or set MEDLINT_LANGUAGETOOL_URL"
        )
    require_java()
    failures = []
    for version in versions:
        start = time.monotonic()
        modules = ",".join(LANGUAGE_MODULES)
        log(f"resolving org.languagetool:languagetool-server:{version} + language-{{{modules}}}")
        (home / version).mkdir(parents=True, exist_ok=True)
        partial = Path(tempfile.mkdtemp(prefix="libs.partial-", dir=home / version))
        try:
            if error := _run_mvn(mvn, version, partial, timeout):
                failures.append(f"{version}: {error}")
                log(f"  {version} failed: {error}")
                continue
            libs = paths.libs_dir(version, home)
            shutil.rmtree(libs, ignore_errors=True)
            partial.rename(libs)
        finally:
            shutil.rmtree(partial, ignore_errors=True)
        jars = sorted(libs.glob("*.jar"))
        size = sum(j.stat().st_size for j in jars)
        marker = {
            "version": version,
            "modules": list(LANGUAGE_MODULES),
            "jars": [j.name for j in jars],
            "bytes": size,
            "fetched_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        paths.marker_file(version, home).write_text(json.dumps(marker, indent=1) + "\n")
        return FetchResult(version, libs, len(jars), size, time.monotonic() - start, True)
    raise LanguageToolUnavailable(f"could not fetch LanguageTool from Maven Central ({'; '.join(failures)})")


def fetch_via_ltp(version: str = DEFAULT_VERSIONS[0]) -> Installation:
    """Opt-in: let language-tool-python download its ~250 MB standalone zip (into `$LTP_PATH`)."""
    require_java()
    try:
        from language_tool_python.download_lt import LocalLanguageTool

        LocalLanguageTool.from_version_name(version).download()
    except Exception as exc:  # ltp raises requests/OS/zip errors of many types
        raise LanguageToolUnavailable(
            f"language-tool-python could not download LanguageTool {version}: {exc}; "
            "try `medlint languagetool fetch` (Maven Central) instead"
        ) from exc
    jar = ltp_installed_jar(version)
    if jar is None:
        raise LanguageToolUnavailable(
            f"language-tool-python's download of LanguageTool {version} has no server jar"
        )
    return Installation(version, str(jar), "language-tool-python")
