"""Golden reports for draft/ketamine.md in every format.

Regenerate after an intended change with ``MEDLINT_UPDATE_GOLDEN=1 python3 -m pytest tests/test_golden.py``
and review the diff like code.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checks.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
FORMATS = ["text", "json"]


@pytest.mark.languagetool
@pytest.mark.parametrize("fmt", FORMATS)
def test_ketamine_report(fmt: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NO_COLOR", "1")
    code = main(["check", "draft/ketamine.md", "--format", fmt, "--config", str(ROOT / "pyproject.toml")])
    out = capsys.readouterr().out
    expected_path = GOLDEN / f"ketamine.{fmt}"
    if os.environ.get("MEDLINT_UPDATE_GOLDEN"):
        expected_path.write_text(out, encoding="utf-8")
    assert code == 1
    assert out == expected_path.read_text(encoding="utf-8")
