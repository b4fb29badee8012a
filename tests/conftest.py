"""Shared fixtures: the registry, a linter factory and a per-example runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from checks.config import Settings, apply_mapping
from checks.finding import Finding
from checks.pipeline import Linter
from checks.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "draft" / "ketamine.md"


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
