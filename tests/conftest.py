"""Shared fixtures: the registry, a linter factory and a per-example runner."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from checks.config import Settings, apply_mapping
from checks.finding import Finding
from checks.pipeline import Linter
from checks.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "draft" / "ketamine.md"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Tests never write into the user's ~/.cache/medlint."""
    folder = tmp_path_factory.mktemp("medlint-cache")
    old = os.environ.get("MEDLINT_CACHE_DIR")
    os.environ["MEDLINT_CACHE_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("MEDLINT_CACHE_DIR", None)
    else:
        os.environ["MEDLINT_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def registry() -> Registry:
    return Registry()


LintFn = Callable[..., list[Finding]]


@pytest.fixture
def lint_md(registry: Registry, tmp_path: Path) -> LintFn:
    """Lint Markdown text written to ``example.md`` in a temporary folder."""

    def run(text: str, config: dict[str, Any] | None = None, name: str = "example.md") -> list[Finding]:
        settings = Settings()
        if config:
            apply_mapping(settings, config, registry, "test config")
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = Linter(registry, settings).lint_file(str(path))
        assert not [p for p in result.problems if p.kind == "input"], result.problems
        return result.findings

    return run


@pytest.fixture
def isolated_lt_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty LanguageTool home: no configured URL, no language-tool-python cache, no opt-in download."""
    from checks.languagetool import paths

    home = tmp_path / "lt-home"
    monkeypatch.setenv(paths.HOME_ENV, str(home))
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "ltp-empty"))
    for var in ("MEDLINT_LANGUAGETOOL_URL", "MEDLINT_LT_ALLOW_DOWNLOAD", "MEDLINT_JAVA"):
        monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture(scope="session")
def languagetool_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A real LanguageTool: $MEDLINT_LANGUAGETOOL_URL, else a private server started from the fetched jars.

    Sets MEDLINT_LANGUAGETOOL_URL for the session so the typos family uses it. Without jars the
    tests are skipped, or fail when MEDLINT_REQUIRE_LANGUAGETOOL=1 (as in CI).
    """
    from checks.languagetool import paths
    from checks.languagetool.client import LanguageToolClient
    from checks.languagetool.fetch import find_installation
    from checks.languagetool.server import start_background, stop

    if url := os.environ.get("MEDLINT_LANGUAGETOOL_URL"):
        yield LanguageToolClient(url)
        return
    inst = find_installation()
    if inst is None or inst.source != "maven":
        reason = "no LanguageTool jars; run `medlint languagetool fetch`"
        if os.environ.get("MEDLINT_REQUIRE_LANGUAGETOOL") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    home = tmp_path_factory.mktemp("lt-home")
    (home / inst.version).symlink_to(paths.lt_home() / inst.version)
    state = start_background(home=home, idle_timeout=900, startup_timeout=120)
    os.environ["MEDLINT_LANGUAGETOOL_URL"] = state.url
    try:
        yield LanguageToolClient(state.url, timeout=60)
    finally:
        os.environ.pop("MEDLINT_LANGUAGETOOL_URL", None)
        stop(home)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test marked ``languagetool`` runs against the session's real server."""
    for item in items:
        if item.get_closest_marker("languagetool"):
            item.add_marker(pytest.mark.usefixtures("languagetool_server"))
