"""Every rule record's bad examples trigger the rule and its good examples do not."""

from __future__ import annotations

import pytest

from checks.registry import Registry

_REGISTRY = Registry()
_CASES = [(code, kind, i, text) for code, rule in sorted(_REGISTRY.rules.items())
          for kind, examples in (("bad", rule.bad), ("good", rule.good)) for i, text in enumerate(examples)]


def _marks(code: str) -> list[pytest.MarkDecorator]:
    return [pytest.mark.languagetool] if code.startswith("TYP") else []


@pytest.mark.parametrize(("code", "kind", "index", "text"),
                         [pytest.param(*c, id=f"{c[0]}-{c[1]}{c[2]}", marks=_marks(c[0])) for c in _CASES])
def test_rule_example(code: str, kind: str, index: int, text: str, lint_md) -> None:
    findings = [f for f in lint_md(text, {"select": [code]}) if f.code == code]
    if kind == "bad":
        assert findings, f"{code} bad example {index} produced no {code} finding"
    else:
        assert not findings, f"{code} good example {index} was flagged: {findings}"


def test_every_family_module_matches_its_records(registry) -> None:
    for family in registry.families():
        registry.module(family)  # raises RuleError when records and code disagree
