"""Generic runner for per-rule fixture cases in tests/fixtures/rules/<CODE>.yaml.

Each file: ``rule: CODE`` and ``cases:``, a list of {name, md, expect, config}; ``expect``
lists the exact {line, column} (optionally end_line, end_column, severity, message_contains)
of every finding of that rule, so an empty list asserts silence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

FIXTURES = Path(__file__).parent / "fixtures" / "rules"


def _load() -> list[Any]:
    params = []
    for path in sorted(FIXTURES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        code = data["rule"]
        marks = [pytest.mark.languagetool] if code.startswith("TYP") else []
        for case in data["cases"]:
            params.append(pytest.param(code, case, id=f"{code}-{case['name']}", marks=marks))
    return params


@pytest.mark.parametrize(("code", "case"), _load())
def test_rule_case(code: str, case: dict[str, Any], lint_md) -> None:
    config = dict(case.get("config") or {})
    config.setdefault("select", [code])
    got = [f for f in lint_md(case["md"], config) if f.code == code]
    expected = case.get("expect") or []
    assert [(f.line, f.column) for f in got] == [(e["line"], e["column"]) for e in expected], \
        [f"{f.line}:{f.column} {f.message}" for f in got]
    for f, e in zip(got, expected, strict=True):
        for key in ("end_line", "end_column", "severity"):
            if key in e:
                assert getattr(f, key) == e[key], (key, f)
        if "message_contains" in e:
            assert e["message_contains"] in f.message, f.message
        if "suggestion_contains" in e:
            assert f.suggestion and e["suggestion_contains"] in f.suggestion, f.suggestion


def test_every_rule_has_fixture_cases(registry) -> None:
    have = {p.stem for p in FIXTURES.glob("*.yaml")}
    missing = sorted(set(registry.rules) - have)
    assert not missing, f"rules without fixture cases: {missing}"
